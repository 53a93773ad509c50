// Checks built sites as a reader sees them in Chromium, at 1280×900, on every article page:
//   - every margin note starts within 80 px of its highlight (`data-note-for` names the
//     highlight's first mark), and none is hidden;
//   - hovering any part of a highlight split by other markup marks its note, and hovering
//     the note marks every part;
//   - every article page has a legend of its highlights;
//   - the timeline's filter shows only the kind chosen, and hides days left empty;
//   - the text is set in the theme's own font, loaded from the site;
//   - about/index.html exists, every page links to it, and it names every rating of the
//     scale with its description, each rating's badge in a colour of its own;
//   - no page says "1 articles" (or claims, people, ...);
//   - every address a claim's sources cite is a link on the sources page(s);
//   - opened from disk (file://), the search page finds a person by name within 3 s, with
//     no error in the console.
//
// Usage: node reading.mjs SITE_DIR [SITE_DIR ...]
// Needs Chromium at /usr/bin/chromium (or $CHROMIUM).

import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { serve, launchChromium, htmlFiles } from "./site.mjs";

/// How far a margin note may start from its highlight, in CSS pixels.
const MOST_DRIFT = 80;

const sites = process.argv.slice(2).map((dir) => resolve(dir));
if (sites.length === 0) {
  console.error("usage: node reading.mjs SITE_DIR [SITE_DIR ...]");
  process.exit(2);
}
const failures = [];
const fail = (message) => failures.push(message);

function articlePages(root) {
  const dir = join(root, "articles");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => `articles/${name}/`);
}

