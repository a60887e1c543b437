/// <reference types="office-js" />
import { a1, parseA1 } from "../format/address";
import { META_SHEET, type Merge, type SheetPlan, type ValidationPlan, type WorkbookPlan } from "../workbook/plan";
import type { RawValue } from "../workbook/snapshot";
import { STYLES, type StyleKey } from "../workbook/styles";
import type { CellTarget, SheetData, WorkbookData, WorkbookPort } from "./port";

/**
 * The Office.js host. Every port method is one Excel.run with its context.sync() calls outside
 * any loop: read = 2 (which sheets exist, then their contents), write = 1 after a read,
 * jump = 1, clearHighlight = 1. Application-level settings are never touched.
 */

/** What we need of the global `Excel` namespace; tests pass a fake. */
export interface ExcelApi {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export class CellEditModeError extends Error {
  constructor() {
    super("请先完成单元格编辑（按 Enter 或 Esc 退出编辑状态），然后再试。");
    this.name = "CellEditModeError";
  }
}

const hasCode = (e: unknown, code: string) => typeof e === "object" && e !== null && (e as { code?: string }).code === code;
const isCellEditMode = (e: unknown) => hasCode(e, "InvalidOperationInCellEditMode");

/** Excel.run with a bounded retry while the user is editing a cell. */
export async function excelRun<T>(
  api: ExcelApi,
  batch: (context: Excel.RequestContext) => Promise<T>,
  onWaiting: (message: string) => void = () => undefined,
  attempts = 5,
  delayMs = 800,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.run(batch);
    } catch (e) {
      if (!isCellEditMode(e)) throw e;
      if (attempt >= attempts) throw new CellEditModeError();
      onWaiting("请先完成单元格编辑，正在等待后重试……");
      await new Promise((r) => setTimeout(r, delayMs * attempt));
    }
  }
}

/** Office.js column widths are in points; the plan's are in characters, as in ExcelJS. */
const POINTS_PER_CHAR = 5.6;

function rawFromOffice(value: unknown, formula: unknown, type: string): RawValue {
  if (typeof formula === "string" && formula.startsWith("=")) {
    return { type: "formula", formula, result: rawFromOffice(value, value, type) };
  }
  switch (type) {
    case "Empty":
      return { type: "blank" };
    case "Double":
    case "Integer":
      return { type: "number", value: Number(value) };
    case "Boolean":
      return { type: "boolean", value: Boolean(value) };
    case "Error":
      return { type: "error", value: String(value) };
    default:
      return value === "" || value === null || value === undefined ? { type: "blank" } : { type: "text", value: String(value) };
  }
}

/** What to put in Range.formulas: text keeps its apostrophe so "12" or "=x" stays text. */
function toOffice(content: RawValue): string | number | boolean {
  switch (content.type) {
    case "blank":
      return "";
    case "number":
    case "boolean":
      return content.value;
    case "text":
      return `'${content.value}`;
    case "error":
      return content.value;
    case "formula":
      return content.formula.startsWith("=") ? content.formula : `=${content.formula}`;
  }
}

function validationRule(rule: ValidationPlan): Excel.DataValidationRule {
  if (rule.type === "list") return { list: { inCellDropDown: true, source: (rule.list ?? []).join(",") } };
  const basic: Excel.BasicDataValidation =
    rule.operator === "between"
      ? { formula1: rule.min ?? 0, formula2: rule.max ?? 0, operator: "Between" }
      : { formula1: rule.min ?? 0, operator: "GreaterThanOrEqualTo" };
  return rule.type === "whole" ? { wholeNumber: basic } : { decimal: basic };
}

function bounds(sheet: SheetPlan) {
  let rows = 1;
  let cols = 1;
  for (const c of sheet.cells) {
    rows = Math.max(rows, c.row);
    cols = Math.max(cols, c.col);
  }
  for (const m of sheet.merges) {
    rows = Math.max(rows, m.row + m.rowSpan - 1);
    cols = Math.max(cols, m.col + m.colSpan - 1);
  }
  return { rows, cols };
}

const mergeAddress = (m: Merge) => `${a1(m.row, m.col)}:${a1(m.row + m.rowSpan - 1, m.col + m.colSpan - 1)}`;

/** Group addresses by style so one RangeAreas call formats many cells (chunked: address strings have limits). */
function styleGroups(sheet: SheetPlan): Map<StyleKey, string[][]> {
  const groups = new Map<StyleKey, string[]>();
  const add = (style: StyleKey, address: string) => groups.set(style, [...(groups.get(style) ?? []), address]);
  const mergeAt = new Map(sheet.merges.map((m) => [`${m.row},${m.col}`, m]));
  for (const c of sheet.cells) {
    const m = mergeAt.get(`${c.row},${c.col}`);
    add(c.style, m ? mergeAddress(m) : a1(c.row, c.col));
  }
  const chunked = new Map<StyleKey, string[][]>();
  for (const [style, list] of groups) {
    const chunks: string[][] = [];
    for (let i = 0; i < list.length; i += 60) chunks.push(list.slice(i, i + 60));
    chunked.set(style, chunks);
  }
  return chunked;
}

