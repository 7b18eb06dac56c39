// Serves the built sites (gzip, as a web server would) and runs Lighthouse on
// one page of each type. Called by ./run; usage: node run.mjs WORK_DIR
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";

const work = process.argv[2];
const here = path.dirname(new URL(import.meta.url).pathname);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                ".svg": "image/svg+xml", ".json": "application/json", ".xml": "application/xml" };

function serve(root) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
      if (p.endsWith("/")) p += "index.html";
      const file = path.join(root, path.normalize(p));
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404); res.end(); return;
      }
      const body = fs.readFileSync(file);
      const type = types[path.extname(file)] || "application/octet-stream";
      const headers = { "Content-Type": type, "Cache-Control": "max-age=600" };
      if (/gzip/.test(req.headers["accept-encoding"] || "") && !type.startsWith("application/octet")) {
        headers["Content-Encoding"] = "gzip";
        res.writeHead(200, headers); res.end(zlib.gzipSync(body));
      } else { res.writeHead(200, headers); res.end(body); }
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const first = (dir, test) => fs.existsSync(dir) ? fs.readdirSync(dir).sort().find(test) : undefined;
function pages(root) {
  const periods = path.join(root, "periods");
  const ids = fs.readdirSync(periods).filter((id) => fs.existsSync(path.join(periods, id, "units"))).sort();
  const newest = ids[ids.length - 1];
  const unit = first(path.join(periods, newest, "units"), () => true);
  const doc = first(path.join(root, "documents"), (n) => fs.existsSync(path.join(root, "documents", n, "index.html")));
  const cluster = first(path.join(periods, newest, "clusters"), () => true);
  const out = { home: "", periods: "periods/", dashboard: `periods/${newest}/`, cluster: `periods/${newest}/clusters/${cluster}/`,
                scorecard: `periods/${newest}/units/${unit}/`, unit: `units/${unit}/` };
  if (doc) out.document = `documents/${doc}/`;
  return out;
}

// Asynchronous: the pages are served from this process, so it must not block
// while Lighthouse loads them.
const run = promisify(execFile);
async function lighthouse(url, name) {
  const report = path.join(work, "reports", name + ".json");
  await run(path.join(here, "node_modules/.bin/lighthouse"), [url,
    "--only-categories=performance,accessibility", "--output=json", `--output-path=${report}`, "--quiet",
    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage " +
      "--disable-background-networking --disable-component-update --disable-sync --no-first-run"],
    { maxBuffer: 1 << 26, env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || "/usr/bin/chromium" } });
  const r = JSON.parse(fs.readFileSync(report, "utf8"));
  const a = r.audits;
  const score = (c) => Math.round(100 * r.categories[c].score);
  const ms = (id) => Math.round(a[id].numericValue);
  const kb = (a["network-requests"].details.items.find((i) => i.resourceType === "Document") || {}).transferSize;
  return { perf: score("performance"), a11y: score("accessibility"), fcp: ms("first-contentful-paint"),
           lcp: ms("largest-contentful-paint"), tbt: ms("total-blocking-time"),
           cls: a["cumulative-layout-shift"].numericValue.toFixed(3), html: kb ? (kb / 1024).toFixed(1) : "?",
           failing: Object.values(r.categories.accessibility.auditRefs).filter((ref) => a[ref.id].score === 0).map((ref) => ref.id) };
}

fs.mkdirSync(path.join(work, "reports"), { recursive: true });
const version = JSON.parse(fs.readFileSync(path.join(here, "node_modules/lighthouse/package.json"), "utf8")).version;
const chromium = execFileSync(process.env.CHROMIUM || "/usr/bin/chromium", ["--version"], { encoding: "utf8" }).trim();
console.log(`Lighthouse ${version}, ${chromium}, mobile (simulated slow 4G, 4x CPU slowdown)`);
console.log("page                       perf  a11y  FCP ms  LCP ms  TBT ms    CLS  HTML KB (gzip)");
let low = 0;
for (const [site, only] of [["sample", null], ["bench", ["dashboard", "cluster"]]]) {
  const server = await serve(path.join(work, site));
  const origin = `http://127.0.0.1:${server.address().port}/`;
  for (const [kind, p] of Object.entries(pages(path.join(work, site)))) {
    if (only && !only.includes(kind)) continue;
    if (process.env.PAGES && !process.env.PAGES.split(",").includes(`${site}-${kind}`)) continue;
    const m = await lighthouse(origin + p, `${site}-${kind}`);
    if (m.perf < 98 || m.a11y < 100) low++;
    console.log(`${(site + " " + kind).padEnd(26)} ${String(m.perf).padStart(4)}  ${String(m.a11y).padStart(4)}` +
                `  ${String(m.fcp).padStart(6)}  ${String(m.lcp).padStart(6)}  ${String(m.tbt).padStart(6)}` +
                `  ${m.cls.padStart(5)}  ${m.html.padStart(14)}${m.failing.length ? "  a11y: " + m.failing.join(", ") : ""}`);
  }
  server.close();
}
console.log(low ? `${low} page(s) below performance 98 or accessibility 100` : "every page: performance >= 98, accessibility 100");
