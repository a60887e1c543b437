import { validateSnapshot } from "../../src/rules/validate";
import { loadReal, REAL_REPORTS, realSnapshot } from "../../test/support/real";
import { median, round, timeRuns, type Bench } from "../harness";

const RUNS = 200;

/**
 * Rules alone (table rules, F-1/F-2, N-1, P-1…P-5; no workbook reading) on each real fixture report
 * built from its transcription and its own text. The peer engine takes 0.2–1.5 ms per report.
 */
export const rulesOnly: Bench = {
  name: "rules_only",
  description: "validateSnapshot alone on each of the four real fixture reports (median of 200 each; the worst report is the figure)",
  tags: ["validate"],
  async run(log) {
    const medians: number[] = [];
    for (const r of REAL_REPORTS) {
      const snapshot = realSnapshot(loadReal(r.name));
      let findings = 0;
      const times = await timeRuns(RUNS, 5, () => (findings = validateSnapshot(snapshot).findings.length));
      medians.push(median(times));
      log(`${r.name}: ${snapshot.narrative.length} paragraphs, median ${median(times).toFixed(3)} ms, ${findings} findings`);
    }
    return [
      { name: "rules_only_ms", value: round(Math.max(...medians), 3), unit: "ms" },
      { name: "rules_only_median_ms", value: round(median(medians), 3), unit: "ms" },
    ];
  },
};
