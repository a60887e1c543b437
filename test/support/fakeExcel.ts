/// <reference types="office-js" />
import { a1, parseA1 } from "../../src/format/address";
import { compareVersions, type RequirementSets } from "../../src/host/capabilities";
import type { ExcelApi } from "../../src/host/office";
import type { Platform, Surface } from "./officeSurface";

/**
 * A strict fake of the slice of the Excel JavaScript API that src/host/office.ts uses, over a small
 * document model. It behaves like Office.js where our code could get it wrong (design/examples.md §3):
 *
 * - Commands are queued and applied, in order, at `context.sync()`. A failing command rejects the
 *   sync; the commands before it stay applied (Excel has no rollback), the ones after are dropped.
 * - Reading a property that was never `load`ed throws; reading it after `load` but before the sync
 *   throws; proxies of a finished `Excel.run` throw; commands queued but never synced fail the run.
 * - Touching anything the fake does not model throws (no silent `undefined`), and
 *   `context.workbook.application` (calculation mode and the like) always throws.
 * - Protected sheets: writing to locked cells, merging, data validation, locking and (unless the
 *   protection allows it) formatting throw at sync. `getItem` of a missing sheet or name, adding an
 *   existing sheet or name and `protect()` of a protected sheet throw at sync.
 * - Excel on the web's 5 MB response limit is approximated: loading an array property of more than
 *   PAYLOAD_CELLS cells throws ResponsePayloadSizeLimitExceeded.
 * - `editMode(n)`: the next n runs fail at their first sync with InvalidOperationInCellEditMode;
 *   `failWhen(…)`: the first queued command that matches fails at its sync.
 * - It offers only what the office.js we ship has (test/support/officeSurface.ts): on a platform
 *   whose library lacks a member (RangeAreas.select: all of them) the member is undefined, as it is
 *   in real Excel; a member above the `level` given (an older Excel) queues a command that fails at
 *   sync with ApiNotFound, as the host does. `requirements` answers isSetSupported for that level.
 *
 * Formulas are stored, not calculated: a formula cell's value reads as empty. Nianbao's core
 * recomputes its own formulas, so the host tests do not need results.
 */

const PAYLOAD_CELLS = 200_000;

class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
  }
}

/** A rectangle, 1-based and inclusive. */
interface Area {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

type FakeContent =
  | { type: "blank" }
  | { type: "number"; value: number }
  | { type: "text"; value: string }
  | { type: "boolean"; value: boolean }
  | { type: "error"; value: string }
  | { type: "formula"; formula: string; result: null };

interface CellFormat {
  /** The cell's own fill, as the user or our plan set it (conditional formats are not in here). */
  fill: string | null;
  fontName: string;
  fontSize: number;
  bold: boolean;
  fontColor: string;
  horizontalAlignment: string;
  verticalAlignment: string;
  wrapText: boolean;
  locked: boolean;
  borders: { top?: string; bottom?: string; left?: string; right?: string };
}

interface FakeValidation {
  rule: Excel.DataValidationRule | null;
  prompt: Excel.DataValidationPrompt | null;
  errorAlert: Excel.DataValidationErrorAlert | null;
  ignoreBlanks: boolean;
}

interface FakeConditionalFormat {
  id: string;
  type: string;
  areas: Area[];
  formula: string | null;
  fill: string | null;
  fontColor: string | null;
}

interface FakeCell {
  content: FakeContent;
  format: CellFormat;
  formatted: boolean;
}

const BLANK: FakeContent = { type: "blank" };
const defaultFormat = (): CellFormat => ({
  fill: null,
  fontName: "等线",
  fontSize: 11,
  bold: false,
  fontColor: "#000000",
  horizontalAlignment: "General",
  verticalAlignment: "Bottom",
  wrapText: false,
  locked: true,
  borders: {},
});

const ERROR_VALUES = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"];
const fail = (code: string, message: string): never => {
  throw new FakeOfficeError(code, message);
};

// ---------------------------------------------------------------- addresses

function parseArea(text: string): Area {
  const [from, to = from, extra] = text.trim().split(":");
  const a = parseA1(from ?? "");
  const b = parseA1(to);
  if (!a || !b || extra !== undefined || text.includes("!")) return fail("InvalidArgument", `地址无效：“${text}”`);
  return { r1: Math.min(a.row, b.row), c1: Math.min(a.col, b.col), r2: Math.max(a.row, b.row), c2: Math.max(a.col, b.col) };
}

function parseAreas(text: string): Area[] {
  if (text.trim() === "") return fail("InvalidArgument", "地址为空");
  return text.split(",").map(parseArea);
}

const areaA1 = (a: Area) => (a.r1 === a.r2 && a.c1 === a.c2 ? a1(a.r1, a.c1) : `${a1(a.r1, a.c1)}:${a1(a.r2, a.c2)}`);
const absolute = (a: Area) => {
  const abs = (r: number, c: number) => a1(r, c).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  return a.r1 === a.r2 && a.c1 === a.c2 ? abs(a.r1, a.c1) : `${abs(a.r1, a.c1)}:${abs(a.r2, a.c2)}`;
};
const intersects = (a: Area, b: Area) => a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
const contains = (a: Area, r: number, c: number) => r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2;

function* cellsOf(areas: Area[]): Generator<[number, number]> {
  for (const a of areas) for (let r = a.r1; r <= a.r2; r++) for (let c = a.c1; c <= a.c2; c++) yield [r, c];
}

/** How Excel writes a sheet name into a reference: quoted unless it is a plain word. */
function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** What Excel makes of an entry in Range.formulas / Range.values, or of a user typing it. */
function parseEntry(input: unknown): FakeContent {
  if (input === null || input === undefined || input === "") return BLANK;
  if (typeof input === "number") return Number.isFinite(input) ? { type: "number", value: input } : fail("InvalidArgument", `不是有限数：${input}`);
  if (typeof input === "boolean") return { type: "boolean", value: input };
  if (typeof input !== "string") return fail("InvalidArgument", `单元格内容只能是数、文本或逻辑值，收到 ${typeof input}`);
  if (input.startsWith("'")) return input.length > 1 ? { type: "text", value: input.slice(1) } : BLANK;
  if (input.startsWith("=") && input.length > 1) return { type: "formula", formula: input, result: null };
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(input)) return { type: "number", value: Number(input) };
  if (/^(true|false)$/i.test(input)) return { type: "boolean", value: input.toUpperCase() === "TRUE" };
  if (ERROR_VALUES.includes(input.toUpperCase())) return { type: "error", value: input.toUpperCase() };
  return { type: "text", value: input };
}

function cellOut(content: FakeContent): { value: unknown; formula: unknown; valueType: string } {
  switch (content.type) {
    case "blank":
      return { value: "", formula: "", valueType: "Empty" };
    case "number":
      return { value: content.value, formula: content.value, valueType: "Double" };
    case "text":
      return { value: content.value, formula: content.value, valueType: "String" };
    case "boolean":
      return { value: content.value, formula: content.value, valueType: "Boolean" };
    case "error":
      return { value: content.value, formula: content.value, valueType: "Error" };
    case "formula":
      // Not calculated (see the header comment).
      return { value: "", formula: content.formula, valueType: "Empty" };
  }
}

