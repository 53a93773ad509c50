// Live reload for `dossier serve`. The server pushes, over one EventSource, `reload` when this
// page or the theme's files changed, `errors` (the overlay's HTML) when the latest build
// failed, and `clear` when it is fixed. Nothing polls.
(() => {
  const me = document.currentScript;
  const dismissedKey = "dossier-serve-dismissed";
  const overlay = () => document.getElementById("dossier-errors");

  // A report the reader dismissed stays dismissed across reloads until the errors change.
  const remember = (dialog) =>
    dialog.addEventListener("close", () =>
      sessionStorage.setItem(dismissedKey, dialog.dataset.digest || ""));
  const present = overlay();
  if (present) {
    if (sessionStorage.getItem(dismissedKey) === present.dataset.digest) present.close();
    remember(present);
  }

  const query = new URLSearchParams({
    path: me.dataset.path,
    etag: me.dataset.etag,
    assets: me.dataset.assets,
    errors: present ? present.dataset.digest : "",
  });
  const events = new EventSource("/__dossier/events?" + query);
  events.addEventListener("reload", () => {
    events.close();
    location.reload();
  });
  events.addEventListener("errors", (event) => {
    const template = document.createElement("template");
    template.innerHTML = event.data;
    const dialog = template.content.firstElementChild;
    const old = overlay();
    if (old) old.replaceWith(dialog); else document.body.append(dialog);
    if (sessionStorage.getItem(dismissedKey) === dialog.dataset.digest) dialog.close();
    remember(dialog);
  });
  events.addEventListener("clear", () => {
    const old = overlay();
    if (old) old.remove();
    sessionStorage.removeItem(dismissedKey);
  });
})();
