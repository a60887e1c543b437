#!/usr/bin/env node
// `nianbao`: the same CLI however it is started (npx, a node_modules/.bin link, npm link, a global
// install, `node bin/nianbao.js`). It runs build/cli/nianbao.cjs, which `npm ci` builds (the
// `prepare` script); a missing or outdated build (a source edited since) is rebuilt first, and if
// that cannot be done the TypeScript sources run through tsx.
//
// The exit code is set, never forced: node exits once stdout has drained, so output into a pipe
// is complete.
"use strict";
const { readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

// node resolves a symlinked bin to this file's real place, so __dirname is the package's bin/.
const ROOT = join(__dirname, "..");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function fromSources() {
  require("tsx/cjs");
  return require("../src/cli/main.ts");
}

async function loadCli() {
  // NIANBAO_CLI=source runs the TypeScript sources (stack traces point into src/).
  if (process.env.NIANBAO_CLI === "source") return fromSources();
  const { buildCli, CLI_BUNDLE } = require("../scripts/build-cli.js");
  let built = 0;
  try {
    built = statSync(CLI_BUNDLE).mtimeMs;
  } catch {
    // not built yet
  }
  let sources = 0;
  try {
    sources = newestSource(join(ROOT, "src"));
  } catch {
    // an installed copy without sources: the build is all there is
  }
  if (built && built >= sources) return require(CLI_BUNDLE);
  try {
    return require(await buildCli());
  } catch {
    // No esbuild, or a read-only install: run the sources (slower to start, same code).
    return fromSources();
  }
}

// `nianbao … | head` closes the pipe early: stop writing quietly instead of failing with EPIPE.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") throw e;
});

loadCli()
  .then((cli) => cli.main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`错误：年报命令行工具无法启动（${e && e.message ? e.message : e}）。请把此信息反馈给年报维护人员。\n`);
      process.exitCode = 2;
    },
  );
