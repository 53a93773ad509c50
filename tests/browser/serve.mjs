// `dossier serve` in a real browser: open an article, edit an annotation file on disk and see
// the page reload with the change; break the YAML and see the errors over the old content,
// also in a page opened while they stand; dismiss them; fix the file and see them go.
// Prints how long each edit took to show in the page.
//
// Usage: node serve.mjs DOSSIER_BINARY DOSSIER_DIR
// Needs Chromium at /usr/bin/chromium (or $CHROMIUM).

import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launchChromium, startServe } from "./site.mjs";

const [binary, source] = process.argv.slice(2).map((p) => resolve(p));
if (!binary || !source) {
  console.error("usage: node serve.mjs DOSSIER_BINARY DOSSIER_DIR");
  process.exit(2);
}

// Serve a copy, so the edits never touch the original.
const root = mkdtempSync(join(tmpdir(), "dossier-serve-"));
for (const part of ["dossier.yaml", "seeds", "annotations", "themes", "templates", "static"]) {
  if (existsSync(join(source, part))) cpSync(join(source, part), join(root, part), { recursive: true });
}
const people = join(root, "annotations", "people.yaml");
const original = readFileSync(people, "utf8");
const before = "role: US Attorney General (from 9 February 2017)";
const after = "role: US Attorney General (edited while served)";
if (!original.includes(before)) throw new Error(`people.yaml has no "${before}"`);

const { server, url, log: serveLog } = await startServe(binary, root);

const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
};
const consoleErrors = [];
const outside = [];

const browser = await launchChromium();
const context = await browser.newContext();
const watchPage = (page) => {
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(`${page.url()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  page.on("request", (r) => !r.url().startsWith(url) && outside.push(r.url()));
};
const timings = [];
// When a reloaded page had loaded, by the page's own clock, in ms after `started`: Playwright's
// polling for the change would add its own delay.
const shownAt = (page, started) =>
  page.evaluate(
    (started) =>
      Math.round(performance.timeOrigin + performance.getEntriesByType("navigation")[0].loadEventEnd - started),
    started,
  );
const timeout = 15000;

try {
  const article = await context.newPage();
  watchPage(article);
  await article.goto(url + "articles/seed-000/");
  await article.waitForFunction(() => !!document.querySelector("script[src='/__dossier/live.js']"));
  const headline = await article.textContent("h1");
  // Let the page's event stream connect before the first edit.
  await article.waitForTimeout(300);

  // 1. An edit reloads the page with the change.
  await article.evaluate(() => (window.notReloadedYet = true));
  let started = Date.now();
  writeFileSync(people, original.replace(before, after));
  await article.waitForFunction(() => document.body.innerHTML.includes("(edited while served)"), null, { timeout });
  timings.push(["edit shown", await shownAt(article, started)]);
  check(
    await article.evaluate(() => window.notReloadedYet === undefined),
    "the page changed without reloading",
  );
  check(!(await article.$("#dossier-errors")), "an overlay after a good edit");

  // 2. A broken edit: the overlay over the last good page, naming the file and line.
  await article.waitForTimeout(300);
  started = Date.now();
  writeFileSync(people, original.replace(before, after) + "\n  - id: [broken\n");
  await article.waitForSelector("#dossier-errors", { state: "visible", timeout });
  timings.push(["errors shown", Date.now() - started]);
  const overlay = await article.textContent("#dossier-errors");
  check(/annotations\/people\.yaml:\d+:\d+/.test(overlay), `the overlay names no file:line: ${overlay}`);
  check((await article.textContent("h1")) === headline, "the last good page is no longer shown");
  check(
    (await article.content()).includes("(edited while served)"),
    "the overlay is not over the last good build",
  );

  // A page opened while the errors stand carries them in its HTML.
  const opened = await context.newPage();
  watchPage(opened);
  await opened.goto(url + "people/jeff-sessions/");
  check(await opened.isVisible("#dossier-errors"), "a page opened while broken shows no overlay");
  // Dismissed, it stays dismissed.
  await opened.click("#dossier-errors button");
  check(!(await opened.isVisible("#dossier-errors")), "the overlay cannot be dismissed");

  // 3. The fix clears the overlay by itself, in every open page.
  await article.waitForTimeout(300);
  started = Date.now();
  writeFileSync(people, original);
  await article.waitForFunction(
    () => !document.getElementById("dossier-errors") && !document.body.innerHTML.includes("(edited while served)"),
    null,
    { timeout },
  );
  timings.push(["fix shown", await shownAt(article, started)]);
  await opened.waitForFunction(() => !document.getElementById("dossier-errors"), null, { timeout });
  check((await article.textContent("h1")) === headline, "the article changed after the fix");
} catch (error) {
  failures.push(`${error.message}\n--- serve's log ---\n${serveLog()}`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  const code = await new Promise((done) => server.on("exit", (c) => done(c)));
  check(code === 0, `serve exited with ${code} on SIGTERM`);
  rmSync(root, { recursive: true, force: true });
}

check(consoleErrors.length === 0, `console errors: ${consoleErrors.join("; ")}`);
check(outside.length === 0, `requests outside the site: ${outside.join(", ")}`);
for (const [what, ms] of timings) console.log(`serve: ${what} in the page ${ms} ms after the file was written`);
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log("serve: reload, overlay, dismissal and recovery all seen in Chromium");
