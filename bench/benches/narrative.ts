import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getFormat } from "../../src/format/registry";
import { narrativeFindings } from "../../src/narrative/check";
import { draftNarrative } from "../../src/narrative/draft";
import { paragraphOf } from "../../src/narrative/model";
import { renderParagraph } from "../../src/narrative/render";
import { parseReportText } from "../../src/narrative/text";
import { consistentValues, rng } from "../../test/support/generate";
import { snapshotWith } from "../../test/support/narrative";
import { median, round, timeRuns, type Bench } from "../harness";

const RUNS = 50;

export const narrativeCheck: Bench = {
  name: "narrative",
  description: "N-1 + P-1 over one report's 正文 (real report text + the typed-out draft, ~20 paragraphs, last year's text loaded) (median of 50)",
  async run(log) {
    const values: Record<string, number> = {};
    for (const [id, v] of consistentValues(getFormat("2021"), rng(42))) if (v.type === "number") values[id] = v.value;
    const real = parseReportText(
      readFileSync(join(__dirname, "..", "..", "test", "fixtures", "yuanzhou-keji-2020.txt"), "utf8"),
      getFormat("2021").version.sections,
    ).parts;
    const bound = snapshotWith("2021", values);
    const drafted = draftNarrative(bound).map((p) => paragraphOf(p.part, renderParagraph(bound, p)));
    const snapshot = snapshotWith("2021", values, [...real, ...drafted], { lastYearText: real });
    const cold = performance.now();
    let findings = narrativeFindings(snapshot);
    const coldMs = performance.now() - cold;
    const times = await timeRuns(RUNS, 3, () => (findings = narrativeFindings(snapshot)));
    log(
      `narrative: ${snapshot.narrative.length} paragraphs, median ${median(times).toFixed(2)} ms, first call ${coldMs.toFixed(1)} ms; ${findings.length} findings (${findings.map((f) => f.key).join(", ")})`,
    );
    // 起草 and N-1 together, as the pane does them for one report (target: well under 50 ms).
    const both = await timeRuns(RUNS, 3, () => {
      const draft = draftNarrative(bound);
      return narrativeFindings({ ...bound, narrative: [...real, ...draft] });
    });
    log(`draft + check: median ${median(both).toFixed(2)} ms`);
    return [
      { name: "narrative_check_ms", value: round(median(times)), unit: "ms" },
      { name: "narrative_draft_and_check_ms", value: round(median(both)), unit: "ms" },
    ];
  },
};
