// Screenshots of one page of every kind of a built site, at desktop and phone width, to look
// at as a reader would.
//
// Usage: node screenshots.mjs SITE_DIR OUT_DIR
// Writes OUT_DIR/NAME-desktop.png and OUT_DIR/NAME-phone.png for each page (full length).

import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { serve, pagesOfEachKind, launchChromium } from "./site.mjs";

const [site, out] = process.argv.slice(2).map((p) => resolve(p));
if (!site || !out) {
  console.error("usage: node screenshots.mjs SITE_DIR OUT_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const server = await serve(site);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
for (const [name, viewport] of Object.entries(widths)) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  for (const path of pagesOfEachKind(site)) {
    await page.goto(base + path);
    const file = (path.replace(/\/$/, "").replace(/\//g, "_") || "index") + `-${name}.png`;
    await page.screenshot({ path: join(out, file), fullPage: true });
    console.log(join(out, file));
  }
  await page.close();
}
await browser.close();
server.close();
