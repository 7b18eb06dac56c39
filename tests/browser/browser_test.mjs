// Browser test: builds the sample site, loads one page of every type in
// headless Chromium over HTTP under a sub-path and from disk (file://), and
// fails on a console error, an uncaught exception, a failed request, a request
// to another host, a chart without bars or an accessible name, a canvas, or
// any axe-core violation (Lighthouse's experimental table rules included).
// With SCREENSHOTS=DIR it also saves each page at 1280 and 375 px.
//
// usage: node tests/browser/browser_test.mjs THIDUA_BINARY SOURCE_DIR
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [binary, sourceDir] = process.argv.slice(2);
if (!binary || !sourceDir) {
  console.error("usage: browser_test.mjs THIDUA_BINARY SOURCE_DIR");
  process.exit(2);
}
const contentDir = process.env.CONTENT || path.join(sourceDir, "content");
const shots = process.env.SCREENSHOTS || "";
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "thidua-browser-"));
const subPath = "/sub/thidua/";
let failures = 0;
let checks = 0;
function fail(msg) { failures++; console.error("FAIL " + msg); }

// A static server that serves the built site under subPath, and nothing else.
function serve(root) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                  ".json": "application/json", ".xml": "application/xml", ".csv": "text/csv", ".txt": "text/plain" };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let p = decodeURIComponent(url.pathname);
    if (!p.startsWith(subPath)) { res.writeHead(404); res.end(); return; }
    p = p.slice(subPath.length);
    if (p === "" || p.endsWith("/")) p += "index.html";
    const file = path.join(root, p);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(fs.readFileSync(path.join(root, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function pickPages(root) {
  const has = (p) => fs.existsSync(path.join(root, p));
  const first = (dir) => {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) return null;
    const names = fs.readdirSync(full).filter((n) => fs.existsSync(path.join(full, n, "index.html"))).sort();
    return names.length ? dir + "/" + names[0] + "/index.html" : null;
  };
  const pages = { home: "index.html", periods: "periods/index.html", units: "units/index.html",
                  documents: "documents/index.html", search: "search/index.html" };
  const period = first("periods");
  if (period) {
    pages.dashboard = period;
    const card = first(path.dirname(period) + "/units");
    if (card) pages.scorecard = card;
    const cluster = first(path.dirname(period) + "/clusters");
    if (cluster) pages.cluster = cluster;
  }
  const unit = first("units");
  if (unit) pages.unit = unit;
  const doc = first("documents");
  if (doc) pages.document = doc;
  for (const n of fs.readdirSync(root).sort()) {
    if (["assets", "data", "periods", "units", "documents", "search"].includes(n)) continue;
    if (fs.existsSync(path.join(root, n, "index.html"))) { pages.page = n + "/index.html"; break; }
  }
  for (const [k, v] of Object.entries(pages)) if (!has(v)) fail(`${k}: ${v} was not built`);
  return pages;
}

// Printed to PDF (A4, the page's own print styles): at most `maxPages`
// pages, its charts printed with it, every sheet headed by the organisation
// and footed by the page's address (when it has one) and "n / total", and no
// table row cut by a page break: each row's unit name is read whole on one
// sheet (pdftotext, from poppler). The PDF is kept with the screenshots.
async function printCheck(browser, label, url, maxPages, name, organization) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const bars = await page.evaluate(() =>
    Array.from(document.querySelectorAll("figure.chart svg.bar rect.fill"))
      .filter((r) => r.getBoundingClientRect().width > 0).length);
  const rows = await page.evaluate(() =>
    Array.from(document.querySelectorAll("table.ranking tbody th[scope=row]")).map((th) => th.textContent));
  const address = await page.evaluate(() => (document.querySelector("link[rel=canonical]") || {}).href || "");
  // A scorecard's explanation is a closed <details> on screen: on paper, its every step.
  const steps = await page.evaluate(() =>
    Array.from(document.querySelectorAll("details.explain li")).map((li) => li.textContent));
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await context.close();
  const file = path.join(shots || work, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const squash = (t) => t.replace(/\s+/g, " ").trim();
  const count = Number((execFileSync("pdfinfo", [file], { encoding: "utf8" }).match(/^Pages:\s+(\d+)/m) || [])[1]);
  const sheets = [];
  for (let i = 1; i <= count; i++)
    sheets.push(squash(execFileSync("pdftotext", ["-f", String(i), "-l", String(i), file, "-"], { encoding: "utf8" })));
  checks++;
  if (!(count >= 1 && count <= maxPages)) fail(`${label}: prints on ${count} pages, at most ${maxPages}`);
  if (!bars) fail(`${label}: no chart in print`);
  sheets.forEach((text, i) => {
    if (!text.includes(squash(organization))) fail(`${label}: sheet ${i + 1} has no header naming ${organization}`);
    if (!new RegExp(`(^|\\D)${i + 1} ?/ ?${count}(\\D|$)`).test(text)) fail(`${label}: sheet ${i + 1} has no "${i + 1} / ${count}"`);
    if (address && !text.includes(address)) fail(`${label}: sheet ${i + 1} does not print its address ${address}`);
  });
  for (const row of rows)
    if (!sheets.some((text) => text.includes(squash(row)))) fail(`${label}: the row of ${squash(row)} is cut across sheets`);
  // Each step's last words (a step may wrap across its column).
  for (const step of steps)
    if (!squash(sheets.join(" ")).includes(squash(step).split(" ").slice(-3).join(" ")))
      fail(`${label}: the explanation step "${squash(step)}" is not printed`);
  if (name.startsWith("print-scorecard") && steps.length === 0) fail(`${label}: no explanation`);
  return count;
}

async function check(browser, label, url, allowedOrigin, opts = {}) {
  const context = await browser.newContext({ reducedMotion: "reduce", viewport: { width: 1280, height: 900 },
                                            javaScriptEnabled: !opts.noScript });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (opts.expect404 && m.text().includes("404") && m.location().url === url) return;
    problems.push("console error: " + m.text() + " at " + m.location().url);
  });
  page.on("pageerror", (e) => problems.push("uncaught: " + e.message));
  page.on("dialog", (d) => { problems.push("dialog: " + d.message()); d.dismiss(); });
  page.on("requestfailed", (r) => problems.push("failed request: " + r.url()));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(allowedOrigin) && !u.startsWith("data:")) problems.push("request to another host: " + u);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !(opts.expect404 && r.url() === url)) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(150);
  // Charts are SVG drawn at build time: each must show bars, scripts or not,
  // with an accessible name and a description.
  const charts = await page.evaluate(() =>
    Array.from(document.querySelectorAll("figure.chart")).map((f) => {
      const fills = Array.from(f.querySelectorAll("svg.bar rect.fill"));
      const drawn = fills.filter((r) => r.getBoundingClientRect().width > 0).length;
      const img = f.querySelector("[role=img]");
      const desc = img && document.getElementById(img.getAttribute("aria-describedby") || "");
      return { id: f.id, bars: fills.length, drawn, named: !!(img && img.getAttribute("aria-label")),
               described: !!(desc && desc.textContent.trim()) };
    }));
  for (const c of charts) {
    if (c.bars === 0 || c.drawn === 0) problems.push(`chart #${c.id} draws no bar`);
    if (!c.named || !c.described) problems.push(`chart #${c.id} has no accessible name or description`);
  }
  if (opts.expectCharts && charts.length === 0) problems.push("no chart on a page that should have one");
  if (await page.evaluate(() => document.querySelectorAll("canvas").length)) problems.push("a canvas on the page");
  if (opts.narrow) {
    // Phones from 360 px: nothing may push the page sideways (tables scroll inside their box).
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(100);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) problems.push(`page is ${width}px wide on a 360px screen`);
    // A ranking shows its units' names on a phone, not past the screen's
    // edge; a stacked table (periods) does not scroll at all.
    const phone = await page.evaluate((flat) => {
      const name = document.querySelector(".ranking tbody th a");
      if (name) name.closest(".table-wrap").scrollIntoView();
      const stacked = Array.from(document.querySelectorAll(flat ? ".table-wrap table" : ".table-wrap table.stack"))
        .map((t) => t.parentElement).filter((w) => w.scrollWidth > w.clientWidth + 1).length;
      return { nameLeft: name ? name.getBoundingClientRect().left : null, stacked };
    }, !!opts.flat);
    if (phone.nameLeft !== null && phone.nameLeft > 360 - 120)
      problems.push(`a ranking's first unit name starts at ${phone.nameLeft}px on a 360px screen`);
    if (phone.stacked) problems.push(`${phone.stacked} stacked table(s) scroll sideways on a 360px screen`);
    // On a phone a ranking's unit name, total and grade are what matter: each
    // row shows all three inside the screen, and no ranking scrolls sideways.
    for (const w of [360, 375]) {
      await page.setViewportSize({ width: w, height: 740 });
      await page.waitForTimeout(50);
      const out = await page.evaluate((w) => {
        const bad = [];
        for (const table of document.querySelectorAll("table.ranking")) {
          const wrap = table.closest(".table-wrap");
          if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) bad.push("a ranking scrolls sideways");
          for (const row of Array.from(table.querySelectorAll("tbody tr")).slice(0, 5)) {
            const parts = { name: row.querySelector("th"), total: row.children[4], grade: row.children[5] };
            for (const [what, el] of Object.entries(parts)) {
              if (!el) continue;
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.left < -1 || r.right > w + 1)
                bad.push(`${what} of "${row.querySelector("th").textContent.trim().slice(0, 30)}" at ${Math.round(r.left)}..${Math.round(r.right)}px`);
            }
          }
        }
        return bad.slice(0, 3);
      }, w);
      for (const b of out) problems.push(`${b} on a ${w}px screen`);
    }
  }
  checks++;
  for (const p of problems) fail(`${label}: ${p}`);
  if (shots && opts.shotName) {
    await page.screenshot({ path: path.join(shots, `${opts.shotName}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(shots, `${opts.shotName}-375.png`), fullPage: true });
  }
  await context.close();
}

// Search in a real browser: a query typed without diacritics finds units and
// documents, over HTTP and from disk.
async function searchCheck(browser, label, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console error: " + m.text()); });
  page.on("pageerror", (e) => problems.push("uncaught: " + e.message));
  await page.goto(url, { waitUntil: "load" });
  const results = async (q) => {
    await page.fill("#search-q", q);
    await page.waitForTimeout(50);
    return page.$$eval("#search-results a", (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
  };
  let r = await results("cuc thue");
  if (!r.some((x) => x.text.includes("Cục Thuế"))) problems.push(`"cuc thue" did not find Cục Thuế: ${JSON.stringify(r.slice(0, 3))}`);
  const target = r.find((x) => x.text.includes("Cục Thuế"));
  if (target) {
    const response = await page.goto(target.href);
    if (!(await page.title()).includes("Cục Thuế")) problems.push(`the result link ${target.href} does not open the unit`);
    await page.goBack();
  }
  r = await results("ke hoach kiem tra");
  if (!r.some((x) => x.text.startsWith("Kế hoạch kiểm tra"))) problems.push(`"ke hoach kiem tra" found no plan`);
  r = await results("Đoàn cơ sở Sở");
  if (!r.length || !r[0].text.includes("Đoàn cơ sở Sở")) problems.push(`exact-diacritic match not first: ${r[0] && r[0].text}`);
  r = await results("zzzz khong co");
  if (r.length) problems.push("nonsense query found something");
  checks++;
  for (const p of problems) fail(`${label}: ${p}`);
  await context.close();
}

async function axe(browser, label, url, width = 1280) {
  // axe is injected as a script, which the pages' CSP rightly forbids: this
  // context alone bypasses it. On a phone's width, tables scroll in their box.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // Lighthouse's accessibility score also counts these rules, which axe
    // leaves off by default as experimental.
    const rules = { "table-fake-caption": { enabled: true }, "td-has-header": { enabled: true },
                    "label-content-name-mismatch": { enabled: true } };
    const r = await window.axe.run(document, { resultTypes: ["violations"], rules });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  checks++;
  // Any violation, minor ones too: each one costs Lighthouse's accessibility score.
  for (const v of result)
    fail(`${label}: axe ${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(", ")}`);
  await context.close();
}

// A copy of the content with hostile text in every free-text field: script
// tags, attribute breakouts, "</script>" for the JSON blocks, a control
// character and a right-to-left override; javascript: links in evidence and
// Markdown. The pages built from it must run no script of its making.
const PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)></script><!--\u202E\u0007";
const NOT_TEXT = new Set(["id", "unit", "parent", "cluster", "clusters", "scheme", "period", "status", "compare_to",
  "session", "date", "start", "end", "base_url", "language", "theme", "grade", "kind", "from", "to", "visibility", "published", "units", "sealed",
  "predecessors"]);
function poison(value, key) {
  if (typeof value === "string") return NOT_TEXT.has(key) ? value : value + " " + PAYLOAD;
  if (Array.isArray(value)) return value.map((v) => (key === "evidence" || key === "links" ? v : poison(v, key)));
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "evidence") {
        out[k] = {};
        for (const [c, urls] of Object.entries(v)) out[k][c] = ["javascript:alert(4)", ...[].concat(urls)];
      } else if (k === "scores" || k === "targets" || k === "self_scores" || k === "max" || k === "min" || k === "goal") {
        out[k] = v;
      } else out[k] = poison(v, k);
    }
    return out;
  }
  return value;
}
function hostileCopy(from, to) {
  fs.cpSync(from, to, { recursive: true });
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) { walk(p); continue; }
      if (name.endsWith(".json")) {
        fs.writeFileSync(p, JSON.stringify(poison(JSON.parse(fs.readFileSync(p, "utf8")), ""), null, 1));
      } else if (name.endsWith(".md")) {
        const text = fs.readFileSync(p, "utf8");
        const q = JSON.stringify(PAYLOAD).slice(1, -1);
        const out = text.replace(/^(title|number|place|issuer): (.*)$/gm, (m, k, v) => `${k}: "${v.replace(/"/g, "")} ${q}"`);
        fs.writeFileSync(p, out + "\n\n" + PAYLOAD + "\n\n[bấm vào đây](javascript:alert(5)) <a href=\"javascript:alert(6)\">x</a>\n");
      }
    }
  };
  walk(to);
}