function checkColor(color: unknown): string {
  if (typeof color === "string" && (/^#[0-9a-f]{6}$/i.test(color) || /^[a-z]+$/i.test(color))) return color.toUpperCase();
  return fail("InvalidArgument", `颜色无效：${String(color)}`);
}

function checkEnum<T extends string>(what: string, value: unknown, allowed: readonly T[]): T {
  return allowed.includes(value as T) ? (value as T) : fail("InvalidArgument", `${what} 不接受 ${JSON.stringify(value)}（可用：${allowed.join("、")}）`);
}

function checkText(what: string, value: unknown, max: number): void {
  if (value !== undefined && (typeof value !== "string" || value.length > max))
    fail("InvalidArgument", `${what} 须为不超过 ${max} 个字符的文本，收到 ${JSON.stringify(value)}`);
}

const OPERATORS = ["Between", "NotBetween", "EqualTo", "NotEqualTo", "GreaterThan", "LessThan", "GreaterThanOrEqualTo", "LessThanOrEqualTo"] as const;

function checkRule(rule: Excel.DataValidationRule): void {
  const keys = Object.keys(rule ?? {}).filter((k) => (rule as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1) fail("InvalidArgument", `数据验证规则须恰有一种类型，收到 ${keys.join("、") || "无"}`);
  const basic = rule.wholeNumber ?? rule.decimal ?? rule.textLength;
  if (basic) {
    checkEnum("DataValidation operator", basic.operator, OPERATORS);
    if (basic.formula1 === undefined || basic.formula1 === null || basic.formula1 === "") fail("InvalidArgument", "数据验证缺少 formula1");
    if ((basic.operator === "Between" || basic.operator === "NotBetween") && (basic.formula2 === undefined || basic.formula2 === null))
      fail("InvalidArgument", "Between 需要 formula2");
  } else if (rule.list) {
    if (typeof rule.list.source !== "string" || rule.list.source === "") fail("InvalidArgument", "列表验证缺少 source");
  } else if (!rule.custom && !rule.date && !rule.time) fail("InvalidArgument", `未知的数据验证类型 ${keys[0]}`);
}

// ---------------------------------------------------------------- the document

class FakeSheet {
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  protection: { protected: boolean; options: Excel.WorksheetProtectionOptions; password: string | undefined } = {
    protected: false,
    options: {},
    password: undefined,
  };
  readonly cells = new Map<string, FakeCell>();
  merges: Area[] = [];
  readonly validations = new Map<string, FakeValidation>();
  conditionalFormats: FakeConditionalFormat[] = [];
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  freeze: { rows: number; cols: number } | null = null;
  pageLayout: { orientation?: string; paperSize?: string; zoom?: Excel.PageLayoutZoomOptions; printTitleRows?: string } = {};
  /** Comments by cell address. */
  readonly comments = new Map<string, { id: string; content: string }>();
  readonly numberFormats = new Map<string, string>();
  deleted = false;

  constructor(public name: string) {}

  private at(address: string): { row: number; col: number } {
    return parseA1(address) ?? fail("InvalidArgument", `地址无效：${address}`);
  }

  private cellAt(r: number, c: number, create: true): FakeCell;
  private cellAt(r: number, c: number, create?: false): FakeCell | undefined;
  private cellAt(r: number, c: number, create = false): FakeCell | undefined {
    const key = a1(r, c);
    let cell = this.cells.get(key);
    if (!cell && create) this.cells.set(key, (cell = { content: BLANK, format: defaultFormat(), formatted: false }));
    return cell;
  }

  // --- what a user sees

  content(address: string): FakeContent {
    const { row, col } = this.at(address);
    return this.cellAt(row, col)?.content ?? BLANK;
  }

  format(address: string): CellFormat {
    const { row, col } = this.at(address);
    return this.cellAt(row, col)?.format ?? defaultFormat();
  }

  validation(address: string): FakeValidation | null {
    const { row, col } = this.at(address);
    return this.validations.get(a1(row, col)) ?? null;
  }

  mergeAt(address: string): string | null {
    const { row, col } = this.at(address);
    const m = this.merges.find((x) => contains(x, row, col));
    return m ? areaA1(m) : null;
  }

  /** Conditional formats that cover the cell. */
  conditionalFormatsAt(address: string): FakeConditionalFormat[] {
    const { row, col } = this.at(address);
    return this.conditionalFormats.filter((cf) => cf.areas.some((a) => contains(a, row, col)));
  }

  /** The fill on screen: a (always-true) custom conditional format over the cell's own fill. */
  displayedFill(address: string): string | null {
    return this.conditionalFormatsAt(address).find((cf) => cf.fill)?.fill ?? this.format(address).fill;
  }

  // --- Excel's rules, applied by commands and by the user helpers

  guard(what: "cells" | "format" | "columns" | "rows" | "structure", areas: Area[] = []): void {
    if (this.deleted) fail("ItemNotFound", `工作表“${this.name}”已被删除`);
    const p = this.protection;
    if (!p.protected) return;
    const refuse = (detail: string) => fail("AccessDenied", `工作表“${this.name}”受保护：${detail}`);
    if (what === "cells") {
      for (const [r, c] of cellsOf(areas)) if (this.cellAt(r, c)?.format.locked ?? true) refuse(`不能修改锁定的单元格 ${a1(r, c)}`);
    } else if (what === "format") {
      if (!p.options.allowFormatCells) refuse("不允许设置单元格格式");
    } else if (what === "columns") {
      if (!p.options.allowFormatColumns) refuse("不允许设置列宽");
    } else if (what === "rows") {
      if (!p.options.allowFormatRows) refuse("不允许设置行高");
    } else refuse("不能合并单元格、修改数据验证或锁定状态");
  }

  writeGrid(area: Area, grid: unknown): void {
    const rows = area.r2 - area.r1 + 1;
    const cols = area.c2 - area.c1 + 1;
    const single = !Array.isArray(grid);
    if (!single && ((grid as unknown[]).length !== rows || (grid as unknown[][]).some((row) => !Array.isArray(row) || row.length !== cols))) {
      fail("InvalidArgument", `输入数组的行列数与区域 ${areaA1(area)}（${rows}×${cols}）不一致`);
    }
    const parsed = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => parseEntry(single ? grid : (grid as unknown[][])[i][j])));
    this.guard("cells", [area]);
    parsed.forEach((row, i) => row.forEach((content, j) => this.setContent(area.r1 + i, area.c1 + j, content)));
  }

  private setContent(r: number, c: number, content: FakeContent) {
    if (content.type === "blank" && !this.cells.has(a1(r, c))) return;
    this.cellAt(r, c, true).content = content;
  }

  formatCells(areas: Area[], change: (f: CellFormat, r: number, c: number, area: Area) => void): void {
    for (const area of areas) {
      for (const [r, c] of cellsOf([area])) {
        const cell = this.cellAt(r, c, true);
        change(cell.format, r, c, area);
        cell.formatted = true;
      }
    }
  }

  merge(areas: Area[], across: boolean): void {
    this.guard("structure");
    const targets = across ? areas.flatMap((a) => Array.from({ length: a.r2 - a.r1 + 1 }, (_, i) => ({ ...a, r1: a.r1 + i, r2: a.r1 + i }))) : areas;
    for (const t of targets) {
      if (t.r1 === t.r2 && t.c1 === t.c2) continue;
      const clash = this.merges.find((m) => intersects(m, t));
      if (clash) fail("InvalidOperation", `合并区域 ${areaA1(t)} 与已合并的 ${areaA1(clash)} 重叠`);
      // Excel keeps the top-left value only.
      for (const [r, c] of cellsOf([t])) if (r !== t.r1 || c !== t.c1) this.setContent(r, c, BLANK);
      this.merges.push(t);
    }
  }

  unmerge(areas: Area[]): void {
    this.guard("structure");
    this.merges = this.merges.filter((m) => !areas.some((a) => intersects(a, m)));
  }

  validationAt(r: number, c: number): FakeValidation {
    const key = a1(r, c);
    let v = this.validations.get(key);
    if (!v) this.validations.set(key, (v = { rule: null, prompt: null, errorAlert: null, ignoreBlanks: true }));
    return v;
  }

  usedArea(valuesOnly: boolean): Area | null {
    let area: Area | null = null;
    for (const [key, cell] of this.cells) {
      if (cell.content.type === "blank" && (valuesOnly || !cell.formatted)) continue;
      const { row, col } = parseA1(key)!;
      area = area
        ? { r1: Math.min(area.r1, row), c1: Math.min(area.c1, col), r2: Math.max(area.r2, row), c2: Math.max(area.c2, col) }
        : { r1: row, c1: col, r2: row, c2: col };
    }
    return area;
  }
}

class FakeDocument {
  sheets: FakeSheet[] = [new FakeSheet("Sheet1")];
  /** Defined names by lower-case name (Excel names are case-insensitive). */
  readonly names = new Map<string, { name: string; formula: string }>();
  activeSheet = "Sheet1";
  selection: { sheet: string; areas: string[] } | null = null;
  /** Set if anything asked for context.workbook.application (which also throws). */
  applicationTouched = false;
  private nextId = 1;

  find(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  sheet(name: string): FakeSheet {
    return this.find(name) ?? fail("ItemNotFound", `找不到工作表“${name}”`);
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  name(name: string): { name: string; formula: string } | undefined {
    return this.names.get(name.toLowerCase());
  }

  newId(): string {
    return `{00000000-0000-4000-8000-${String(this.nextId++).padStart(12, "0")}}`;
  }

  addSheet(name: string): FakeSheet {
    if (!name || name.length > 31 || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name)) fail("InvalidArgument", `工作表名称无效：“${name}”`);
    if (this.find(name)) fail("ItemAlreadyExists", `已有名为“${name}”的工作表`);
    const sheet = new FakeSheet(name);
    this.sheets.push(sheet);
    return sheet;
  }

  /** Rename a sheet as Excel does: formulas and defined names that refer to it follow. */
  renameSheet(sheet: FakeSheet, to: string): void {
    if (!to || to.length > 31 || /[[\]:*?/\\]/.test(to) || /^'|'$/.test(to)) fail("InvalidArgument", `工作表名称无效：“${to}”`);
    const other = this.find(to);
    if (other && other !== sheet) fail("ItemAlreadyExists", `已有名为“${to}”的工作表`);
    const refs = [`${quoteSheet(sheet.name)}!`, `${sheet.name}!`];
    const follow = (f: string) => refs.reduce((acc, r) => acc.split(r).join(`${quoteSheet(to)}!`), f);
    for (const [key, n] of this.names) this.names.set(key, { ...n, formula: follow(n.formula) });
    for (const s of this.sheets)
      for (const c of s.cells.values()) if (c.content.type === "formula") c.content = { ...c.content, formula: follow(c.content.formula) };
    if (this.activeSheet === sheet.name) this.activeSheet = to;
    sheet.name = to;
  }

  setVisibility(sheet: FakeSheet, visibility: string): void {
    const v = checkEnum("Worksheet.visibility", visibility, ["Visible", "Hidden", "VeryHidden"] as const);
    if (v !== "Visible" && sheet.visibility === "Visible" && this.sheets.filter((s) => s.visibility === "Visible").length === 1) {
      fail("InvalidOperation", "工作簿至少要有一张可见的工作表");
    }
    sheet.visibility = v;
    if (v !== "Visible" && this.activeSheet === sheet.name) this.activeSheet = this.sheets.find((s) => s.visibility === "Visible")!.name;
  }

  activate(sheet: FakeSheet): void {
    if (sheet.visibility !== "Visible") fail("InvalidOperation", `不能激活隐藏的工作表“${sheet.name}”`);
    this.activeSheet = sheet.name;
  }

  // --- what the user does by hand in Excel (outside Office.js)

  /** Type into a cell as a user would; Excel refuses locked cells of a protected sheet. */
  type(sheet: string, address: string, input: string | number | boolean): void {
    this.sheet(sheet).writeGrid(parseArea(address), [[input]]);
  }

  /** Give a cell a fill colour of one's own (allowed on our protected sheets: formatting is). */
  setFill(sheet: string, address: string, color: string | null): void {
    const s = this.sheet(sheet);
    s.guard("format");
    s.formatCells([parseArea(address)], (f) => (f.fill = color === null ? null : checkColor(color)));
  }

  /** 审阅 → 撤消工作表保护 (our sheets have no password). */
  unprotect(sheet: string): void {
    const s = this.sheet(sheet);
    if (s.protection.password) fail("InvalidOperation", "需要密码");
    s.protection = { protected: false, options: {}, password: undefined };
  }

  /** 审阅 → 保护工作表, with a password of the user's. */
  protectWithPassword(sheet: string, password: string): void {
    const s = this.sheet(sheet);
    s.protection = { protected: true, options: {}, password };
  }

  /** 开始 → 条件格式 → 清除规则 → 清除整个工作表的规则. */
  clearConditionalFormats(sheet: string): void {
    this.sheet(sheet).conditionalFormats = [];
  }

  /** Delete a sheet (or: the sheet was not copied along with the others). */
  deleteSheet(name: string): void {
    const s = this.sheet(name);
    if (this.sheets.filter((x) => x !== s && x.visibility === "Visible").length === 0) fail("InvalidOperation", "工作簿至少要有一张可见的工作表");
    s.deleted = true;
    this.sheets = this.sheets.filter((x) => x !== s);
    if (this.activeSheet === s.name) this.activeSheet = this.sheets.find((x) => x.visibility === "Visible")?.name ?? "";
    for (const [key, n] of this.names) if (n.formula.startsWith(`=${quoteSheet(s.name)}!`)) this.names.set(key, { ...n, formula: "=#REF!" });
  }
}

// ---------------------------------------------------------------- the proxies

interface Command {
  name: string;
  target: string;
  apply: () => void;
}

const TOLERATED = new Set([
  "then",
  "toJSON",
  "asymmetricMatch",
  "$$typeof",
  "nodeType",
  "tagName",
  "_isMockFunction",
  "@@__IMMUTABLE_ITERABLE__@@",
  "@@__IMMUTABLE_RECORD__@@",
]);

/**
 * Any property the fake does not model throws when read or written, instead of being undefined.
 * A modelled one the shipped office.js lacks is undefined (as in real Excel); one above the level
 * the fake plays queues a command that fails at sync.
 */
function strict<T extends ClientObject>(obj: T): T {
  return new Proxy(obj, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol") return Reflect.get(target, prop, receiver);
      if (prop in target) return target.ctx.fake.admit(target, prop) ? Reflect.get(target, prop, receiver) : undefined;
      // In the typings but not in the library (RangeAreas.select): undefined, as in real Excel.
      if (TOLERATED.has(prop) || target.ctx.fake.absentFromLibrary(target.kind, prop)) return undefined;
      throw new Error(`FakeExcel: ${target.kind}.${prop} is not modelled by the fake (is office.ts using more of the API?)`);
    },
    set(target, prop, value, receiver) {
      if (typeof prop === "symbol") return Reflect.set(target, prop, value, receiver);
      // Setting what the library lacks sets a plain JS property on the proxy: nothing reaches Excel.
      if (prop in target) return target.ctx.fake.admit(target, prop) ? Reflect.set(target, prop, value, receiver) : true;
      throw new Error(`FakeExcel: cannot set ${target.kind}.${String(prop)}: not modelled by the fake`);
    },
  });
}

