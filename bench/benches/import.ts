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

/** 导入 of the real WPS PDF (pdf.js text with positions → rows → format model) and of our own .docx export. */
export const importFiles: Bench = {
  name: "import-files",
  description: "the real 2024 WPS PDF (6 pages) and a 2021-format .docx made by our export → format model (median of 5, pdf.js loaded once before)",
  tags: ["import"],
  async run(log) {
    const { readReportFile } = await import("../../src/import/file");
    const { importLines } = await import("../../src/import/report");
    const { reportDocx } = await import("../../src/export/docx");
    const { reportDocument } = await import("../../src/export/report");
    const { filledReport } = await import("../../test/support/reports");
    const pdf = new Uint8Array(readFileSync(join(FIXTURES, "real", "2024-huaian-shi.pdf")));
    const docx = await reportDocx(reportDocument((await filledReport()).snapshot));
    const once = async (bytes: Uint8Array, name: string) => {
      const read = await readReportFile(bytes, name);
      if (!read.ok) throw new Error(read.message);
      return importLines(read.read);
    };
    const p = await timeRuns(5, 1, () => once(pdf, "report.pdf"));
    const d = await timeRuns(5, 1, () => once(docx, "report.docx"));
    log(`import: PDF median ${median(p).toFixed(1)} ms, docx median ${median(d).toFixed(1)} ms`);
    return [
      { name: "import_pdf_ms", value: round(median(p)), unit: "ms" },
      { name: "import_docx_ms", value: round(median(d)), unit: "ms" },
    ];
  },
};
