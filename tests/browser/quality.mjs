// Checks built sites as a reader's browser and a validator see them:
//   - every page is valid HTML (the Nu HTML checker, vnu.jar): 0 errors;
//   - every kind of page meets WCAG 2.1 AA (axe-core in headless Chromium): 0 violations;
//   - no page makes a request outside the site, and none logs a console error;
//   - at 390 px wide (a phone), no page scrolls sideways.
//
// Usage: node quality.mjs SITE_DIR [SITE_DIR ...]
// Needs Java (for vnu.jar) and Chromium at /usr/bin/chromium (or $CHROMIUM).

import { execFileSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { join, extname, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import { serve, pagesOfEachKind, launchChromium, htmlFiles } from "./site.mjs";

const require = createRequire(import.meta.url);
const sites = process.argv.slice(2).map((dir) => resolve(dir));
if (sites.length === 0) {
  console.error("usage: node quality.mjs SITE_DIR [SITE_DIR ...]");
  process.exit(2);
}

const failures = [];
const fail = (message) => failures.push(message);

// 1. The Nu HTML checker over every page of every site.
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
const pages = sites.flatMap(htmlFiles);
let report;
try {
  report = execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "json", ...pages], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
} catch (error) {
  // vnu exits 1 when it finds errors and writes its report to stderr.
  report = error.stderr || error.stdout;
}
const messages = JSON.parse(report || '{"messages": []}').messages.filter((m) => m.type === "error");
for (const m of messages) {
  fail(`vnu: ${m.url.replace("file:", "")}:${m.lastLine}: ${m.message}`);
}
console.log(`vnu: ${pages.length} pages, ${messages.length} errors`);

// 2. A browser over one page of every kind.

const browser = await launchChromium();
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

for (const root of sites) {
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    let current = "";
    page.on("console", (message) => {
      // Failed loads are checked below, by their responses: the missing page's own 404 is
      // intended, and logged by the browser as an error.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        fail(`console error on ${current} at ${width}px: ${message.text()}`);
      }
    });
    page.on("response", (response) => {
      if (response.request().isNavigationRequest()) return;
      if (response.status() >= 400) fail(`${current}: ${response.url()} answered ${response.status()}`);
    });
    page.on("requestfailed", (request) => {
      if (request.url().startsWith(origin)) fail(`${current}: ${request.url()} failed: ${request.failure().errorText}`);
    });
    page.on("pageerror", (error) => fail(`script error on ${current}: ${error.message}`));
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (!url.startsWith(origin)) {
        fail(`request outside the site from ${current}: ${url}`);
        return route.abort();
      }
      return route.continue();
    });
    for (const path of pagesOfEachKind(root)) {
      current = `${relative(process.cwd(), root)}/${path}`;
      // Until the network is idle: the font and the search index load after the page does,
      // and leaving sooner would cut their requests short.
      const response = await page.goto(`${origin}/${path}`, { waitUntil: "networkidle" });
      const expected = path === "no-such-page" ? 404 : 200;
      if (response.status() !== expected) fail(`${current}: HTTP ${response.status()}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (overflow > 0) fail(`${current} scrolls sideways by ${overflow}px at ${width}px wide`);
      if (width === 1280) {
        await page.addScriptTag({ content: axeSource });
        const results = await page.evaluate(() =>
          window.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          }),
        );
        for (const violation of results.violations) {
          const where = violation.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
          fail(`axe on ${current}: ${violation.id} (${violation.impact}): ${violation.help} at ${where}`);
        }
      }
    }
    await context.close();
  }
  server.close();
  console.log(`browser: ${relative(process.cwd(), root) || root}: ${pagesOfEachKind(root).length} kinds of page at 1280 and 390 px`);
}
// 3. Search: a person's name finds their page, through the site's own files.
for (const root of sites) {
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const data = JSON.parse(readFileSync(join(root, "dossier.json"), "utf8"));
  const name = data.people[0].name;
  const page = await browser.newPage();
  await page.route("**/*", (route) => {
    if (!route.request().url().startsWith(origin)) {
      fail(`search made a request outside the site: ${route.request().url()}`);
      return route.abort();
    }
    return route.continue();
  });
  await page.goto(`${origin}/search/`);
  await page.fill("#search-query", name);
  try {
    await page.waitForSelector("#search-results .result-title", { timeout: 10000 });
    const results = await page.$$eval("#search-results li", (items) =>
      items.map((item) => ({
        href: item.querySelector(".result-title").href,
        kind: item.querySelector(".result-kind")?.textContent,
        excerpt: item.querySelector(".result-excerpt")?.textContent || "",
        marked: item.querySelectorAll(".result-excerpt mark").length,
      })),
    );
    const hrefs = results.map((result) => result.href);
    const person = results.find((result) => result.href.startsWith(`${origin}/people/`));
    if (!person) {
      fail(`search for "${name}" in ${relative(process.cwd(), root)} found no person: ${hrefs.join(", ")}`);
    } else if (person.kind !== "Person") {
      fail(`search for "${name}": the person's result is labelled "${person.kind}", not "Person"`);
    }
    // Every result says what it is and shows a readable excerpt, with the words found marked.
    for (const result of results) {
      if (!["Article", "Person", "Claim"].includes(result.kind)) fail(`search result ${result.href} says it is "${result.kind}"`);
      if (result.excerpt.trim().split(/\s+/).length < 3 || !result.marked) {
        fail(`search result ${result.href} has no readable excerpt with the words found: "${result.excerpt}"`);
      }
    }
    // The kind filter keeps only people.
    await page.click(`label[for="kind-person"]`);
    await page.waitForFunction(() => {
      const kinds = [...document.querySelectorAll("#search-results .result-kind")];
      return kinds.length > 0 && kinds.every((kind) => kind.textContent === "Person");
    });
    const response = await page.goto(hrefs[0]);
    if (response.status() !== 200) fail(`search result ${hrefs[0]} answered ${response.status()}`);
    console.log(`search: "${name}" found ${hrefs.length} results in ${relative(process.cwd(), root) || root}`);
  } catch (error) {
    fail(`search for "${name}" in ${relative(process.cwd(), root)} showed no result: ${error.message}`);
  }
  await page.close();
  server.close();
}
await browser.close();

if (failures.length) {
  console.error(`\n${failures.length} problems:\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("quality: all checks passed");
