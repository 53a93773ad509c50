// Annotating in the page, for `dossier serve` only: select words of the article and a
// toolbar offers to mark them as a person's mention, a claim's appearance (or a new claim), a
// correction or a layout role. The server writes the YAML (POST /__dossier/annotate, with the
// page's edit token) and the usual rebuild reloads the page with the new highlight.
// Keyboard: select with Shift and the arrows, Alt+A opens the toolbar, Escape closes it.
// Clicking a highlight offers its entry and removing it. A side panel suggests names no one
// is registered for and quotations no claim covers.
(() => {
  const token = document.querySelector('meta[name="dossier-edit-token"]')?.content;
  const body = document.querySelector(".article-body");
  const match = location.pathname.match(/\/articles\/([^/]+)\//);
  if (!token || !body || !match) return;
  const article = decodeURIComponent(match[1]);
  // What the page adds around the article's words: never part of a quote.
  const SKIP = "sup.note-ref, sup.shared-ref, label.margin-toggle, input, .sidenote, .inline-note, .visually-hidden, script, style, .dossier-ui";
  const BLOCK = /^(P|LI|H[1-6]|BLOCKQUOTE|TD|TH|PRE|FIGCAPTION|DIV)$/;
  const CONTEXT = 300;

  const style = document.createElement("style");
  style.textContent = `
.dossier-ui { font: 15px/1.4 system-ui, sans-serif; color: #111; }
.dossier-toolbar { position: absolute; z-index: 1000; display: flex; gap: 2px; background: #111; border-radius: 6px; padding: 3px; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.dossier-toolbar button { font: inherit; font-size: 14px; color: #fff; background: transparent; border: 0; border-radius: 4px; padding: 4px 9px; cursor: pointer; }
.dossier-toolbar button:hover, .dossier-toolbar button:focus-visible { background: #444; outline: 2px solid #fff; }
dialog.dossier-ui { max-width: 34em; width: calc(100% - 2em); border: 1px solid #888; border-radius: 8px; padding: 1em 1.2em; }
dialog.dossier-ui label { display: block; margin: .55em 0 .15em; font-weight: 600; }
dialog.dossier-ui input, dialog.dossier-ui select, dialog.dossier-ui textarea { font: inherit; width: 100%; box-sizing: border-box; padding: .3em; }
dialog.dossier-ui blockquote { margin: .3em 0; padding: .3em .6em; background: #f4f1e8; border-left: 3px solid #b8a; }
dialog.dossier-ui .where { color: #444; font-size: 13px; }
dialog.dossier-ui .buttons { margin-top: 1em; display: flex; gap: .6em; justify-content: flex-end; }
dialog.dossier-ui .buttons button { font: inherit; padding: .35em 1em; }
dialog.dossier-ui .result { margin-top: .8em; }
dialog.dossier-ui .result.error { color: #8b0000; }
.dossier-suggestions { position: fixed; right: 1em; bottom: 1em; z-index: 999; max-width: 22em; max-height: 45vh; overflow: auto; background: #fff; border: 1px solid #888; border-radius: 8px; padding: .4em .8em; }
.dossier-suggestions ul { padding-left: 1.1em; margin: .3em 0; }
.dossier-suggestions button { font: inherit; font-size: 13px; text-align: left; background: none; border: 0; padding: 2px 0; color: #0645ad; cursor: pointer; text-decoration: underline; }
`;
  document.head.append(style);

  // ---- The article's words as a reader sees them, and offsets into them.
  function textNodes() {
    const nodes = [];
    let text = "";
    let lastBlock = null;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      let block = n.parentElement;
      while (block !== body && !BLOCK.test(block.tagName)) block = block.parentElement;
      if (lastBlock && block !== lastBlock) text += "\n\n";
      lastBlock = block;
      nodes.push({ node: n, start: text.length });
      text += n.data;
    }
    return { nodes, text };
  }

  // The offset in `text` of a boundary of a range (container and offset).
  function offsetOf(all, container, offset) {
    if (container.nodeType === Node.TEXT_NODE) {
      const found = all.nodes.find((e) => e.node === container);
      if (found) return found.start + offset;
    }
    // An element boundary, or a skipped text node: the first counted text node after it.
    const probe = document.createRange();
    probe.setStart(container, offset);
    for (const e of all.nodes) {
      const r = document.createRange();
      r.selectNodeContents(e.node);
      if (probe.compareBoundaryPoints(Range.START_TO_START, r) <= 0) return e.start;
    }
    return all.text.length;
  }

  function currentSelection() {
    const sel = getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) return null;
    const all = textNodes();
    const start = offsetOf(all, range.startContainer, range.startOffset);
    const end = offsetOf(all, range.endContainer, range.endOffset);
    const exact = all.text.slice(start, end);
    if (!exact.trim()) return null;
    return {
      range: range.cloneRange(),
      exact,
      prefix: all.text.slice(Math.max(0, start - CONTEXT), start),
      suffix: all.text.slice(end, end + CONTEXT),
    };
  }

  // Selects `start..end` of the article's words, as a reader would with the mouse.
  function selectOffsets(start, end) {
    const all = textNodes();
    const at = (offset) => {
      const e = [...all.nodes].reverse().find((e) => e.start <= offset);
      return [e.node, Math.min(offset - e.start, e.node.data.length)];
    };
    const range = document.createRange();
    range.setStart(...at(start));
    range.setEnd(...at(end));
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return range;
  }

  // ---- The register: who and what the forms offer, and where entries are written.
  let register = null;
  async function loadRegister() {
    if (register) return register;
    const reply = await fetch("/__dossier/register", { headers: { "X-Dossier-Token": token } });
    register = await reply.json();
    if (!reply.ok) throw new Error(register.message || "the register could not be read");
    return register;
  }

  async function post(body) {
    const reply = await fetch("/__dossier/annotate", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Dossier-Token": token },
      body: JSON.stringify(body),
    });
    const answer = await reply.json().catch(() => ({ message: `the server answered ${reply.status}` }));
    if (!reply.ok) throw answer;
    return answer;
  }

  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "text") e.textContent = v;
      else if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    e.append(...children);
    return e;
  };
  const slug = (text) =>
    text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  const today = () => new Date().toISOString().slice(0, 10);

  // ---- The toolbar.
  const toolbar = el("div", { class: "dossier-ui dossier-toolbar", role: "toolbar", "aria-label": "Annotate the selection", hidden: "" });
  const actions = [
    ["person", "Person"],
    ["claim", "Claim"],
    ["correction", "Correction"],
    ["layout", "Layout"],
  ];
  for (const [action, label] of actions) {
    const b = el("button", { type: "button", "data-action": action, text: label });
    b.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
    b.addEventListener("click", () => openForm(action));
    toolbar.append(b);
  }
  toolbar.addEventListener("keydown", (e) => {
    const buttons = [...toolbar.querySelectorAll("button")];
    const i = buttons.indexOf(document.activeElement);
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      buttons[(i + (e.key === "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length].focus();
      e.preventDefault();
    }
  });
  document.body.append(toolbar);

  let selected = null;
  function showToolbar(focus) {
    selected = currentSelection();
    if (!selected) {
      toolbar.hidden = true;
      return;
    }
    const rect = selected.range.getBoundingClientRect();
    toolbar.hidden = false;
    toolbar.style.left = `${Math.max(4, rect.left + scrollX)}px`;
    toolbar.style.top = `${Math.max(4, rect.top + scrollY - toolbar.offsetHeight - 6)}px`;
    if (focus) toolbar.querySelector("button").focus();
  }
  document.addEventListener("mouseup", (e) => {
    if (!toolbar.contains(e.target) && !e.target.closest("dialog")) setTimeout(() => showToolbar(false));
  });
  document.addEventListener("keydown", (e) => {
    if (e.altKey && (e.key === "a" || e.key === "A" || e.code === "KeyA")) {
      e.preventDefault();
      showToolbar(true);
    } else if (e.key === "Escape") {
      toolbar.hidden = true;
    }
  });

  // ---- The forms.
  const dialog = el("dialog", { class: "dossier-ui", "aria-labelledby": "dossier-form-title" });
  document.body.append(dialog);

  function field(label, input) {
    const id = `dossier-f-${Math.random().toString(36).slice(2)}`;
    input.id = id;
    return [el("label", { for: id, text: label }), input];
  }
  function datalist(id, options) {
    return el("datalist", { id }, ...options.map(([value, label]) => el("option", { value, label })));
  }

  async function openForm(action) {
    if (!selected) return;
    toolbar.hidden = true;
    const passage = selected;
    let reg;
    try {
      reg = await loadRegister();
    } catch (error) {
      alert(error.message);
      return;
    }
    dialog.replaceChildren();
    const where = el("p", { class: "where" });
    const result = el("div", { class: "result", role: "status" });
    const form = el("form", { method: "dialog" });
    const titles = { person: "A person is mentioned", claim: "A claim is made", correction: "A correction", layout: "A layout role" };
    form.append(el("h2", { id: "dossier-form-title", text: titles[action] }), el("blockquote", { text: passage.exact.trim() }));
    const base = { article, exact: passage.exact, prefix: passage.prefix, suffix: passage.suffix };
    let submit;

    if (action === "person") {
      const pick = el("input", { list: "dossier-people", autocomplete: "off", placeholder: "Name or id; leave empty for a new person" });
      const name = el("input", { value: passage.exact.trim() });
      const id = el("input", { value: slug(passage.exact), pattern: "[a-z0-9\\-]+" });
      const role = el("input");
      const aliases = el("input", { placeholder: "Other names, separated by commas" });
      const fresh = el("fieldset", {}, el("legend", { text: "Or a new person" }), ...field("Name", name), ...field("Id", id), ...field("Role", role), ...field("Aliases", aliases));
      form.append(...field("Person", pick), datalist("dossier-people", reg.people.map((p) => [p.id, `${p.name}${p.role ? " — " + p.role : ""}`])), fresh);
      const update = () => {
        const known = reg.people.find((p) => p.id === pick.value.trim() || p.name === pick.value.trim());
        fresh.disabled = !!known;
        where.textContent = `Written to ${known ? known.file : reg.new_entries.people}`;
      };
      pick.addEventListener("input", update);
      update();
      submit = async () => {
        const known = reg.people.find((p) => p.id === pick.value.trim() || p.name === pick.value.trim());
        let person = known?.id;
        if (!person) {
          const made = { id: id.value.trim(), name: name.value.trim() };
          if (role.value.trim()) made.role = role.value.trim();
          const list = aliases.value.split(",").map((a) => a.trim()).filter(Boolean);
          if (list.length) made.aliases = list;
          await post({ action: "person", person: made });
          person = made.id;
        }
        return post({ ...base, action: "mention", person });
      };
    } else if (action === "claim") {
      const pick = el("input", { list: "dossier-claims", autocomplete: "off", placeholder: "A claim's id; leave empty for a new claim" });
      const statement = el("textarea", { rows: 2 });
      statement.value = passage.exact.trim();
      const id = el("input", { value: slug(passage.exact), pattern: "[a-z0-9\\-]+" });
      const claimant = el("input", { list: "dossier-people", autocomplete: "off", placeholder: "A person's id, or empty" });
      const claimantName = el("input", { placeholder: "Or an organisation or group" });
      const date = el("input", { placeholder: "YYYY-MM-DD" });
      const rating = el("select", {}, ...reg.ratings.map((r) => el("option", { value: r.id, text: r.label })));
      const explanation = el("textarea", { rows: 3 });
      const fresh = el("fieldset", {}, el("legend", { text: "Or a new claim" }), ...field("Statement", statement), ...field("Id", id), ...field("Claimant", claimant), ...field("Claimant (not a person)", claimantName), ...field("Date", date), ...field("Rating", rating), ...field("Explanation", explanation));
      form.append(
        ...field("Claim", pick),
        datalist("dossier-claims", reg.claims.map((c) => [c.id, c.statement])),
        datalist("dossier-people", reg.people.map((p) => [p.id, p.name])),
        fresh,
      );
      const update = () => {
        const known = reg.claims.find((c) => c.id === pick.value.trim());
        fresh.disabled = !!known;
        where.textContent = `Written to ${known ? known.file : reg.new_entries.claims}`;
      };
      pick.addEventListener("input", update);
      update();
      submit = () => {
        const known = reg.claims.find((c) => c.id === pick.value.trim());
        if (known) return post({ ...base, action: "appearance", claim: known.id });
        const claim = { id: id.value.trim(), statement: statement.value.trim(), rating: rating.value };
        if (claimant.value.trim()) claim.claimant = claimant.value.trim();
        if (claimantName.value.trim()) claim.claimant_name = claimantName.value.trim();
        if (date.value.trim()) claim.date = date.value.trim();
        if (explanation.value.trim()) claim.explanation = explanation.value.trim();
        return post({ ...base, action: "claim", claim });
      };
    } else if (action === "correction") {
      const kind = el("select", {}, ...reg.correction_kinds.map((k) => el("option", { value: k, text: k })));
      const text = el("textarea", { rows: 4, placeholder: "What was wrong or unclear, and what is right (Markdown)" });
      const date = el("input", { value: today() });
      const id = el("input", { value: slug(`${article} ${passage.exact.split(/\s+/).slice(0, 4).join(" ")}`), pattern: "[a-z0-9\\-]+" });
      form.append(...field("Kind", kind), ...field("Text", text), ...field("Date", date), ...field("Id", id));
      where.textContent = `Written to ${reg.new_entries.corrections}`;
      submit = () => post({ ...base, action: "correction", correction: { id: id.value.trim(), kind: kind.value, text: text.value, date: date.value.trim() } });
    } else {
      const role = el("select", {}, ...reg.layout_roles.map((r) => el("option", { value: r, text: r })));
      form.append(...field("Role", role));
      const entry = reg.articles.find((a) => a.id === article);
      where.textContent = `Written to ${entry?.file || reg.new_entries.articles}`;
      submit = () => post({ ...base, action: "layout", role: role.value });
    }

    const save = el("button", { type: "submit", value: "save", text: "Save" });
    const cancel = el("button", { type: "button", text: "Cancel" });
    cancel.addEventListener("click", () => dialog.close());
    form.append(where, el("div", { class: "buttons" }, cancel, save), result);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      save.disabled = true;
      result.className = "result";
      result.textContent = "Saving…";
      try {
        const written = await submit();
        result.textContent = `Written to ${written.file}, line ${written.line}. The page reloads with it.`;
      } catch (error) {
        result.className = "result error";
        result.replaceChildren(
          el("strong", { text: error.message || String(error) }),
          ...(error.help ? [el("br"), document.createTextNode(`help: ${error.help}`)] : []),
          ...(error.file ? [el("br"), document.createTextNode(`at ${error.file}${error.line ? ":" + error.line : ""}`)] : []),
        );
        save.disabled = false;
      }
    });
    dialog.append(form);
    dialog.showModal();
    form.querySelector("input, select, textarea")?.focus();
  }

  // ---- An existing highlight: its entry, and removing it.
  body.addEventListener("click", async (e) => {
    const mark = e.target.closest("mark.person, mark.claim, mark.correction");
    // A click that ends a selection is for the toolbar, not for the highlight.
    if (!mark || !getSelection().isCollapsed) return;
    e.preventDefault();
    const reg = await loadRegister();
    const kind = mark.dataset.person ? "person" : mark.dataset.claim ? "claim" : "correction";
    const id = mark.dataset.person || mark.dataset.claim || mark.dataset.correction;
    const entry = kind === "person" ? reg.people.find((p) => p.id === id) : kind === "claim" ? reg.claims.find((c) => c.id === id) : null;
    const link = mark.querySelector("a")?.href || (kind === "claim" ? `../../claims/${id}/` : `../../corrections/#${id}`);
    const all = textNodes();
    const whole = document.createRange();
    whole.selectNodeContents(mark);
    const start = offsetOf(all, whole.startContainer, whole.startOffset);
    const end = offsetOf(all, whole.endContainer, whole.endOffset);
    const result = el("div", { class: "result", role: "status" });
    const buttons = el("div", { class: "buttons" });
    if (kind !== "correction") {
      const remove = el("button", { type: "button", text: kind === "person" ? "Remove this mention" : "Remove this appearance" });
      remove.addEventListener("click", async () => {
        remove.disabled = true;
        try {
          const written = await post({
            action: "remove",
            article,
            exact: all.text.slice(start, end),
            prefix: all.text.slice(Math.max(0, start - CONTEXT), start),
            suffix: all.text.slice(end, end + CONTEXT),
            [kind]: id,
          });
          result.className = "result";
          result.textContent = `Changed ${written.file}, line ${written.line}. The page reloads without it.`;
        } catch (error) {
          result.className = "result error";
          result.textContent = `${error.message || error}${error.help ? " — help: " + error.help : ""}`;
          remove.disabled = false;
        }
      });
      buttons.append(remove);
    }
    const close = el("button", { type: "button", text: "Close" });
    close.addEventListener("click", () => dialog.close());
    buttons.append(close);
    dialog.replaceChildren(
      el("h2", { id: "dossier-form-title", text: `${kind[0].toUpperCase()}${kind.slice(1)}: ${entry?.name || entry?.statement || id}` }),
      el("blockquote", { text: all.text.slice(start, end) }),
      el("p", { class: "where", text: entry?.file ? `Its entry is in ${entry.file}.` : "Its entry is in the annotation files." }),
      el("p", {}, el("a", { href: link, text: "Open its entry" })),
      buttons,
      result,
    );
    dialog.showModal();
  });

  // ---- Suggestions: names no person is registered for, quotations no claim covers.
  async function suggest() {
    let reg;
    try {
      reg = await loadRegister();
    } catch {
      return;
    }
    const known = new Set(reg.people.flatMap((p) => [p.name, ...p.aliases]));
    const all = textNodes();
    const inside = (offset, selector) => {
      const e = [...all.nodes].reverse().find((e) => e.start <= offset);
      return !!e?.node.parentElement.closest(selector);
    };
    const found = [];
    const names = /\b(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Senator|President|General|Judge)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z'’]+)+/g;
    for (const m of all.text.matchAll(names)) {
      const words = m[0].trim();
      // "The White House", "The Justice Department": a run after an article names a thing.
      if (/^(The|A|An)\s/.test(words)) continue;
      if (known.has(words) || [...known].some((k) => words.includes(k) || k.includes(words))) continue;
      if (inside(m.index, "mark.person") || found.some((f) => f.text === words)) continue;
      found.push({ kind: "person", text: words, start: m.index, end: m.index + m[0].length });
    }
    const quotes = /[“"]([^”"\n]{12,400})[”"]/g;
    for (const m of all.text.matchAll(quotes)) {
      const start = m.index + 1;
      if (inside(start, "mark.claim")) continue;
      found.push({ kind: "claim", text: m[1], start, end: start + m[1].length });
    }
    if (!found.length) return;
    const list = el("ul");
    for (const f of found.slice(0, 40)) {
      const b = el("button", { type: "button", text: `${f.kind === "person" ? "A person? " : "A claim? "}${f.text.length > 70 ? f.text.slice(0, 70) + "…" : f.text}` });
      b.addEventListener("click", () => {
        selectOffsets(f.start, f.end);
        selected = currentSelection();
        if (selected) openForm(f.kind);
      });
      list.append(el("li", {}, b));
    }
    const panel = el("details", { class: "dossier-ui dossier-suggestions" }, el("summary", { text: `Suggestions (${found.length})` }), list);
    document.body.append(panel);
  }
  suggest();
})();
