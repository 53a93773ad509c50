// Shared wording as a reader meets it, in Chromium: on the rewrite of the wire story in
// tests/fixtures/wire-copies, the shared passages are underlined without hiding the
// dossier's own highlights, the checkbox turns the marking off and on again, and each ⇄ link
// leads to the same words in the other article.
//
// Usage: node shared.mjs SITE_DIR   (a build of tests/fixtures/wire-copies)

import { resolve } from "node:path";
import { serve, launchChromium } from "./site.mjs";

const root = resolve(process.argv[2] ?? "");
const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
};

const server = await serve(root);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on("pageerror", (error) => failures.push(`script error: ${error.message}`));
await page.goto(`${origin}/articles/rewrite/index.html`, { waitUntil: "load" });

const marking = () =>
  page.evaluate(() => {
    const spans = [...document.querySelectorAll(".article-body span.shared")];
    const refs = [...document.querySelectorAll(".article-body .shared-ref")];
    const style = (e) => getComputedStyle(e);
    return {
      spans: spans.length,
      underlined: spans.filter((s) => style(s).textDecorationLine.includes("underline")).length,
      dotted: spans.filter((s) => style(s).textDecorationStyle === "dotted").length,
      refsShown: refs.filter((r) => style(r).display !== "none").length,
      refs: refs.length,
      // A highlight inside a shared passage keeps its own background.
      marksInside: [...document.querySelectorAll(".article-body span.shared mark")].filter(
        (m) => style(m).backgroundColor !== "rgba(0, 0, 0, 0)",
      ).length,
    };
  });

let seen = await marking();
check(seen.spans >= 2, `expected the shared passages marked, found ${seen.spans} spans`);
check(seen.underlined === seen.spans && seen.dotted === seen.spans, `not every passage is underlined, dotted: ${JSON.stringify(seen)}`);
check(seen.refs >= 2 && seen.refsShown === seen.refs, `the links to the other side are not all shown: ${JSON.stringify(seen)}`);
check(seen.marksInside >= 1, `no highlight keeps its colour inside a shared passage: ${JSON.stringify(seen)}`);

await page.click("#show-shared");
seen = await marking();
check(seen.underlined === 0 && seen.refsShown === 0, `unchecking the box leaves the marking: ${JSON.stringify(seen)}`);
check(seen.marksInside >= 1, "unchecking the box hides the dossier's own highlights");
await page.click("#show-shared");
seen = await marking();
check(seen.underlined === seen.spans, "checking the box again does not bring the marking back");

// Each link leads to an element of that id in the other article, holding the same words.
const links = await page.$$eval(".article-body .shared-ref a", (as) => as.map((a) => a.href));
for (const href of links) {
  await page.goto(href, { waitUntil: "load" });
  const id = new URL(href).hash.slice(1);
  const target = await page.$(`span.shared[id="${id}"]`);
  check(target !== null, `${href}: no shared passage with that id`);
  if (target) {
    const inView = await target.evaluate((e) => {
      const box = e.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });
    check(inView, `${href}: the passage is not scrolled into view`);
  }
}

await browser.close();
server.close();
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`shared wording: ${links.length} links followed, marking toggled off and on`);
