import type { CellInfo, FormatModel, GridCell, TableLayout } from "../format/layout";
import { a1 } from "../format/address";
import { coverName, definedName } from "../format/names";
import { formatLabel, SUPPORTED_YEARS } from "../format/registry";
import { compileInstance, derivedBlankFormula, derivedFormulaText } from "../rules/compile";
import { SEVERITY_LABEL } from "../rules/definitions";
import { bin, call, formulaText, ref, str } from "../rules/formula";
import { instanceName, ruleInstances } from "../rules/instances";
import { PART_NUMERALS, type Paragraph } from "../narrative/model";
import { paragraphFormula, renderParagraph } from "../narrative/render";
import type { LastYearFigures, LedgerMemory, RawValue } from "./snapshot";
import type { StyleKey } from "./styles";
import { CELL_TEXT_LIMIT, FORMULA_TEXT_LIMIT, removedNotice, removeXmlIllegal, splitForCells } from "./cellText";

/** Everything a host needs to write the workbook. Pure data: no I/O happens here. */
export interface PlannedCell {
  row: number;
  col: number;
  /** What to write: a raw value as typed, or a formula. */
  content: RawValue;
  style: StyleKey;
  /** A cell note (comment), where the host supports one. */
  note?: string;
  /** Remove the cell's note if it says exactly this (the 待确认 mark, once confirmed); other notes are the user's. */
  dropNote?: string;
}

export interface ValidationPlan {
  type: "whole" | "decimal" | "list";
  operator?: "greaterThanOrEqual" | "between";
  min?: number;
  max?: number;
  list?: string[];
  promptTitle: string;
  prompt: string;
  errorTitle: string;
  error: string;
}

