import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Bench, Figure } from "../harness";
import { round } from "../harness";
import { officeRoundTrips } from "../office";

const ROOT = join(__dirname, "../..");
const DIST = join(ROOT, "dist");

/** Office.js round trips per pane operation, counted on the strict Excel fake. */
export const officeSyncs: Bench = {
  name: "office",
  tags: ["pane"],
  description: "context.sync() calls per operation through the Office.js host (targets: generate ≤ 3, validate ≤ 2, jump 1)",
  run: () => officeRoundTrips(),
};

/** The initial task-pane JavaScript of the production build, gzipped, office.js excluded (target ≤ 350 KB). */
export const paneBundle: Bench = {
  name: "bundle",
  tags: ["pane"],
  description: "gzipped initial JS of taskpane.html in a production build",
  async run(log): Promise<Figure[]> {
    if (!existsSync(join(DIST, "taskpane.html"))) {
      log("dist/ missing: running npm run build");
      execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
    }
    const html = readFileSync(join(DIST, "taskpane.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/g)].map((m) => m[1]).filter((s) => !s.startsWith("office-js/"));
    const bytes = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(DIST, src)), { level: 9 }).length, 0);
    return [{ name: "taskpane_initial_js_gzip_kb", value: round(bytes / 1024, 1), unit: "KB" }];
  },
};
