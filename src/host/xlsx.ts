import ExcelJS from "exceljs";
import { a1, columnLetters, sheetRef } from "../format/address";
import type { Merge, PlannedCell, SheetPlan, ValidationPlan, WorkbookPlan } from "../workbook/plan";
import type { RawValue } from "../workbook/snapshot";
import { STYLES, type StyleKey } from "../workbook/styles";
import type { SheetData, SheetProbe, WorkbookData } from "./port";

/** The .xlsx file host used by the CLI: ExcelJS in, ExcelJS out. */

const thin = { style: "thin" as const, color: { argb: "FF000000" } };

function applyStyle(cell: ExcelJS.Cell, key: StyleKey) {
  const s = STYLES[key];
  cell.font = { name: s.font, size: s.size, bold: s.bold ?? false };
  cell.alignment = { horizontal: s.align, vertical: "middle", wrapText: s.wrap };
  if (s.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${s.fill}` } };
  if (s.border) cell.border = { top: thin, left: thin, bottom: thin, right: thin };
  cell.protection = { locked: s.locked };
  if (s.numberFormat) cell.numFmt = s.numberFormat;
}

/**
 * Functions added after Excel 2007 are stored with an _xlfn. prefix in .xlsx; without it Excel
 * and LibreOffice do not recognise them (#NAME?). Only text outside string literals is touched.
 */
const outsideStrings = (f: string, edit: (s: string) => string) =>
  f
    .split('"')
    .map((part, i) => (i % 2 === 0 ? edit(part) : part))
    .join('"');
const toFileFormula = (f: string) => outsideStrings(f.replace(/^=/, ""), (s) => s.replace(/(^|[^\w.])(ISFORMULA)\(/gi, "$1_xlfn.$2("));
export const fromFileFormula = (f: string) => outsideStrings(f, (s) => s.replace(/_xlfn\./gi, ""));

function toExcelValue(content: RawValue): ExcelJS.CellValue {
  switch (content.type) {
    case "blank":
      return null;
    case "number":
    case "text":
    case "boolean":
      return content.value;
    case "error":
      return { error: content.value as ExcelJS.CellErrorValue["error"] };
    case "formula": {
      // Keep a known cached result (e.g. a formula the user typed into an input cell), so the file reads the same before a recalculation.
      const r = content.result;
      const result = r.type === "number" || r.type === "text" || r.type === "boolean" ? r.value : undefined;
      return { formula: toFileFormula(content.formula), result, date1904: false };
    }
  }
}

function toDataValidation(rule: ValidationPlan): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showInputMessage: true,
    promptTitle: rule.promptTitle,
    prompt: rule.prompt,
    showErrorMessage: true,
    errorStyle: "stop" as const,
    errorTitle: rule.errorTitle,
    error: rule.error,
  };
  if (rule.type === "list") return { ...common, type: "list", formulae: [`"${(rule.list ?? []).join(",")}"`] };
  if (rule.operator === "between") return { ...common, type: rule.type, operator: "between", formulae: [rule.min ?? 0, rule.max ?? 0] };
  return { ...common, type: rule.type, operator: "greaterThanOrEqual", formulae: [rule.min ?? 0] };
}

function mergeRange(m: Merge): string {
  return `${a1(m.row, m.col)}:${a1(m.row + m.rowSpan - 1, m.col + m.colSpan - 1)}`;
}

async function writeSheet(ws: ExcelJS.Worksheet, sheet: SheetPlan) {
  sheet.columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const c of sheet.hiddenColumns ?? []) ws.getColumn(c).hidden = true;
  for (const [row, h] of Object.entries(sheet.rowHeights)) ws.getRow(Number(row)).height = h;
  for (const m of sheet.merges) ws.mergeCells(mergeRange(m));
  // Style every cell of a merge so borders print round the whole block.
  for (const m of sheet.merges) {
    const top = sheet.cells.find((c) => c.row === m.row && c.col === m.col);
    if (!top) continue;
    for (let r = m.row; r < m.row + m.rowSpan; r++) for (let c = m.col; c < m.col + m.colSpan; c++) applyStyle(ws.getCell(r, c), top.style);
  }
  for (const c of sheet.cells) writeCell(ws, c);
  for (const v of sheet.validations) ws.getCell(v.row, v.col).dataValidation = toDataValidation(v.rule);
  if (sheet.mode === "patch") {
    if (sheet.protect) await ws.protect("", PROTECTION);
    return;
  }
  if (sheet.freeze) ws.views = [{ state: "frozen", xSplit: sheet.freeze.cols, ySplit: sheet.freeze.rows }];
  if (sheet.print) {
    ws.pageSetup = {
      paperSize: 9,
      orientation: sheet.print.landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: sheet.print.titleRows ? `${sheet.print.titleRows[0]}:${sheet.print.titleRows[1]}` : undefined,
    };
  }
  if (!sheet.visible) ws.state = "veryHidden";
  // Protected without a password: users can still unprotect from the Review tab.
  if (sheet.protect) await ws.protect("", PROTECTION);
}

const PROTECTION = { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true };

const noteText = (note: ExcelJS.Comment | string | undefined): string | undefined => {
  if (note === undefined || typeof note === "string") return note;
  const texts = (note as { texts?: { text: string }[] }).texts;
  return texts ? texts.map((t) => t.text).join("") : undefined;
};

function writeCell(ws: ExcelJS.Worksheet, c: PlannedCell) {
  const cell = ws.getCell(c.row, c.col);
  cell.value = toExcelValue(c.content);
  applyStyle(cell, c.style);
  if (c.note) cell.note = c.note;
  else if (c.dropNote && noteText(cell.note) === c.dropNote) cell.note = undefined as unknown as string;
}

/** A fresh ExcelJS workbook, as Nianbao creates one. */
export function emptyWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "年报 Nianbao";
  return wb;
}

/**
 * Write a plan into an ExcelJS workbook in place: sheets planned as patches keep everything but
 * the cells the plan lists; other planned sheets are laid out afresh where they stood among the
 * tabs; sheets outside the plan are not touched.
 */
export async function writePlan(wb: ExcelJS.Workbook, plan: WorkbookPlan): Promise<void> {
  wb.calcProperties.fullCalcOnLoad = true;
  for (const r of plan.renames ?? []) renameSheet(wb, r.from, r.to);
  for (const sheet of plan.sheets) {
    const existing = wb.getWorksheet(sheet.name);
    if (existing && sheet.mode === "patch") {
      await writeSheet(existing, sheet);
      continue;
    }
    let ws: ExcelJS.Worksheet;
    if (existing) {
      // Laid out afresh in the same place among the tabs.
      const order = (existing as unknown as { orderNo: number }).orderNo;
      wb.removeWorksheet(existing.id);
      ws = wb.addWorksheet(sheet.name);
      (ws as unknown as { orderNo: number }).orderNo = order;
    } else ws = wb.addWorksheet(sheet.name);
    await writeSheet(ws, sheet);
  }
  if (plan.names.length) {
    // ExcelJS keeps each name as a matrix of cells; dropping ours from it is far cheaper than rebuilding the whole model.
    const matrices = (wb.definedNames as unknown as { matrixMap: Record<string, unknown> }).matrixMap;
    const ours = new Set(plan.names.map((n) => n.name.toLowerCase()));
    for (const name of Object.keys(matrices)) if (ours.has(name.toLowerCase())) delete matrices[name];
    for (const n of plan.names) wb.definedNames.add(sheetRef(n.sheet, n.row, n.col), n.name);
  }
}

/** Set cells of one sheet (added when missing). */
export function writeCellValues(wb: ExcelJS.Workbook, sheet: string, cells: { address: string; content: RawValue }[]): void {
  const ws = wb.getWorksheet(sheet) ?? wb.addWorksheet(sheet);
  for (const c of cells) ws.getCell(c.address).value = toExcelValue(c.content);
}

/** Rename a sheet and the defined names that refer to it (ExcelJS does not follow them itself). */
function renameSheet(wb: ExcelJS.Workbook, from: string, to: string) {
  const ws = wb.getWorksheet(from);
  if (!ws) return;
  ws.name = to;
  const bare = (n: string) => n.replace(/^'|'$/g, "").replace(/''/g, "'");
  wb.definedNames.model = wb.definedNames.model.map((n) => ({
    ...n,
    ranges: n.ranges.map((r) => {
      const i = r.lastIndexOf("!");
      return i > 0 && bare(r.slice(0, i)) === from ? `'${to.replace(/'/g, "''")}'${r.slice(i)}` : r;
    }),
  }));
}