class Ctx {
  queue: Command[] = [];
  open = true;
  synced = false;
  readonly workbook: WorkbookProxy;

  constructor(
    readonly fake: FakeExcel,
    readonly editing: boolean,
  ) {
    this.workbook = strict(new WorkbookProxy(this));
  }

  get doc(): FakeDocument {
    return this.fake.doc;
  }

  assertOpen(what: string): void {
    if (!this.open) fail("InvalidObjectPath", `${what} 属于一个已结束的 Excel.run，不能再使用`);
  }

  enqueue(name: string, target: string, apply: () => void): void {
    this.assertOpen(target);
    this.queue.push({ name, target, apply });
    this.fake.commands.push({ name, target });
  }

  async sync(): Promise<void> {
    this.assertOpen("context");
    this.fake.syncs += 1;
    this.fake.commands.push({ name: "sync", target: "" });
    const queue = this.queue;
    this.queue = [];
    await Promise.resolve();
    this.synced = true;
    if (this.editing) fail("InvalidOperationInCellEditMode", "Excel 正处于单元格编辑模式。");
    for (const cmd of queue) {
      this.fake.injectedFailure(cmd);
      cmd.apply();
    }
  }
}

abstract class ClientObject {
  private readonly delivered = new Map<string, unknown>();
  private readonly awaiting = new Set<string>();
  /** Set by the command that creates the object; null objects (…OrNullObject) deliver nothing. (Not "resolved": Excel.Comment has a member of that name.) */
  settled = false;
  isNull = false;

  constructor(
    readonly ctx: Ctx,
    readonly kind: string,
  ) {}

  abstract describe(): string;
  /** Loadable scalar properties, computed against the document when the load command runs. */
  protected readable(): Record<string, () => unknown> {
    return {};
  }
  /** What load() without arguments loads. */
  protected defaultPaths(): string[] {
    return Object.keys(this.readable());
  }
  loadableNames(): string[] {
    return Object.keys(this.readable());
  }
  /** Child objects a navigation path such as "protection/protected" goes through. */
  protected navigations(): Record<string, () => ClientObject> {
    return {};
  }

  get isNullObject(): boolean {
    this.ctx.assertOpen(this.describe());
    if (!this.settled) fail("PropertyNotLoaded", `${this.describe()}.isNullObject 要在 context.sync() 之后才能读取`);
    return this.isNull;
  }

  protected read<T>(prop: string): T {
    this.ctx.assertOpen(this.describe());
    if (this.settled && this.isNull) fail("InvalidObjectPath", `${this.describe()} 是空对象（isNullObject），不能读取 ${prop}`);
    if (this.delivered.has(prop)) return this.delivered.get(prop) as T;
    if (this.awaiting.has(prop)) fail("PropertyNotLoaded", `${this.describe()}.${prop} 已 load，但还没有 context.sync()`);
    return fail("PropertyNotLoaded", `${this.describe()}.${prop} 没有 load 就读取了：先 load("${prop}") 再 context.sync()`);
  }

  protected set(prop: string, apply: () => void): void {
    this.ctx.enqueue(`${this.kind}.${prop}=`, this.describe(), apply);
  }

  protected call(method: string, apply: () => void): void {
    this.ctx.enqueue(`${this.kind}.${method}`, this.describe(), apply);
  }

  load(spec?: string | string[] | { select?: string }): this {
    this.ctx.assertOpen(this.describe());
    this.ctx.fake.loads += 1;
    const list = spec === undefined ? undefined : typeof spec === "string" ? spec.split(",") : Array.isArray(spec) ? spec : (spec.select ?? "").split(",");
    const paths = list ? list.map((s) => s.trim()).filter(Boolean) : this.defaultPaths();
    this.expect(paths);
    this.ctx.enqueue(`${this.kind}.load`, `${this.describe()} ${paths.join(",")}`, () => this.deliver(paths));
    return this;
  }

  /** Mark the paths as loaded-but-not-synced (and reject unknown ones at once, as the typings would). */
  expect(paths: string[]): void {
    for (const path of paths) {
      const [head, ...rest] = path.split("/");
      const nav = this.navigations()[head];
      if (nav) nav().expect(rest.length ? [rest.join("/")] : Object.keys(nav().readable()));
      else if (head in this.readable() && !rest.length) this.awaiting.add(head);
      else fail("InvalidArgument", `${this.kind} 没有可 load 的属性“${path}”`);
    }
  }

  deliver(paths: string[]): void {
    if (this.isNull) return;
    for (const path of paths) {
      const [head, ...rest] = path.split("/");
      const nav = this.navigations()[head];
      if (nav) nav().deliver(rest.length ? [rest.join("/")] : Object.keys(nav().readable()));
      else {
        this.delivered.set(head, this.readable()[head]());
        this.awaiting.delete(head);
      }
    }
  }
}

class WorkbookProxy extends ClientObject {
  private _worksheets: WorksheetCollectionProxy | null = null;
  private _names: NamedItemCollectionProxy | null = null;
  constructor(ctx: Ctx) {
    super(ctx, "Workbook");
    this.settled = true;
  }
  describe() {
    return "Workbook";
  }
  get worksheets(): WorksheetCollectionProxy {
    return (this._worksheets ??= strict(new WorksheetCollectionProxy(this.ctx)));
  }
  get names(): NamedItemCollectionProxy {
    return (this._names ??= strict(new NamedItemCollectionProxy(this.ctx)));
  }
  getSelectedRange(): RangeProxy {
    const ws = strict(new WorksheetProxy(this.ctx, "(selection)"));
    const range = strict(new RangeProxy(this.ctx, ws, "(selection)"));
    this.call("getSelectedRange", () => {
      const doc = this.ctx.doc;
      const sheet = doc.sheet(doc.selection?.sheet ?? doc.activeSheet);
      ws.bind(sheet);
      const areas = doc.selection?.sheet === sheet.name ? doc.selection.areas.map(parseArea) : [parseArea("A1")];
      if (areas.length !== 1) fail("InvalidSelection", "所选内容包含多个区域");
      range.bind(areas);
    });
    return range;
  }
  get application(): never {
    this.ctx.doc.applicationTouched = true;
    throw new Error("FakeExcel: Nianbao must never touch context.workbook.application (calculation mode, screen updating, …)");
  }
}