function queueSheet(ws: Excel.Worksheet, sheet: SheetPlan, extent?: { rows: number; cols: number }) {
  const planned = bounds(sheet);
  // Blank out what an earlier, longer version left behind, on sheets that are wholly ours.
  const rows = sheet.clearBeyond && extent ? Math.max(planned.rows, extent.rows) : planned.rows;
  const cols = sheet.clearBeyond && extent ? Math.max(planned.cols, extent.cols) : planned.cols;
  const area = ws.getRange(`A1:${a1(rows, cols)}`);
  area.unmerge();
  area.dataValidation.clear();
  const grid: (string | number | boolean)[][] = Array.from({ length: rows }, () => Array<string | number | boolean>(cols).fill(""));
  for (const c of sheet.cells) grid[c.row - 1][c.col - 1] = toOffice(c.content);
  area.formulas = grid;
  for (const m of sheet.merges) ws.getRange(mergeAddress(m)).merge(false);
  for (const [style, chunks] of styleGroups(sheet)) {
    const s = STYLES[style];
    for (const chunk of chunks) {
      const target = ws.getRanges(chunk.join(","));
      const f = target.format;
      f.font.name = s.font;
      f.font.size = s.size;
      f.font.bold = s.bold ?? false;
      f.horizontalAlignment = s.align === "left" ? "Left" : s.align === "right" ? "Right" : "Center";
      f.verticalAlignment = "Center";
      f.wrapText = s.wrap;
      if (s.fill) f.fill.color = `#${s.fill}`;
      else f.fill.clear();
      if (s.border) {
        for (const edge of ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal"] as const) {
          f.borders.getItem(edge).style = "Continuous";
        }
      }
      f.protection.locked = s.locked;
    }
  }
  sheet.columnWidths.forEach((w, i) => (ws.getRange(`${a1(1, i + 1)}`).format.columnWidth = w * POINTS_PER_CHAR));
  for (const [row, h] of Object.entries(sheet.rowHeights)) ws.getRange(`A${row}`).format.rowHeight = h;
  // columnHidden on one cell hides its whole column.
  for (const c of sheet.hiddenColumns ?? []) ws.getRange(a1(1, c)).columnHidden = true;
  for (const v of sheet.validations) {
    const dv = ws.getRange(a1(v.row, v.col)).dataValidation;
    dv.rule = validationRule(v.rule);
    dv.ignoreBlanks = true;
    dv.prompt = { showPrompt: true, title: v.rule.promptTitle, message: v.rule.prompt };
    dv.errorAlert = { showAlert: true, style: "Stop", title: v.rule.errorTitle, message: v.rule.error };
  }
  if (sheet.freeze) {
    // freezeAt(A1:A4) would freeze column A as well: rows-only and columns-only panes have their own calls.
    const { rows, cols } = sheet.freeze;
    if (rows > 0 && cols > 0) ws.freezePanes.freezeAt(ws.getRange(`A1:${a1(rows, cols)}`));
    else if (rows > 0) ws.freezePanes.freezeRows(rows);
    else if (cols > 0) ws.freezePanes.freezeColumns(cols);
  }
  if (sheet.print) {
    ws.pageLayout.orientation = sheet.print.landscape ? "Landscape" : "Portrait";
    ws.pageLayout.paperSize = "A4";
    ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    if (sheet.print.titleRows) ws.pageLayout.setPrintTitleRows(`$${sheet.print.titleRows[0]}:$${sheet.print.titleRows[1]}`);
  }
  ws.visibility = sheet.visible ? "Visible" : "VeryHidden";
}

export class OfficeWorkbook implements WorkbookPort {
  /** Learnt by read(): which sheets exist, which are protected, which of our names exist. */
  private known: { sheets: Map<string, boolean>; names: Set<string>; extents: Map<string, { rows: number; cols: number }> } | null = null;
  private highlightTarget: { sheet: string; address: string; id: string } | null = null;

  constructor(
    private readonly api: ExcelApi,
    private readonly onWaiting: (message: string) => void = () => undefined,
  ) {}

