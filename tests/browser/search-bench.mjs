// Measures search in headless Chromium on a built site: Pagefind (the site's own index) and,
// for comparison, elasticlunr.js over an index built by elasticlunr-rs
// (`cargo run --release --example search_elasticlunr`). Prints the index's size on disk and,
// per engine, the median time to first results (cold: a new page) and for repeated queries.
//
// Usage: node search-bench.mjs SITE_DIR [ELASTICLUNR_JSON]

import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, readdirSync } from "node:fs";
import { join, extname } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [site, lunrIndex] = process.argv.slice(2);
const queries = ["council", "district 4711", "Dr Barkenson", "harbour contract", "grew per cent", "audit review"];

function size(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + size(join(path, name)), 0);
}

const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
  let file = path === "/elasticlunr.js" ? require.resolve("elasticlunr/elasticlunr.min.js")
    : path === "/lunr-index.json" ? lunrIndex : join(site, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) return response.writeHead(404).end();
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };
  response.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
  response.end(readFileSync(file));
}).listen(0, "127.0.0.1");
await new Promise((done) => server.on("listening", done));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/// Bytes the page fetched (bodies), counted while `work` runs.
async function fetched(page, work) {
  let bytes = 0;
  const count = async (response) => {
    try {
      bytes += (await response.body()).length;
    } catch {}
  };
  page.on("response", count);
  const result = await work();
  await new Promise((done) => setTimeout(done, 100));
  page.off("response", count);
  return [result, bytes];
}

async function pagefind() {
  const cold = [];
  const warm = [];
  const loaded = [];
  for (const query of queries) {
    const page = await browser.newPage();
    await page.goto(`${origin}/search/`);
    const [times, bytes] = await fetched(page, () => page.evaluate(async (query) => {
      const start = performance.now();
      const pagefind = await import("/pagefind/pagefind.js");
      await pagefind.init();
      const first = await pagefind.search(query);
      await Promise.all(first.results.slice(0, 10).map((r) => r.data()));
      const cold = performance.now() - start;
      const again = performance.now();
      const second = await pagefind.search(query + " figures");
      await Promise.all(second.results.slice(0, 10).map((r) => r.data()));
      return [cold, performance.now() - again, first.results.length];
    }, query));
    cold.push(times[0]);
    warm.push(times[1]);
    loaded.push(bytes);
    await page.close();
  }
  console.log(`pagefind: index ${(size(join(site, "pagefind")) / 1e6).toFixed(1)} MB on disk in ${readdirSync(join(site, "pagefind/index")).length} index chunks; a query loads ${(median(loaded) / 1e6).toFixed(2)} MB; first results ${median(cold).toFixed(0)} ms (median, new page), next query ${median(warm).toFixed(0)} ms`);
}

async function elasticlunr() {
  const cold = [];
  const warm = [];
  for (const query of queries.slice(0, 3)) {
    const page = await browser.newPage();
    await page.goto(`${origin}/search/`);
    await page.addScriptTag({ url: "/elasticlunr.js" });
    const times = await page.evaluate(async (query) => {
      const start = performance.now();
      const index = elasticlunr.Index.load(await (await fetch("/lunr-index.json")).json());
      const first = index.search(query, { expand: false });
      const cold = performance.now() - start;
      const again = performance.now();
      index.search(query + " figures", { expand: false });
      return [cold, performance.now() - again, first.length];
    }, query);
    cold.push(times[0]);
    warm.push(times[1]);
    await page.close();
  }
  // The first query fetches the whole index file.
  console.log(`elasticlunr: index ${(size(lunrIndex) / 1e6).toFixed(1)} MB in one file, all loaded by the first query; first results ${median(cold).toFixed(0)} ms (median, new page), next query ${median(warm).toFixed(0)} ms`);
}

await pagefind();
if (lunrIndex) await elasticlunr();
await browser.close();
server.close();