const isItemsPath = (p: string) => p === "items" || p.startsWith("items/");

/** A collection whose `items` load with navigation paths such as "items/protection/protected". */
abstract class CollectionProxy<I extends ClientObject> extends ClientObject {
  private itemPaths: string[] | null = null;
  private loadedItems: I[] | null = null;
  /** An unbound item, to check paths against. */
  protected abstract probe(): I;
  /** Item proxies bound to what the document holds now. */
  protected abstract current(): I[];
  protected override defaultPaths(): string[] {
    return ["items"];
  }
  override expect(paths: string[]): void {
    super.expect(paths.filter((p) => !isItemsPath(p)));
    const items = paths.filter(isItemsPath).map((p) => p.slice(6));
    if (items.length) {
      const probe = this.probe();
      const expanded = items.flatMap((p) => (p === "" ? probe.loadableNames() : [p]));
      probe.expect(expanded);
      this.itemPaths = expanded;
      this.loadedItems = null;
    }
  }
  override deliver(paths: string[]): void {
    super.deliver(paths.filter((p) => !isItemsPath(p)));
    if (paths.some(isItemsPath)) {
      const itemPaths = this.itemPaths!;
      this.loadedItems = this.current().map((item) => {
        item.expect(itemPaths);
        item.deliver(itemPaths);
        return item;
      });
    }
  }
  get items(): I[] {
    this.ctx.assertOpen(this.describe());
    if (this.loadedItems) return this.loadedItems;
    return fail(
      "PropertyNotLoaded",
      this.itemPaths ? `${this.describe()}.items 已 load，但还没有 context.sync()` : `${this.describe()}.items 没有 load 就读取了`,
    );
  }
}

class WorksheetCollectionProxy extends CollectionProxy<WorksheetProxy> {
  constructor(ctx: Ctx) {
    super(ctx, "WorksheetCollection");
    this.settled = true;
  }
  describe() {
    return "worksheets";
  }
  protected probe() {
    return strict(new WorksheetProxy(this.ctx, "?"));
  }
  protected current() {
    return this.ctx.doc.sheets.map((sheet) => {
      const ws = strict(new WorksheetProxy(this.ctx, sheet.name));
      ws.bind(sheet);
      return ws;
    });
  }
  getItem(name: string): WorksheetProxy {
    const ws = strict(new WorksheetProxy(this.ctx, name));
    this.call("getItem", () => ws.bind(this.ctx.doc.sheet(name)));
    return ws;
  }
  getItemOrNullObject(name: string): WorksheetProxy {
    const ws = strict(new WorksheetProxy(this.ctx, name));
    this.call("getItemOrNullObject", () => {
      const sheet = this.ctx.doc.find(name);
      if (sheet) ws.bind(sheet);
      else ws.bindNull();
    });
    return ws;
  }
  add(name: string): WorksheetProxy {
    const ws = strict(new WorksheetProxy(this.ctx, name));
    this.call("add", () => ws.bind(this.ctx.doc.addSheet(name)));
    return ws;
  }
}

function checkName(name: string): void {
  if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name) || name.length > 255 || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[rc](\d*|\d*[rc]\d*)$/i.test(name)) {
    fail("InvalidArgument", `名称无效：“${name}”`);
  }
}

class NamedItemCollectionProxy extends CollectionProxy<NamedItemProxy> {
  constructor(ctx: Ctx) {
    super(ctx, "NamedItemCollection");
    this.settled = true;
  }
  describe() {
    return "names";
  }
  protected probe() {
    return strict(new NamedItemProxy(this.ctx, "?"));
  }
  protected current() {
    return [...this.ctx.doc.names.values()].map((n) => {
      const item = strict(new NamedItemProxy(this.ctx, n.name));
      item.bind(n.name);
      return item;
    });
  }
  add(name: string, reference: RangeBase | string, comment?: string): NamedItemProxy {
    void comment;
    const item = strict(new NamedItemProxy(this.ctx, name));
    this.call("add", () => {
      checkName(name);
      if (this.ctx.doc.name(name)) fail("ItemAlreadyExists", `名称“${name}”已存在`);
      let formula: string;
      if (typeof reference === "string") formula = reference.startsWith("=") ? reference : `=${reference}`;
      else {
        const areas = reference.cells();
        formula = `=${areas.map((a) => `${quoteSheet(reference.sheet().name)}!${absolute(a)}`).join(",")}`;
      }
      this.ctx.doc.names.set(name.toLowerCase(), { name, formula });
      item.bind(name);
    });
    return item;
  }
  getItem(name: string): NamedItemProxy {
    const item = strict(new NamedItemProxy(this.ctx, name));
    this.call("getItem", () => item.bind(this.ctx.doc.name(name)?.name ?? fail("ItemNotFound", `找不到名称“${name}”`)));
    return item;
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    const item = strict(new NamedItemProxy(this.ctx, name));
    this.call("getItemOrNullObject", () => {
      const found = this.ctx.doc.name(name);
      if (found) item.bind(found.name);
      else item.bindNull();
    });
    return item;
  }
}

class NamedItemProxy extends ClientObject {
  private bound: string | null = null;
  constructor(
    ctx: Ctx,
    private readonly label: string,
  ) {
    super(ctx, "NamedItem");
  }
  describe() {
    return `NamedItem(${this.bound ?? this.label})`;
  }
  bind(name: string) {
    this.bound = name;
    this.settled = true;
  }
  bindNull() {
    this.isNull = true;
    this.settled = true;
  }
  private target() {
    if (this.isNull || !this.bound) return fail("ItemNotFound", `找不到名称“${this.label}”`);
    return this.ctx.doc.name(this.bound) ?? fail("ItemNotFound", `名称“${this.bound}”已被删除`);
  }
  protected override readable(): Record<string, () => unknown> {
    return {
      name: () => this.target().name,
      formula: () => this.target().formula,
      type: () => (this.target().formula.includes("!") ? "Range" : "String"),
      visible: () => true,
    };
  }
  get name(): string {
    return this.read("name");
  }
  get formula(): string {
    return this.read("formula");
  }
  delete(): void {
    this.call("delete", () => {
      const n = this.target();
      this.ctx.doc.names.delete(n.name.toLowerCase());
    });
  }
}

class WorksheetProxy extends ClientObject {
  sheet: FakeSheet | null = null;
  private _protection: WorksheetProtectionProxy | null = null;
  private _freezePanes: FreezePanesProxy | null = null;
  private _pageLayout: PageLayoutProxy | null = null;
  private _comments: CommentCollectionProxy | null = null;
  constructor(
    ctx: Ctx,
    readonly label: string,
  ) {
    super(ctx, "Worksheet");
  }
  describe() {
    return `Worksheet(${this.sheet?.name ?? this.label})`;
  }
  bind(sheet: FakeSheet) {
    this.sheet = sheet;
    this.settled = true;
  }
  bindNull() {
    this.isNull = true;
    this.settled = true;
  }
  target(): FakeSheet {
    if (this.isNull) return fail("ItemNotFound", `找不到工作表“${this.label}”`);
    if (!this.sheet) return fail("InvalidObjectPath", `${this.describe()} 尚未解析`);
    if (this.sheet.deleted) return fail("ItemNotFound", `工作表“${this.sheet.name}”已被删除`);
    return this.sheet;
  }
  protected override readable() {
    return {
      name: () => this.target().name,
      visibility: () => this.target().visibility,
      position: () => this.ctx.doc.sheets.indexOf(this.target()),
    };
  }
  protected override navigations() {
    return { protection: () => this.protection, freezePanes: () => this.freezePanes, pageLayout: () => this.pageLayout };
  }
  get name(): string {
    return this.read("name");
  }
  set name(v: string) {
    this.set("name", () => this.ctx.doc.renameSheet(this.target(), String(v)));
  }
  get visibility(): Excel.SheetVisibility | "Visible" | "Hidden" | "VeryHidden" {
    return this.read("visibility");
  }
  set visibility(v: Excel.SheetVisibility | "Visible" | "Hidden" | "VeryHidden") {
    this.set("visibility", () => this.ctx.doc.setVisibility(this.target(), v));
  }
  get protection(): WorksheetProtectionProxy {
    return (this._protection ??= strict(new WorksheetProtectionProxy(this.ctx, this)));
  }
  get freezePanes(): FreezePanesProxy {
    return (this._freezePanes ??= strict(new FreezePanesProxy(this.ctx, this)));
  }
  get pageLayout(): PageLayoutProxy {
    return (this._pageLayout ??= strict(new PageLayoutProxy(this.ctx, this)));
  }
  get comments(): CommentCollectionProxy {
    return (this._comments ??= strict(new CommentCollectionProxy(this.ctx, this)));
  }
  activate(): void {
    this.call("activate", () => this.ctx.doc.activate(this.target()));
  }
  delete(): void {
    this.call("delete", () => {
      const sheet = this.target();
      if (this.ctx.doc.activeSheet === sheet.name) fail("InvalidOperation", `不能删除活动工作表“${sheet.name}”，请先激活另一张`);
      this.ctx.doc.deleteSheet(sheet.name);
    });
  }
  getRange(address?: string): RangeProxy {
    const range = strict(new RangeProxy(this.ctx, this, address ?? "(whole sheet)"));
    this.call("getRange", () => range.bind(address === undefined ? [{ r1: 1, c1: 1, r2: 1048576, c2: 16384 }] : [parseArea(address)]));
    return range;
  }
  getRanges(address: string): RangeAreasProxy {
    const range = strict(new RangeAreasProxy(this.ctx, this, address));
    this.call("getRanges", () => range.bind(parseAreas(address)));
    return range;
  }
  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    const range = strict(new RangeProxy(this.ctx, this, `usedRange(${valuesOnly})`));
    this.call("getUsedRangeOrNullObject", () => {
      const area = this.target().usedArea(valuesOnly);
      if (area) range.bind([area]);
      else range.bindNull();
    });
    return range;
  }
}

class WorksheetProtectionProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetProxy,
  ) {
    super(ctx, "WorksheetProtection");
  }
  describe() {
    return `${this.ws.describe()}.protection`;
  }
  protected override readable() {
    return { protected: () => this.ws.target().protection.protected, options: () => ({ ...this.ws.target().protection.options }) };
  }
  get protected(): boolean {
    return this.read("protected");
  }
  get options(): Excel.WorksheetProtectionOptions {
    return this.read("options");
  }
  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void {
    const copy = { ...(options ?? {}) };
    this.call("protect", () => {
      const sheet = this.ws.target();
      if (sheet.protection.protected) fail("InvalidOperation", `工作表“${sheet.name}”已受保护`);
      sheet.protection = { protected: true, options: copy, password };
    });
  }
  unprotect(password?: string): void {
    this.call("unprotect", () => {
      const sheet = this.ws.target();
      if (sheet.protection.password && sheet.protection.password !== password) fail("InvalidOperation", "密码不正确");
      sheet.protection = { protected: false, options: {}, password: undefined };
    });
  }
}

class FreezePanesProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetProxy,
  ) {
    super(ctx, "WorksheetFreezePanes");
  }
  describe() {
    return `${this.ws.describe()}.freezePanes`;
  }
  freezeAt(frozenRange: RangeBase | string): void {
    this.call("freezeAt", () => {
      const area = typeof frozenRange === "string" ? parseArea(frozenRange) : frozenRange.cells()[0];
      this.ws.target().freeze = { rows: area.r2, cols: area.c2 };
    });
  }
  freezeRows(count = 1): void {
    this.call("freezeRows", () => (this.ws.target().freeze = { rows: count, cols: 0 }));
  }
  freezeColumns(count = 1): void {
    this.call("freezeColumns", () => (this.ws.target().freeze = { rows: 0, cols: count }));
  }
  unfreeze(): void {
    this.call("unfreeze", () => (this.ws.target().freeze = null));
  }
}

const PAPER = ["Letter", "Legal", "A3", "A4", "A5", "B4", "B5", "Executive", "Tabloid"] as const;

class PageLayoutProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetProxy,
  ) {
    super(ctx, "PageLayout");
  }
  describe() {
    return `${this.ws.describe()}.pageLayout`;
  }
  set orientation(v: string) {
    this.set("orientation", () => (this.ws.target().pageLayout.orientation = checkEnum("orientation", v, ["Portrait", "Landscape"] as const)));
  }
  set paperSize(v: string) {
    this.set("paperSize", () => (this.ws.target().pageLayout.paperSize = checkEnum("paperSize", v, PAPER)));
  }
  set zoom(v: Excel.PageLayoutZoomOptions) {
    const copy = { ...v };
    this.set("zoom", () => {
      if (copy.scale !== undefined && (copy.scale < 10 || copy.scale > 400)) fail("InvalidArgument", "缩放比例须在 10 到 400 之间");
      for (const k of ["horizontalFitToPages", "verticalFitToPages"] as const)
        if (copy[k] !== undefined && !(Number.isInteger(copy[k]) && copy[k] >= 0)) fail("InvalidArgument", `${k} 无效`);
      this.ws.target().pageLayout.zoom = copy;
    });
  }
  setPrintTitleRows(rows: string): void {
    this.call("setPrintTitleRows", () => {
      if (!/^\$\d+:\$\d+$/.test(rows)) fail("InvalidArgument", `打印标题行无效：${rows}`);
      this.ws.target().pageLayout.printTitleRows = rows;
    });
  }
}

/** What Range and RangeAreas share in the fake: areas, address, format, data validation, conditional formats. */
abstract class RangeBase extends ClientObject {
  private bound: Area[] | null = null;
  private _format: RangeFormatProxy | null = null;
  private _dataValidation: DataValidationProxy | null = null;
  private _conditionalFormats: ConditionalFormatCollectionProxy | null = null;
  constructor(
    ctx: Ctx,
    readonly ws: WorksheetProxy,
    kind: "Range" | "RangeAreas",
    private readonly label: string,
  ) {
    super(ctx, kind);
  }
  describe() {
    return `${this.kind}(${this.ws.sheet?.name ?? this.ws.label}!${this.bound ? this.bound.map(areaA1).join(",") : this.label})`;
  }
  bind(areas: Area[]) {
    this.bound = areas;
    this.settled = true;
  }
  bindNull() {
    this.isNull = true;
    this.settled = true;
  }
  cells(): Area[] {
    if (this.isNull) return fail("InvalidObjectPath", `${this.describe()} 是空对象`);
    return this.bound ?? fail("InvalidObjectPath", `${this.describe()} 尚未解析`);
  }
  sheet(): FakeSheet {
    return this.ws.target();
  }
  protected override readable(): Record<string, () => unknown> {
    return {
      address: () =>
        this.cells()
          .map((a) => `${quoteSheet(this.sheet().name)}!${areaA1(a)}`)
          .join(","),
      cellCount: () => this.cells().reduce((n, a) => n + (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1), 0),
    };
  }
  protected override navigations() {
    return { format: () => this.format, dataValidation: () => this.dataValidation };
  }
  get address(): string {
    return this.read("address");
  }
  get format(): RangeFormatProxy {
    return (this._format ??= strict(new RangeFormatProxy(this.ctx, this)));
  }
  get dataValidation(): DataValidationProxy {
    return (this._dataValidation ??= strict(new DataValidationProxy(this.ctx, this)));
  }
  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return (this._conditionalFormats ??= strict(new ConditionalFormatCollectionProxy(this.ctx, this)));
  }
}

class RangeProxy extends RangeBase {
  constructor(ctx: Ctx, ws: WorksheetProxy, label: string) {
    super(ctx, ws, "Range", label);
  }
  private one(): Area {
    const areas = this.cells();
    return areas.length === 1 ? areas[0] : fail("InvalidArgument", `${this.describe()} 含多个区域`);
  }
  private grid(pick: (o: ReturnType<typeof cellOut>) => unknown): unknown[][] {
    const a = this.one();
    const rows = a.r2 - a.r1 + 1;
    const cols = a.c2 - a.c1 + 1;
    if (rows * cols > PAYLOAD_CELLS) fail("ResponsePayloadSizeLimitExceeded", `${this.describe()} 有 ${rows * cols} 个单元格，响应超过大小限制`);
    const sheet = this.sheet();
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => pick(cellOut(sheet.content(a1(a.r1 + i, a.c1 + j))))));
  }
  protected override readable(): Record<string, () => unknown> {
    return {
      ...super.readable(),
      values: () => this.grid((o) => o.value),
      formulas: () => this.grid((o) => o.formula),
      valueTypes: () => this.grid((o) => o.valueType),
      numberFormat: () => {
        const a = this.one();
        return Array.from({ length: a.r2 - a.r1 + 1 }, (_, i) =>
          Array.from({ length: a.c2 - a.c1 + 1 }, (_, j) => this.sheet().numberFormats.get(a1(a.r1 + i, a.c1 + j)) ?? "General"),
        );
      },
      rowCount: () => this.one().r2 - this.one().r1 + 1,
      columnCount: () => this.one().c2 - this.one().c1 + 1,
    };
  }
  get values(): unknown[][] {
    return this.read("values");
  }
  set values(grid: unknown[][]) {
    this.writeGrid("values", grid);
  }
  get formulas(): unknown[][] {
    return this.read("formulas");
  }
  set formulas(grid: unknown[][]) {
    this.writeGrid("formulas", grid);
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes");
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(grid: string[][]) {
    const copy = structuredClone(grid);
    this.set("numberFormat", () => {
      const a = this.one();
      const sheet = this.sheet();
      sheet.guard("format");
      copy.forEach((row, i) => row.forEach((f, j) => sheet.numberFormats.set(a1(a.r1 + i, a.c1 + j), String(f))));
    });
  }
  private writeGrid(prop: string, grid: unknown) {
    const copy = structuredClone(grid);
    this.set(prop, () => this.sheet().writeGrid(this.one(), copy));
  }
  merge(across = false): void {
    this.call("merge", () => this.sheet().merge(this.cells(), across));
  }
  unmerge(): void {
    this.call("unmerge", () => this.sheet().unmerge(this.cells()));
  }
  set columnHidden(hidden: boolean) {
    this.call("columnHidden=", () => {
      const sheet = this.sheet();
      sheet.guard("columns");
      for (const a of this.cells())
        for (let c = a.c1; c <= a.c2; c++) {
          if (hidden) sheet.hiddenColumns.add(c);
          else sheet.hiddenColumns.delete(c);
        }
    });
  }
  select(): void {
    this.call("select", () => {
      const sheet = this.sheet();
      this.ctx.doc.activate(sheet);
      this.ctx.doc.selection = { sheet: sheet.name, areas: this.cells().map(areaA1) };
    });
  }
}