export async function planToWorkbook(plan: WorkbookPlan): Promise<ExcelJS.Workbook> {
  const wb = emptyWorkbook();
  await writePlan(wb, plan);
  return wb;
}

/**
 * Sheets outside the plan (the user's own, an earlier 原格式数据…) added after the planned ones, so a
 * save loses nothing: the values and formulas as they now stand, and, where the opened file had the
 * sheet, its column widths, row heights, merges, cell formats, validation, page setup and visibility.
 */
export async function addKeptSheets(wb: ExcelJS.Workbook, sheets: SheetData[], source: ArrayBuffer | null): Promise<void> {
  if (!sheets.length) return;
  const original = source ? new ExcelJS.Workbook() : null;
  if (original && source) await original.xlsx.load(source);
  for (const sheet of sheets) {
    const from = original?.getWorksheet(sheet.name);
    const ws = wb.addWorksheet(sheet.name);
    if (from) {
      from.columns?.forEach((col, i) => {
        if (col.width) ws.getColumn(i + 1).width = col.width;
        if (col.hidden) ws.getColumn(i + 1).hidden = true;
      });
      from.eachRow({ includeEmpty: true }, (row, r) => {
        if (row.height) ws.getRow(r).height = row.height;
        if (row.hidden) ws.getRow(r).hidden = true;
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          ws.getCell(r, c).style = JSON.parse(JSON.stringify(cell.style)) as Partial<ExcelJS.Style>;
          if (cell.dataValidation) ws.getCell(r, c).dataValidation = cell.dataValidation;
          if (cell.note) ws.getCell(r, c).note = cell.note;
        });
      });
      for (const range of (from.model as { merges?: string[] }).merges ?? []) ws.mergeCells(range);
      ws.pageSetup = { ...from.pageSetup };
      ws.views = (from.views ?? []).map((v) => ({ ...v }));
      ws.state = from.state;
    } else if (!sheet.visible) ws.state = "hidden";
    for (const [address, raw] of sheet.cells) ws.getCell(address).value = toExcelValue(raw);
  }
}