const browser = await launchChromium();
for (const root of sites) {
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let notes = 0;
  let worst = 0;
  let splitChecked = 0;
  let timelineKinds = 0;
  for (const path of articlePages(root)) {
    const where = `${relative(process.cwd(), root)}/${path}`;
    await page.goto(`${origin}/${path}`, { waitUntil: "load" });
    const found = await page.evaluate(() =>
      [...document.querySelectorAll(".sidenote[data-note-for]")].map((note) => {
        const mark = document.getElementById(note.dataset.noteFor);
        const box = note.getBoundingClientRect();
        return {
          id: note.dataset.noteFor,
          mark: mark ? mark.tagName : null,
          drift: mark ? Math.round(box.top - mark.getBoundingClientRect().top) : null,
          shown: box.width > 0 && box.height > 0,
        };
      }),
    );
    for (const note of found) {
      notes += 1;
      if (note.mark !== "MARK") fail(`${where}: the note for #${note.id} names no mark`);
      else if (!note.shown) fail(`${where}: the note for #${note.id} is not shown`);
      else {
        worst = Math.max(worst, Math.abs(note.drift));
        if (Math.abs(note.drift) > MOST_DRIFT) {
          fail(`${where}: the note for #${note.id} starts ${note.drift} px from its highlight`);
        }
      }
    }
    const legend = await page.$(".legend");
    if (!legend) fail(`${where}: no legend`);
    // A later part of a split highlight, hovered, marks the highlight's note; the note,
    // hovered, marks every part.
    const split = await page.$$eval("mark[data-of]", (marks) =>
      marks
        .map((mark) => mark.dataset.of)
        .filter((id) => document.querySelector(`.sidenote[data-note-for="${CSS.escape(id)}"]`)),
    );
    for (const id of [...new Set(split)].slice(0, 5)) {
      // A point of the part's own text (a part may hold another highlight's note, floated
      // into the margin, so its box's centre need not be on its text).
      const point = await page.$eval(`mark[data-of="${id}"]`, (mark) => {
        mark.scrollIntoView({ block: "center" });
        for (const rect of mark.getClientRects()) {
          const x = rect.left + rect.width / 2;
          const y = rect.top + rect.height / 2;
          const hit = document.elementFromPoint(x, y);
          if (rect.width > 4 && hit && hit.closest("mark") && !hit.closest(".sidenote") && mark.contains(hit)) return { x, y };
        }
        return null;
      });
      if (!point) continue;
      await page.mouse.move(point.x, point.y);
      const noteMarked = await page.$eval(`.sidenote[data-note-for="${id}"]`, (n) => n.classList.contains("is-active"));
      if (!noteMarked) fail(`${where}: hovering a later part of #${id} does not mark its note`);
      await page.hover(`.sidenote[data-note-for="${id}"]`);
      const unmarked = await page.$$eval(`#${id}, mark[data-of="${id}"]`, (parts) =>
        parts.filter((part) => getComputedStyle(part).outlineStyle === "none").length,
      );
      if (unmarked) fail(`${where}: hovering the note of #${id} leaves ${unmarked} of its parts unmarked`);
      splitChecked += 1;
    }
    if (path === articlePages(root)[0]) {
      const font = await page.evaluate(async () => {
        await document.fonts.ready;
        const body = document.querySelector(".article-body p");
        return {
          loaded: [...document.fonts].some((f) => f.family.includes("Source Serif 4") && f.status === "loaded"),
          family: body ? getComputedStyle(body).fontFamily : "",
        };
      });
      if (!font.loaded || !font.family.startsWith('"Source Serif 4"')) {
        fail(`${where}: the article text is not set in the theme's font (${font.family})`);
      }
    }
  }
  // The timeline's filter, without a script: each kind alone, and no day left empty.
  await page.goto(`${origin}/timeline/`, { waitUntil: "load" });
  for (const kind of await page.$$eval(".timeline-filter input[id^=show-]:not(#show-all)", (inputs) => inputs.map((i) => i.id.slice(5)))) {
    await page.click(`label[for="show-${kind}"]`);
    const seen = await page.evaluate(() => ({
      kinds: [...document.querySelectorAll(".timeline-entry")].filter((e) => e.offsetParent).map((e) => e.className),
      emptyDays: [...document.querySelectorAll(".timeline-day")].filter(
        (d) => d.offsetParent && ![...d.querySelectorAll(".timeline-entry")].some((e) => e.offsetParent),
      ).length,
    }));
    if (!seen.kinds.length || seen.kinds.some((c) => !c.includes(`timeline-${kind}`))) {
      fail(`${root}: the timeline filter "${kind}" shows ${seen.kinds.length} entries of other kinds or none`);
    }
    if (seen.emptyDays) fail(`${root}: the timeline filter "${kind}" leaves ${seen.emptyDays} empty days`);
    timelineKinds += 1;
  }
  // The about page, and a link to it from every page.
  const pages = htmlFiles(root);
  if (!existsSync(join(root, "about", "index.html"))) fail(`${root}: no about/index.html`);
  for (const file of pages) {
    const text = readFileSync(file, "utf8");
    if (!/href="[^"]*about\/index\.html/.test(text)) fail(`${relative(root, file)} does not link to the about page`);
    const plain = text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    const wrong = plain.match(/(?<![\d.,])1 (articles|people|claims|corrections|events|mentions|passages|sources|words|pages|appearances)\b/);
    if (wrong) fail(`${relative(root, file)} says "${wrong[0]}"`);
  }
  await page.goto(`${origin}/about/`, { waitUntil: "load" });
  const scale = await page.evaluate(() =>
    [...document.querySelectorAll(".rating-scale dt")].map((dt) => ({
      label: dt.textContent.trim(),
      description: dt.nextElementSibling ? dt.nextElementSibling.textContent.trim() : "",
      colour: getComputedStyle(dt.querySelector(".rating")).backgroundColor,
    })),
  );
  const data = JSON.parse(readFileSync(join(root, "dossier.json"), "utf8"));
  for (const rating of data.ratings || []) {
    const shown = scale.find((s) => s.label === rating.label);
    if (!shown) fail(`${root}: the about page does not name the rating "${rating.label}"`);
    else if (rating.description && shown.description !== rating.description) {
      fail(`${root}: the about page gives "${rating.label}" as "${shown.description}"`);
    }
  }
  // The bibliography: every cited address is a link on the sources pages.
  const sourcesHtml = pages
    .filter((file) => relative(root, file).startsWith("sources"))
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
  const escape = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  const cited = new Set(
    (data.claims || []).flatMap((claim) => (claim.sources || []).map((s) => s.url).filter(Boolean)),
  );
  for (const url of cited) {
    if (!sourcesHtml.includes(`href="${escape(url)}"`)) fail(`${root}: the sources pages do not link to ${url}`);
  }
  // Search from disk.
  const disk = await browser.newPage();
  const errors = [];
  disk.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  disk.on("pageerror", (e) => errors.push(e.message));
  const person = data.people[0];
  await disk.goto(`file://${join(root, "search", "index.html")}`, { waitUntil: "load" });
  const started = Date.now();
  try {
    await disk.fill("#search-query", person.name, { timeout: 3000 });
    await disk.waitForSelector(`#search-results a[href$="people/${person.id}/index.html"]`, { timeout: 3000 });
    const href = await disk.$eval(`#search-results a[href$="people/${person.id}/index.html"]`, (a) => a.href);
    if (!existsSync(new URL(href).pathname)) fail(`${root}: search from disk links to a missing ${href}`);
  } catch {
    fail(`${root}: search from disk found no "${person.name}" within 3 s`);
  }
  const searched = Date.now() - started;
  for (const error of errors) fail(`${root}: search from disk: console error: ${error}`);
  await disk.close();
  const colours = new Set(scale.map((s) => s.colour));
  if (colours.size !== scale.length) fail(`${root}: ${scale.length} ratings share ${colours.size} colours`);
  await page.close();
  server.close();
  console.log(
    `reading: ${relative(process.cwd(), root) || root}: ${articlePages(root).length} articles, ` +
      `${notes} margin notes, the farthest ${worst} px from its highlight; ` +
      `${pages.length} pages, each linking to the about page, ${scale.length} ratings in ${colours.size} colours; ` +
      `${cited.size} cited address${cited.size === 1 ? "" : "es"}, all linked from the sources; ` +
      `search from disk found "${person.name}" in ${searched} ms; ` +
      `${splitChecked} split highlights marked with their notes; the timeline filtered by ${timelineKinds} kinds`,
  );
}
await browser.close();

if (failures.length) {
  console.error(`\n${failures.length} problems:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("reading: all checks passed");