// `thidua serve` started on a folder with errors: every page lists them (in
// the language asked for), a hostile file name stays text, and the save that
// fixes them turns the page into the site.
async function servedProblems(browser) {
  const src = path.join(work, "serve-broken");
  fs.cpSync(contentDir, src, { recursive: true });
  const period = fs.readdirSync(path.join(src, "periods")).sort()[0];
  const bad = path.join(src, "periods", period, "results", "<script>alert(1)<.json");
  fs.mkdirSync(path.dirname(bad), { recursive: true });
  fs.writeFileSync(bad, '{ "results": [ { "unit": "x", } ] }');
  let child, out = "";
  const served = /(http:\/\/127\.0\.0\.1:\d+\S*) \(/;  // "đang phục vụ URL (bấm Ctrl+C…)"
  for (let attempt = 0; attempt < 5 && !served.test(out); attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    child = spawn(binary, ["serve", "--lang", "vi", "--source", src, "--port", String(port)],
                  { stdio: ["ignore", "pipe", "pipe"] });
    out = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { out += d; });
    for (let i = 0; i < 100 && !served.test(out) && child.exitCode === null; i++)
      await new Promise((r) => setTimeout(r, 100));
    if (!served.test(out)) child.kill();
  }
  checks++;
  if (!served.test(out)) { fail("serve on a broken folder did not start: " + out); return; }
  const url = out.match(served)[1];
  const page = await browser.newPage();
  let dialogs = 0;
  page.on("dialog", async (d) => { dialogs++; await d.dismiss(); });
  try {
    const response = await page.goto(url);
    checks++;
    if (response.status() !== 503) fail(`serve's problem page: status ${response.status()}, want 503`);
    const text = await page.textContent("body");
    checks++;
    if (!/vấn đề cần sửa/.test(text)) fail("serve's problem page is not in Vietnamese: " + text.slice(0, 200));
    checks++;
    if (!text.includes("<script>alert(1)<.json")) fail("the hostile file name is not shown as text");
    checks++;
    if (!text.includes("thừa một dấu phẩy")) fail("the problem's message is not on the page");
    checks++;
    if (await page.locator("script:not([src])").count() !== 0 || dialogs) fail("a file name ran as a script");
    // The fix: the page reloads into the site.
    fs.rmSync(bad);
    await page.waitForFunction(() => !document.body.textContent.includes("vấn đề cần sửa"),
                               null, { timeout: 15000 }).catch(() => {});
    const after = await page.textContent("body");
    checks++;
    if (after.includes("vấn đề cần sửa") || !(await page.locator("main").count()))
      fail("the problem page did not turn into the site after the fix");
  } finally {
    await page.close();
    child.kill();
  }
}