export interface Merge {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface SheetPlan {
  name: string;
  role: "cover" | "table" | "check" | "meta" | "archive" | "text" | "board";
  visible: boolean;
  cells: PlannedCell[];
  merges: Merge[];
  validations: { row: number; col: number; rule: ValidationPlan }[];
  columnWidths: number[];
  rowHeights: Record<number, number>;
  protect: boolean;
  /** 1-based columns to hide. */
  hiddenColumns?: number[];
  /** The sheet is ours through and through: clear what lies beyond the plan (a shorter 正文, fewer 说明). */
  clearBeyond?: boolean;
  /**
   * replace (default): the sheet is created, or laid out afresh (merges, widths, print setup).
   * patch: an existing sheet holding the user's own rows, columns and comments: only the listed
   * cells are written (content, style, validation, note); nothing else on the sheet is touched.
   */
  mode?: "replace" | "patch";
  print: { landscape: boolean; titleRows: [number, number] | null } | null;
  freeze: { rows: number; cols: number } | null;
}

export interface WorkbookPlan {
  formatId: string;
  sheets: SheetPlan[];
  names: { name: string; sheet: string; row: number; col: number }[];
  /** What the user should know about what is written (characters removed), zh-CN. */
  notices?: string[];
  /** Sheets to rename before anything is written (an old sheet kept aside). */
  renames?: { from: string; to: string }[];
}

/** What the user (or a previous version of the workbook) has entered. */
export interface EnteredData {
  year: number;
  cover: Record<string, string>;
  /** Raw values by cell id, as typed. A derived id here is a value typed over its formula. */
  values: Map<string, RawValue>;
  explanations: Map<string, string>;
  /** What each 说明 was written for, by finding key (a changed finding asks for it again). */
  explanationBasis?: Map<string, string>;
  /** Put formulas back into derived cells even where a value was typed over them. */
  restoreFormulas?: boolean;
  /** The report's text for the 正文 sheet. */
  narrative?: Paragraph[];
  /** Last year's text, kept (hidden) for P-1. */
  lastYearText?: Paragraph[];
  /** Values from an older format with no cell in this one; kept on a sheet of their own. */
  archive?: { fromFormat: string; rows: { table: string; row: string; column: string; value: RawValue }[] };
  /** Last year's figures for X-1/X-2 (kept hidden). */
  lastYear?: LastYearFigures | null;
  /** Cells filled from last year, not yet confirmed: cell id or cover.<key> → value carried. */
  carried?: Map<string, string>;
  /** Notes for the user on input cells (导入: a value printed where the format has sub-rows). */
  cellNotes?: Map<string, string>;
  /** 从台账生成: mapping and counts (kept in _nianbao). */
  ledger?: LedgerMemory | null;
}

/** The note and style a carried, unconfirmed cell gets. */
export const CARRIED_NOTE = "来自上年，待确认";

export const META_SHEET = "_nianbao";
/** A register column the user left out, as stored in _nianbao. */
export const LEDGER_IGNORED = "忽略";
export const ARCHIVE_SHEET = "原格式数据";
export const TEXT_SHEET = "正文";
export const TEXT_FIRST_ROW = 3;
/** 正文 columns: A part numeral, B the paragraph (text or live formula), C the bound-number template. */
export const TEXT_TEMPLATE_MARK = "#";
/** Column C of a row that continues the paragraph above (one too long for a row of Excel's 409 points). */
export const TEXT_CONTINUATION_MARK = "+";
/** Excel's tallest row, in points. */
const MAX_ROW_HEIGHT = 409;
/** A 正文 row of the 100-character column holds about 50 Chinese characters a 15-point line. */
const TEXT_CHARS_PER_LINE = 50;
const TEXT_LINE_HEIGHT = 15;
/** Characters a row shows within 409 points (with a margin), so a longer paragraph continues below. */
const TEXT_CHARS_PER_ROW = Math.floor((MAX_ROW_HEIGHT - 19) / TEXT_LINE_HEIGHT) * TEXT_CHARS_PER_LINE;
export const COVER_SHEET = "封面";
/** Titles by which a renamed 封面 or 正文 is recognised. */
export const COVER_TITLE = "政府信息公开工作年度报告 · 封面";
export const TEXT_HEADER = "正文（每格一段；可增删行）";
export const CHECK_SHEET = "校验";
const PLAN_VERSION = "1";
export const CHECK_FIRST_ROW = 5;
/** Column A names the check for people (T3-1 · 自然人列); B keeps its code (T3-1@natural), the key 说明 are stored under. */
const CHECK_COLUMNS = ["检查项", "编号", "严重程度", "检查内容", "左边", "右边", "差额", "结果", "左边未填", "右边未填"];
const CHECK_WIDTHS = [26, 16, 9, 52, 9, 9, 9, 9, 9, 9];
/** Hidden helper columns of the 校验 sheet: each derived cell's id and the blanks it carries. */
const CHECK_HELPER_COLUMNS = { id: 12, blanks: 13 } as const;

/** Width of text in Excel's column units at the body size: a CJK or full-width character takes two. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

/** A row height (points) that shows all of each wrapped cell's text: 15 pt a line, at most Excel's 409. */
export function wrappedRowHeight(cells: { text: string; width: number }[]): number {
  const lines = Math.max(1, ...cells.map((c) => Math.ceil(textWidth(c.text) / Math.max(1, c.width - 1))));
  return Math.min(MAX_ROW_HEIGHT, Math.max(18, lines * 15 + 3));
}

const literalText = (p: Paragraph) => p.segments.map((s) => (s.kind === "text" ? s.text : "")).join("");

const emptySheet = (name: string, role: SheetPlan["role"]): SheetPlan => ({
  name,
  role,
  visible: true,
  cells: [],
  merges: [],
  validations: [],
  columnWidths: [],
  rowHeights: {},
  protect: false,
  print: null,
  freeze: null,
});

const text = (value: string): RawValue => ({ type: "text", value });
const formula = (f: string): RawValue => ({ type: "formula", formula: f, result: { type: "blank" } });

const KIND_HELP: Record<CellInfo["valueKind"], (c: CellInfo) => { type: ValidationPlan["type"]; prompt: string; error: string; min?: number }> = {
  count: (c) => ({
    type: "whole",
    min: 0,
    prompt: `填写不小于 0 的整数（单位：${c.unit}）。未发生请填 0，不要留空。`,
    error: "只能填写不小于 0 的整数，不要带单位、空格或全角数字。",
  }),
  signedCount: (c) => ({ type: "whole", prompt: `填写整数（单位：${c.unit}），减少填负数，如 -8。`, error: "只能填写整数，减少填负数，如 -8。" }),
  amount: (c) => ({
    type: "decimal",
    min: 0,
    prompt: `填写不小于 0 的金额${c.unit ? `（单位：${c.unit}）` : ""}，最多 ${c.decimals} 位小数。`,
    error: `只能填写不小于 0 的数字，最多 ${c.decimals} 位小数，不要带单位。`,
  }),
};

function validationFor(cell: CellInfo): ValidationPlan {
  const k = KIND_HELP[cell.valueKind](cell);
  const where = [...cell.rowPath.slice(-1), ...cell.columnPath.slice(-1)].join("·");
  return {
    type: k.type,
    operator: k.min === undefined ? "between" : "greaterThanOrEqual",
    min: k.min ?? -1e9,
    max: k.min === undefined ? 1e9 : undefined,
    promptTitle: `${cell.table} ${cell.address}`.slice(0, 32),
    prompt: `${where}：${k.prompt}`.slice(0, 250),
    errorTitle: "填写格式不正确",
    error: `${cell.table} ${cell.address}（${where}）${k.error}`.slice(0, 220),
  };
}

function columnWidths(table: TableLayout, model: FormatModel): number[] {
  const widths: number[] = [];
  const def = model.version.tables.find((t) => t.key === table.key)!;
  for (let c = 1; c <= table.width; c++) {
    if (c <= def.labelColumns) widths.push(c === def.labelColumns ? (def.labelColumns > 1 ? 30 : 24) : 6);
    else widths.push(table.key === "t4" ? 7 : table.key === "t2" ? 12 : 9);
  }
  return widths;
}

/** Rough row height for wrapped text in merged cells, which Excel does not auto-fit. */
function heightFor(cell: GridCell, widths: number[]): number {
  const width = widths.slice(cell.col - 1, cell.col - 1 + cell.colSpan).reduce((a, b) => a + b, 0);
  const charsPerLine = Math.max(2, Math.floor(width / 1.9));
  const lines = Math.ceil(cell.text.length / charsPerLine);
  return Math.max(18, (lines * 14 + 4) / cell.rowSpan);
}

function tableSheet(model: FormatModel, table: TableLayout, entered: EnteredData, names: WorkbookPlan["names"]): SheetPlan {
  const sheet = emptySheet(table.name, "table");
  sheet.protect = true;
  sheet.columnWidths = columnWidths(table, model);
  sheet.print = { landscape: table.key !== "t2", titleRows: [1, table.headerRows] };
  sheet.freeze = table.key === "t3" ? { rows: table.headerRows, cols: 3 } : null;
  for (const g of table.grid) {
    if (g.rowSpan > 1 || g.colSpan > 1) sheet.merges.push({ row: g.row, col: g.col, rowSpan: g.rowSpan, colSpan: g.colSpan });
    if (g.role === "value") continue;
    const style: StyleKey = g.role === "title" ? "title" : g.role === "caption" ? "caption" : g.role === "rowHeader" ? "label" : "header";
    sheet.cells.push({ row: g.row, col: g.col, content: text(g.text), style });
    if (g.role !== "title") {
      const h = heightFor(g, sheet.columnWidths);
      for (let r = g.row; r < g.row + g.rowSpan; r++) sheet.rowHeights[r] = Math.max(sheet.rowHeights[r] ?? 18, h);
    }
  }
  sheet.rowHeights[1] = 28;
  for (const cell of table.cells) {
    names.push({ name: definedName(cell.id), sheet: table.name, row: cell.row, col: cell.col });
    const typed = entered.values.get(cell.id);
    if (cell.kind === "formula") {
      const f = derivedFormulaText(cell);
      const keepTyped = typed && typed.type !== "blank" && !entered.restoreFormulas && !(typed.type === "formula" && isOurFormula(typed.formula, f));
      sheet.cells.push({ row: cell.row, col: cell.col, content: keepTyped ? typed : formula(f), style: "derived" });
    } else {
      const carried = entered.carried?.has(cell.id);
      const note = carried ? CARRIED_NOTE : entered.cellNotes?.get(cell.id);
      sheet.cells.push({
        row: cell.row,
        col: cell.col,
        content: typed ?? { type: "blank" },
        style: carried ? "carried" : "input",
        ...(note ? { note } : { dropNote: CARRIED_NOTE }),
      });
      sheet.validations.push({ row: cell.row, col: cell.col, rule: validationFor(cell) });
    }
    if (cell.unitSetting) {
      // The 2019 采购总金额 header has no unit; show the workbook's unit setting beside the table.
      sheet.cells.push({
        row: cell.row,
        col: table.width + 1,
        content: formula(formulaText(call("CONCATENATE", str("（单位："), ref(coverName(cell.unitSetting)), str("）")))),
        style: "note",
      });
    }
  }
  return sheet;
}

const DAY_MS = 86_400_000;
/** Excel's serial number of 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;

/** "2026年1月20日", "2026-01-20", "2026/1/20" or "2026.1.20" as Excel's date serial; null for anything else. */
export function dateSerial(text: string): number | null {
  const m = /^\s*(\d{4})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?\s*$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS + UNIX_EPOCH_SERIAL;
}

/** A date serial as the cover shows it ("2026年1月20日"); null outside 2000–2099, which no 填报日期 is. */
export function dateText(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 36526 || serial > 73050) return null;
  const d = new Date((serial - UNIX_EPOCH_SERIAL) * DAY_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

const normalise = (f: string) => f.replace(/^=/, "").replace(/[\s$]/g, "").toUpperCase();
export const isOurFormula = (actual: string, expected: string) => normalise(actual) === normalise(expected);

function coverSheet(model: FormatModel, entered: EnteredData, names: WorkbookPlan["names"]): SheetPlan {
  const sheet = emptySheet(COVER_SHEET, "cover");
  sheet.protect = true;
  // A4 portrait, one page width: the date hint in column C no longer spills onto a second page.
  sheet.print = { landscape: false, titleRows: null };
  sheet.columnWidths = [18, 40, 40];
  sheet.cells.push({ row: 1, col: 1, content: text(COVER_TITLE), style: "title" });
  sheet.merges.push({ row: 1, col: 1, rowSpan: 1, colSpan: 3 });
  sheet.rowHeights[1] = 28;
  model.version.cover.forEach((field, i) => {
    const row = 3 + i;
    sheet.cells.push({ row, col: 1, content: text(field.label), style: "coverLabel" });
    names.push({ name: coverName(field.key), sheet: COVER_SHEET, row, col: 2 });
    if (field.kind === "fixed") {
      sheet.cells.push({ row, col: 2, content: text(formatLabel(model.version)), style: "fixed" });
      return;
    }
    const typed = field.key === "year" ? String(entered.year) : (entered.cover[field.key] ?? field.defaultValue ?? "");
    // A date is written as a date (a serial number shown 2026年1月20日), so it stays one in Excel.
    const serial = field.kind === "date" ? dateSerial(typed) : null;
    const content: RawValue =
      serial !== null
        ? { type: "number", value: serial }
        : field.kind === "year" && /^\d+$/.test(typed)
          ? { type: "number", value: Number(typed) }
          : typed === ""
            ? { type: "blank" }
            : text(typed);
    const carried = entered.carried?.has(`cover.${field.key}`);
    const style: StyleKey = carried ? "carried" : field.kind === "date" ? "date" : "input";
    sheet.cells.push({ row, col: 2, content, style, ...(carried ? { note: CARRIED_NOTE } : { dropNote: CARRIED_NOTE }) });
    if (field.kind === "year") {
      sheet.validations.push({
        row,
        col: 2,
        rule: {
          type: "whole",
          operator: "between",
          min: model.version.firstYear,
          max: model.version.lastYear ?? SUPPORTED_YEARS.last,
          promptTitle: "报告年度",
          prompt: `${model.version.name}适用于 ${model.version.firstYear}${model.version.lastYear ? `—${model.version.lastYear}` : " 年及以后"} 年度。`,
          errorTitle: "报告年度与格式不符",
          error: "报告年度须与本工作簿的格式版本一致；更换格式请在加载项中重新生成。",
        },
      });
    }
    if (field.kind === "choice" && field.choices) {
      sheet.validations.push({
        row,
        col: 2,
        rule: {
          type: "list",
          list: field.choices,
          promptTitle: field.label,
          prompt: `从列表中选择：${field.choices.join("、")}`,
          errorTitle: field.label,
          error: `只能选择：${field.choices.join("、")}`,
        },
      });
    }
    if (field.kind === "date") sheet.cells.push({ row, col: 3, content: text("如 2026年1月20日"), style: "note" });
  });
  return sheet;
}

const checkSheets = new WeakMap<FormatModel, SheetPlan>();

/** The 校验 sheet depends on the format alone: compiled once per format (a copy each time, cells included). */
function checkSheet(model: FormatModel): SheetPlan {
  let sheet = checkSheets.get(model);
  if (!sheet) {
    sheet = compileCheckSheet(model);
    checkSheets.set(model, sheet);
  }
  return { ...sheet, cells: sheet.cells.map((c) => ({ ...c })), merges: [...sheet.merges] };
}

function compileCheckSheet(model: FormatModel): SheetPlan {
  const sheet = emptySheet(CHECK_SHEET, "check");
  sheet.protect = true;
  sheet.columnWidths = CHECK_WIDTHS;
  sheet.hiddenColumns = [CHECK_HELPER_COLUMNS.id, CHECK_HELPER_COLUMNS.blanks];
  sheet.freeze = { rows: CHECK_FIRST_ROW - 1, cols: 0 };
  sheet.print = { landscape: true, titleRows: [CHECK_FIRST_ROW - 1, CHECK_FIRST_ROW - 1] };
  sheet.cells.push({ row: 1, col: 1, content: text("校验结果（由公式自动计算，不依赖加载项）"), style: "title" });
  sheet.merges.push({ row: 1, col: 1, rowSpan: 1, colSpan: CHECK_COLUMNS.length });
  const instances = ruleInstances(model);
  const last = CHECK_FIRST_ROW + instances.length - 1;
  const verdictRange = `$H$${CHECK_FIRST_ROW}:$H$${last}`;
  const summary: [string, string][] = [
    ["错误", `=COUNTIF(${verdictRange},"不通过")`],
    ["提示", `=COUNTIF(${verdictRange},"提示")+COUNTIF(${verdictRange},"无法判断")`],
    ["通过", `=COUNTIF(${verdictRange},"通过")`],
  ];
  summary.forEach(([label, f], i) => {
    sheet.cells.push({ row: 2, col: 1 + i * 2, content: text(label), style: "checkHeader" });
    sheet.cells.push({ row: 2, col: 2 + i * 2, content: formula(f), style: "checkNumber" });
  });
  sheet.cells.push({
    row: 3,
    col: 1,
    content: text(
      `依据：${model.version.document}。空白单元格视为未知的非负整数：只有无论如何填写都不成立时才判“不通过”，可能成立时判“无法判断”。“提示”可在加载项中填写说明后接受。`,
    ),
    style: "note",
  });
  sheet.merges.push({ row: 3, col: 1, rowSpan: 1, colSpan: CHECK_COLUMNS.length });
  CHECK_COLUMNS.forEach((h, i) => sheet.cells.push({ row: CHECK_FIRST_ROW - 1, col: i + 1, content: text(h), style: "checkHeader" }));
  // One helper per derived cell: the blanks it carries (parts before wholes need no order: formulas).
  const derived = model.cells.filter((c) => c.sumOf);
  const helperRow = new Map(derived.map((c, i) => [c.id, CHECK_FIRST_ROW + i]));
  const derivedBlanks = (id: string) => {
    const row = helperRow.get(id);
    if (row === undefined) throw new Error(`校验表缺少 ${id} 的辅助单元格`);
    return a1(row, CHECK_HELPER_COLUMNS.blanks);
  };
  derived.forEach((cell, i) => {
    const row = CHECK_FIRST_ROW + i;
    const parts = cell.sumOf!.map((id) => model.cellById.get(id)!);
    sheet.cells.push({ row, col: CHECK_HELPER_COLUMNS.id, content: text(cell.id), style: "checkText" });
    sheet.cells.push({
      row,
      col: CHECK_HELPER_COLUMNS.blanks,
      content: formula(formulaText(derivedBlankFormula(cell, parts, { derivedBlanks }))),
      style: "checkNumber",
    });
  });
  instances.forEach((instance, i) => {
    const row = CHECK_FIRST_ROW + i;
    const compiled = compileInstance(instance, { diff: `G${row}`, blanksLeft: `I${row}`, blanksRight: `J${row}`, derivedBlanks });
    const cells: [RawValue, StyleKey][] = [
      [text(instanceName(instance)), "checkText"],
      [text(instance.key), "checkText"],
      [text(SEVERITY_LABEL[instance.rule.severity]), "checkText"],
      [text(`${instance.table.name}：${instance.check}`), "checkText"],
      [formula(formulaText(compiled.left)), "checkNumber"],
      [formula(formulaText(compiled.right)), "checkNumber"],
      [formula(formulaText(compiled.diff)), "checkNumber"],
      [formula(formulaText(compiled.verdict)), "checkVerdict"],
      [formula(formulaText(compiled.blanksLeft)), "checkNumber"],
      [formula(formulaText(compiled.blanksRight)), "checkNumber"],
    ];
    cells.forEach(([content, style], c) => sheet.cells.push({ row, col: c + 1, content, style }));
    // Printed, a wrapped 检查内容 must not run over the next row.
    sheet.rowHeights[row] = wrappedRowHeight([
      { text: instanceName(instance), width: CHECK_WIDTHS[0] },
      { text: `${instance.table.name}：${instance.check}`, width: CHECK_WIDTHS[3] },
    ]);
  });
  return sheet;
}

export const META_KEYS = {
  marker: "nianbao",
  formatId: "formatId",
  planVersion: "planVersion",
  explanation: "说明",
  explanationBasis: "说明依据",
  lastYear: "上年正文",
  lastYearReport: "上年报告",
  lastYearValue: "上年数据",
  carried: "待确认",
  /** 台账列: B a register header, C the field it was mapped to (忽略: left out). */
  ledgerColumn: "台账列",
  /** 台账计数: B a 表三 input cell id, C the register's count written there. */
  ledgerCount: "台账计数",
  /** 台账表: B the sheet listing the applications. */
  ledgerSheet: "台账表",
  /** A definition loaded from a file (a provincial variant), in chunks: B the chunk's index, C its text. */
  definition: "格式定义",
  /** C continues the text of the row above (longer than a cell holds). */
  continued: "续",
} as const;

/** A cell holds at most 32,767 characters (Excel's limit); the stored definition is cut below that. */
export const DEFINITION_CHUNK = 32_000;

function definitionRows(model: FormatModel): string[][] {
  if (model.builtIn) return [];
  const text = JSON.stringify(model.version);
  const rows: string[][] = [];
  for (let i = 0; i * DEFINITION_CHUNK < text.length; i++)
    rows.push([META_KEYS.definition, String(i), text.slice(i * DEFINITION_CHUNK, (i + 1) * DEFINITION_CHUNK)]);
  return rows;
}

/** The rows of the hidden meta sheet (A key, B, C); a writer that changes one block rewrites them all. */
export function metaRowsOf(
  model: FormatModel,
  entered: Pick<EnteredData, "explanations" | "explanationBasis" | "lastYearText" | "lastYear" | "carried" | "ledger">,
): string[][] {
  const ly = entered.lastYear;
  // A text longer than a cell holds goes on in the rows after it (key 续), joined again on read.
  return metaRowsUnsplit(model, entered, ly).flatMap((r) => {
    if ((r[2] ?? "").length <= CELL_TEXT_LIMIT) return [r];
    const [first, ...rest] = splitForCells(r[2]);
    return [[r[0], r[1], first], ...rest.map((piece) => [META_KEYS.continued, "", piece])];
  });
}

function metaRowsUnsplit(
  model: FormatModel,
  entered: Pick<EnteredData, "explanations" | "explanationBasis" | "lastYearText" | "lastYear" | "carried" | "ledger">,
  ly: EnteredData["lastYear"],
): string[][] {
  return [
    [META_KEYS.marker, "年报（Nianbao）工作簿：请勿修改本表"],
    [META_KEYS.formatId, model.version.id],
    [META_KEYS.planVersion, PLAN_VERSION],
    ...definitionRows(model),
    ...[...entered.explanations].map(([key, note]) => [META_KEYS.explanation, key, note]),
    ...[...(entered.explanationBasis ?? [])].filter(([key]) => entered.explanations.has(key)).map(([key, basis]) => [META_KEYS.explanationBasis, key, basis]),
    ...(entered.lastYearText ?? []).map((p) => [META_KEYS.lastYear, String(p.part), p.segments.map((s) => (s.kind === "text" ? s.text : "")).join("")]),
    ...(ly ? [[META_KEYS.lastYearReport, ly.year === null ? "" : String(ly.year), ly.formatId]] : []),
    ...(ly ? [...ly.values].map(([id, v]) => [META_KEYS.lastYearValue, id, String(v)]) : []),
    ...[...(entered.carried ?? [])].map(([id, v]) => [META_KEYS.carried, id, v]),
    ...(entered.ledger?.columns ?? []).map(([header, field]) => [META_KEYS.ledgerColumn, header, field ?? LEDGER_IGNORED]),
    ...[...(entered.ledger?.counts ?? [])].map(([id, n]) => [META_KEYS.ledgerCount, id, String(n)]),
    ...(entered.ledger?.sheet ? [[META_KEYS.ledgerSheet, entered.ledger.sheet]] : []),
  ];
}

function metaSheet(model: FormatModel, entered: EnteredData): SheetPlan {
  const sheet = emptySheet(META_SHEET, "meta");
  sheet.visible = false;
  sheet.clearBeyond = true;
  const rows = metaRowsOf(model, entered);
  rows.forEach((r, i) => r.forEach((v, c) => sheet.cells.push({ row: i + 1, col: c + 1, content: text(v), style: "plain" })));
  return sheet;
}

/** The 正文 sheet: six part titles, one paragraph per cell; bound numbers are live formulas. */
export function textSheet(model: FormatModel, narrative: Paragraph[], render: (p: Paragraph) => string = literalText): SheetPlan {
  const sheet = emptySheet(TEXT_SHEET, "text");
  sheet.clearBeyond = true;
  sheet.columnWidths = [6, 100, 30];
  sheet.hiddenColumns = [3];
  sheet.print = { landscape: false, titleRows: null };
  sheet.cells.push({
    row: 1,
    col: 1,
    content: formula(formulaText(bin("&", bin("&", ref(coverName("orgName")), ref(coverName("year"))), str("年政府信息公开工作年度报告")))),
    style: "title",
  });
  sheet.merges.push({ row: 1, col: 1, rowSpan: 1, colSpan: 2 });
  sheet.rowHeights[1] = 28;
  ["部分", TEXT_HEADER, "数字绑定（勿改）"].forEach((h, i) => sheet.cells.push({ row: 2, col: i + 1, content: text(h), style: "checkHeader" }));
  let row = TEXT_FIRST_ROW;
  model.version.sections.forEach((title, part) => {
    sheet.cells.push({ row, col: 1, content: text(PART_NUMERALS[part]), style: "partTitle" });
    sheet.cells.push({ row, col: 2, content: text(title), style: "partTitle" });
    sheet.cells.push({ row, col: 3, content: text(`${TEXT_TEMPLATE_MARK}${part}`), style: "plain" });
    row += 1;
    const paragraphs = narrative.filter((p) => p.part === part);
    for (const p of paragraphs.length ? paragraphs : [{ part, segments: [] }]) {
      let f = paragraphFormula(p.segments);
      const template = f ? JSON.stringify(p.segments) : "";
      // A paragraph too long for a live formula (or its template for a cell) is written as its text.
      if (f && (formulaText(f).length > FORMULA_TEXT_LIMIT || template.length > CELL_TEXT_LIMIT)) f = null;
      const plain = f ? literalText(p) : render(p);
      // Text longer than a row can show continues in the rows below (read back as one paragraph).
      const pieces = f ? [plain] : splitForRows(plain);
      pieces.forEach((piece, i) => {
        sheet.cells.push({ row, col: 1, content: text(PART_NUMERALS[part]), style: "note" });
        sheet.cells.push({ row, col: 2, content: f ? formula(formulaText(f)) : piece ? text(piece) : { type: "blank" }, style: "paragraph" });
        if (f) sheet.cells.push({ row, col: 3, content: text(template), style: "plain" });
        else if (i > 0) sheet.cells.push({ row, col: 3, content: text(TEXT_CONTINUATION_MARK), style: "plain" });
        const chars = f ? plain.length + 10 * p.segments.length : piece.length;
        sheet.rowHeights[row] = Math.min(MAX_ROW_HEIGHT, Math.max(18, Math.ceil(Math.max(1, chars) / TEXT_CHARS_PER_LINE) * TEXT_LINE_HEIGHT));
        row += 1;
      });
    }
  });
  return sheet;
}

/** A paragraph cut into pieces a row can show, after a sentence where one ends near the limit. */
function splitForRows(paragraph: string, limit = TEXT_CHARS_PER_ROW): string[] {
  const pieces: string[] = [];
  let rest = paragraph;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    const after = (marks: string[]) => Math.max(...marks.map((p) => window.lastIndexOf(p)));
    const sentence = after(["。", "；", "！", "？"]);
    const clause = after(["，", "、"]);
    let cut = sentence >= limit / 2 ? sentence + 1 : clause >= limit / 2 ? clause + 1 : limit;
    // Never between the halves of a surrogate pair.
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1])) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

