#!/usr/bin/env node
// Checks a production build in dist/ (run `npm run build` first):
//  - every page the build should emit exists, and every <script src> in it exists in dist/;
//  - pages that run in Office load office.js from dist/office-js/, never from a CDN;
//  - no built HTML mentions any http:// or https:// URL (nothing is loaded from outside);
//  - the JavaScript each page loads up front, gzipped and excluding office.js, stays within budget.
// Prints one line per page and exits 1 on any problem.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { PAGES } = require("./addin-urls");

const DIST = path.resolve(process.argv[2] ?? path.join(__dirname, "..", "dist"));
// Gzipped initial JS per page, office.js excluded. The 350 KB target is the task pane's (what Excel
// loads); the playground also carries HyperFormula to stand in for Excel, and is never deployed to users.
const BUDGET_BYTES = { taskpane: 350 * 1024, commands: 350 * 1024, playground: 600 * 1024 };
const OFFICE_JS = "office-js/office.js";

const problems = [];
const fail = (message) => problems.push(message);

for (const page of PAGES) {
  const file = path.join(DIST, `${page.name}.html`);
  if (!fs.existsSync(file)) {
    fail(`${page.name}.html is missing from ${DIST}`);
    continue;
  }
  const html = fs.readFileSync(file, "utf8");
  const external = html.match(/\b(?:https?:)?\/\/[^\s"'<>)]+/g) ?? [];
  for (const url of external) fail(`${page.name}.html refers to an external URL: ${url}`);

  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/g)].map((m) => m[1]);
  for (const src of scripts) if (!fs.existsSync(path.join(DIST, src))) fail(`${page.name}.html loads ${src}, which is not in dist/`);
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

if (!fs.existsSync(path.join(DIST, OFFICE_JS))) fail(`${OFFICE_JS} is missing from dist/`);
if (!fs.existsSync(path.join(DIST, "manifest.xml"))) fail("manifest.xml is missing from dist/");

if (problems.length > 0) {
  for (const problem of problems) console.error(`✗ ${problem}`);
  process.exit(1);
}
console.log("dist OK: office.js served locally, no external URLs in the pages, bundles within budget");
