import { z } from "zod";
import { a1, parseA1 } from "../format/address";
import type { FormatModel } from "../format/layout";
import type { SheetData, WorkbookData, WorkbookPort } from "../host/port";
import { readWorkbookData } from "../workbook/operations";
import type { PlannedCell, SheetPlan } from "../workbook/plan";
import { reportYear, snapshotFromData } from "../workbook/read";
import { planRebuild, rebuildSummary, type RebuildReport } from "../workbook/rebuild";
import { displayRaw, type LedgerMemory, type RawValue, type Snapshot } from "../workbook/snapshot";
import { NotNianbaoWorkbookError } from "../errors";
import { compareTyped, type Comparison } from "./compare";
import type { ApplicationRecord, LedgerDerivation } from "./derive";
import { HeaderMatcher, type ColumnOverrides } from "./header";
import { readRegister } from "./read";
import { openTable, parseTable, chooseSheet, type ParsedTable } from "./register";
import { resultPath, table3Of } from "./table3";
import { REGISTER_FIELDS, type RegisterField } from "./vocabulary";
import { deadlineMessage } from "./workdays";
import { zhDate } from "./dates";

/**
 * 从台账生成表三, the steps the CLI (`nianbao ledger --into`) and the pane share: open a register's
 * bytes with the mapping the workbook remembers, and write the counts, the mapping and the 台账
 * sheet through the port (one read, one write), after showing typed cells beside the register's.
 */

/** Without these a register cannot be counted at all. */
export const REQUIRED_REGISTER: RegisterField[] = ["received", "result"];

interface ColumnChoice {
  letter: string;
  header: string;
  field: string | null;
  by: "header" | "map" | null;
  note?: string;
}

export type TableOpen<F extends string> =
  | { ok: true; parsed: ParsedTable<F>; others: string[]; encoding?: string; columns: ColumnChoice[] }
  /** `columns`: the header found, for a mapping step; empty when none was found. */
  | { ok: false; message: string; mappable: boolean; missing?: F[]; columns: ColumnChoice[] };

const choices = <F extends string>(parsed: ParsedTable<F> | null): ColumnChoice[] =>
  (parsed?.header.columns ?? [])
    .filter((c) => c.header !== "" || c.field)
    .map((c) => ({ letter: c.letter, header: c.header, field: c.field, by: c.by, ...(c.note ? { note: c.note } : {}) }));

/** A register file's bytes → its parsed table, or a zh-CN reason (and the header's columns, so the user can map them). */
export async function openTableBytes<F extends string>(
  bytes: Uint8Array,
  fileName: string,
  spec: { headers: Record<F, string[]>; labels: Record<F, string>; required: F[]; overrides: ColumnOverrides<F>; sheet?: string },
): Promise<TableOpen<F>> {
  const read = await readRegister(bytes, fileName);
  if (!read.ok) return { ok: false, message: read.message, mappable: false, columns: [] };
  const matcher = new HeaderMatcher(spec.headers);
  const opened = openTable(read.sheets, matcher, spec);
  if (opened.ok) return { ok: true, parsed: opened.parsed, others: opened.others, encoding: read.encoding, columns: choices(opened.parsed) };
  const chosen = chooseSheet(read.sheets, matcher, spec.overrides, spec.sheet);
  const header = "error" in chosen ? null : parseTable(chosen.sheet, matcher, spec.overrides);
  return { ok: false, message: opened.message, mappable: opened.mappable, ...(opened.missing ? { missing: opened.missing } : {}), columns: choices(header) };
}

const registerFields = Object.keys(REGISTER_FIELDS) as [RegisterField, ...RegisterField[]];
const storedColumn = z.tuple([z.string().min(1), z.enum(registerFields).nullable()]);

/** The mapping kept in the workbook as overrides; entries that are no register field are dropped (the sheet is the user's to damage). */
function overridesFromMemory(memory: LedgerMemory | null | undefined): ColumnOverrides<RegisterField> {
  const out: ColumnOverrides<RegisterField> = new Map();
  for (const entry of memory?.columns ?? []) {
    const ok = storedColumn.safeParse(entry);
    if (ok.success) out.set(ok.data[0], ok.data[1]);
  }
  return out;
}

