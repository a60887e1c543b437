import { a1, sheetRef } from "../format/address";
import type { WorkbookData } from "../host/port";
import { crossYearSources } from "../rules/crossYear";
import { planFor } from "../workbook/operations";
import type { WorkbookPlan } from "../workbook/plan";
import { snapshotFromData } from "../workbook/read";
import { lastYearFromSnapshot, type LastYearReport } from "./carry";
import { importRequest, type ImportResult } from "../import/report";
import { CarryError } from "../errors";

/** 从上年结转 from a published report (text or web page): the importer's tables, read as last year's workbook. Kept apart from carry.ts so the pane loads the importer only when needed. */

/** The cells of a plan as a host would read them back (formulas uncomputed: the snapshot computes its own). */
function dataOfPlan(plan: WorkbookPlan): WorkbookData {
  return {
    sheets: plan.sheets.map((sheet) => ({
      name: sheet.name,
      visible: sheet.visible,
      cells: new Map(sheet.cells.filter((c) => c.content.type !== "blank").map((c) => [a1(c.row, c.col), c.content])),
    })),
    names: plan.names.map((n) => ({ name: n.name, ref: sheetRef(n.sheet, n.row, n.col) })),
  };
}

/** Last year's report from a published text or web page, read by the importer (nianbao import). */
export function lastYearFromImport(result: ImportResult, source: string, assumedYear: number): LastYearReport {
  if (!result.recognised) throw new CarryError(`上年文件 ${source} 中没有找到年报的表格或正文（应为政府信息公开工作年度报告的文本或网页）。`);
  const { plan } = planFor(importRequest(result, { year: result.year ?? assumedYear }), null);
  const report = lastYearFromSnapshot(snapshotFromData(dataOfPlan(plan)), source, (cell) => {
    const at = result.sources.get(cell.id);
    return at ? `报告文本${at.where}` : undefined;
  });
  const wanted = new Set(crossYearSources(report.model).map((c) => c.id));
  const missing = result.missing.filter((m) => m.cellIds.some((id) => report.figures.has(id) === false && wanted.has(id)));
  for (const m of missing) report.notes.push(`上年报告文本中未找到${m.table}“${m.label}”一行。`);
  return { ...report, year: result.year };
}
