import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importReport } from "../../src/import/report";
import { median, round, timeRuns, type Bench } from "../harness";

const RUNS = 20;
const FIXTURES = join(__dirname, "../../test/fixtures");

/** 导入 of a published report, text and HTML (what `nianbao import` and the 导入 tab do before writing). */
export const importReports: Bench = {
  name: "import",
  description: "the real 2020 report's PDF text and a 2019 HTML page with rowspan tables → format model (median of 20)",
  async run(log) {
    const text = readFileSync(join(FIXTURES, "yuanzhou-keji-2020.txt"), "utf8");
    const html = readFileSync(join(FIXTURES, "import", "html-rowspan-2019.html"), "utf8");
    const t = await timeRuns(RUNS, 3, () => importReport(text, "text"));
    const h = await timeRuns(RUNS, 3, () => importReport(html, "html"));
    log(`import: text median ${median(t).toFixed(1)} ms, html median ${median(h).toFixed(1)} ms`);
    return [
      { name: "import_text_ms", value: round(median(t)), unit: "ms" },
      { name: "import_html_ms", value: round(median(h)), unit: "ms" },
    ];
  },
};
