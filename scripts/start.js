#!/usr/bin/env node
// `npm start` / `npm run stop`.
//
// Windows and macOS: sideload into desktop Excel with office-addin-debugging, as the official
// template does (it runs `npm run dev-server` and opens Excel with manifest.xml). It is run through
// `npx` rather than kept in devDependencies: its current releases pull in the Microsoft 365 Agents
// Toolkit CLI, whose native `keytar` module cannot be built on the offline Linux machines that run
// our tests, and on those machines there is no Excel to sideload into anyway.
//
// Linux: no Excel, so start webpack-dev-server with the add-in pages and the playground and print
// their URLs. It serves https when office-addin-dev-certs certificates are already in
// ~/.office-addin-dev-certs, otherwise plain http on localhost (see scripts/dev-certs.js).
// `npm start -- --http` forces plain http. It also builds the browser edition (dist/web/, rebuilt
// on every change) and serves it on http://localhost:3001/ (`npm start -- --web`: that alone).
"use strict";
const { spawn } = require("child_process");
const path = require("path");
const { DEV_PORT } = require("./addin-urls");

const ROOT = path.join(__dirname, "..");
const OFFICE_ADDIN_DEBUGGING = "office-addin-debugging@6";
const args = process.argv.slice(2);
const stopping = args.includes("--stop");

function runOfficeAddinDebugging() {
  const command = stopping
    ? ["stop", "manifest.xml"]
    : ["start", "manifest.xml", "--app", "excel", "--dev-server", "npm run dev-server", "--dev-server-port", String(DEV_PORT)];
  const child = spawn("npx", ["--yes", OFFICE_ADDIN_DEBUGGING, ...command], { cwd: ROOT, stdio: "inherit", shell: process.platform === "win32" });
  child.on("exit", (code) => process.exit(code ?? 1));
}

async function startDevServer() {
  if (args.includes("--http")) process.env.NIANBAO_DEV_HTTP = "1";
  const webpack = require("webpack");
  const WebpackDevServer = require("webpack-dev-server");
  const makeConfig = require("../webpack.config.js");
  const transport = await require("./dev-certs").devServerTransport();
  const config = await makeConfig({ WEBPACK_SERVE: true, transport }, { mode: "development" });
  const protocol = transport.type;
  const base = `${protocol}://localhost:${DEV_PORT}/`;

  const compiler = webpack(config);
  const server = new WebpackDevServer(config.devServer, compiler);
  compiler.hooks.done.tap("nianbao-start", (stats) => {
    if (stats.hasErrors()) console.error("年报：编译失败，见上方错误。");
    else console.log(`年报：编译完成 (${stats.endTime - stats.startTime} ms)，可打开 ${base}playground.html`);
  });
  try {
    await server.start();
  } catch (error) {
    const inUse = error && error.code === "EADDRINUSE";
    console.error(inUse ? `年报：端口 ${DEV_PORT} 已被占用（manifest.xml 指向此端口），请先停止占用它的进程。` : `年报：开发服务器无法启动：${error}`);
    process.exit(1);
  }
  console.log(
    [
      "",
      `年报开发服务器（${process.platform}，无 Excel 可旁加载）：${protocol.toUpperCase()} — ${transport.reason}`,
      `  任务窗格  ${base}taskpane.html`,
      `  校验视图  ${base}taskpane.html?view=validate`,
      `  演示页面  ${base}playground.html`,
      `  清单      ${base}manifest.xml`,
      "按 Ctrl+C 停止。",
      "",
    ].join("\n"),
  );
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      server.stop().finally(() => process.exit(0));
    });
  }
}

/** The browser edition: built into dist/web/ (again on each change) and served as a static folder. */
async function startWebEdition() {
  const webpack = require("webpack");
  const makeConfig = require("../webpack.config.js");
  const { WEB_PORT, serveWeb } = require("./serve-web");
  const config = await makeConfig({ only: "web" }, { mode: "production" });
  let announced = false;
  const url = `http://localhost:${WEB_PORT}/`;
  webpack(config).watch({ aggregateTimeout: 300 }, (error, stats) => {
    if (error || stats.hasErrors()) {
      console.error(`年报网页版：编译失败。${error ? error.message : stats.toString("errors-only")}`);
      return;
    }
    if (announced) {
      console.log(`年报网页版：已重新编译，刷新 ${url} 即可。`);
      return;
    }
    announced = true;
    serveWeb(WEB_PORT).then(
      () => console.log(`\n年报网页版（无需 Excel，可离线使用）：${url}\n`),
      (e) => console.error(e && e.code === "EADDRINUSE" ? `年报网页版：端口 ${WEB_PORT} 已被占用，请先停止占用它的进程。` : `年报网页版：无法启动：${e}`),
    );
  });
}

if (args.includes("--web")) startWebEdition();
else if (process.platform === "win32" || process.platform === "darwin") runOfficeAddinDebugging();
else if (stopping) console.log("年报：Linux 上没有旁加载的 Excel；开发服务器用 Ctrl+C 停止。");
else {
  startDevServer();
  startWebEdition();
}