/** Several areas of one sheet (ExcelApi 1.9). The shipped library has no select, values or merge here. */
class RangeAreasProxy extends RangeBase {
  constructor(ctx: Ctx, ws: WorksheetProxy, label: string) {
    super(ctx, ws, "RangeAreas", label);
  }
  protected override readable(): Record<string, () => unknown> {
    return { ...super.readable(), areaCount: () => this.cells().length };
  }
}

/** Reads a format property across the range: Excel returns null when the cells differ. */
function common<T>(range: RangeBase, pick: (f: CellFormat) => T): T | null {
  let first: T | undefined;
  for (const [r, c] of cellsOf(range.cells())) {
    const v = pick(range.sheet().format(a1(r, c)));
    if (first === undefined) first = v;
    else if (JSON.stringify(v) !== JSON.stringify(first)) return null;
  }
  return first ?? null;
}

const H_ALIGN = ["General", "Left", "Center", "Right", "Fill", "Justify", "CenterAcrossSelection", "Distributed"] as const;
const V_ALIGN = ["Top", "Center", "Bottom", "Justify", "Distributed"] as const;

class RangeFormatProxy extends ClientObject {
  private _font: FontProxy | null = null;
  private _fill: FillProxy | null = null;
  private _borders: BorderCollectionProxy | null = null;
  private _protection: FormatProtectionProxy | null = null;
  constructor(
    ctx: Ctx,
    readonly range: RangeBase,
  ) {
    super(ctx, "RangeFormat");
  }
  describe() {
    return `${this.range.describe()}.format`;
  }
  protected override readable(): Record<string, () => unknown> {
    return {
      horizontalAlignment: () => common(this.range, (f) => f.horizontalAlignment),
      verticalAlignment: () => common(this.range, (f) => f.verticalAlignment),
      wrapText: () => common(this.range, (f) => f.wrapText),
    };
  }
  protected override navigations() {
    return { font: () => this.font, fill: () => this.fill, protection: () => this.protection };
  }
  /** Queue a formatting change of every cell of the range. */
  change(prop: string, what: "format" | "structure", edit: (f: CellFormat, r: number, c: number, area: Area) => void): void {
    this.ctx.enqueue(`RangeFormat.${prop}`, this.range.describe(), () => {
      const sheet = this.range.sheet();
      sheet.guard(what);
      sheet.formatCells(this.range.cells(), edit);
    });
  }
  get font(): FontProxy {
    return (this._font ??= strict(new FontProxy(this.ctx, this)));
  }
  get fill(): FillProxy {
    return (this._fill ??= strict(new FillProxy(this.ctx, this)));
  }
  get borders(): BorderCollectionProxy {
    return (this._borders ??= strict(new BorderCollectionProxy(this.ctx, this)));
  }
  get protection(): FormatProtectionProxy {
    return (this._protection ??= strict(new FormatProtectionProxy(this.ctx, this)));
  }
  get horizontalAlignment(): string {
    return this.read("horizontalAlignment");
  }
  set horizontalAlignment(v: string) {
    this.change("horizontalAlignment=", "format", (f) => (f.horizontalAlignment = checkEnum("horizontalAlignment", v, H_ALIGN)));
  }
  get verticalAlignment(): string {
    return this.read("verticalAlignment");
  }
  set verticalAlignment(v: string) {
    this.change("verticalAlignment=", "format", (f) => (f.verticalAlignment = checkEnum("verticalAlignment", v, V_ALIGN)));
  }
  get wrapText(): boolean {
    return this.read("wrapText");
  }
  set wrapText(v: boolean) {
    this.change("wrapText=", "format", (f) => (f.wrapText = Boolean(v)));
  }
  set columnWidth(points: number) {
    this.ctx.enqueue("RangeFormat.columnWidth=", this.range.describe(), () => {
      const sheet = this.range.sheet();
      sheet.guard("columns");
      if (!(points >= 0 && points <= 255 * 7.5)) fail("InvalidArgument", `列宽无效：${points}`);
      for (const a of this.range.cells()) for (let c = a.c1; c <= a.c2; c++) sheet.columnWidths.set(c, points);
    });
  }
  set rowHeight(points: number) {
    this.ctx.enqueue("RangeFormat.rowHeight=", this.range.describe(), () => {
      const sheet = this.range.sheet();
      sheet.guard("rows");
      if (!(points >= 0 && points <= 409)) fail("InvalidArgument", `行高须在 0 到 409 磅之间：${points}`);
      for (const a of this.range.cells()) for (let r = a.r1; r <= a.r2; r++) sheet.rowHeights.set(r, points);
    });
  }
}

class FontProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly format: RangeFormatProxy,
  ) {
    super(ctx, "RangeFont");
  }
  describe() {
    return `${this.format.describe()}.font`;
  }
  protected override readable(): Record<string, () => unknown> {
    const r = this.format.range;
    return {
      name: () => common(r, (f) => f.fontName),
      size: () => common(r, (f) => f.fontSize),
      bold: () => common(r, (f) => f.bold),
      color: () => common(r, (f) => f.fontColor),
    };
  }
  get name(): string {
    return this.read("name");
  }
  set name(v: string) {
    this.format.change("font.name=", "format", (f) => (f.fontName = String(v)));
  }
  get size(): number {
    return this.read("size");
  }
  set size(v: number) {
    this.format.change("font.size=", "format", (f) => (f.fontSize = v > 0 && v <= 409 ? v : fail("InvalidArgument", `字号无效：${v}`)));
  }
  get bold(): boolean {
    return this.read("bold");
  }
  set bold(v: boolean) {
    this.format.change("font.bold=", "format", (f) => (f.bold = Boolean(v)));
  }
  get color(): string {
    return this.read("color");
  }
  set color(v: string) {
    this.format.change("font.color=", "format", (f) => (f.fontColor = checkColor(v)));
  }
}

class FillProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly format: RangeFormatProxy,
  ) {
    super(ctx, "RangeFill");
  }
  describe() {
    return `${this.format.describe()}.fill`;
  }
  protected override readable(): Record<string, () => unknown> {
    return { color: () => common(this.format.range, (f) => f.fill) };
  }
  get color(): string {
    return this.read("color");
  }
  set color(v: string) {
    this.format.change("fill.color=", "format", (f) => (f.fill = checkColor(v)));
  }
  clear(): void {
    this.format.change("fill.clear", "format", (f) => (f.fill = null));
  }
}

const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal", "DiagonalDown", "DiagonalUp"] as const;
const BORDER_STYLES = ["None", "Continuous", "Dash", "DashDot", "DashDotDot", "Dot", "Double", "SlantDashDot"] as const;

class BorderCollectionProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    readonly format: RangeFormatProxy,
  ) {
    super(ctx, "RangeBorderCollection");
  }
  describe() {
    return `${this.format.describe()}.borders`;
  }
  getItem(index: string): BorderProxy {
    return strict(new BorderProxy(this.ctx, this, checkEnum("borders.getItem", index, EDGES)));
  }
}

class BorderProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly borders: BorderCollectionProxy,
    private readonly edge: (typeof EDGES)[number],
  ) {
    super(ctx, "RangeBorder");
  }
  describe() {
    return `${this.borders.describe()}(${this.edge})`;
  }
  set style(v: string) {
    const edge = this.edge;
    this.borders.format.change(`borders.${edge}.style=`, "format", (f, r, c, a) => {
      const style = checkEnum("border style", v, BORDER_STYLES);
      const b = f.borders;
      if ((edge === "EdgeTop" && r === a.r1) || (edge === "InsideHorizontal" && r > a.r1)) b.top = style;
      if ((edge === "EdgeBottom" && r === a.r2) || (edge === "InsideHorizontal" && r < a.r2)) b.bottom = style;
      if ((edge === "EdgeLeft" && c === a.c1) || (edge === "InsideVertical" && c > a.c1)) b.left = style;
      if ((edge === "EdgeRight" && c === a.c2) || (edge === "InsideVertical" && c < a.c2)) b.right = style;
    });
  }
}

class FormatProtectionProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly format: RangeFormatProxy,
  ) {
    super(ctx, "FormatProtection");
  }
  describe() {
    return `${this.format.describe()}.protection`;
  }
  protected override readable(): Record<string, () => unknown> {
    return { locked: () => common(this.format.range, (f) => f.locked) };
  }
  get locked(): boolean {
    return this.read("locked");
  }
  set locked(v: boolean) {
    this.format.change("protection.locked=", "structure", (f) => (f.locked = Boolean(v)));
  }
}

class DataValidationProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly range: RangeBase,
  ) {
    super(ctx, "DataValidation");
  }
  describe() {
    return `${this.range.describe()}.dataValidation`;
  }
  private first(): FakeValidation | null {
    const a = this.range.cells()[0];
    return this.range.sheet().validation(a1(a.r1, a.c1));
  }
  protected override readable(): Record<string, () => unknown> {
    return {
      rule: () => this.first()?.rule ?? null,
      prompt: () => this.first()?.prompt ?? null,
      errorAlert: () => this.first()?.errorAlert ?? null,
      ignoreBlanks: () => this.first()?.ignoreBlanks ?? true,
    };
  }
  private change(prop: string, edit: (v: FakeValidation) => void) {
    this.ctx.enqueue(`DataValidation.${prop}`, this.range.describe(), () => {
      const sheet = this.range.sheet();
      sheet.guard("structure");
      for (const [r, c] of cellsOf(this.range.cells())) edit(sheet.validationAt(r, c));
    });
  }
  clear(): void {
    this.ctx.enqueue("DataValidation.clear", this.range.describe(), () => {
      const sheet = this.range.sheet();
      sheet.guard("structure");
      for (const [r, c] of cellsOf(this.range.cells())) sheet.validations.delete(a1(r, c));
    });
  }
  get rule(): Excel.DataValidationRule {
    return this.read("rule");
  }
  set rule(rule: Excel.DataValidationRule) {
    const copy = structuredClone(rule);
    this.change("rule=", (v) => {
      checkRule(copy);
      v.rule = copy;
    });
  }
  get prompt(): Excel.DataValidationPrompt {
    return this.read("prompt");
  }
  set prompt(p: Excel.DataValidationPrompt) {
    const copy = { ...p };
    this.change("prompt=", (v) => {
      checkText("prompt.title", copy.title, 32);
      checkText("prompt.message", copy.message, 255);
      v.prompt = copy;
    });
  }
  get errorAlert(): Excel.DataValidationErrorAlert {
    return this.read("errorAlert");
  }
  set errorAlert(e: Excel.DataValidationErrorAlert) {
    const copy = { ...e };
    this.change("errorAlert=", (v) => {
      checkText("errorAlert.title", copy.title, 32);
      checkText("errorAlert.message", copy.message, 225);
      if (copy.style !== undefined) checkEnum("errorAlert.style", copy.style, ["Stop", "Warning", "Information"] as const);
      v.errorAlert = copy;
    });
  }
  get ignoreBlanks(): boolean {
    return this.read("ignoreBlanks");
  }
  set ignoreBlanks(b: boolean) {
    this.change("ignoreBlanks=", (v) => (v.ignoreBlanks = Boolean(b)));
  }
}

class ConditionalFormatCollectionProxy extends CollectionProxy<ConditionalFormatProxy> {
  constructor(
    ctx: Ctx,
    private readonly range: RangeBase,
  ) {
    super(ctx, "ConditionalFormatCollection");
    this.settled = true;
  }
  describe() {
    return `${this.range.describe()}.conditionalFormats`;
  }
  protected probe() {
    return strict(new ConditionalFormatProxy(this.ctx, this.range));
  }
  protected current() {
    const areas = this.range.cells();
    return this.range
      .sheet()
      .conditionalFormats.filter((x) => x.areas.some((a) => areas.some((b) => intersects(a, b))))
      .map((model) => {
        const cf = strict(new ConditionalFormatProxy(this.ctx, this.range));
        cf.bind(model);
        return cf;
      });
  }
  add(type: string): ConditionalFormatProxy {
    const cf = strict(new ConditionalFormatProxy(this.ctx, this.range));
    this.call("add", () => {
      if (type !== "Custom") throw new Error(`FakeExcel: conditional format type ${type} is not modelled`);
      const sheet = this.range.sheet();
      sheet.guard("format");
      const model: FakeConditionalFormat = { id: this.ctx.doc.newId(), type, areas: this.range.cells(), formula: null, fill: null, fontColor: null };
      sheet.conditionalFormats.push(model);
      cf.bind(model);
    });
    return cf;
  }
  private lookup(id: string): FakeConditionalFormat | undefined {
    return this.range.sheet().conditionalFormats.find((x) => x.id === id && x.areas.some((a) => this.range.cells().some((b) => intersects(a, b))));
  }
  getItem(id: string): ConditionalFormatProxy {
    const cf = strict(new ConditionalFormatProxy(this.ctx, this.range));
    this.call("getItem", () => cf.bind(this.lookup(id) ?? fail("ItemNotFound", `找不到条件格式 ${id}`)));
    return cf;
  }
  getItemOrNullObject(id: string): ConditionalFormatProxy {
    const cf = strict(new ConditionalFormatProxy(this.ctx, this.range));
    this.call("getItemOrNullObject", () => {
      const found = this.lookup(id);
      if (found) cf.bind(found);
      else cf.bindNull();
    });
    return cf;
  }
}

class ConditionalFormatProxy extends ClientObject {
  model: FakeConditionalFormat | null = null;
  private _custom: CustomConditionalFormatProxy | null = null;
  constructor(
    ctx: Ctx,
    readonly range: RangeBase,
  ) {
    super(ctx, "ConditionalFormat");
  }
  describe() {
    return `ConditionalFormat(${this.model?.id ?? "?"})`;
  }
  bind(model: FakeConditionalFormat) {
    this.model = model;
    this.settled = true;
  }
  bindNull() {
    this.isNull = true;
    this.settled = true;
  }
  target(): FakeConditionalFormat {
    if (this.isNull) return fail("ItemNotFound", "条件格式不存在");
    return this.model ?? fail("InvalidObjectPath", `${this.describe()} 尚未解析`);
  }
  protected override readable(): Record<string, () => unknown> {
    return { id: () => this.target().id, type: () => this.target().type };
  }
  get id(): string {
    return this.read("id");
  }
  get type(): string {
    return this.read("type");
  }
  get custom(): CustomConditionalFormatProxy {
    return (this._custom ??= strict(new CustomConditionalFormatProxy(this.ctx, this)));
  }
  /** Apply a change to the conditional format at sync (formatting must be allowed on the sheet). */
  change(prop: string, edit: (cf: FakeConditionalFormat) => void) {
    this.ctx.enqueue(`ConditionalFormat.${prop}`, this.describe(), () => {
      this.range.sheet().guard("format");
      const model = this.target();
      // Excel refuses `custom` on a conditional format of another type.
      if (model.type !== "Custom") fail("InvalidOperation", `条件格式 ${model.id} 不是自定义类型`);
      edit(model);
    });
  }
  delete(): void {
    this.ctx.enqueue("ConditionalFormat.delete", this.describe(), () => {
      const sheet = this.range.sheet();
      sheet.guard("format");
      const model = this.target();
      sheet.conditionalFormats = sheet.conditionalFormats.filter((x) => x !== model);
    });
  }
}

/** cf.custom: its rule (formula) and its format (fill and font colour). */
class CustomConditionalFormatProxy extends ClientObject {
  private _rule: ConditionalFormatRuleProxy | null = null;
  private _format: ConditionalRangeFormatProxy | null = null;
  constructor(
    ctx: Ctx,
    readonly cf: ConditionalFormatProxy,
  ) {
    super(ctx, "CustomConditionalFormat");
  }
  describe() {
    return `${this.cf.describe()}.custom`;
  }
  get rule(): ConditionalFormatRuleProxy {
    return (this._rule ??= strict(new ConditionalFormatRuleProxy(this.ctx, this.cf)));
  }
  get format(): ConditionalRangeFormatProxy {
    return (this._format ??= strict(new ConditionalRangeFormatProxy(this.ctx, this.cf)));
  }
}

class ConditionalFormatRuleProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly cf: ConditionalFormatProxy,
  ) {
    super(ctx, "ConditionalFormatRule");
  }
  describe() {
    return `${this.cf.describe()}.custom.rule`;
  }
  protected override readable(): Record<string, () => unknown> {
    return {
      formula: () => {
        const model = this.cf.target();
        return model.type === "Custom" ? (model.formula ?? "") : fail("InvalidOperation", `条件格式 ${model.id} 不是自定义类型`);
      },
    };
  }
  get formula(): string {
    return this.read("formula");
  }
  set formula(v: string) {
    this.cf.change(
      "custom.rule.formula=",
      (m) => (m.formula = typeof v === "string" && v.startsWith("=") ? v : fail("InvalidArgument", `条件格式公式须以 = 开头：${v}`)),
    );
  }
}

class ConditionalRangeFormatProxy extends ClientObject {
  private _fill: ConditionalColorProxy | null = null;
  private _font: ConditionalColorProxy | null = null;
  constructor(
    ctx: Ctx,
    private readonly cf: ConditionalFormatProxy,
  ) {
    super(ctx, "ConditionalRangeFormat");
  }
  describe() {
    return `${this.cf.describe()}.custom.format`;
  }
  get fill(): ConditionalColorProxy {
    return (this._fill ??= strict(new ConditionalColorProxy(this.ctx, this.cf, "ConditionalRangeFill", (m, v) => (m.fill = checkColor(v)))));
  }
  get font(): ConditionalColorProxy {
    return (this._font ??= strict(new ConditionalColorProxy(this.ctx, this.cf, "ConditionalRangeFont", (m, v) => (m.fontColor = checkColor(v)))));
  }
}

class ConditionalColorProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly cf: ConditionalFormatProxy,
    kind: "ConditionalRangeFill" | "ConditionalRangeFont",
    private readonly edit: (m: FakeConditionalFormat, v: string) => void,
  ) {
    super(ctx, kind);
  }
  describe() {
    return `${this.cf.describe()}.custom.format.${this.kind === "ConditionalRangeFill" ? "fill" : "font"}`;
  }
  set color(v: string) {
    this.cf.change(`custom.format.${this.kind === "ConditionalRangeFill" ? "fill" : "font"}.color=`, (m) => this.edit(m, v));
  }
}

