import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Corpus } from "../corpus";
import { median, round, type Bench } from "../harness";

const BIN = join(__dirname, "..", "..", "bin", "nianbao.js");
const RUNS = 11;

/** Wall time of a new node process running `args` to its exit, in ms. */
function wall(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: "ignore", env: { ...process.env, NIANBAO_CLI: "" } });
  if (r.error) throw r.error;
  return performance.now() - t;
}

export const cliColdStart: Bench = {
  name: "cli-cold",
  tags: ["cli", "validate"],
  description: "`nianbao validate report.xlsx` as a new process vs `node -e 0`, interleaved (median of 11 each)",
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-cli-"));
    try {
      const report = join(dir, "report.xlsx");
      writeFileSync(report, await Corpus.built({ year: 2023, seed: 42, injection: "fullWidth" }));
      // Untimed: builds the precompiled CLI if a source is newer, and warms the file cache.
      wall([BIN, "validate", report]);
      wall(["-e", "0"]);
      const node: number[] = [];
      const validate: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        node.push(wall(["-e", "0"]));
        validate.push(wall([BIN, "validate", report]));
      }
      const ratio = median(validate) / median(node);
      log(
        `cli cold start: validate median ${median(validate).toFixed(0)} ms, node -e 0 median ${median(node).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (target ≤ 3)`,
      );
      return [
        { name: "cli_validate_cold_ms", value: round(median(validate)), unit: "ms" },
        { name: "node_cold_ms", value: round(median(node)), unit: "ms" },
        { name: "cli_validate_cold_ratio", value: round(ratio), unit: "x" },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
