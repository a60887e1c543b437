import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../test/support/browser";
import { serveStatic } from "../../test/support/static-server";
import { initialJsGzip, WEB_DIST } from "../../test/support/web";
import { median, round, type Bench } from "../harness";

const ROOT = join(__dirname, "../..");
const RUNS = 3;

function ensureBuilt(log: (line: string) => void) {
  if (existsSync(join(WEB_DIST, "index.html"))) return;
  log("dist/web/ missing: running npm run build");
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
}

/**
 * The browser edition (dist/web/): its initial JS gzipped (index.html's <script> tags; target
 * ≤ 350 KB), and the time to open the real fixture workbook (the 2020 report imported by the CLI)
 * and show 校验's counts in headless Chromium, from choosing the file to the summary (median of 3).
 */
export const webEdition: Bench = {
  name: "web",
  description: "browser edition: initial JS gzipped, and open + validate the real fixture workbook in Chromium (median of 3)",
  async run(log) {
    ensureBuilt(log);
    const { bytes, files } = initialJsGzip();
    log(`web initial JS: ${files.join(", ")}`);
    const work = mkdtempSync(join(tmpdir(), "nianbao-bench-web-"));
    const xlsx = join(work, "yuanzhou-keji-2020.xlsx");
    const made = spawnSync(process.execPath, [join(ROOT, "bin/nianbao.js"), "import", join(ROOT, "test/fixtures/yuanzhou-keji-2020.txt"), "--out", xlsx], {
      encoding: "utf8",
    });
    if (!existsSync(xlsx)) throw new Error(`nianbao import failed: ${made.stderr}`);
    const { url, server } = await serveStatic(WEB_DIST);
    const { context, page } = await launch();
    page.on("dialog", (d) => void d.accept().catch(() => undefined));
    const times: number[] = [];
    try {
      for (let i = 0; i < RUNS + 1; i++) {
        await page.goto(`${url}/index.html?view=validate`);
        await page.evaluate(() => window.localStorage.clear());
        await page.goto(`${url}/index.html?view=validate`);
        await page.getByTestId("welcome").waitFor();
        const started = Date.now();
        await page.getByTestId("open-file").setInputFiles(xlsx);
        await page.getByTestId("summary").waitFor({ timeout: 120_000 });
        if (i > 0) times.push(Date.now() - started); // the first run warms the browser cache
      }
    } finally {
      await context.close();
      server.close();
    }
    log(`web open + validate: ${times.join(", ")} ms`);
    return [
      { name: "web_initial_js_gzip_kb", value: round(bytes / 1024, 1), unit: "KB" },
      { name: "web_open_validate_ms", value: round(median(times)), unit: "ms" },
    ];
  },
};
