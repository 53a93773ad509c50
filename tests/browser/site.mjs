// What the browser scripts share: a static server for a built site, the pages to look at,
// and how Chromium is started on a machine with no network.

import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".jsonld": "application/ld+json",
  ".xml": "application/xml",
  ".txt": "text/plain",
};

export function serve(root) {
  return new Promise((done) => {
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
      let file = join(root, path);
      if (!file.startsWith(root)) {
        response.writeHead(403).end();
        return;
      }
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
      if (!existsSync(file)) {
        response.writeHead(404, { "content-type": types[".html"] }).end(readFileSync(join(root, "404.html")));
        return;
      }
      response.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
      response.end(readFileSync(file));
    });
    server.listen(0, "127.0.0.1", () => done(server));
  });
}

/// Every HTML file of the site under `dir`, sorted.
export function htmlFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...htmlFiles(path));
    else if (name.endsWith(".html")) found.push(path);
  }
  return found.sort();
}

/// One page of each kind the site has, as paths from its root.
export function pagesOfEachKind(root) {
  const first = (dir) => {
    const path = join(root, dir);
    if (!existsSync(path)) return [];
    const entries = readdirSync(path).filter((name) => statSync(join(path, name)).isDirectory()).sort();
    return entries.length ? [`${dir}/${entries[0]}/`] : [];
  };
  return [
    "",
    "sources/",
    // A second page of sources, when the dossier is long enough to have one.
    ...(existsSync(join(root, "sources", "page", "2")) ? ["sources/page/2/"] : []),
    "people/",
    "claims/",
    "corrections/",
    "timeline/",
    "search/",
    "about/",
    ...first("articles"),
    ...first("people"),
    ...first("claims"),
    // A missing address at the root's depth: the 404 page's links are relative to the root
    // unless the site has a base URL.
    "no-such-page",
  ];
}

/// Headless Chromium from the system's package, with nothing that reaches for the network.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/// Starts `dossier serve` on the dossier at `root` on a free port. Resolves to the server's
/// process, its address, and a function that returns what it has printed on standard error.
export function startServe(binary, root) {
  const server = spawn(binary, ["serve", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stderr.on("data", (chunk) => (log += chunk));
  return new Promise((resolveStarted, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on("line", (line) => {
      const found = line.match(/http:\/\/\S+/);
      if (found) resolveStarted({ server, url: found[0], log: () => log });
    });
    server.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${log}`)));
  });
}
