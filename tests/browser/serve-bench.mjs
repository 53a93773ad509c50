// How long an edit takes to show in `dossier serve` on a large dossier, in Chromium: with a
// claim's page and an article citing it open, a claim file is edited on disk (the claim's
// statement changes) and the time until each page has reloaded with the change is taken from
// the page's own load timing. Prints each run, the medians, and the server's peak memory.
//
// Usage: node serve-bench.mjs DOSSIER_BINARY DOSSIER_DIR [RUNS]
// DOSSIER_DIR is a dossier made by `cargo run --release --example gen -- N DIR` (DIR/dossier);
// its claim file is edited and put back as it was.

import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchChromium, startServe } from "./site.mjs";

const [binary, root] = process.argv.slice(2, 4).map((p) => resolve(p));
const runs = Number(process.argv[4] || 7);
if (!binary || !root) {
  console.error("usage: node serve-bench.mjs DOSSIER_BINARY DOSSIER_DIR [RUNS]");
  process.exit(2);
}

// The generator puts the claims of each hundred articles in a file of annotations/claims/: the
// middle one is edited, and its first claim's page and the first article it appears in watched.
const claimsDir = join(root, "annotations", "claims");
const claimFiles = readdirSync(claimsDir).filter((name) => name.endsWith(".yaml")).sort();
const claimFile = join(claimsDir, claimFiles[Math.floor(claimFiles.length / 2)]);
const original = readFileSync(claimFile, "utf8");
const statementLine = original.split("\n").find((line) => line.startsWith("    statement: "));
const claimId = original.match(/- id: (\S+)/)?.[1];
const articleId = original.match(/article: ([^,\s}]+)/)?.[1];
if (!statementLine || !claimId || !articleId) throw new Error(`${claimFile} is not the generator's`);

const { server, url, log: serveLog } = await startServe(binary, root);

const shownAt = (page, started) =>
  page.evaluate(
    (started) =>
      Math.round(performance.timeOrigin + performance.getEntriesByType("navigation")[0].loadEventEnd - started),
    started,
  );
const peakMemory = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
  return Number(status.match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const browser = await launchChromium();
const claimTimes = [];
const articleTimes = [];
let failed = false;
try {
  const context = await browser.newContext();
  const claim = await context.newPage();
  const article = await context.newPage();
  await claim.goto(`${url}claims/${claimId}/`, { timeout: 120000 });
  await article.goto(`${url}articles/${articleId}/`, { timeout: 120000 });
  for (const page of [claim, article]) {
    await page.waitForFunction(() => !!document.querySelector("script[src='/__dossier/live.js']"));
  }
  await claim.waitForTimeout(500);
  for (let run = 1; run <= runs; run++) {
    const marker = `edited while served, run ${run}`;
    const edited = original.replace(statementLine, statementLine.replace(/"$/, ` (${marker})"`));
    const started = Date.now();
    writeFileSync(claimFile, edited);
    await claim.waitForFunction((m) => document.body.innerHTML.includes(m), marker, { timeout: 60000 });
    await article.waitForFunction((m) => document.body.innerHTML.includes(m), marker, { timeout: 60000 });
    claimTimes.push(await shownAt(claim, started));
    articleTimes.push(await shownAt(article, started));
    console.log(`run ${run}: claim page ${claimTimes.at(-1)} ms, article page ${articleTimes.at(-1)} ms`);
    await claim.waitForTimeout(1000);
  }
} catch (error) {
  failed = true;
  console.error(`${error.message}\n--- serve's log ---\n${serveLog()}`);
} finally {
  writeFileSync(claimFile, original);
  await browser.close();
}
const memory = peakMemory();
server.kill("SIGTERM");
await new Promise((done) => server.on("exit", done));
if (failed) process.exit(1);
console.log(
  `${claimFile}: median, edit to reload: claim page ${median(claimTimes)} ms, article page ${median(articleTimes)} ms ` +
    `(${runs} runs); serve's peak memory ${memory.toFixed(0)} MB`,
);
console.log(serveLog().split("\n").filter((l) => l.startsWith("rebuilt") || l.startsWith("built")).join("\n"));