/** The workbook's remembered mapping (null when it is no Nianbao workbook yet), in one read. */
export async function rememberedMapping(port: WorkbookPort): Promise<ColumnOverrides<RegisterField>> {
  return overridesFromMemory(snapshotOf(await readWorkbookData(port))?.ledger);
}

function snapshotOf(data: WorkbookData): Snapshot | null {
  if (!data.sheets.length) return null;
  try {
    return snapshotFromData(data);
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) return null;
    throw e;
  }
}

const LEDGER_SHEET = "台账";
const LEDGER_TITLE = "申请台账 · 表三的来源（年报生成，重新生成时整表替换）";
/** The 台账 sheet: the header on this row, the applications below it in the register's order. */
const LEDGER_HEADER_ROW = 3;
const LEDGER_COLUMNS = [
  "台账行",
  "申请编号",
  "收到日期",
  "申请人",
  "申请人类型",
  "办理结果",
  "答复日期",
  "计入列",
  "计入结果",
  "年度归属",
  "计入表三单元格",
  "状态",
  "原因或提示",
  "期限",
] as const;
const LEDGER_WIDTHS = [10, 16, 14, 22, 12, 22, 14, 16, 30, 12, 18, 12, 44, 30];

const STATUS: Record<ApplicationRecord["status"], string> = {
  counted: "已计入",
  unclassified: "未能分类",
  suggested: "待确认",
  outOfYear: "不属于本年度",
  superseded: "以本年台账为准",
};

/** Where a record came from, as people say it. */
export function recordPlace(rec: Pick<ApplicationRecord, "source" | "row">): string {
  return `${rec.source === "lastYear" ? "上年台账" : ""}第 ${rec.row} 行`;
}

/** A 表三/表四 input cell as people say it: "表三!D7 （一）予以公开 · 自然人". */
export function cellPlace(model: FormatModel, id: string): string {
  const cell = model.cellById.get(id);
  if (!cell) return id;
  // The table's single root heading (三、本年度办理结果, 申请人情况) says nothing about the cell.
  const rows = cell.rowPath.length > 1 ? cell.rowPath.slice(1) : cell.rowPath;
  const block = model.version.tables.find((t) => t.key === cell.tableKey)?.blocks[0];
  const columns = block?.columns.length === 1 ? cell.columnPath.slice(1) : cell.columnPath;
  return `${cell.sheet}!${cell.address} ${[...rows, ...columns].filter((l) => l !== "").join(" · ")}`;
}

/** 台账 sheet row of each record (same order as derivation.records). */
const ledgerRowOf = (index: number) => LEDGER_HEADER_ROW + 1 + index;

/** The cells of a row on the 台账 sheet (what a jump selects and highlights). */
export function ledgerRowCells(sheetRow: number): string[] {
  return LEDGER_COLUMNS.map((_, c) => a1(sheetRow, c + 1));
}

/** An application listed on the 台账 sheet as counting in a cell. */
export interface ListedApplication {
  /** Row on the 台账 sheet. */
  sheetRow: number;
  /** 第 N 行 (of the register). */
  place: string;
  /** Its number, applicant, type, dates and result, as written on the sheet. */
  text: string;
}

const CELLS_COLUMN = LEDGER_COLUMNS.indexOf("计入表三单元格") + 1;

/**
 * Drill-down, read from the 台账 sheet itself (so it works on a workbook opened again later, in Excel
 * too): the applications whose 计入表三单元格 names `address`, in the register's order.
 */
