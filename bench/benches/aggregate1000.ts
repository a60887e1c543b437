import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { Corpus, type CorpusSpec } from "../corpus";
import { round, type Bench } from "../harness";
import { INJECTIONS } from "../../test/support/generate";

const COUNT = 1000;
const FEW = 100;
const ROOT = join(__dirname, "../..");

/** Unit i of the aggregation corpus: all 2023; one in ten has a bad input (so it fails and is left out). */
const unitSpec = (i: number): CorpusSpec => ({ year: 2023, seed: 20_000 + i, injection: i % 10 === 3 ? INJECTIONS[i % INJECTIONS.length] : null });

/**
 * `nianbao aggregate` over 1,000 distinct unit workbooks on disk, run as its own process:
 * wall time and peak RSS (targets ≤ 20 s and ≤ 400 MB on a 2-core machine), and the ratio to
 * ExcelJS merely loading the same files.
 */
export const aggregate1000: Bench = {
  name: "aggregate-1000",
  tags: ["aggregate", "1000"],
  description: "nianbao aggregate of 1,000 unit workbooks: wall time, peak RSS, ratio to ExcelJS bare read",
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-agg-"));
    try {
      const units = join(dir, "units");
      const few = join(dir, "units-100");
      mkdirSync(units);
      mkdirSync(few);
      const corpus = new Corpus();
      let t = performance.now();
      let bytes = 0;
      for (let i = 0; i < COUNT; i++) {
        const buffer = await corpus.workbook(unitSpec(i));
        bytes += buffer.length;
        writeFileSync(join(units, `unit-${String(i).padStart(4, "0")}.xlsx`), buffer);
        if (i < FEW) writeFileSync(join(few, `unit-${String(i).padStart(4, "0")}.xlsx`), buffer);
      }
      log(`aggregate-1000: wrote ${COUNT} unit workbooks (${(bytes / 2 ** 20).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

      const aggregate = (from: string) => {
        const started = performance.now();
        const child = spawnSync(
          process.execPath,
          [require.resolve("tsx/cli"), join(ROOT, "bench", "aggregate-child.ts"), from, join(dir, "total.xlsx"), join(dir, "board.html")],
          { encoding: "utf8", maxBuffer: 64 * 2 ** 20 },
        );
        const processMs = performance.now() - started;
        const line = /CHILD (\{.*\})/.exec(child.stderr ?? "");
        if (!line) throw new Error(`aggregate failed: ${child.stderr}`);
        const stats = JSON.parse(line[1]) as { code: number; ms: number; cpuMs: number; maxRssKB: number };
        return { processMs, stats, out: JSON.parse(child.stdout) as { included: number; units: { status: string }[] } };
      };
      // Memory must not grow with the number of units: the same command over 100 of them first.
      const small = aggregate(few);
      const { processMs, stats, out } = aggregate(units);
      log(
        `aggregate-1000: peak RSS over ${FEW} units ${(small.stats.maxRssKB / 1024).toFixed(0)} MB, over ${COUNT} units ${(stats.maxRssKB / 1024).toFixed(0)} MB`,
      );
      const excluded = out.units.filter((u) => u.status !== "included").length;
      log(
        `aggregate-1000: ${out.included} units summed, ${excluded} left out (bad input); command ${(stats.ms / 1000).toFixed(1)} s (CPU ${(stats.cpuMs / 1000).toFixed(1)} s), process incl. start-up ${(processMs / 1000).toFixed(1)} s, peak RSS ${(stats.maxRssKB / 1024).toFixed(0)} MB`,
      );

      // ExcelJS merely loading the same files (no validation, no sums), read from disk the same way.
      t = performance.now();
      const cpu = process.cpuUsage();
      for (const f of readdirSync(units)) await new ExcelJS.Workbook().xlsx.load(readFileSync(join(units, f)) as unknown as ArrayBuffer);
      const excelMs = performance.now() - t;
      const excelCpu = process.cpuUsage(cpu);
      const excelCpuMs = (excelCpu.user + excelCpu.system) / 1000;
      const ratio = stats.ms / excelMs;
      log(
        `aggregate-1000: ExcelJS bare read of the same ${COUNT} files ${(excelMs / 1000).toFixed(1)} s (CPU ${(excelCpuMs / 1000).toFixed(1)} s); aggregate/ExcelJS ratio ${ratio.toFixed(3)} wall, ${(stats.cpuMs / excelCpuMs).toFixed(3)} CPU`,
      );
      log(`aggregate-1000: targets ≤ 20 s ${stats.ms <= 20_000 ? "met" : "NOT met"}, ≤ 400 MB ${stats.maxRssKB / 1024 <= 400 ? "met" : "NOT met"}`);
      return [
        { name: "aggregate_1000_ms", value: round(stats.ms, 0), unit: "ms" },
        { name: "aggregate_1000_cpu_ms", value: round(stats.cpuMs, 0), unit: "ms" },
        { name: "aggregate_1000_process_ms", value: round(processMs, 0), unit: "ms" },
        { name: "aggregate_1000_rss_peak_mb", value: round(stats.maxRssKB / 1024, 1), unit: "MB" },
        { name: "aggregate_100_rss_peak_mb", value: round(small.stats.maxRssKB / 1024, 1), unit: "MB" },
        { name: "exceljs_read_1000_files_ms", value: round(excelMs, 0), unit: "ms" },
        { name: "aggregate_vs_exceljs_read_ratio", value: round(ratio, 3), unit: "ratio" },
        { name: "aggregate_vs_exceljs_read_cpu_ratio", value: round(stats.cpuMs / excelCpuMs, 3), unit: "ratio" },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
