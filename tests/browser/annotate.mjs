// Annotating in `dossier serve`, in a real browser, as a user does it: drag the mouse over a
// phrase of an article, choose "Claim" in the toolbar, fill in a new claim and save; the page
// reloads with the new highlight, and the annotation file gained exactly the new entry. Then,
// by keyboard only: select words with Shift and the arrows, Alt+A, pick a person, Enter; and
// click that new highlight to remove it again.
//
// Usage: node annotate.mjs DOSSIER_BINARY DOSSIER_DIR
// Needs Chromium at /usr/bin/chromium (or $CHROMIUM).

import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launchChromium, startServe } from "./site.mjs";

const [binary, source] = process.argv.slice(2).map((p) => resolve(p));
if (!binary || !source) {
  console.error("usage: node annotate.mjs DOSSIER_BINARY DOSSIER_DIR");
  process.exit(2);
}

// Annotate a copy, so the original is never written.
const root = mkdtempSync(join(tmpdir(), "dossier-annotate-"));
for (const part of ["dossier.yaml", "seeds", "annotations", "themes", "templates", "static"]) {
  if (existsSync(join(source, part))) cpSync(join(source, part), join(root, part), { recursive: true });
}
const read = (path) => (existsSync(path) ? readFileSync(path, "utf8") : "");
const { server, url, log: serveLog } = await startServe(binary, root);

const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
};
const consoleErrors = [];
const timeout = 15000;
const browser = await launchChromium();