export function applicationsListed(sheet: SheetData, address: string): ListedApplication[] {
  const text = (row: number, col: number) => {
    const v = sheet.cells.get(a1(row, col));
    return v ? displayRaw(v.type === "formula" ? v.result : v).trim() : "";
  };
  let last = LEDGER_HEADER_ROW;
  for (const key of sheet.cells.keys()) {
    const at = parseA1(key);
    if (at && at.row > last) last = at.row;
  }
  const out: ListedApplication[] = [];
  for (let row = LEDGER_HEADER_ROW + 1; row <= last; row++) {
    if (!text(row, CELLS_COLUMN).split("、").includes(address)) continue;
    const answered = text(row, 7);
    out.push({
      sheetRow: row,
      place: text(row, 1),
      text: [text(row, 2), text(row, 4), text(row, 5), text(row, 3), answered && `答复 ${answered}`, text(row, 6)].filter((v) => v !== "").join(" · "),
    });
  }
  return out;
}

function cellsText(d: LedgerDerivation, ids: string[]): string {
  return ids.map((id) => d.model.cellById.get(id)?.address ?? id).join("、");
}

/** One row per application: its derived column, result row and year class, and the 表三 cells it counts in. */
function ledgerSheetPlan(d: LedgerDerivation, name: string): SheetPlan {
  const t3 = table3Of(d.model);
  const cells: PlannedCell[] = [];
  const put = (row: number, col: number, value: string, style: PlannedCell["style"]) => {
    if (value !== "") cells.push({ row, col, content: { type: "text", value }, style });
  };
  put(1, 1, LEDGER_TITLE, "title");
  const c = d.counts;
  put(
    2,
    1,
    `${d.year} 年度 · 工作表“${d.sheet}”，表头在第 ${d.header.row} 行 · 本年新收 ${c.new} 件，上年结转 ${c.carried} 件，结转下年度 ${c.open} 件；未能分类 ${c.unclassified} 行，待确认 ${c.suggested} 行（均不计入）`,
    "note",
  );
  LEDGER_COLUMNS.forEach((h, i) => put(LEDGER_HEADER_ROW, i + 1, h, "checkHeader"));
  d.records.forEach((r, i) => {
    const row = ledgerRowOf(i);
    const year = r.yearClass === "new" ? "本年新收" : r.yearClass === "carried" ? "上年结转" : "";
    const values = [
      recordPlace(r),
      r.fields.id ?? "",
      r.received ? zhDate(r.received) : (r.fields.received ?? ""),
      r.fields.applicant ?? "",
      r.fields.applicantType ?? "",
      [r.fields.result, r.fields.resultDetail].filter(Boolean).join(" "),
      r.answered ? zhDate(r.answered) : (r.fields.answered ?? ""),
      r.column ? (t3.columns.get(r.column) ?? r.column) : "",
      r.status !== "counted" ? "" : r.open ? "结转下年度继续办理" : r.resultRow ? resultPath(t3, r.resultRow) : "",
      r.status === "counted" ? `${year}${r.open ? "，结转下年度" : ""}` : "",
      cellsText(d, r.cellIds),
      STATUS[r.status],
      [r.reason ?? "", ...r.notices].filter(Boolean).join("；"),
      r.deadline && r.status === "counted" ? deadlineMessage(r.deadline) : "",
    ];
    values.forEach((v, col) => put(row, col + 1, v, "checkText"));
  });
  return {
    name,
    role: "board",
    visible: true,
    cells,
    merges: [
      { row: 1, col: 1, rowSpan: 1, colSpan: LEDGER_COLUMNS.length },
      { row: 2, col: 1, rowSpan: 1, colSpan: LEDGER_COLUMNS.length },
    ],
    validations: [],
    columnWidths: LEDGER_WIDTHS,
    rowHeights: { 1: 28, 2: 18 },
    protect: false,
    // A second derivation from a shorter register must not leave rows of the first behind.
    clearBeyond: true,
    print: { landscape: true, titleRows: [LEDGER_HEADER_ROW, LEDGER_HEADER_ROW] },
    freeze: { rows: LEDGER_HEADER_ROW, cols: 1 },
  };
}