export async function planToXlsx(plan: WorkbookPlan): Promise<Buffer> {
  return Buffer.from(await (await planToWorkbook(plan)).xlsx.writeBuffer());
}

function rawFromExcel(value: ExcelJS.CellValue): RawValue {
  if (value === null || value === undefined) return { type: "blank" };
  if (typeof value === "number") return { type: "number", value };
  if (typeof value === "string") return value === "" ? { type: "blank" } : { type: "text", value };
  if (typeof value === "boolean") return { type: "boolean", value };
  if (value instanceof Date) {
    // Excel stores dates as serial numbers; that is what a formula sees.
    return { type: "number", value: value.getTime() / 86400000 + 25569 };
  }
  if (typeof value === "object") {
    if ("error" in value) return { type: "error", value: String(value.error) };
    if ("richText" in value) return { type: "text", value: value.richText.map((r) => r.text).join("") };
    if ("formula" in value || "sharedFormula" in value) {
      const f = ("formula" in value && value.formula) || ("sharedFormula" in value ? `__shared:${value.sharedFormula}` : "");
      const result = "result" in value && value.result !== undefined ? rawFromExcel(value.result) : { type: "blank" as const };
      return { type: "formula", formula: `=${fromFileFormula(f)}`, result };
    }
    // A hyperlink's text may itself be rich text.
    if ("text" in value) return typeof value.text === "object" && value.text !== null ? rawFromExcel(value.text) : { type: "text", value: String(value.text) };
  }
  return { type: "text", value: String(value) };
}

/** Turn an ExcelJS workbook into the port's data, reading only the sheets asked for. */
export function workbookToData(wb: ExcelJS.Workbook, sheetNames?: string[]): WorkbookData {
  const wanted = sheetNames ? new Set(sheetNames) : null;
  const sheets: SheetData[] = [];
  wb.eachSheet((ws) => {
    if (wanted && !wanted.has(ws.name)) return;
    const cells = new Map<string, RawValue>();
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master !== cell) return;
        let raw = rawFromExcel(cell.value);
        if (raw.type === "formula" && raw.formula.startsWith("=__shared:")) {
          // Shared formulas: ExcelJS translates them for us.
          raw = { type: "formula", formula: `=${fromFileFormula(cell.formula ?? "")}`, result: raw.result };
        }
        // cell.value drops falsy cached results (0, FALSE, ""); cell.result keeps them.
        if (raw.type === "formula" && raw.result.type === "blank" && cell.result !== undefined && cell.result !== null) {
          raw = { ...raw, result: rawFromExcel(cell.result) };
        }
        cells.set(`${columnLetters(c)}${r}`, raw);
      });
    });
    sheets.push({ name: ws.name, visible: ws.state === "visible" || ws.state === undefined, cells });
  });
  const names: WorkbookData["names"] = [];
  for (const entry of wb.definedNames.model) {
    if (entry.ranges.length === 1) names.push({ name: entry.name, ref: entry.ranges[0] });
  }
  // The other sheets' first cells, to recognise a statutory sheet the user renamed.
  const others: SheetProbe[] = [];
  wb.eachSheet((ws) => {
    if (!wanted || wanted.has(ws.name)) return;
    const texts: string[] = [];
    for (let r = 1; r <= 5; r++)
      for (let c = 1; c <= 3; c++) {
        const raw = rawFromExcel(ws.getCell(r, c).value);
        const t = raw.type === "formula" ? (raw.result.type === "text" ? raw.result.value : "") : raw.type === "text" ? raw.value : "";
        if (t) texts.push(t);
      }
    others.push({ name: ws.name, visible: ws.state === "visible" || ws.state === undefined, texts });
  });
  return { sheets, names, others, order: wb.worksheets.map((ws) => ws.name) };
}