// The page-relative boxes of the first and last characters of `phrase` in the article.
const phraseBox = (page, phrase) =>
  page.evaluate((phrase) => {
    const body = document.querySelector(".article-body");
    // The article's own words, not the notes the page sets beside them.
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest(".sidenote, .inline-note, sup, label") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(phrase);
      if (at < 0) continue;
      n.parentElement.scrollIntoView({ block: "center" });
      const box = (from, to) => {
        const r = document.createRange();
        r.setStart(n, from);
        r.setEnd(n, to);
        const b = r.getClientRects()[0];
        return { x: b.left, y: b.top + b.height / 2, right: b.right };
      };
      return { first: box(at, at + 1), last: box(at + phrase.length - 1, at + phrase.length) };
    }
    return null;
  }, phrase);

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  await page.goto(url + "articles/seed-001/");
  await page.waitForFunction(() => !!document.querySelector('meta[name="dossier-edit-token"]'));
  await page.waitForTimeout(300);

  // 1. By mouse: drag over the phrase, then the toolbar's "Claim".
  const phrase = "lower-ranking but still senior political appointees";
  const box = await phraseBox(page, phrase);
  if (!box) throw new Error(`no "${phrase}" in seed-001`);
  await page.mouse.move(box.first.x + 1, box.first.y);
  await page.mouse.down();
  await page.mouse.move(box.last.right - 1, box.last.y, { steps: 8 });
  await page.mouse.up();
  const selected = await page.evaluate(() => getSelection().toString());
  check(selected === phrase, `the drag selected "${selected}"`);
  await page.waitForSelector(".dossier-toolbar:not([hidden])", { timeout });
  await page.click('.dossier-toolbar button[data-action="claim"]');
  await page.waitForSelector("dialog.dossier-ui[open]", { timeout });
  const where = await page.textContent("dialog.dossier-ui .where");
  check(where.includes("annotations/claims/reported-facts.yaml"), `the form says it writes to: ${where}`);
  // dossier.yaml names the file new claims go to.
  const claimsFile = join(root, "annotations", "claims", "reported-facts.yaml");
  const before = read(claimsFile);
  await page.fill("dialog.dossier-ui fieldset textarea", "Past recusals left investigations to senior political appointees.");
  const idInput = page.locator("dialog.dossier-ui fieldset input[pattern]").first();
  await idInput.fill("past-recusals-appointees");
  await page.selectOption("dialog.dossier-ui fieldset select", "unproven");
  const started = Date.now();
  await page.click('dialog.dossier-ui button[type="submit"]');
  await page.waitForFunction(() => document.querySelector("dialog.dossier-ui .result")?.textContent.startsWith("Written to"), null, { timeout });
  await page.waitForSelector('mark.claim[data-claim="past-recusals-appointees"]', { timeout });
  const shownIn = Date.now() - started;
  check(
    (await page.textContent('mark.claim[data-claim="past-recusals-appointees"]')).includes(phrase),
    "the new highlight does not cover the phrase",
  );
  const after = read(claimsFile);
  check(after.startsWith(before), "the claims file lost or changed what it had");
  check(after.includes("- id: past-recusals-appointees") && after.includes(`quote: "${phrase}"`), `the claims file: ${after.slice(before.length)}`);
  console.log(`annotate: the new claim was highlighted ${shownIn} ms after Save`);

  // 2. By keyboard, in another article: from the first letter of "the president", select it
  // with Shift and the arrows, Alt+A, Enter on "Person", type the id, Enter.
  const people = join(root, "annotations", "people.yaml");
  const peopleBefore = read(people);
  await page.goto(url + "articles/seed-002/");
  await page.waitForFunction(() => !!document.querySelector('meta[name="dossier-edit-token"]'));
  const words = "the president";
  const placed = await page.evaluate((words) => {
    const body = document.querySelector(".article-body");
    // The article's own words, not the notes the page sets beside them.
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest(".sidenote, .inline-note, sup, label") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(words);
      if (i < 0) continue;
      // The first letter selected, as a reader's Shift+Arrow from the caret would; the
      // page has no caret of its own to start from (it is not editable).
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 1);
      getSelection().removeAllRanges();
      getSelection().addRange(r);
      return true;
    }
    return false;
  }, words);
  if (!placed) throw new Error(`no "${words}" in seed-002`);
  for (let i = 1; i < words.length; i++) await page.keyboard.press("Shift+ArrowRight");
  const keyed = await page.evaluate(() => getSelection().toString());
  check(keyed === words, `the keyboard selected "${keyed}"`);
  await page.keyboard.press("Alt+a");
  const focused = await page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.dataset.action, document.querySelector(".dossier-toolbar")?.hidden, getSelection().toString()].join(" "));
  check(focused.startsWith("BUTTON person"), `Alt+A did not focus the toolbar: ${focused}`);
  await page.keyboard.press("Enter");
  await page.waitForSelector("dialog.dossier-ui[open]", { timeout });
  await page.keyboard.type("donald-trump");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("dialog.dossier-ui .result")?.textContent.startsWith("Written to"), null, { timeout });
  await page.waitForFunction(
    (words) => [...document.querySelectorAll('mark.person[data-person="donald-trump"]')].some((m) => m.textContent === words),
    words,
    { timeout },
  );
  const peopleAfter = read(people);
  check(peopleAfter.includes(`{ article: seed-002, quote: "${words}" }`), "people.yaml has no new mention");
  check(peopleAfter.split("\n").length === peopleBefore.split("\n").length + 1, "people.yaml gained more than the mention");
  for (const line of peopleBefore.split("\n")) check(peopleAfter.includes(line), `people.yaml lost ${line}`);
  // 3. Clicking the new highlight offers to remove it; removed, the file is as it was.
  await page.locator('mark.person[data-person="donald-trump"]', { hasText: new RegExp(`^${words}$`) }).click();
  await page.waitForSelector("dialog.dossier-ui[open]", { timeout });
  await page.click('dialog.dossier-ui button:text("Remove this mention")');
  await page.waitForFunction(
    (words) => ![...document.querySelectorAll('mark.person[data-person="donald-trump"]')].some((m) => m.textContent === words),
    words,
    { timeout },
  );
  check(read(people) === peopleBefore, "removing the mention did not give back people.yaml as it was");
  check(page.url().includes("/articles/seed-002/"), `the click on the highlight navigated to ${page.url()}`);
  // The suggestions panel lists what the dossier does not cover yet.
  check(await page.isVisible("details.dossier-suggestions"), "no suggestions panel");
} catch (error) {
  failures.push(`${error.message}\n--- serve's log ---\n${serveLog()}`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(root, { recursive: true, force: true });
}

check(consoleErrors.length === 0, `console errors: ${consoleErrors.join("; ")}`);
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log("annotate: a claim made by mouse, a mention made by keyboard and removed by a click, in Chromium");
