/// <reference types="office-js" />
import { a1, parseA1 } from "../format/address";
import { CARRIED_NOTE, META_SHEET, type Merge, type PlannedCell, type SheetPlan, type ValidationPlan, type WorkbookPlan } from "../workbook/plan";
import { scalarText, type RawValue } from "../workbook/snapshot";
import { STYLES, type StyleKey, type StyleSpec } from "../workbook/styles";
import { ALL_FEATURES, type ExcelFeatures } from "./capabilities";
import type { CellTarget, SheetData, WorkbookData, WorkbookPort } from "./port";

/**
 * The Office.js host. Every port method is one Excel.run with its context.sync() calls outside any
 * loop: read = 2 (which sheets exist, then their contents); write = 3 (what the workbook holds now,
 * its contents, then the writing; 4 with comments); jump = 1; clearHighlight = 3, or 4 when it looks
 * for overlays an earlier pane left. Members above ExcelApi 1.7 are used only where `features` has them
 * (test/unit/office-contract.test.ts checks each one against the office.js we ship).
 * Application-level settings are never touched.
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

/** A write Excel refused part-way, after what was undone (Office.js never rolls a batch back). */
export class WriteFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WriteFailedError";
  }
}

const hasCode = (e: unknown, code: string) => typeof e === "object" && e !== null && (e as { code?: string }).code === code;
const isCellEditMode = (e: unknown) => hasCode(e, "InvalidOperationInCellEditMode");
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Excel.run with a bounded retry while the user is editing a cell. */
async function excelRun<T>(
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
/** Excel refuses a taller row. */
const MAX_ROW_HEIGHT = 409;

/**
 * The jump highlight: a conditional format (so the user's own fill is never touched) whose formula
 * marks it as ours, so a pane started later finds and removes one a closed pane left behind.
 */
export const HIGHLIGHT_FORMULA = '=ISTEXT("nianbao-highlight")';
const HIGHLIGHT_FILL = "#FFEB9C";
const HIGHLIGHT_FONT = "#9C0006";
const normaliseFormula = (f: string) => f.replace(/\s+/g, "").toUpperCase();

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
      return value === "" || value === null || value === undefined ? { type: "blank" } : { type: "text", value: scalarText(value) };
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

/** Addresses by style (a merge counts as its whole area), in chunks: an address string has limits. */
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

function applyStyle(f: Excel.RangeFormat, s: StyleSpec) {
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

/** The plan's validations; `area` (a whole sheet of ours) is cleared first, else each planned cell is. */
function queueValidations(ws: Excel.Worksheet, sheet: SheetPlan, features: ExcelFeatures, area: Excel.Range | null) {
  if (!features.dataValidation) return;
  const validationRule = (rule: ValidationPlan): Excel.DataValidationRule => {
    if (rule.type === "list") return { list: { inCellDropDown: true, source: (rule.list ?? []).join(",") } };
    const basic: Excel.BasicDataValidation =
      rule.operator === "between"
        ? { formula1: rule.min ?? 0, formula2: rule.max ?? 0, operator: "Between" }
        : { formula1: rule.min ?? 0, operator: "GreaterThanOrEqualTo" };
    return rule.type === "whole" ? { wholeNumber: basic } : { decimal: basic };
  };
  area?.dataValidation.clear();
  for (const v of sheet.validations) {
    const dv = ws.getRange(a1(v.row, v.col)).dataValidation;
    if (!area) dv.clear();
    dv.rule = validationRule(v.rule);
    dv.ignoreBlanks = true;
    dv.prompt = { showPrompt: true, title: v.rule.promptTitle, message: v.rule.prompt };
    dv.errorAlert = { showAlert: true, style: "Stop", title: v.rule.errorTitle, message: v.rule.error };
  }
}

function queuePageLayout(ws: Excel.Worksheet, sheet: SheetPlan, features: ExcelFeatures) {
  if (!features.pageLayout || !sheet.print) return;
  ws.pageLayout.orientation = sheet.print.landscape ? "Landscape" : "Portrait";
  ws.pageLayout.paperSize = "A4";
  ws.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  if (sheet.print.titleRows) ws.pageLayout.setPrintTitleRows(`$${sheet.print.titleRows[0]}:$${sheet.print.titleRows[1]}`);
}

/** The 来自上年，待确认 marks: ours are found by their text, removed, and put where the plan has them. */
function queueMarks(ws: Excel.Worksheet, sheet: SheetPlan, features: ExcelFeatures, existing: Excel.CommentCollection | null) {
  if (!features.comments) return;
  for (const c of existing?.items ?? []) if (c.content === CARRIED_NOTE) c.delete();
  for (const c of sheet.cells) if (c.note) ws.comments.add(ws.getRange(a1(c.row, c.col)), c.note);
}

/** Each planned cell formatted with its style: one RangeAreas call per style and chunk of addresses. */
function queueStyles(ws: Excel.Worksheet, sheet: SheetPlan, features: ExcelFeatures) {
  for (const [style, chunks] of styleGroups(sheet)) {
    const s = STYLES[style];
    if (features.rangeAreas) {
      for (const chunk of chunks) applyStyle(ws.getRanges(chunk.join(",")).format, s);
    } else {
      // Without RangeAreas: one range per cell or merge, still in the same batch.
      for (const address of chunks.flat()) applyStyle(ws.getRange(address).format, s);
    }
    if (s.numberFormat) for (const address of chunks.flat()) ws.getRange(address.split(":")[0]).numberFormat = [[s.numberFormat]];
  }
}

function queueSheet(
  ws: Excel.Worksheet,
  sheet: SheetPlan,
  features: ExcelFeatures,
  extent: { rows: number; cols: number } | undefined,
  comments: Excel.CommentCollection | null,
) {
  const planned = bounds(sheet);
  // Blank out what an earlier, longer version left behind, on sheets that are wholly ours.
  const rows = sheet.clearBeyond && extent ? Math.max(planned.rows, extent.rows) : planned.rows;
  const cols = sheet.clearBeyond && extent ? Math.max(planned.cols, extent.cols) : planned.cols;
  const area = ws.getRange(`A1:${a1(rows, cols)}`);
  area.unmerge();
  queueValidations(ws, sheet, features, area);
  const grid: (string | number | boolean)[][] = Array.from({ length: rows }, () => Array<string | number | boolean>(cols).fill(""));
  for (const c of sheet.cells) grid[c.row - 1][c.col - 1] = toOffice(c.content);
  area.formulas = grid;
  for (const m of sheet.merges) ws.getRange(mergeAddress(m)).merge(false);
  queueStyles(ws, sheet, features);
  sheet.columnWidths.forEach((w, i) => (ws.getRange(`${a1(1, i + 1)}`).format.columnWidth = w * POINTS_PER_CHAR));
  for (const [row, h] of Object.entries(sheet.rowHeights)) ws.getRange(`A${row}`).format.rowHeight = Math.min(h, MAX_ROW_HEIGHT);
  // columnHidden on one cell hides its whole column.
  for (const c of sheet.hiddenColumns ?? []) ws.getRange(a1(1, c)).columnHidden = true;
  if (sheet.freeze) {
    // freezeAt(A1:A4) would freeze column A as well: rows-only and columns-only panes have their own calls.
    const { rows: fr, cols: fc } = sheet.freeze;
    if (fr > 0 && fc > 0) ws.freezePanes.freezeAt(ws.getRange(`A1:${a1(fr, fc)}`));
    else if (fr > 0) ws.freezePanes.freezeRows(fr);
    else if (fc > 0) ws.freezePanes.freezeColumns(fc);
  }
  queuePageLayout(ws, sheet, features);
  queueMarks(ws, sheet, features, comments);
  ws.visibility = sheet.visible ? "Visible" : "VeryHidden";
}

/**
 * An existing sheet with the user's own rows, columns and comments: only the planned cells are
 * written, row by row in runs of adjacent cells, with their styles, validations and marks; the
 * sheet's merges, widths, print setup and everything else on it are left alone.
 */
function queuePatch(ws: Excel.Worksheet, sheet: SheetPlan, features: ExcelFeatures, comments: Excel.CommentCollection | null) {
  const byRow = new Map<number, PlannedCell[]>();
  for (const c of sheet.cells) byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
  for (const [row, cells] of byRow) {
    cells.sort((a, b) => a.col - b.col);
    for (let i = 0; i < cells.length;) {
      let j = i + 1;
      while (j < cells.length && cells[j].col === cells[j - 1].col + 1) j++;
      const run = cells.slice(i, j);
      ws.getRange(`${a1(row, run[0].col)}:${a1(row, run[run.length - 1].col)}`).formulas = [run.map((c) => toOffice(c.content))];
      i = j;
    }
  }
  queueStyles(ws, { ...sheet, merges: [] }, features);
  queueValidations(ws, sheet, features, null);
  queueMarks(ws, sheet, features, comments);
}

/** Protected without a password; formatting stays allowed so the jump highlight can be drawn. */
const PROTECTION: Excel.WorksheetProtectionOptions = { allowFormatCells: true, allowFormatColumns: true, allowFormatRows: true };

export interface OfficeHostOptions {
  /** What the host can do beyond ExcelApi 1.7 (detectCapabilities); all of it by default. */
  features?: ExcelFeatures;
  onWaiting?: (message: string) => void;
  /**
   * How to put back a workbook a failed write left half-written: the sheets to read first, and the
   * plan that rebuilds them from what they held (null when they are not a Nianbao workbook).
   */
  restore?: { sheets: string[]; plan: (before: WorkbookData) => WorkbookPlan | null };
}

/** What the workbook holds when a write starts: read in the write's own batch, never cached. */
interface Before {
  protectedSheets: Map<string, boolean>;
  names: Set<string>;
  extents: Map<string, { rows: number; cols: number }>;
  data: WorkbookData;
}

function extentOf(range: Excel.Range): { rows: number; cols: number } | null {
  const last = parseA1(range.address.split("!").pop()!.split(":").pop()!);
  return last ? { rows: last.row, cols: last.col } : null;
}

function sheetData(ws: Excel.Worksheet, range: Excel.Range): SheetData {
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
}

export class OfficeWorkbook implements WorkbookPort {
  private readonly features: ExcelFeatures;
  private readonly onWaiting: (message: string) => void;
  private readonly restore: OfficeHostOptions["restore"];
  /** The overlays this pane drew; null until the first jump (a pane that just started looks for strays). */
  private highlights: { sheet: string; ids: string[] }[] | null = null;

  constructor(
    private readonly api: ExcelApi,
    options: OfficeHostOptions = {},
  ) {
    this.features = options.features ?? ALL_FEATURES;
    this.onWaiting = options.onWaiting ?? (() => undefined);
    this.restore = options.restore;
  }

  private run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return excelRun(this.api, batch, this.onWaiting);
  }

  /** Sheets and names (sync 1), then the used range of each wanted sheet that exists (sync 2). */
  private async readIn(context: Excel.RequestContext, sheetNames: string[], heads = false): Promise<Before> {
    const wb = context.workbook;
    const sheets = wb.worksheets.load("items/name,items/visibility,items/protection/protected");
    const names = wb.names.load("items/name,items/formula");
    await context.sync();
    const present = sheets.items.filter((ws) => sheetNames.includes(ws.name));
    // Values only: stray formatting far down a sheet must not blow up the range (and the 5 MB response limit).
    const used = present.map((ws) => ws.getUsedRangeOrNullObject(true).load("address,values,formulas,valueTypes"));
    // The other sheets' first cells, in the same round trip: a statutory sheet renamed is recognised by its title.
    const rest = heads ? sheets.items.filter((ws) => !sheetNames.includes(ws.name)) : [];
    const firstCells = rest.map((ws) => ws.getRange("A1:C5").load("values"));
    await context.sync();
    const others = rest.map((ws, i) => ({
      name: ws.name,
      visible: ws.visibility === "Visible",
      texts: firstCells[i].values
        .flat()
        .map((v) => (v === null || v === undefined ? "" : String(v)))
        .filter((t) => t !== ""),
    }));
    const extents = new Map<string, { rows: number; cols: number }>();
    present.forEach((ws, i) => {
      const extent = used[i].isNullObject ? null : extentOf(used[i]);
      if (extent) extents.set(ws.name, extent);
    });
    return {
      protectedSheets: new Map(sheets.items.map((ws) => [ws.name, ws.protection.protected])),
      names: new Set(names.items.map((n) => n.name)),
      extents,
      data: {
        sheets: present.map((ws, i) => sheetData(ws, used[i])),
        names: names.items.map((n) => ({ name: n.name, ref: String(n.formula) })),
        ...(heads ? { others, order: sheets.items.map((ws) => ws.name) } : {}),
      },
    };
  }

  async read(sheetNames: string[]): Promise<WorkbookData> {
    return this.run(async (context) => (await this.readIn(context, sheetNames, true)).data);
  }

  async write(plan: WorkbookPlan): Promise<void> {
    const state: { before: Before | null; unprotecting: string[] | null } = { before: null, unprotecting: null };
    try {
      await this.run(async (context) => {
        const wb = context.workbook;
        const renames = plan.renames ?? [];
        const wanted = [...new Set([...plan.sheets.map((s) => s.name), ...renames.map((r) => r.from), ...(this.restore?.sheets ?? [])])];
        const known = await this.readIn(context, wanted);
        // After the renames (queued first): which sheet each planned name will be, and what it was called.
        const after = new Map(known.protectedSheets);
        const was = new Map([...after.keys()].map((n) => [n, n]));
        for (const r of renames) {
          after.set(r.to, after.get(r.from) ?? false);
          was.set(r.to, was.get(r.from) ?? r.from);
          after.delete(r.from);
          was.delete(r.from);
        }
        // Our marks on the sheets being rewritten (their text tells them from the user's own comments).
        const comments = new Map<string, Excel.CommentCollection>();
        if (this.features.comments) {
          for (const sheet of plan.sheets)
            if (after.has(sheet.name)) comments.set(sheet.name, wb.worksheets.getItem(was.get(sheet.name)!).comments.load("items/content"));
          await context.sync();
        }
        // Unprotecting is what fails on a sheet the user protected with a password: done on its own,
        // before anything is written, so such a failure changes nothing.
        const locked = plan.sheets.filter((s) => after.get(s.name)).map((s) => was.get(s.name)!);
        if (locked.length) {
          state.unprotecting = locked;
          for (const name of locked) wb.worksheets.getItem(name).protection.unprotect();
          await context.sync();
          state.unprotecting = null;
        }
        state.before = known;
        // Excel moves formulas and names that refer to a sheet with it.
        for (const r of renames) wb.worksheets.getItem(r.from).name = r.to;
        for (const sheet of plan.sheets) {
          const exists = after.has(sheet.name);
          const ws = exists ? wb.worksheets.getItem(sheet.name) : wb.worksheets.add(sheet.name);
          const marks = comments.get(sheet.name) ?? null;
          if (exists && sheet.mode === "patch") queuePatch(ws, sheet, this.features, marks);
          else queueSheet(ws, sheet, this.features, known.extents.get(was.get(sheet.name) ?? sheet.name), marks);
        }
        for (const n of plan.names) {
          if (known.names.has(n.name)) wb.names.getItem(n.name).delete();
          wb.names.add(n.name, wb.worksheets.getItem(n.sheet).getRange(a1(n.row, n.col)));
        }
        for (const sheet of plan.sheets) if (sheet.protect) wb.worksheets.getItem(sheet.name).protection.protect(PROTECTION);
        wb.worksheets.getItem(plan.sheets.find((s) => s.role === "table")?.name ?? plan.sheets[0].name).activate();
        await context.sync();
      });
    } catch (e) {
      if (state.unprotecting) throw await this.protectAgain(state.unprotecting, e);
      // Nothing was written (the first syncs only read, and a cell edit blocks them): nothing to undo.
      if (!state.before || e instanceof CellEditModeError) throw e;
      throw await this.undo(plan, state.before, e);
    }
  }

  /** An unprotect Excel refused (a password): protect again what it did unprotect, and name the sheet. */
  private async protectAgain(sheets: string[], cause: unknown): Promise<WriteFailedError> {
    let refused: string | undefined;
    try {
      await this.run(async (context) => {
        const items = sheets.map((name) => context.workbook.worksheets.getItem(name).protection.load("protected"));
        await context.sync();
        refused = sheets.find((_, i) => items[i].protected);
        items.forEach((p, i) => {
          if (!p.protected && sheets[i] !== refused) p.protect(PROTECTION);
        });
        await context.sync();
      });
    } catch (again) {
      return new WriteFailedError(
        `无法撤消工作表保护（Excel 报错：${messageOf(cause)}），重新保护也未完成（${messageOf(again)}）：请检查${sheets.join("、")}是否受保护。工作簿的内容未改动。`,
      );
    }
    const which = refused ? `工作表“${refused}”` : sheets.map((n) => `“${n}”`).join("、");
    return new WriteFailedError(
      `${which}设有密码保护，加载项不能撤消（Excel 报错：${messageOf(cause)}）。工作簿未改动。请在“审阅 → 撤消工作表保护”中输入密码撤消保护，再重试。`,
    );
  }

  /**
   * A write failed part-way: the commands before the failing one stay applied. Remove the sheets and
   * names it added, put the sheets that were there back as they were (rebuilt from what they held),
   * protect again what was protected, and say what happened.
   */
  private async undo(plan: WorkbookPlan, before: Before, cause: unknown): Promise<WriteFailedError> {
    const planned = new Set(plan.sheets.map((s) => s.name));
    // Sheets patched in place get back exactly the cells the plan wrote; only wholly-ours sheets are planned again.
    const patched = plan.sheets.filter((s) => s.mode === "patch" && before.protectedSheets.has(s.name));
    const previous = this.restore?.plan(before.data) ?? null;
    const putBack = previous
      ? {
          ...previous,
          sheets: previous.sheets.filter((s) => planned.has(s.name) && before.protectedSheets.has(s.name) && !patched.some((p) => p.name === s.name)),
          names: previous.names.filter((n) => plan.names.some((p) => p.name === n.name)),
        }
      : null;
    const renames = plan.renames ?? [];
    const added: string[] = [];
    const excelSays = `Excel 报错：${messageOf(cause)}`;
    try {
      await this.run(async (context) => {
        const wb = context.workbook;
        const sheets = wb.worksheets.load("items/name,items/visibility,items/protection/protected");
        const names = wb.names.load("items/name");
        await context.sync();
        const now = new Map(sheets.items.map((ws) => [ws.name, ws.protection.protected]));
        // Renames that did happen are undone (after the sheets added in their place are removed).
        const applied = renames.filter((r) => now.has(r.to) && !before.protectedSheets.has(r.to) && !now.has(r.from)).reverse();
        const addedFresh = renames.filter((r) => now.has(r.to) && !before.protectedSheets.has(r.to)).map((r) => r.from);
        for (const sheet of plan.sheets) {
          const fresh = !before.protectedSheets.has(sheet.name) && !applied.some((r) => r.to === sheet.name);
          if (now.has(sheet.name) && (fresh || addedFresh.includes(sheet.name))) added.push(sheet.name);
        }
        const comments = new Map<string, Excel.CommentCollection>();
        if (this.features.comments) {
          for (const sheet of putBack?.sheets ?? [])
            if (now.has(sheet.name)) comments.set(sheet.name, wb.worksheets.getItem(sheet.name).comments.load("items/content"));
          await context.sync();
        }
        for (const n of names.items) if (!before.names.has(n.name)) n.delete();
        const stays = sheets.items.find((ws) => !added.includes(ws.name) && ws.visibility === "Visible");
        if (stays) stays.activate();
        for (const name of added) if (now.has(name)) wb.worksheets.getItem(name).delete();
        for (const r of applied) {
          wb.worksheets.getItem(r.to).name = r.from;
          now.set(r.from, now.get(r.to) ?? false);
          now.delete(r.to);
        }
        for (const sheet of patched) {
          if (!now.has(sheet.name)) continue;
          const ws = wb.worksheets.getItem(sheet.name);
          if (now.get(sheet.name)) ws.protection.unprotect();
          const cells = before.data.sheets.find((d) => d.name === sheet.name)?.cells;
          for (const c of sheet.cells) ws.getRange(a1(c.row, c.col)).formulas = [[toOffice(cells?.get(a1(c.row, c.col)) ?? { type: "blank" })]];
          now.set(sheet.name, false);
        }
        for (const sheet of putBack?.sheets ?? []) {
          if (!now.has(sheet.name)) continue;
          const ws = wb.worksheets.getItem(sheet.name);
          if (now.get(sheet.name)) ws.protection.unprotect();
          queueSheet(ws, sheet, this.features, before.extents.get(sheet.name), comments.get(sheet.name) ?? null);
          now.set(sheet.name, false);
        }
        const nowNames = new Set(names.items.map((n) => n.name));
        for (const n of putBack?.names ?? []) {
          if (nowNames.has(n.name) && before.names.has(n.name)) wb.names.getItem(n.name).delete();
          wb.names.add(n.name, wb.worksheets.getItem(n.sheet).getRange(a1(n.row, n.col)));
        }
        // Whatever was protected before, or is ours to protect, is protected again.
        for (const [name, wasProtected] of before.protectedSheets) {
          if (!planned.has(name) || !now.has(name) || now.get(name)) continue;
          const ours = putBack?.sheets.find((s) => s.name === name)?.protect ?? plan.sheets.find((s) => s.name === name)?.protect;
          if (wasProtected || ours) wb.worksheets.getItem(name).protection.protect(PROTECTION);
        }
        await context.sync();
      });
    } catch (again) {
      return new WriteFailedError(
        `写入工作簿失败（${excelSays}），撤销也未完成（${messageOf(again)}）。工作簿可能有写了一半的表或未受保护的表：请关闭工作簿且不要保存，重新打开后再试。`,
      );
    }
    const restored = plan.sheets.map((s) => s.name).filter((n) => patched.some((p) => p.name === n) || putBack?.sheets.some((s) => s.name === n));
    const what = [
      added.length ? `删除了新建的工作表（${added.join("、")}）` : "",
      restored.length ? `把${restored.join("、")}恢复为写入前的内容` : "",
      "已受保护的表重新受保护",
    ]
      .filter(Boolean)
      .join("，");
    return new WriteFailedError(`写入工作簿失败（${excelSays}）。已撤销本次写入：${what}。您填写的数据没有丢失。`);
  }

  async writeCells(sheet: string, cells: { address: string; content: RawValue }[]): Promise<void> {
    await this.run(async (context) => {
      // A workbook copied without its hidden meta sheet: create it here.
      const found = context.workbook.worksheets.getItemOrNullObject(sheet);
      await context.sync();
      const ws = found.isNullObject ? context.workbook.worksheets.add(sheet) : found;
      for (const c of cells) ws.getRange(c.address).formulas = [[toOffice(c.content)]];
      if (found.isNullObject && sheet === META_SHEET) ws.visibility = "VeryHidden";
      await context.sync();
    });
  }

  async jump(target: CellTarget): Promise<void> {
    // The caller clears an earlier highlight first (clearHighlight), so a jump stays one round trip.
    if (target.addresses.length === 0) return;
    await this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(target.sheet);
      ws.activate();
      // The office.js we ship has no RangeAreas.select: select the first area, highlight them all.
      ws.getRange(target.addresses[0]).select();
      const overlays: Excel.ConditionalFormat[] = [];
      if (this.features.rangeAreas) overlays.push(ws.getRanges(target.addresses.join(",")).conditionalFormats.add("Custom"));
      else for (const address of target.addresses) overlays.push(ws.getRange(address).conditionalFormats.add("Custom"));
      for (const cf of overlays) {
        cf.custom.rule.formula = HIGHLIGHT_FORMULA;
        cf.custom.format.fill.color = HIGHLIGHT_FILL;
        cf.custom.format.font.color = HIGHLIGHT_FONT;
        cf.load("id");
      }
      await context.sync();
      this.highlights = [...(this.highlights ?? []), { sheet: target.sheet, ids: overlays.map((cf) => cf.id) }];
    });
  }

  onSelectionChange(listener: (at: { sheet: string; address: string }) => void): () => void {
    let handler: OfficeExtension.EventHandlerResult<Excel.SelectionChangedEventArgs> | null = null;
    let stopped = false;
    // Workbook.onSelectionChanged is ExcelApi 1.2 (below the minimum): each change costs one round trip for the address.
    this.run(async (context) => {
      handler = context.workbook.onSelectionChanged.add(async () => {
        const at = await this.selectedCell().catch(() => null);
        if (at && !stopped) listener(at);
      });
      await context.sync();
    }).catch(() => undefined);
    return () => {
      stopped = true;
      const h = handler;
      if (!h) return;
      handler = null;
      h.remove();
      h.context.sync().catch(() => undefined);
    };
  }

  async selectedCell(): Promise<{ sheet: string; address: string } | null> {
    return this.run(async (context) => {
      const range = context.workbook.getSelectedRange().load("address");
      await context.sync();
      // "表三!D5" or "'表 三'!D5:E6": the sheet, and the range's first cell.
      const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)/.exec(range.address);
      return m ? { sheet: (m[1] ?? m[2]).replace(/''/g, "'"), address: `${m[3]}${m[4]}` } : null;
    });
  }

  async clearHighlight(): Promise<void> {
    const drawn = this.highlights;
    if (drawn === null) {
      await this.clearStrayHighlights();
      this.highlights = [];
      return;
    }
    if (drawn.length === 0) return;
    await this.run(async (context) => {
      // The user may have deleted a sheet (and its overlays with it), or removed an overlay already.
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      const present = new Set(sheets.items.map((ws) => ws.name));
      const targets = drawn.filter((h) => present.has(h.sheet));
      // (ConditionalFormatCollection.getItemOrNullObject needs ExcelApi 1.14: list them instead.)
      const lists = targets.map((h) => context.workbook.worksheets.getItem(h.sheet).getRange().conditionalFormats.load("items/id"));
      await context.sync();
      lists.forEach((list, i) => {
        for (const cf of list.items) if (targets[i].ids.includes(cf.id)) cf.delete();
      });
      await context.sync();
    });
    // A failure above (a cell edit that did not end) keeps the list, so the next call can still clear it.
    this.highlights = (this.highlights ?? []).filter((h) => !drawn.includes(h));
  }

  /** Overlays a closed or reloaded pane left in the workbook (found by their formula), removed. */
  private async clearStrayHighlights(): Promise<void> {
    await this.run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      const collections = sheets.items.map((ws) => ws.getRange().conditionalFormats.load("items/type,items/id"));
      await context.sync();
      const custom = collections.flatMap((c) => c.items.filter((cf) => cf.type === "Custom"));
      const rules = custom.map((cf) => cf.custom.rule.load("formula"));
      await context.sync();
      custom.forEach((cf, i) => {
        if (normaliseFormula(rules[i].formula) === normaliseFormula(HIGHLIGHT_FORMULA)) cf.delete();
      });
      await context.sync();
    });
  }
}
