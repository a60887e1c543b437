#!/usr/bin/env node
// Serves the browser edition (dist/web/, from `npm run build`) on http://localhost:<port>/, as any
// intranet web server would: static files only, nothing fetched from elsewhere. Used by `npm start`
// (which builds it first); `node scripts/serve-web.js [port]` serves an existing build.
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");

const WEB_PORT = 3001;
const ROOT = path.join(__dirname, "..", "dist", "web");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css",
  ".png": "image/png",
  ".json": "application/json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

function serveWeb(port = WEB_PORT, root = ROOT) {
  const server = http.createServer((req, res) => {
    let file;
    try {
      const rel = path.normalize(decodeURIComponent(new URL(req.url || "/", "http://x").pathname)).replace(/^([/\\])+/, "");
      file = path.join(root, rel);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end("not found");
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    // The page and the service worker are always checked again; the hashed bundles never change.
    const hashed = /\.[0-9a-f]{8}\.js$/.test(file);
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      "cache-control": hashed ? "max-age=31536000, immutable" : "no-cache",
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "localhost", () => resolve(server));
  });
}

module.exports = { WEB_PORT, serveWeb };

if (require.main === module) {
  const port = Number(process.argv[2] || WEB_PORT);
  if (!fs.existsSync(path.join(ROOT, "index.html"))) {
    console.error("年报：dist/web/ 不存在，请先运行 npm run build。");
    process.exit(1);
  }
  serveWeb(port).then(
    () => console.log(`年报网页版：http://localhost:${port}/（按 Ctrl+C 停止）`),
    (e) => {
      console.error(e && e.code === "EADDRINUSE" ? `年报：端口 ${port} 已被占用。` : `年报：无法启动：${e}`);
      process.exit(1);
    },
  );
}
