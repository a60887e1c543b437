import { forgetParsedParagraphs } from "../../src/narrative/check";
import { validateSnapshot } from "../../src/rules/validate";
import { loadReal, REAL_REPORTS, realSnapshot } from "../../test/support/real";
import { median, round, timeRuns, type Bench } from "../harness";

const RUNS = 200;

/**
 * Rules alone (table rules, F-1/F-2/F-3, N-1, P-1…P-5; no workbook reading) on each real fixture
 * report built from its transcription and its own text. The peer engine takes 0.2–1.5 ms per report.
 *
 * Warm is what the pane does after each edit: the 正文's readings are kept while its text is
 * unchanged. Cold reads every paragraph afresh (a report validated once, as the CLI does).
 */
export const rulesOnly: Bench = {
  name: "rules_only",
  description: "validateSnapshot alone on each of the four real fixture reports (median of 200 each; the worst report is the figure), warm and cold",
  tags: ["validate"],
  async run(log) {
    const warm: number[] = [];
    const cold: number[] = [];
    for (const r of REAL_REPORTS) {
      const snapshot = realSnapshot(loadReal(r.name));
      let findings = 0;
      const w = median(await timeRuns(RUNS, 5, () => (findings = validateSnapshot(snapshot).findings.length)));
      const c = median(
        await timeRuns(RUNS, 5, () => {
          forgetParsedParagraphs(snapshot.model);
          validateSnapshot(snapshot);
        }),
      );
      warm.push(w);
      cold.push(c);
      log(`${r.name}: ${snapshot.narrative.length} paragraphs, ${findings} findings, median ${w.toFixed(3)} ms warm, ${c.toFixed(3)} ms cold`);
    }
    return [
      { name: "rules_only_ms", value: round(Math.max(...warm), 3), unit: "ms" },
      { name: "rules_only_median_ms", value: round(median(warm), 3), unit: "ms" },
      { name: "rules_only_cold_ms", value: round(Math.max(...cold), 3), unit: "ms" },
    ];
  },
};
