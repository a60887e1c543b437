import { formatForYear } from "../../src/format/registry";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx } from "../../test/support/read";
import { validateSnapshot, type ValidationReport } from "../../src/rules/validate";
import { planFor } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import { Corpus, ORG, valuesFor } from "../corpus";
import { median, round, timeRuns, type Bench } from "../harness";

/** What `nianbao validate` does with a file's bytes: read, snapshot, rules. */
export async function validateBuffer(buffer: Buffer): Promise<ValidationReport> {
  return validateSnapshot(snapshotFromData(await readXlsx(buffer, sheetsToRead())));
}

const RUNS = 20;

export const buildWorkbook: Bench = {
  name: "build",
  description: "plan + ExcelJS write to buffer, 2023 with a filled value set (median of 20)",
  async run(log) {
    const model = formatForYear(2023);
    const sets = Array.from({ length: RUNS + 3 }, (_, i) => valuesFor(model, { year: 2023, seed: 500 + i, injection: null }));
    let bytes = 0;
    const times = await timeRuns(RUNS, 3, async (i) => {
      const { plan } = planFor({ year: 2023, orgName: ORG, values: sets[i < 0 ? RUNS - 1 - i : i] }, null);
      bytes = (await planToXlsx(plan)).length;
    });
    log(`build: median ${median(times).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms, ${bytes} bytes`);
    return [{ name: "build_workbook_ms", value: round(median(times)), unit: "ms" }];
  },
};

export const validateWorkbook: Bench = {
  name: "validate",
  description: "readXlsx + snapshotFromData + validateSnapshot of one 2023 .xlsx (median of 20)",
  async run(log) {
    const buffer = await Corpus.built({ year: 2023, seed: 42, injection: "fullWidth" });
    let report: ValidationReport | undefined;
    const times = await timeRuns(RUNS, 3, async () => (report = await validateBuffer(buffer)));
    log(`validate: median ${median(times).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms; ${JSON.stringify(report!.summary)}`);
    return [{ name: "validate_workbook_ms", value: round(median(times)), unit: "ms" }];
  },
};