async function main() {
  if (shots) fs.mkdirSync(shots, { recursive: true });
  const server = await serve(path.join(work, "http"));
  const port = server.address().port;
  const origin = `http://127.0.0.1:${port}`;
  const build = (out, ...extra) =>
    execFileSync(binary, ["build", "--source", contentDir, "--output", out, "--quiet", ...extra],
                 { stdio: ["ignore", "ignore", "inherit"] });
  build(path.join(work, "http"), "--base-url", origin + subPath);
  build(path.join(work, "disk"));
  build(path.join(work, "intranet"), "--profile", "intranet");
  hostileCopy(contentDir, path.join(work, "hostile-src"));
  execFileSync(binary, ["build", "--source", path.join(work, "hostile-src"), "--output", path.join(work, "http", "hostile"),
                        "--profile", "intranet", "--quiet", "--base-url", origin + subPath + "hostile/"],
               { stdio: ["ignore", "ignore", "pipe"] });

  const browser = await chromium.launch({ executablePath: chromiumPath,
                                          args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    const pages = pickPages(path.join(work, "http"));
    const charted = new Set(["dashboard", "cluster", "scorecard", "unit"]);
    for (const [kind, p] of Object.entries(pages)) {
      // The periods page's table is one block per period on a phone: flat.
      const opts = { expectCharts: charted.has(kind), shotName: kind, narrow: true, flat: kind === "periods" };
      await check(browser, `http ${kind} ${p}`, origin + subPath + p, origin, opts);
      await check(browser, `file ${kind} ${p}`, "file://" + path.join(work, "disk", p), "file://",
                  { expectCharts: charted.has(kind) });
      await check(browser, `file without JavaScript ${kind} ${p}`, "file://" + path.join(work, "disk", p),
                  "file://", { expectCharts: charted.has(kind), noScript: true });
      await axe(browser, `axe ${kind}`, origin + subPath + p);
      await axe(browser, `axe 375px ${kind}`, origin + subPath + p, 375);
    }
    // Handouts: scorecards on one or two A4 sheets
    // (and one from disk, with no address to print); each dashboard, charts and all.
    const organization = JSON.parse(fs.readFileSync(path.join(contentDir, "site.json"), "utf8")).organization;
    const periodIds = fs.readdirSync(path.join(work, "http", "periods"))
      .filter((id) => fs.existsSync(path.join(work, "http", "periods", id, "units"))).sort();
    const newest = periodIds[periodIds.length - 1];
    // The five longest scorecards (by HTML bytes) of the newest period: the
    // ones most likely to run onto a third sheet (printing all 43 takes a minute).
    const cardFile = (id) => path.join(work, "http", "periods", newest, "units", id, "index.html");
    const longest = fs.readdirSync(path.join(work, "http", "periods", newest, "units"))
      .sort((a, b) => fs.statSync(cardFile(b)).size - fs.statSync(cardFile(a)).size || a.localeCompare(b)).slice(0, 5);
    for (const id of longest)
      await printCheck(browser, `print scorecard ${newest}/${id}`, `${origin}${subPath}periods/${newest}/units/${id}/index.html`,
                       2, `print-scorecard-${newest}-${id}`, organization);
    await printCheck(browser, "print scorecard from disk", "file://" + path.join(work, "disk", pages.scorecard), 2,
                     "print-scorecard-disk", organization);
    for (const id of periodIds)
      await printCheck(browser, `print dashboard ${id}`, `${origin}${subPath}periods/${id}/index.html`, 12,
                       `print-dashboard-${id}`, organization);
    await searchCheck(browser, "search over http", origin + subPath + "search/index.html");
    await searchCheck(browser, "search from disk", "file://" + path.join(work, "disk", "search/index.html"));
    // Hostile text: no dialog, no console error (a blocked inline script is one), on every page type.
    const hostilePages = pickPages(path.join(work, "http", "hostile"));
    for (const [kind, p] of Object.entries(hostilePages))
      await check(browser, `hostile ${kind} ${p}`, origin + subPath + "hostile/" + p, origin,
                  { expectCharts: charted.has(kind), shotName: shots ? "hostile-" + kind : "", narrow: true });
    await check(browser, "http 404", origin + subPath + "no/such/page/", origin,
                { expect404: true, shotName: "404" });
    await axe(browser, "axe 404", origin + subPath + "no/such/page/");
    // Drafts exist only in the intranet build: every page of one carries the banner.
    const intranet = path.join(work, "intranet");
    const drafts = fs.readdirSync(path.join(intranet, "periods")).filter((id) => {
      const html = path.join(intranet, "periods", id, "index.html");
      return fs.existsSync(html) && fs.readFileSync(html, "utf8").includes("banner-draft");
    });
    for (const id of drafts) {
      const url = "file://" + path.join(intranet, "periods", id, "index.html");
      await check(browser, `intranet draft ${id}`, url, "file://", { shotName: shots ? "draft" : "" });
    }
    await servedProblems(browser);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`browser: ${checks} checks, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