/** A worksheet's comments (ExcelApi 1.10), one a cell. */
class CommentCollectionProxy extends CollectionProxy<CommentProxy> {
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetProxy,
  ) {
    super(ctx, "CommentCollection");
    this.settled = true;
  }
  describe() {
    return `${this.ws.describe()}.comments`;
  }
  protected probe() {
    return strict(new CommentProxy(this.ctx, this.ws, "?"));
  }
  protected current() {
    return [...this.ws.target().comments.keys()].map((address) => {
      const c = strict(new CommentProxy(this.ctx, this.ws, address));
      c.settled = true;
      return c;
    });
  }
  add(cellAddress: RangeBase | string, content: string): CommentProxy {
    const c = strict(new CommentProxy(this.ctx, this.ws, typeof cellAddress === "string" ? cellAddress : "?"));
    this.call("add", () => {
      const sheet = this.ws.target();
      const areas = typeof cellAddress === "string" ? parseAreas(cellAddress.split("!").pop() ?? "") : cellAddress.cells();
      if (areas.length !== 1 || areas[0].r1 !== areas[0].r2 || areas[0].c1 !== areas[0].c2) fail("InvalidArgument", "批注只能加在一个单元格上");
      const address = a1(areas[0].r1, areas[0].c1);
      if (sheet.comments.has(address)) fail("InvalidArgument", `单元格 ${address} 已有批注`);
      if (typeof content !== "string") fail("InvalidArgument", "批注内容须为文本");
      sheet.comments.set(address, { id: this.ctx.doc.newId(), content });
      c.at = address;
      c.settled = true;
    });
    return c;
  }
}

class CommentProxy extends ClientObject {
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetProxy,
    public at: string,
  ) {
    super(ctx, "Comment");
  }
  describe() {
    return `Comment(${this.ws.describe()}!${this.at})`;
  }
  private target() {
    return this.ws.target().comments.get(this.at) ?? fail("ItemNotFound", `${this.at} 没有批注`);
  }
  protected override readable(): Record<string, () => unknown> {
    return { content: () => this.target().content, id: () => this.target().id };
  }
  get content(): string {
    return this.read("content");
  }
  delete(): void {
    this.call("delete", () => {
      this.target();
      this.ws.target().comments.delete(this.at);
    });
  }
}

// ---------------------------------------------------------------- Excel

/** Stand-in for the global `Excel` namespace: what OfficeWorkbook is constructed with. */
export interface FakeExcelOptions {
  /** The ExcelApi version the host has (Office 2019: "1.7"); the newest when absent. */
  level?: string;
  /** Offer only what this platform's office.js has; what all three have when absent. */
  platform?: Platform;
  /** The shipped surface; FakeExcel.defaultSurface when absent (set for the jest projects). */
  surface?: Surface | null;
}

/** Office.PlatformType of each platform, for detectCapabilities. */
const OFFICE_PLATFORM: Record<Platform, string> = { win32: "PC", mac: "Mac", web: "OfficeOnline" };

export class FakeExcel implements ExcelApi {
  /** The surface every fake checks against unless given another (test/support/jest.setup.ts). */
  static defaultSurface: Surface | null = null;
  readonly doc = new FakeDocument();
  syncs = 0;
  loads = 0;
  runs = 0;
  /** Every queued command and every sync, in order. */
  commands: { name: string; target: string }[] = [];
  private editModeRuns = 0;
  private failing: { match: (cmd: { name: string; target: string }) => boolean; code: string; message: string } | null = null;
  readonly level: string | null;
  readonly platform: Platform | null;
  private readonly surface: Surface | null;

  constructor(options: FakeExcelOptions = {}) {
    this.level = options.level ?? null;
    this.platform = options.platform ?? null;
    this.surface = options.surface === undefined ? FakeExcel.defaultSurface : options.surface;
  }

  /** Office.context.requirements of a host at this level. */
  readonly requirements: RequirementSets = {
    isSetSupported: (name: string, minVersion?: string) =>
      name === "ExcelApi" && (this.level === null || minVersion === undefined || compareVersions(minVersion, this.level) <= 0),
  };

  /** Office.context.platform (Office.PlatformType) of the platform played. */
  get officePlatform(): string {
    return OFFICE_PLATFORM[this.platform ?? "win32"];
  }

  /**
   * Whether the shipped library has this member (else it is undefined, as in real Excel). A member
   * above the level played queues a command that fails at sync, as an older host answers.
   */
  admit(obj: ClientObject, prop: string): boolean {
    const surface = this.surface;
    if (!surface) return true;
    const cls = `Excel.${obj.kind}`;
    const declared = surface.declared[cls];
    if (!declared || !(prop in declared)) return true; // the fake's own plumbing
    if (!this.shippedMember(surface, cls, prop)) return false;
    const set = declared[prop];
    if (this.level && set && set.name === "ExcelApi" && compareVersions(set.version, this.level) > 0 && obj.ctx.open) {
      obj.ctx.enqueue(`${obj.kind}.${prop}`, obj.describe(), () =>
        fail("ApiNotFound", `${obj.kind}.${prop} 需要 ExcelApi ${set.version}，本 Excel 只有 ${this.level}`),
      );
    }
    return true;
  }

  /** Declared by the typings for this class, but not in the shipped office.js of the platform played. */
  absentFromLibrary(kind: string, prop: string): boolean {
    const surface = this.surface;
    const cls = `Excel.${kind}`;
    return !!surface && prop in (surface.declared[cls] ?? {}) && !this.shippedMember(surface, cls, prop);
  }

  private shippedSets = new Map<string, Set<string>>();
  /** On the platform played (or on every platform): memoised, the proxies ask on every access. */
  private shippedMember(surface: Surface, cls: string, prop: string): boolean {
    let members = this.shippedSets.get(cls);
    if (!members) {
      const platforms = this.platform ? [this.platform] : (Object.keys(surface.shipped) as Platform[]);
      const lists = platforms.map((p) => new Set(surface.shipped[p][cls] ?? []));
      members = new Set([...lists[0]].filter((m) => lists.every((l) => l.has(m))));
      this.shippedSets.set(cls, members);
    }
    return members.has(prop);
  }

  /** The first command that matches fails at its sync (Excel applies the ones before it). */
  failWhen(match: (cmd: { name: string; target: string }) => boolean, code = "GeneralException", message = "发生内部错误。"): void {
    this.failing = { match, code, message };
  }

  injectedFailure(cmd: { name: string; target: string }): void {
    if (this.failing?.match(cmd)) {
      const { code, message } = this.failing;
      this.failing = null;
      fail(code, message);
    }
  }

  /** The next `runs` calls of run() fail at their first sync, as if the user were editing a cell. */
  editMode(runs: number): void {
    this.editModeRuns = runs;
  }

  resetCounters(): void {
    this.syncs = 0;
    this.loads = 0;
    this.runs = 0;
    this.commands = [];
  }

  commandNames(): string[] {
    return this.commands.map((c) => c.name);
  }

  async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    this.runs += 1;
    const editing = this.editModeRuns > 0;
    if (editing) this.editModeRuns -= 1;
    const ctx = new Ctx(this, editing);
    const context = strict(new RequestContextProxy(ctx));
    try {
      const result = await batch(context as unknown as Excel.RequestContext);
      if (editing && !ctx.synced) fail("InvalidOperationInCellEditMode", "Excel 正处于单元格编辑模式。");
      if (ctx.queue.length) {
        throw new Error(`FakeExcel: ${ctx.queue.length} queued command(s) never synced: ${[...new Set(ctx.queue.map((c) => c.name))].join(", ")}`);
      }
      return result;
    } finally {
      ctx.open = false;
    }
  }
}

class RequestContextProxy extends ClientObject {
  constructor(ctx: Ctx) {
    super(ctx, "RequestContext");
    this.settled = true;
  }
  describe() {
    return "context";
  }
  get workbook(): WorkbookProxy {
    return this.ctx.workbook;
  }
  get application(): never {
    return this.ctx.workbook.application;
  }
  sync(): Promise<void> {
    return this.ctx.sync();
  }
}

/** The fake's proxies by the Excel class each stands for: test/unit/office-contract.test.ts checks that none offers a member the shipped office.js lacks. */
export const FAKE_CLASSES: Record<string, { prototype: object }> = {
  "Excel.RequestContext": RequestContextProxy,
  "Excel.Workbook": WorkbookProxy,
  "Excel.WorksheetCollection": WorksheetCollectionProxy,
  "Excel.Worksheet": WorksheetProxy,
  "Excel.WorksheetProtection": WorksheetProtectionProxy,
  "Excel.WorksheetFreezePanes": FreezePanesProxy,
  "Excel.PageLayout": PageLayoutProxy,
  "Excel.NamedItemCollection": NamedItemCollectionProxy,
  "Excel.NamedItem": NamedItemProxy,
  "Excel.Range": RangeProxy,
  "Excel.RangeAreas": RangeAreasProxy,
  "Excel.RangeFormat": RangeFormatProxy,
  "Excel.RangeFont": FontProxy,
  "Excel.RangeFill": FillProxy,
  "Excel.RangeBorderCollection": BorderCollectionProxy,
  "Excel.RangeBorder": BorderProxy,
  "Excel.FormatProtection": FormatProtectionProxy,
  "Excel.DataValidation": DataValidationProxy,
  "Excel.ConditionalFormatCollection": ConditionalFormatCollectionProxy,
  "Excel.ConditionalFormat": ConditionalFormatProxy,
  "Excel.CustomConditionalFormat": CustomConditionalFormatProxy,
  "Excel.ConditionalFormatRule": ConditionalFormatRuleProxy,
  "Excel.ConditionalRangeFormat": ConditionalRangeFormatProxy,
  "Excel.ConditionalRangeFill": ConditionalColorProxy,
  "Excel.ConditionalRangeFont": ConditionalColorProxy,
  "Excel.CommentCollection": CommentCollectionProxy,
  "Excel.Comment": CommentProxy,
};
