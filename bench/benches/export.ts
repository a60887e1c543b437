import { reportDocx } from "../../src/export/docx";
import { reportHtml } from "../../src/export/html";
import { reportDocument } from "../../src/export/report";
import { readXlsx } from "../../test/support/read";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import { Corpus } from "../corpus";
import { median, round, timeRuns, type Bench } from "../harness";

const RUNS = 20;

/** One report exported from its snapshot (what `nianbao export` and the 导出 tab do after reading the workbook). */
export const exportReport: Bench = {
  name: "export",
  description: "one 2023 report: snapshot → .docx bytes and → HTML page (median of 20)",
  async run(log) {
    const buffer = await Corpus.built({ year: 2023, seed: 42, injection: null });
    const snapshot = snapshotFromData(await readXlsx(buffer, sheetsToRead()));
    let docxBytes = 0;
    let htmlChars = 0;
    const docx = await timeRuns(RUNS, 3, async () => (docxBytes = (await reportDocx(reportDocument(snapshot))).length));
    const html = await timeRuns(RUNS, 3, () => (htmlChars = reportHtml(reportDocument(snapshot)).length));
    log(`export: docx median ${median(docx).toFixed(1)} ms (${docxBytes} bytes), html median ${median(html).toFixed(2)} ms (${htmlChars} chars)`);
    return [
      { name: "export_docx_ms", value: round(median(docx)), unit: "ms" },
      { name: "export_html_ms", value: round(median(html)), unit: "ms" },
    ];
  },
};
