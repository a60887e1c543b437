// Where the add-in lives: the pages webpack builds and the URL the manifest points at.
// Shared by webpack.config.js, scripts/validate-manifest.ts and test/unit/manifest.test.ts.
"use strict";

/** The manifest is written against this dev URL; a deployment build swaps in the real one. */
const DEV_URL = "https://localhost:3000/";
const DEV_PORT = 3000;

/** Every HTML page the build emits. Only pages that run inside Office load office.js. */
const PAGES = [
  { name: "taskpane", entry: "./src/taskpane/index.tsx", template: "./src/taskpane/taskpane.html", officeJs: true },
  { name: "commands", entry: "./src/commands/commands.ts", template: "./src/commands/commands.html", officeJs: true },
  { name: "playground", entry: "./src/playground/index.tsx", template: "./src/playground/playground.html", officeJs: false },
];

/**
 * Checks a deployment base URL and returns it with one trailing slash.
 * Office only loads add-in pages over https, so anything else is refused.
 */
function normaliseBaseUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`部署地址无效：${url}（应为 https://主机/路径/）`);
  }
  if (parsed.protocol !== "https:") throw new Error(`部署地址必须使用 https：${url}`);
  if (parsed.search || parsed.hash) throw new Error(`部署地址不能带查询串或锚点：${url}`);
  return parsed.href.endsWith("/") ? parsed.href : `${parsed.href}/`;
}

/** Replaces every occurrence of the dev URL in the manifest text with `baseUrl`. */
function rewriteManifestUrls(manifestXml, baseUrl) {
  return manifestXml.split(DEV_URL).join(normaliseBaseUrl(baseUrl));
}

module.exports = { DEV_URL, DEV_PORT, PAGES, normaliseBaseUrl, rewriteManifestUrls };
