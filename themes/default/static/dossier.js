// dossier default theme: the one script of an article page, and an enhancement only (the page
// reads the same without it). A highlight split by other markup is several <mark> elements:
// the first carries the highlight's id, the later ones name it in data-of. Hovering or
// focusing any of them, or the highlight's margin note (data-note-for), marks the whole
// highlight and its note together, which CSS alone can do only for the first mark.
(() => {
  const body = document.querySelector(".article-body");
  if (!body) return;
  let active = [];
  const clear = () => {
    for (const element of active) element.classList.remove("is-active");
    active = [];
  };
  // Every highlight the pointer is in: highlights nest, so a mark may stand inside another's.
  const highlightsAt = (target) => {
    const note = target.closest(".sidenote[data-note-for]");
    if (note) return [note.dataset.noteFor];
    const ids = [];
    for (let mark = target.closest("mark"); mark && body.contains(mark); mark = mark.parentElement.closest("mark")) {
      const id = mark.id || mark.dataset.of;
      if (id) ids.push(id);
    }
    return ids;
  };
  const mark = (event) => {
    clear();
    for (const id of highlightsAt(event.target)) {
      const quoted = CSS.escape(id);
      const parts = body.querySelectorAll(`#${quoted}, mark[data-of="${quoted}"], .sidenote[data-note-for="${quoted}"]`);
      for (const element of parts) {
        element.classList.add("is-active");
        active.push(element);
      }
    }
  };
  body.addEventListener("mouseover", mark);
  body.addEventListener("focusin", mark);
  body.addEventListener("mouseleave", clear);
  body.addEventListener("focusout", (event) => {
    if (!body.contains(event.relatedTarget)) clear();
  });
})();
