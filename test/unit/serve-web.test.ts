import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** `npm start`'s static server for dist/web/: what any intranet web server does, and no more. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serveWeb } = require("../../scripts/serve-web.js") as { serveWeb: (port: number, root: string) => Promise<Server> };

let server: Server;
let base: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), "nianbao-serve-"));
  writeFileSync(join(root, "index.html"), "<!doctype html><title>年报</title>");
  writeFileSync(join(root, "web.0123abcd.js"), "console.log(1)");
  mkdirSync(join(root, "assets"));
  writeFileSync(join(root, "..", "secret.txt"), "outside");
  server = await serveWeb(0, root);
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});

/** A GET with the path sent as written (fetch would resolve the dots first). */
const rawStatus = (path: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request({ host: "localhost", port: (server.address() as AddressInfo).port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("serves the folder: / is index.html (never cached stale), hashed bundles are immutable", async () => {
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toContain("text/html");
  expect(page.headers.get("cache-control")).toBe("no-cache");
  expect(await page.text()).toContain("年报");
  const bundle = await fetch(`${base}/web.0123abcd.js`);
  expect(bundle.headers.get("cache-control")).toContain("immutable");
});

test("nothing outside the folder, and a missing file is a 404", async () => {
  expect(await rawStatus("/../secret.txt")).toBe(404);
  expect(await rawStatus("/%2e%2e/secret.txt")).toBe(404);
  expect(await rawStatus("/assets/..%2f..%2fsecret.txt")).toBe(404);
  expect(await rawStatus("/index.html")).toBe(200);
  expect((await fetch(`${base}/nope.js`)).status).toBe(404);
});