function archiveSheet(archive: NonNullable<EnteredData["archive"]>): SheetPlan {
  const sheet = emptySheet(ARCHIVE_SHEET, "archive");
  sheet.columnWidths = [8, 40, 30, 14];
  sheet.cells.push({ row: 1, col: 1, content: text(`以下数据来自${archive.fromFormat}，在新格式中没有对应单元格，原样保留备查`), style: "title" });
  sheet.merges.push({ row: 1, col: 1, rowSpan: 1, colSpan: 4 });
  ["表", "行", "列", "原值"].forEach((h, i) => sheet.cells.push({ row: 2, col: i + 1, content: text(h), style: "checkHeader" }));
  archive.rows.forEach((r, i) => {
    [text(r.table), text(r.row), text(r.column), r.value].forEach((content, c) => sheet.cells.push({ row: 3 + i, col: c + 1, content, style: "checkText" }));
  });
  return sheet;
}

/** The whole workbook for a format, with the entered data put back in place. */
export function buildPlan(model: FormatModel, entered: EnteredData): WorkbookPlan {
  const names: WorkbookPlan["names"] = [];
  // A paragraph too long for a live formula is written as text, its numbers as the tables hold them now.
  const render = (p: Paragraph) =>
    renderParagraph(
      { model, values: entered.values, locations: new Map(), cover: entered.cover, explanations: new Map(), structure: [], narrative: [], lastYearText: [] },
      p,
    );
  const sheets = [
    coverSheet(model, entered, names),
    ...model.tables.map((t) => tableSheet(model, t, entered, names)),
    textSheet(model, entered.narrative ?? [], render),
    checkSheet(model),
    metaSheet(model, entered),
  ];
  if (entered.archive?.rows.length) sheets.push(archiveSheet(entered.archive));
  const notices: string[] = [];
  // The 校验 sheet is ours alone: nothing typed reaches it.
  for (const sheet of sheets) if (sheet.role !== "check") cleanSheet(sheet, notices);
  return { formatId: model.version.id, sheets, names, notices };
}

/** Remove the characters a file cannot hold from every text of a sheet; one notice per cell. */
export function cleanSheet(sheet: SheetPlan, notices: string[]): void {
  const clean = (raw: RawValue, where: string): RawValue => {
    if (raw.type === "text") {
      const r = removeXmlIllegal(raw.value);
      if (r.removed.length) notices.push(removedNotice(where, r.removed));
      return r.removed.length ? { type: "text", value: r.text } : raw;
    }
    if (raw.type === "formula") {
      const r = removeXmlIllegal(raw.formula);
      if (r.removed.length) notices.push(removedNotice(where, r.removed));
      return { ...raw, formula: r.text, result: clean(raw.result, where) };
    }
    return raw;
  };
  for (const cell of sheet.cells) cell.content = clean(cell.content, `${sheet.name} ${a1(cell.row, cell.col)}`);
}
