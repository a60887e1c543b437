import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { checkCorpus, Corpus, corpusSpec } from "../corpus";
import { median, round, rssSampler, type Bench } from "../harness";
import { validateBuffer } from "./single";

const COUNT = 1000;
const CHUNK = 50;
const WARMUP = 50;

async function readAll(buffers: Buffer[]) {
  for (const b of buffers) await new ExcelJS.Workbook().xlsx.load(b as unknown as ArrayBuffer);
}

async function validateAll(buffers: Buffer[], tally: { errors: number; withErrors: number }) {
  for (const b of buffers) {
    const { summary } = await validateBuffer(b);
    tally.errors += summary.errors;
    if (summary.errors > 0) tally.withErrors++;
  }
}

/**
 * 1,000 distinct filled workbooks (2020 and 2023, most with one bad input): ExcelJS load alone vs
 * full validation. The two are measured in alternating chunks (read→validate, then validate→read)
 * after a warm-up of both, so JIT tier-up, GC debt and load from other processes fall on both sides.
 */
export const validate1000: Bench = {
  name: "validate-1000",
  tags: ["validate", "1000"],
  description: "ExcelJS load vs full validation of 1,000 workbooks; overhead ratio; peak RSS",
  async run(log) {
    const corpus = new Corpus();
    const checked = await checkCorpus(corpus);
    let t = performance.now();
    const buffers: Buffer[] = [];
    for (let i = 0; i < COUNT; i++) buffers.push(await corpus.workbook(corpusSpec(i)));
    const distinct = new Set(buffers.map((b) => createHash("sha1").update(b).digest("hex"))).size;
    if (distinct !== COUNT) throw new Error(`only ${distinct} of ${COUNT} workbooks are distinct`);
    const mb = buffers.reduce((n, b) => n + b.length, 0) / 2 ** 20;
    log(
      `validate-1000: corpus of ${COUNT} distinct workbooks (${mb.toFixed(1)} MB) in ${(performance.now() - t).toFixed(0)} ms; ${checked} spot-checked against real builds`,
    );

    const warm = buffers.slice(0, WARMUP);
    await readAll(warm);
    await validateAll(warm, { errors: 0, withErrors: 0 });

    const rss = rssSampler();
    const tally = { errors: 0, withErrors: 0 };
    let readMs = 0;
    let validateMs = 0;
    let readCpu = 0;
    let validateCpu = 0;
    const chunkRatios: number[] = [];
    const timed = async (fn: () => Promise<void>) => {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      const c = process.cpuUsage(cpu);
      return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
    };
    t = performance.now();
    for (let k = 0; k * CHUNK < COUNT; k++) {
      const chunk = buffers.slice(k * CHUNK, (k + 1) * CHUNK);
      const read = () => timed(() => readAll(chunk));
      const validate = () => timed(() => validateAll(chunk, tally));
      let r, v;
      if (k % 2 === 0) {
        r = await read();
        v = await validate();
      } else {
        v = await validate();
        r = await read();
      }
      readMs += r.ms;
      validateMs += v.ms;
      readCpu += r.cpu;
      validateCpu += v.cpu;
      chunkRatios.push(v.ms / r.ms);
      rss.sample();
    }
    const peak = rss.stop();
    const ratio = validateMs / readMs;
    log(`validate-1000: measured in ${((performance.now() - t) / 1000).toFixed(1)} s; ${tally.withErrors} workbooks with 错误 (${tally.errors} in all)`);
    log(
      `validate-1000: per-workbook read ${(readMs / COUNT).toFixed(1)} ms, validate ${(validateMs / COUNT).toFixed(1)} ms; chunk ratios median ${median(chunkRatios).toFixed(3)} [${Math.min(...chunkRatios).toFixed(3)}–${Math.max(...chunkRatios).toFixed(3)}]; CPU-time ratio ${(validateCpu / readCpu).toFixed(3)}`,
    );
    log(`validate-1000: target overhead ≤ 30% — ${ratio <= 1.3 ? "met" : "NOT met"} (${((ratio - 1) * 100).toFixed(1)}%)`);
    return [
      { name: "exceljs_read_1000_ms", value: round(readMs, 0), unit: "ms" },
      { name: "validate_1000_ms", value: round(validateMs, 0), unit: "ms" },
      { name: "validate_overhead_ratio", value: round(ratio, 3), unit: "ratio" },
      { name: "validate_overhead_pct", value: round((ratio - 1) * 100, 1), unit: "%" },
      { name: "memory_rss_peak_mb", value: round(peak / 2 ** 20, 1), unit: "MB" },
    ];
  },
};
