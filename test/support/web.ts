import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { launch } from "./browser";
import { serveStatic } from "./static-server";

export const WEB_DIST = join(__dirname, "../../dist/web");

/** The built browser edition served from dist/web/ on 127.0.0.1, opened in a fresh headless Chromium. */
export async function openWeb(dist = WEB_DIST) {
  if (!existsSync(join(dist, "index.html"))) throw new Error("dist/web/ 不存在：请先运行 npm run build（npm run test:e2e 会自动构建）");
  const { url, server } = await serveStatic(dist);
  const { context, page, requests } = await launch();
  const close = async () => {
    await context.close();
    server.closeAllConnections();
    server.close();
  };
  return { base: url, server, context, page, requests, close };
}

/** The JavaScript index.html loads before anything else (its <script> tags), gzipped at level 9, in bytes. */
export function initialJsGzip(dist = WEB_DIST): { bytes: number; files: string[] } {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const files = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/g)].map((m) => m[1]);
  return { bytes: files.reduce((sum, src) => sum + gzipSync(readFileSync(join(dist, src)), { level: 9 }).length, 0), files };
}

/** A file as LibreOffice saves it: opened and saved again by `soffice --convert-to xlsx` (which also recalculates). */
export function libreOfficeResave(file: string, outDir: string): string {
  const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-"));
  try {
    const run = spawnSync(
      "soffice",
      [`-env:UserInstallation=file://${profile}`, "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, file],
      { encoding: "utf8", timeout: 240_000 },
    );
    const out = join(outDir, basename(file).replace(/\.[^.]+$/, ".xlsx"));
    if (!existsSync(out)) throw new Error(`soffice --convert-to failed (status ${run.status}): ${run.stderr}`);
    return out;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