/** The sheet to write: 台账, unless the user has a sheet of that name of their own (their register pasted in, say). */
function ledgerSheetName(data: WorkbookData): string {
  const names = new Set([...(data.order ?? []), ...data.sheets.map((s) => s.name), ...(data.others ?? []).map((o) => o.name)]);
  const ours = (name: string) => {
    const probe = data.others?.find((o) => o.name === name);
    const read = data.sheets.find((s) => s.name === name);
    const first = probe?.texts[0] ?? (read?.cells.get("A1")?.type === "text" ? (read.cells.get("A1") as { value: string }).value : "");
    return first === LEDGER_TITLE;
  };
  for (const name of [LEDGER_SHEET, `${LEDGER_SHEET}（年报）`, `${LEDGER_SHEET}（年报2）`]) if (!names.has(name) || ours(name)) return name;
  return `${LEDGER_SHEET}（年报${Date.now() % 1000}）`;
}

export type LedgerWriteResult =
  /** Written: the counts, the mapping and the 台账 sheet. */
  | { kind: "written"; comparison: Comparison | null; sheet: string; report: RebuildReport }
  /** Cells typed by hand differ from the register: nothing written until the user says the register wins. */
  | { kind: "refused"; comparison: Comparison }
  /** The workbook does not fit (another year, another format) or cannot be rebuilt: the reason in zh-CN. */
  | { kind: "blocked"; message: string };

export interface LedgerWriteRequest {
  derivation: LedgerDerivation;
  /** 表四 counts (from a case list), written beside 表三's. */
  extraValues?: Map<string, number>;
  /** The column mapping to remember (user-made entries: header → field, null for 忽略). */
  mapping: ColumnOverrides<RegisterField>;
  /** The register's counts replace cells typed by hand that differ. */
  replace: boolean;
  /** For a workbook that is no report yet. */
  orgName?: string;
  /** The workbook as messages name it (a file name in the CLI). */
  name?: string;
}

/**
 * Write a derivation into the open workbook: one read, then (unless typed cells differ and
 * `replace` is not set) one write of the statutory sheets, _nianbao (mapping, counts) and 台账.
 * A typed cell equal to what an earlier derivation wrote is the register's, not the user's.
 */
export async function writeLedger(port: WorkbookPort, request: LedgerWriteRequest): Promise<LedgerWriteResult> {
  const d = request.derivation;
  const name = request.name !== undefined ? `${request.name} ` : "本工作簿";
  const existing = await readWorkbookData(port);
  const snapshot = snapshotOf(existing);
  const counts = new Map([...d.values, ...(request.extraValues ?? [])]);
  let comparison: Comparison | null = null;
  if (snapshot) {
    const year = reportYear(snapshot);
    if (year !== null && year !== d.year) return { kind: "blocked", message: `${name}是 ${year} 年度的报表，台账按 ${d.year} 年度统计；请核对年度。` };
    if (snapshot.model.version.id !== d.model.version.id)
      return { kind: "blocked", message: `${name}使用${snapshot.model.version.name}，${d.year} 年度应使用${d.model.version.name}。` };
    const full = compareTyped(d.model, snapshot.values, counts);
    const before = snapshot.ledger?.counts;
    const conflicts = full.conflicts.filter((r) => !(before?.get(r.id) !== undefined && String(before.get(r.id)) === r.typed));
    comparison = { rows: full.rows, conflicts };
    if (conflicts.length && !request.replace) return { kind: "refused", comparison };
  }
  const values = new Map<string, RawValue>([...counts].map(([id, n]) => [id, { type: "number", value: n }]));
  const sheet = ledgerSheetName(existing);
  const ledger: LedgerMemory = { columns: [...request.mapping], counts, sheet };
  const rebuilt = planRebuild(
    { year: d.year, format: snapshot?.model, values, ledger, ...(request.orgName ? { orgName: request.orgName } : {}) },
    existing.sheets.length || existing.others?.length ? existing : null,
  );
  if (!rebuilt.plan) return { kind: "blocked", message: [`${name.trim()}：`, ...rebuildSummary(rebuilt.report)].join("\n") };
  rebuilt.plan.sheets.push(ledgerSheetPlan(d, sheet));
  await port.write(rebuilt.plan);
  return { kind: "written", comparison, sheet, report: rebuilt.report };
}
