import { CarryError } from "../errors";
import type { FormatModel } from "../format/layout";
import { FORMAT_IDS, getFormat } from "../format/registry";
import type { ZipCodec } from "../host/zip";
import { lastYearFromWorkbook, type LastYearReport } from "./carry";

/**
 * 从上年结转's input, for the CLI (`build --last-year`) and the pane alike: last year's Nianbao
 * workbook (.xlsx), or the published report (PDF, Word, web page, text) read by the importer (also against this year's
 * provincial variant, when there is one). The reader and the importer load only when needed.
 * A workbook goes through the one bounded reader, whose errors name the file and the limit.
 */
export async function lastYearFromFile(bytes: Uint8Array, name: string, year: number, variant?: FormatModel, codec?: ZipCodec): Promise<LastYearReport> {
  if (/\.xlsx$/i.test(name)) {
    const { readStatutoryWorkbook } = await import(/* webpackChunkName: "reader" */ "../host/statutoryRead");
    return lastYearFromWorkbook(readStatutoryWorkbook(bytes, name, codec), name);
  }
  if (/\.(txt|html?|md|pdf|docx|doc)$/i.test(name)) {
    const [{ readReportFile }, { importLines }, { lastYearFromImport }] = await Promise.all([
      import(/* webpackChunkName: "import" */ "../import/file"),
      import(/* webpackChunkName: "import" */ "../import/report"),
      import(/* webpackChunkName: "import" */ "./carryText"),
    ]);
    const read = await readReportFile(bytes, name);
    if (!read.ok) throw new CarryError(`上年文件 ${name}：${read.message}`);
    const formats = variant && !variant.builtIn ? [variant, ...FORMAT_IDS.map((id) => getFormat(id))] : undefined;
    return lastYearFromImport(importLines(read.read, { formats }), name, year - 1);
  }
  throw new CarryError(`上年文件 ${name} 须为 .xlsx（上年的年报工作簿），或已发布的上年年报（.pdf、.docx、.html、.txt）。`);
}