  private run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return excelRun(this.api, batch, this.onWaiting);
  }

  async read(sheetNames: string[]): Promise<WorkbookData> {
    return this.run(async (context) => {
      const wb = context.workbook;
      const sheets = wb.worksheets.load("items/name,items/visibility,items/protection/protected");
      const names = wb.names.load("items/name,items/formula");
      await context.sync();
      const present = sheets.items.filter((ws) => sheetNames.includes(ws.name));
      // Values only: stray formatting far down a sheet must not blow up the range (and the 5 MB response limit).
      const used = present.map((ws) => ws.getUsedRangeOrNullObject(true).load("address,values,formulas,valueTypes"));
      await context.sync();
      const extents = new Map<string, { rows: number; cols: number }>();
      present.forEach((ws, i) => {
        const range = used[i];
        if (range.isNullObject) return;
        const last = parseA1(range.address.split("!").pop()!.split(":").pop()!);
        if (last) extents.set(ws.name, { rows: last.row, cols: last.col });
      });
      this.known = {
        sheets: new Map(sheets.items.map((ws) => [ws.name, ws.protection.protected])),
        names: new Set(names.items.map((n) => n.name)),
        extents,
      };
      const data: SheetData[] = present.map((ws, i) => {
        const range = used[i];
        const cells = new Map<string, RawValue>();
        if (!range.isNullObject) {
          const origin = parseA1(range.address.split("!").pop()!.split(":")[0]) ?? { row: 1, col: 1 };
          range.values.forEach((row, r) =>
            row.forEach((value, c) => {
              const raw = rawFromOffice(value, range.formulas[r][c], String(range.valueTypes[r][c]));
              if (raw.type !== "blank") cells.set(a1(origin.row + r, origin.col + c), raw);
            }),
          );
        }
        return { name: ws.name, visible: ws.visibility === "Visible", cells };
      });
      return { sheets: data, names: names.items.map((n) => ({ name: n.name, ref: String(n.formula) })) };
    });
  }

  async write(plan: WorkbookPlan): Promise<void> {
    if (!this.known) await this.read([]);
    const known = this.known!;
    await this.run(async (context) => {
      const wb = context.workbook;
      for (const sheet of plan.sheets) {
        const exists = known.sheets.has(sheet.name);
        const ws = exists ? wb.worksheets.getItem(sheet.name) : wb.worksheets.add(sheet.name);
        if (exists && known.sheets.get(sheet.name)) ws.protection.unprotect();
        queueSheet(ws, sheet, known.extents.get(sheet.name));
      }
      for (const n of plan.names) {
        if (known.names.has(n.name)) wb.names.getItem(n.name).delete();
        wb.names.add(n.name, wb.worksheets.getItem(n.sheet).getRange(a1(n.row, n.col)));
      }
      for (const sheet of plan.sheets) {
        // Protected without a password; formatting stays allowed so the jump highlight can be drawn.
        if (sheet.protect) wb.worksheets.getItem(sheet.name).protection.protect({ allowFormatCells: true, allowFormatColumns: true, allowFormatRows: true });
      }
      wb.worksheets.getItem(plan.sheets.find((s) => s.role === "table")?.name ?? plan.sheets[0].name).activate();
      await context.sync();
    });
    this.known = null;
  }

  async writeCells(sheet: string, cells: { address: string; content: RawValue }[]): Promise<void> {
    // A workbook copied without its hidden meta sheet: the last read() saw it missing, so create it here.
    const missing = this.known !== null && !this.known.sheets.has(sheet);
    await this.run(async (context) => {
      const ws = missing ? context.workbook.worksheets.add(sheet) : context.workbook.worksheets.getItem(sheet);
      for (const c of cells) ws.getRange(c.address).formulas = [[toOffice(c.content)]];
      if (missing && sheet === META_SHEET) ws.visibility = "VeryHidden";
      await context.sync();
    });
    if (missing) this.known?.sheets.set(sheet, false);
  }

  async jump(target: CellTarget): Promise<void> {
    // The caller clears an earlier highlight first (clearHighlight), so a jump stays one round trip.
    await this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(target.sheet);
      ws.activate();
      const address = target.addresses.join(",");
      const areas = ws.getRanges(address);
      areas.select();
      // A conditional format overlays the cells without touching the user's own fill.
      const cf = areas.conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=TRUE";
      cf.custom.format.fill.color = "#FFEB9C";
      cf.custom.format.font.color = "#9C0006";
      cf.load("id");
      await context.sync();
      this.highlightTarget = { sheet: target.sheet, address, id: cf.id };
    });
  }

  async clearHighlight(): Promise<void> {
    const h = this.highlightTarget;
    if (!h) return;
    try {
      await this.run(async (context) => {
        context.workbook.worksheets.getItem(h.sheet).getRanges(h.address).conditionalFormats.getItem(h.id).delete();
        await context.sync();
      });
    } catch (e) {
      // The user already removed the overlay (or its sheet): nothing is left to clear. Anything else
      // (cell edit mode that did not end) keeps the target, so the next call can still clear it.
      if (!hasCode(e, "ItemNotFound")) throw e;
    }
    if (this.highlightTarget === h) this.highlightTarget = null;
  }
}
