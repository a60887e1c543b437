#!/usr/bin/env node
// Checks a production build in dist/ (run `npm run build` first):
//  - every page the build should emit exists, and every <script src> in it exists in dist/;
//  - pages that run in Office load office.js first: from dist/office-js/ (the default, local build),
//    or from Microsoft's CDN in a build made with --env officejs=cdn (dist/build.json says which);
//  - no built HTML mentions any other http:// or https:// URL (nothing else is loaded from outside);
//  - a local build serves none of office.js's telemetry (no file names its hosts);
//  - the JavaScript each page loads up front, gzipped and excluding office.js, stays within budget.
// Prints one line per page and exits 1 on any problem.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { PAGES } = require("./addin-urls");
const { CDN_OFFICE_JS, LOCAL_OFFICE_JS, TELEMETRY_FOLDERS, TELEMETRY_HOSTS } = require("./office-js");

const DIST = path.resolve(process.argv[2] ?? path.join(__dirname, "..", "dist"));
// Gzipped initial JS per page, office.js excluded. The 350 KB target is the task pane's (what Excel
// loads); the playground also carries HyperFormula to stand in for Excel, and is never deployed to users.
const BUDGET_BYTES = { taskpane: 350 * 1024, commands: 350 * 1024, playground: 600 * 1024 };
const problems = [];
const fail = (message) => problems.push(message);

let build = { officejs: "local" };
try {
  build = JSON.parse(fs.readFileSync(path.join(DIST, "build.json"), "utf8"));
} catch {
  fail("build.json is missing from dist/ (made by webpack.config.js)");
}
const OFFICE_JS = build.officejs === "cdn" ? CDN_OFFICE_JS : LOCAL_OFFICE_JS;

for (const page of PAGES) {
  const file = path.join(DIST, `${page.name}.html`);
  if (!fs.existsSync(file)) {
    fail(`${page.name}.html is missing from ${DIST}`);
    continue;
  }
  const html = fs.readFileSync(file, "utf8");
  const external = (html.match(/\b(?:https?:)?\/\/[^\s"'<>)]+/g) ?? []).filter((url) => url !== CDN_OFFICE_JS || build.officejs !== "cdn");
  for (const url of external) fail(`${page.name}.html refers to an external URL: ${url}`);

  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/g)].map((m) => m[1]);
  for (const src of scripts) if (src !== CDN_OFFICE_JS && !fs.existsSync(path.join(DIST, src))) fail(`${page.name}.html loads ${src}, which is not in dist/`);
  if (page.officeJs && !scripts.includes(OFFICE_JS)) fail(`${page.name}.html does not load ${OFFICE_JS}`);
  if (!page.officeJs && scripts.includes(OFFICE_JS)) fail(`${page.name}.html should run without Office but loads ${OFFICE_JS}`);
  if (page.officeJs && scripts.indexOf(OFFICE_JS) !== 0) fail(`${page.name}.html must load ${OFFICE_JS} before its bundles`);

  const bundles = scripts.filter((src) => !src.startsWith("office-js/") && fs.existsSync(path.join(DIST, src)));
  const gzipped = bundles.reduce((sum, src) => sum + zlib.gzipSync(fs.readFileSync(path.join(DIST, src)), { level: 9 }).length, 0);
  const raw = bundles.reduce((sum, src) => sum + fs.statSync(path.join(DIST, src)).size, 0);
  const budget = BUDGET_BYTES[page.name] ?? 350 * 1024;
  if (gzipped > budget) fail(`${page.name}: initial JS is ${(gzipped / 1024).toFixed(1)} KB gzipped, over the ${budget / 1024} KB budget`);
  console.log(`${page.name}.html: ${bundles.length} bundle(s), ${(raw / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (excluding office.js)`);
}

if (build.officejs === "cdn") {
  if (fs.existsSync(path.join(DIST, "office-js"))) fail("a CDN build should not serve dist/office-js/");
} else {
  if (!fs.existsSync(path.join(DIST, OFFICE_JS))) fail(`${OFFICE_JS} is missing from dist/`);
  for (const folder of TELEMETRY_FOLDERS)
    if (fs.existsSync(path.join(DIST, "office-js", folder))) fail(`office-js/${folder}/ (office.js's telemetry) should not be served`);
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(DIST, "office-js")).filter((f) => f.endsWith(".js"))) {
    const text = fs.readFileSync(file, "utf8");
    for (const host of TELEMETRY_HOSTS) if (text.includes(host)) fail(`${path.relative(DIST, file)} still names the telemetry host ${host}`);
  }
}
if (!fs.existsSync(path.join(DIST, "manifest.xml"))) fail("manifest.xml is missing from dist/");

// Office 2019 shows add-ins in EdgeHTML 18, which parses ES2017 and no later: a newer construct in any
// of our bundles (a spread in an object literal, ?., ??, a \p{…} regular expression) fails the whole
// file there. Inline scripts in the pages are checked as ES5 (they must run in IE11 to say it is too old).
const acorn = require("acorn");
const ES_TARGET = 2017;
const parseAs = (code, ecmaVersion, where) => {
  try {
    acorn.parse(code, { ecmaVersion, sourceType: "script" });
    return true;
  } catch (e) {
    fail(`${where} does not parse as ES${ecmaVersion === 5 ? 5 : ecmaVersion} (${e.message}): Office 2019's webview would not run it`);
    return false;
  }
};
const ourScripts = fs.readdirSync(DIST, { recursive: true }).filter((f) => typeof f === "string" && f.endsWith(".js") && !f.startsWith("office-js"));
let parsed = 0;
for (const file of ourScripts) if (parseAs(fs.readFileSync(path.join(DIST, file), "utf8"), ES_TARGET, file)) parsed++;
let inline = 0;
for (const page of PAGES) {
  const file = path.join(DIST, `${page.name}.html`);
  if (!fs.existsSync(file)) continue;
  for (const m of fs.readFileSync(file, "utf8").matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
    if (parseAs(m[1], 5, `an inline script in ${page.name}.html`)) inline++;
}
console.log(`${parsed} of ${ourScripts.length} bundle files parse as ES${ES_TARGET} (EdgeHTML 18); ${inline} inline script(s) parse as ES5 (IE11)`);

if (problems.length > 0) {
  for (const problem of problems) console.error(`✗ ${problem}`);
  process.exit(1);
}
console.log(
  `dist OK: office.js ${build.officejs === "cdn" ? "from Microsoft's CDN" : "served locally, without its telemetry"}, no other external URLs in the pages, bundles within budget`,
);
