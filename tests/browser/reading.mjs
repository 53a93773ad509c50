// Checks built sites as a reader sees them in Chromium, at 1280×900, on every article page:
//   - every margin note starts within 80 px of its highlight (`data-note-for` names the
//     highlight's first mark), and none is hidden;
//   - every article page has a legend of its highlights.
//
// Usage: node reading.mjs SITE_DIR [SITE_DIR ...]
// Needs Chromium at /usr/bin/chromium (or $CHROMIUM).

import { readdirSync, existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { serve, launchChromium } from "./site.mjs";

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
  }
  await page.close();
  server.close();
  console.log(
    `reading: ${relative(process.cwd(), root) || root}: ${articlePages(root).length} articles, ` +
      `${notes} margin notes, the farthest ${worst} px from its highlight`,
  );
}
await browser.close();

if (failures.length) {
  console.error(`\n${failures.length} problems:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("reading: all checks passed");
