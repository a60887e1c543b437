import ExcelJS from "exceljs";
import { a1, parseA1, sheetRef } from "../../src/format/address";
import type { CellInfo, FormatModel, TableLayout } from "../../src/format/layout";
import { coverName, definedName } from "../../src/format/names";
import { getFormat } from "../../src/format/registry";
import type { WorkbookData } from "../../src/host/port";
import { planToWorkbook } from "../../src/host/xlsx";
import { readXlsx } from "../support/read";
import { validateSnapshot, type ValidationReport } from "../../src/rules/validate";
import { buildPlan, CHECK_SHEET, COVER_SHEET, META_KEYS, META_SHEET, type WorkbookPlan } from "../../src/workbook/plan";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue, Snapshot } from "../../src/workbook/snapshot";
import { consistentValues, rng, type Rng } from "../support/generate";
import { emptyEntered } from "../support/workbooks";
import { NotNianbaoWorkbookError } from "../../src/errors";

/**
 * "validate never throws on arbitrary input": thousands of seeded mutations of a generated
 * workbook, each on a fresh copy. The outcome must be a report (exit 0/1) or a
 * NotNianbaoWorkbookError (exit 2), and where the mutation has an obvious meaning the report
 * must say it (an S-1 for a deleted row, F-1 on the very cell typed in full-width digits...).
 *
 * Most .xlsx round trips use the plan without the 校验 sheet: validation never reads it, and it
 * is two thirds of the write and read time. Every 80th run loads the full workbook, every 8th loads
 * the cached .xlsx, the rest rebuild it from the plan.
 */

jest.setTimeout(300_000); // 320 real .xlsx round trips; slow on a shared 2-core machine

const XLSX_RUNS = 160; // per format: 320 real .xlsx round trips
const DATA_RUNS = 360; // per format: 720 WorkbookData-level mutations

// ---------------------------------------------------------------------------------------------
// Fixtures

interface Fixture {
  formatId: "2019" | "2021";
  year: number;
  model: FormatModel;
  plan: WorkbookPlan; // without 校验
  fullPlan: WorkbookPlan;
  buffer: Buffer;
  fullBuffer: Buffer;
  data: WorkbookData;
}

async function fixture(formatId: "2019" | "2021", year: number): Promise<Fixture> {
  const model = getFormat(formatId);
  const fullPlan = buildPlan(model, emptyEntered(year, consistentValues(model, rng(year))));
  const plan = { ...fullPlan, sheets: fullPlan.sheets.filter((s) => s.name !== CHECK_SHEET) };
  const write = async (p: WorkbookPlan) => Buffer.from(await (await planToWorkbook(p)).xlsx.writeBuffer());
  const buffer = await write(plan);
  const fullBuffer = await write(fullPlan);
  return { formatId, year, model, plan, fullPlan, buffer, fullBuffer, data: await readXlsx(buffer, sheetsToRead()) };
}

const cloneData = (d: WorkbookData): WorkbookData => ({
  sheets: d.sheets.map((s) => ({ ...s, cells: new Map(s.cells) })),
  names: d.names.map((n) => ({ ...n })),
});

// ---------------------------------------------------------------------------------------------
// Outcomes

interface Expectation {
  /** Must be refused as not a Nianbao workbook (exit 2). */
  notNianbao?: boolean;
  /** Exactly one F-1, on this cell; `fix` checked when not undefined. */
  f1?: { id: string; fix?: number | null };
  /** No F-1 at all. */
  noF1?: boolean;
  /** An F-2 提示 naming this cell. */
  f2?: string;
  /** An S-1 whose message contains every fragment. */
  s1?: string[];
  /** No S-1. */
  noS1?: boolean;
  /** An F-3 on this derived cell ("*": on any). */
  f3?: string;
  /** The report has no 错误 (the base workbook is consistent). */
  clean?: boolean;
  /** A balance-rule finding lists this cell. */
  involves?: string;
  /** At least one finding. */
  anyFinding?: boolean;
  /** The format detected. */
  format?: string;
  /** At least this many accepted 提示. */
  accepted?: number;
}

interface Mutation {
  name: string;
  expect: Expectation;
}

type Outcome = { kind: "report"; report: ValidationReport; snapshot: Snapshot } | { kind: "notNianbao"; message: string };

/** How the outcomes spread, so a degenerate fuzz (everything refused, or nothing found) fails too. */
interface Tally {
  refused: number;
  clean: number;
  s1: number;
  f1: number;
  balance: number;
}
const newTally = (): Tally => ({ refused: 0, clean: 0, s1: 0, f1: 0, balance: 0 });

function count(tally: Tally, outcome: Outcome | null) {
  if (!outcome) return;
  if (outcome.kind === "notNianbao") tally.refused += 1;
  else {
    const rules = new Set(outcome.report.findings.map((f) => f.rule));
    if (outcome.report.summary.errors === 0) tally.clean += 1;
    if (rules.has("S-1")) tally.s1 += 1;
    if (rules.has("F-1")) tally.f1 += 1;
    if ([...rules].some((x) => x.startsWith("T"))) tally.balance += 1;
  }
}

function expectSpread(tally: Tally, runs: number) {
  expect(tally.refused).toBeGreaterThan(runs / 40);
  expect(tally.clean).toBeGreaterThan(runs / 10);
  expect(tally.s1).toBeGreaterThan(runs / 10);
  expect(tally.f1).toBeGreaterThan(runs / 10);
  expect(tally.balance).toBeGreaterThan(runs / 20);
}

const RULES = new Set(["S-1", "T3-1", "T3-2", "T3-3", "T4-1", "F-1", "F-2", "F-3", "N-1", "P-1"]);
const HAN = /[\u4e00-\u9fff]/;
const finiteOrNull = (v: unknown) => v === null || (typeof v === "number" && Number.isFinite(v));

/** Run the validator; anything but a report or NotNianbaoWorkbookError is recorded as a failure. */
function judge(data: WorkbookData, context: string, failures: string[]): Outcome | null {
  let snapshot: Snapshot;
  let report: ValidationReport;
  try {
    snapshot = snapshotFromData(data);
    report = validateSnapshot(snapshot);
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) {
      if (!HAN.test(e.message)) failures.push(`${context}: NotNianbaoWorkbookError without a zh-CN message: ${e.message}`);
      return { kind: "notNianbao", message: e.message };
    }
    failures.push(`${context}: validate threw ${(e as Error).stack ?? String(e)}`);
    return null;
  }
  const problems = reportProblems(report);
  if (problems.length) {
    failures.push(`${context}: ${problems.join("; ")}`);
    return null;
  }
  return { kind: "report", report, snapshot };
}

function reportProblems(report: ValidationReport): string[] {
  const out: string[] = [];
  if (!Array.isArray(report.findings)) return ["findings is not an array"];
  const { summary } = report;
  for (const k of ["errors", "warnings", "passed", "accepted"] as const) {
    if (!Number.isInteger(summary[k]) || summary[k] < 0) out.push(`summary.${k} = ${summary[k]}`);
  }
  if (summary.errors !== report.findings.filter((f) => f.severity === "error").length) out.push("summary.errors does not count the 错误");
  if (summary.warnings !== report.findings.filter((f) => f.severity === "warning").length) out.push("summary.warnings does not count the 提示");
  const keys = new Set<string>();
  for (const f of report.findings) {
    const where = `${f.key}`;
    if (keys.has(f.key)) out.push(`duplicate finding key ${f.key}`);
    keys.add(f.key);
    if (!RULES.has(f.rule)) out.push(`${where}: unknown rule ${f.rule}`);
    if (f.severity !== "error" && f.severity !== "warning") out.push(`${where}: severity ${String(f.severity)}`);
    if (typeof f.message !== "string" || !HAN.test(f.message)) out.push(`${where}: message not zh-CN`);
    else if (/undefined|NaN|Infinity|\[object |\{(where|table|left|right|diff|document|addresses|address|problem)\}/.test(f.message))
      out.push(`${where}: message ${f.message.slice(0, 200)}`);
    if (!Array.isArray(f.cells)) out.push(`${where}: cells not an array`);
    else
      for (const c of f.cells)
        if (typeof c.id !== "string" || typeof c.sheet !== "string" || !/^[A-Z]+\d+$/.test(c.address)) out.push(`${where}: bad cell ${JSON.stringify(c)}`);
    if (!(typeof f.left === "string" || finiteOrNull(f.left)) || !finiteOrNull(f.right) || !finiteOrNull(f.diff))
      out.push(`${where}: left/right/diff ${f.left}/${f.right}/${f.diff}`);
    if (f.fix !== undefined && !finiteOrNull(f.fix)) out.push(`${where}: fix ${f.fix}`);
  }
  return out;
}

/** Check what the mutation means against the outcome. */
function expectationProblems(outcome: Outcome, e: Expectation): string[] {
  if (outcome.kind === "notNianbao") return e.notNianbao ? [] : [`refused as not a Nianbao workbook: ${outcome.message}`];
  if (e.notNianbao) return ["expected NotNianbaoWorkbookError, got a report"];
  const { report, snapshot } = outcome;
  const out: string[] = [];
  const by = (rule: string) => report.findings.filter((f) => f.rule === rule);
  const brief = () =>
    report.findings
      .slice(0, 5)
      .map((f) => `${f.rule} ${f.message.slice(0, 80)}`)
      .join(" | ");
  if (e.f1) {
    const f1 = by("F-1");
    if (f1.length !== 1 || f1[0].cells.length !== 1 || f1[0].cells[0].id !== e.f1.id)
      out.push(`expected one F-1 on ${e.f1.id}, got ${JSON.stringify(f1.map((f) => f.cells))}`);
    else if (e.f1.fix !== undefined && f1[0].fix !== e.f1.fix) out.push(`F-1 on ${e.f1.id}: fix ${f1[0].fix}, expected ${e.f1.fix}`);
  }
  if (e.noF1 && by("F-1").length)
    out.push(
      `unexpected F-1: ${by("F-1")
        .map((f) => f.message.slice(0, 80))
        .join(" | ")}`,
    );
  if (e.f2 && !by("F-2").some((f) => f.severity === "warning" && f.cells.some((c) => c.id === e.f2))) out.push(`expected an F-2 提示 on ${e.f2}: ${brief()}`);
  if (e.s1 && !by("S-1").some((f) => e.s1!.every((frag) => f.message.includes(frag)))) out.push(`expected an S-1 mentioning ${e.s1.join(" + ")}: ${brief()}`);
  if (e.f3 && !by("F-3").some((f) => e.f3 === "*" || f.cells.some((c) => c.id === e.f3))) out.push(`expected an F-3 on ${e.f3}: ${brief()}`);
  if (e.noS1 && by("S-1").length)
    out.push(
      `unexpected S-1: ${by("S-1")
        .map((f) => f.message)
        .join(" | ")}`,
    );
  if (e.clean && report.summary.errors > 0) out.push(`expected no 错误, got ${report.summary.errors}: ${brief()}`);
  if (e.involves && !report.findings.some((f) => !f.rule.startsWith("F-") && f.cells.some((c) => c.id === e.involves)))
    out.push(`expected a balance finding on ${e.involves}: ${brief()}`);
  if (e.anyFinding && report.findings.length === 0) out.push("expected at least one finding, got none");
  if (e.format && snapshot.model.version.id !== e.format) out.push(`detected format ${snapshot.model.version.id}, expected ${e.format}`);
  if (e.accepted !== undefined && report.summary.accepted < e.accepted) out.push(`accepted ${report.summary.accepted} < ${e.accepted}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values: each bad value as ExcelJS writes it and as the port reads it, with its F-1 meaning

const FW = (s: string) =>
  s
    .replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
    .replace(/-/g, "\uff0d")
    .replace(/\./g, "\uff0e");
const JUNK = ["无", "不适用", "—", "abc", "见说明", "N/A", "零", "十二", "/", "？", "1-2", "约10"];
const LONG_ALPHABET = "年报政府信息公开申请abcXYZ 0123456789，。！";

interface BadValue {
  name: string;
  excel: ExcelJS.CellValue;
  raw: RawValue;
  /** For an input cell: the F-1 expected ({fix}), none (null), or no opinion (undefined). */
  f1: (cell: CellInfo) => { fix?: number | null } | null | undefined;
  /** For a derived cell: a balance rule must then list it. */
  judged?: boolean;
}

function badValue(r: Rng): BadValue {
  const n = r.int(0, 999);
  const always = (fix?: number | null) => () => ({ fix });
  const kinds: (() => BadValue)[] = [
    () => {
      const t = r.pick(JUNK);
      return { name: `text ${t}`, excel: t, raw: { type: "text", value: t }, f1: always(null) };
    },
    () => {
      const t = FW(String(n)) + (r.chance(0.3) ? "\u3000" : "");
      return { name: `full-width ${t}`, excel: t, raw: { type: "text", value: t }, f1: always(n) };
    },
    () => {
      const m = n + 1;
      const t = FW(`-${m}`);
      return { name: `full-width negative ${t}`, excel: t, raw: { type: "text", value: t }, f1: (c) => ({ fix: c.valueKind === "signedCount" ? -m : null }) };
    },
    () => {
      const t = `${n}${r.pick(["件", "条", "项", "个"])}`;
      return { name: `unit ${t}`, excel: t, raw: { type: "text", value: t }, f1: always(n) };
    },
    () => {
      const t = r.pick([` ${n} `, `${n} `, ` ${n}`, `\t${n}`]);
      return { name: `spaces ${JSON.stringify(t)}`, excel: t, raw: { type: "text", value: t }, f1: always(n) };
    },
    () => ({ name: `number as text ${n}`, excel: String(n), raw: { type: "text", value: String(n) }, f1: always(n) }),
    () => {
      const v = 1000 + n;
      const t = `${String(v).slice(0, 1)},${String(v).slice(1)}`;
      return { name: `thousands ${t}`, excel: t, raw: { type: "text", value: t }, f1: always(v) };
    },
    () => {
      const v = -(n + 1);
      return { name: `negative ${v}`, excel: v, raw: { type: "number", value: v }, f1: (c) => (c.valueKind === "signedCount" ? null : { fix: null }) };
    },
    () => {
      const v = n + 0.5;
      return { name: `decimal ${v}`, excel: v, raw: { type: "number", value: v }, f1: (c) => (c.valueKind === "amount" ? null : { fix: null }) };
    },
    () => {
      const v = n + 0.123456789;
      return {
        name: `long decimal ${v}`,
        excel: v,
        raw: { type: "number", value: v },
        f1: (c) => ({ fix: c.valueKind === "amount" ? Number(v.toFixed(6)) : null }),
      };
    },
    () => {
      const err = r.pick(["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?"]);
      return { name: `error ${err}`, excel: { error: err } as ExcelJS.CellErrorValue, raw: { type: "error", value: err }, f1: always(null), judged: true };
    },
    () => {
      const b = r.chance(0.5);
      return { name: `boolean ${b}`, excel: b, raw: { type: "boolean", value: b }, f1: always(null) };
    },
    () => {
      const d = new Date(Date.UTC(2020 + r.int(0, 5), r.int(0, 11), r.int(1, 28)));
      return { name: `date ${d.toISOString().slice(0, 10)}`, excel: d, raw: { type: "number", value: d.getTime() / 86400000 + 25569 }, f1: () => undefined };
    },
    () => {
      const s = String(n);
      const cut = r.int(0, s.length);
      return {
        name: `rich text ${s}`,
        excel: { richText: [{ text: s.slice(0, cut) }, { text: s.slice(cut), font: { bold: true, color: { argb: "FFFF0000" } } }] },
        raw: { type: "text", value: s },
        f1: always(n),
      };
    },
    () => ({
      name: "rich text junk",
      excel: { richText: [{ text: "见" }, { text: "附件", font: { italic: true } }] },
      raw: { type: "text", value: "见附件" },
      f1: always(null),
    }),
    () => ({
      name: `formula =${n}+0`,
      excel: { formula: `${n}+0`, result: n },
      raw: { type: "formula", formula: `=${n}+0`, result: { type: "number", value: n } },
      f1: always(n),
    }),
    () => ({
      name: "formula without result",
      excel: { formula: "SUM(1,2)" },
      raw: { type: "formula", formula: "=SUM(1,2)", result: { type: "blank" } },
      f1: always(null),
    }),
    () => ({
      name: "formula with error result",
      excel: { formula: "1/0", result: { error: "#DIV/0!" } },
      raw: { type: "formula", formula: "=1/0", result: { type: "error", value: "#DIV/0!" } },
      f1: always(null),
      judged: true,
    }),
    () => ({
      name: `hyperlink ${n}`,
      excel: { text: String(n), hyperlink: "https://www.gov.cn/" },
      raw: { type: "text", value: String(n) },
      f1: always(n),
    }),
    () => ({
      name: `hyperlink rich text ${n}`,
      excel: {
        text: { richText: [{ text: String(n), font: { underline: true } }] },
        hyperlink: "https://www.gov.cn/",
      } as unknown as ExcelJS.CellHyperlinkValue,
      raw: { type: "text", value: String(n) },
      f1: always(n),
    }),
    () => {
      const len = r.int(300, 32767);
      let t = "";
      while (t.length < len) t += LONG_ALPHABET[r.int(0, LONG_ALPHABET.length - 1)];
      t = `说${t.slice(1)}`;
      return { name: `long string (${len})`, excel: t, raw: { type: "text", value: t }, f1: always(null) };
    },
    () => {
      const t = "9".repeat(r.int(320, 4000));
      return { name: `long digit string (${t.length})`, excel: t, raw: { type: "text", value: t }, f1: always(null) };
    },
    () => {
      const t = "0".repeat(r.int(1, 30)) + String(n);
      return { name: `leading zeros ${t.slice(-6)}`, excel: t, raw: { type: "text", value: t }, f1: always(n) };
    },
    () => ({ name: "only spaces", excel: r.pick([" ", "   ", "\u3000"]), raw: { type: "text", value: " " }, f1: always(null) }),
  ];
  return r.pick(kinds)();
}

/** What a bad value means for its target cell. */
function valueExpectation(cell: CellInfo, v: BadValue): Expectation {
  if (cell.kind === "formula") {
    // A value typed over a derived cell: F-3 names it (not F-1: it is not an input), and the balance rules judge it.
    return { noF1: true, noS1: true, f3: cell.id, ...(v.judged ? { involves: cell.id } : {}) };
  }
  const f1 = v.f1(cell);
  if (f1 === undefined) return { noS1: true };
  if (f1 === null) return { noF1: true, noS1: true };
  return { f1: { id: cell.id, ...f1 }, noS1: true };
}

// ---------------------------------------------------------------------------------------------
// Structure: what deleting or inserting a row or column means

const tableByName = (model: FormatModel, name: string) => model.tables.find((t) => t.name === name);
const lastDataRow = (t: TableLayout) => Math.max(...t.dataRows.map((d) => d.row));

/** A row of the table that holds headers or labels (a caption, a header row, a data row). */
const labelRows = (t: TableLayout) => new Set(t.grid.filter((g) => g.role !== "value" && g.role !== "title" && g.text !== "").map((g) => g.row));

/** Row r deleted or inserted, with the names moved as Excel (and ExcelJS) move them. */
function rowExpectation(model: FormatModel, sheet: string, r: number, insert: boolean): Expectation {
  const t = tableByName(model, sheet);
  if (!t) return { clean: true, noS1: true }; // 封面 and _nianbao are read by their labels and keys
  // Inserted rows are the user's own: every label is still found, and the names moved with the cells.
  if (insert) return { clean: true, noS1: true };
  if (r === 1) return { s1: [t.name, "表题"] };
  if (t.key === "t4" && r === lastDataRow(t)) return { f3: "*" }; // 表四's one data row: its 总计 formulas are gone
  if (labelRows(t).has(r)) return { s1: [t.name, "找不到"] };
  return { clean: true, noS1: true };
}

/** Row r deleted or inserted by hand with the names left where they were (a copy-and-paste repair). */
function rowExpectationNamesStay(model: FormatModel, sheet: string, r: number, insert: boolean): Expectation {
  const t = tableByName(model, sheet);
  if (!t) return { clean: true, noS1: true };
  if (r === 1 && !insert) return { s1: [t.name] };
  if (t.key === "t4" && r === lastDataRow(t) && !insert) return { f3: "*" };
  // The cells below moved and their names did not: the workbook's own formulas would read the wrong cells.
  if (r <= lastDataRow(t)) return { s1: [t.name] };
  return { clean: true, noS1: true };
}

function columnExpectation(model: FormatModel, sheet: string, c: number): Expectation {
  const t = tableByName(model, sheet);
  if (!t) return { clean: true, noS1: true };
  if (c > t.width) return { clean: true, noS1: true };
  // A column holding a label or a header (the start of one): that label is gone.
  if (t.grid.some((g) => g.role !== "value" && g.text !== "" && g.col === c)) return { s1: [t.name, "找不到"] };
  return {}; // inside a wide value cell: only "no crash" is certain
}

const RENAMES = ["表3", "表三 (2)", " 表三", "Sheet1", "表 三", "表'三", "副本", "封面（旧）", "_nianbao_old", "Table 3"];

/** A renamed sheet is recognised by its title; the names still point at the old name (neither ExcelJS nor the mutation moves them). */
function renameExpectation(model: FormatModel, sheet: string): Expectation {
  const t = tableByName(model, sheet);
  return t ? { s1: [t.name, "定义名称"], noF1: true } : { clean: true, noS1: true, format: model.version.id };
}

function deleteSheetExpectation(model: FormatModel, sheet: string): Expectation {
  const t = tableByName(model, sheet);
  return t ? { s1: ["找不到工作表", `“${t.name}”`] } : { clean: true, noS1: true, format: model.version.id };
}

/** Names re-pointed at random cells of `target`: harmless unless it is a table of the format. */
function namesElsewhereExpectation(model: FormatModel, target: string): Expectation {
  // Values are read by their labels wherever the names point; the names themselves are wrong.
  void model;
  void target;
  return { noF1: true, s1: ["定义名称"] };
}

const otherFormat = (id: string) => (id === "2019" ? "2021" : "2019");

// ---------------------------------------------------------------------------------------------
// .xlsx-level mutations (ExcelJS), each on a fresh workbook

type XlsxMutation = Mutation & { replace?: ExcelJS.Workbook };

function unmergeAll(wb: ExcelJS.Workbook, fx: Fixture, sheet: string) {
  // ExcelJS's spliceRows/spliceColumns do not move merges (Excel does): without this it writes
  // overlapping merges it cannot read back. Validation only reads the top-left cell of a merge.
  const ws = wb.getWorksheet(sheet)!;
  for (const m of fx.fullPlan.sheets.find((s) => s.name === sheet)?.merges ?? []) {
    if (m.rowSpan > 1 || m.colSpan > 1) ws.unMergeCells(m.row, m.col, m.row + m.rowSpan - 1, m.col + m.colSpan - 1);
  }
}

function foreignWorkbook(r: Rng): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(r.pick(["Sheet1", "数据", "表3", "统计"]));
  ws.addRow(["名称", "数量", "备注"]);
  for (let i = 0; i < r.int(1, 20); i++) ws.addRow([`项目${i}`, r.int(0, 100), r.pick(["", "见说明", "—"])]);
  if (r.chance(0.5)) wb.addWorksheet("Sheet2").getCell("B2").value = { formula: "SUM(Sheet1!B:B)", result: 5 };
  if (r.chance(0.5)) wb.definedNames.add(`'${ws.name}'!$B$2`, "NB_t3_new_natural");
  return wb;
}

function xlsxMutation(wb: ExcelJS.Workbook, fx: Fixture, r: Rng, kind: string): XlsxMutation {
  const { model } = fx;
  const sheetNames = fx.plan.sheets.map((s) => s.name);
  const tableNames = model.tables.map((t) => t.name);
  const ws = (name: string) => wb.getWorksheet(name)!;
  switch (kind) {
    case "value": {
      const cell = r.chance(0.75) ? r.pick(model.cells.filter((c) => c.kind === "input")) : r.pick(model.cells.filter((c) => c.kind === "formula"));
      const v = badValue(r);
      ws(cell.sheet).getCell(cell.address).value = v.excel;
      return { name: `${v.name} → ${cell.id}`, expect: valueExpectation(cell, v) };
    }
    case "typedOverDerived": {
      const cell = r.pick(model.cells.filter((c) => c.kind === "formula"));
      const asFormula = r.chance(0.5);
      ws(cell.sheet).getCell(cell.address).value = asFormula ? { formula: "987654+0", result: 987654 } : 987654;
      return { name: `${asFormula ? "formula" : "number"} over derived ${cell.id}`, expect: { noF1: true, noS1: true, f3: cell.id, involves: cell.id } };
    }
    case "deleteRow":
    case "insertRow": {
      const sheet = r.pick([...tableNames, ...tableNames, COVER_SHEET, META_SHEET]);
      const t = tableByName(model, sheet);
      const row = r.int(1, (t ? lastDataRow(t) : 10) + 2);
      unmergeAll(wb, fx, sheet);
      const insert = kind === "insertRow";
      if (insert) ws(sheet).spliceRows(row, 0, r.chance(0.5) ? ["插入的行", 1, 2, 3] : []);
      else ws(sheet).spliceRows(row, 1);
      return { name: `${kind} ${sheet}!${row}`, expect: rowExpectation(model, sheet, row, insert) };
    }
    case "deleteColumn": {
      const sheet = r.pick([...tableNames, ...tableNames, COVER_SHEET, META_SHEET]);
      const t = tableByName(model, sheet);
      const col = r.int(1, (t ? t.width : 3) + 2);
      unmergeAll(wb, fx, sheet);
      ws(sheet).spliceColumns(col, 1);
      return { name: `deleteColumn ${sheet}!${col}`, expect: columnExpectation(model, sheet, col) };
    }
    case "renameSheet": {
      const sheet = r.pick(sheetNames);
      const to = r.pick(RENAMES.filter((n) => !sheetNames.includes(n)));
      ws(sheet).name = to;
      return { name: `rename ${sheet} → ${to}`, expect: renameExpectation(model, sheet) };
    }
    case "deleteSheet": {
      const sheet = r.pick(sheetNames);
      wb.removeWorksheet(ws(sheet).id);
      return { name: `delete sheet ${sheet}`, expect: deleteSheetExpectation(model, sheet) };
    }
    case "deleteMetaAndCover": {
      wb.removeWorksheet(ws(META_SHEET).id);
      wb.removeWorksheet(ws(COVER_SHEET).id);
      return { name: "delete _nianbao and 封面", expect: { notNianbao: true } };
    }
    case "clearNames": {
      wb.definedNames.model = [];
      return { name: "clear defined names", expect: { noF1: true, s1: ["定义名称"] } };
    }
    case "namesToOtherSheet": {
      const share = r.pick([0.1, 0.5, 1]);
      const target = r.pick([...sheetNames, CHECK_SHEET]);
      wb.definedNames.model = wb.definedNames.model.map((n) => (r.chance(share) ? { ...n, ranges: [sheetRef(target, r.int(1, 40), r.int(1, 12))] } : n));
      return { name: `names → ${target} (${share})`, expect: namesElsewhereExpectation(model, target) };
    }
    case "metaGarbage": {
      ws(META_SHEET).getCell("B2").value = r.pick(["2030", "", "二〇二一", 2030, { error: "#REF!" }]);
      return { name: "_nianbao formatId garbage (cover fallback)", expect: { clean: true, noS1: true, format: model.version.id } };
    }
    case "metaOtherFormat": {
      ws(META_SHEET).getCell("B2").value = otherFormat(fx.formatId);
      return { name: "_nianbao says the other format", expect: { format: otherFormat(fx.formatId), anyFinding: true } };
    }
    case "coverGarbage": {
      const row = 3 + r.int(0, model.version.cover.length - 1);
      ws(COVER_SHEET).getCell(row, 2).value = badValue(r).excel;
      return { name: `封面 B${row} garbage`, expect: { clean: true, noS1: true } };
    }
    case "foreign":
      return { name: "foreign workbook", expect: { notNianbao: true }, replace: foreignWorkbook(r) };
    case "empty":
      return { name: "empty workbook", expect: { notNianbao: true }, replace: new ExcelJS.Workbook() };
    default:
      throw new Error(`unknown mutation ${kind}`);
  }
}

const XLSX_KINDS = [
  ...Array(8).fill("value"),
  "typedOverDerived",
  "deleteRow",
  "deleteRow",
  "insertRow",
  "insertRow",
  "deleteColumn",
  "renameSheet",
  "deleteSheet",
  "deleteMetaAndCover",
  "clearNames",
  "namesToOtherSheet",
  "metaGarbage",
  "metaOtherFormat",
  "coverGarbage",
  "foreign",
  "empty",
] as const;

// ---------------------------------------------------------------------------------------------
// WorkbookData-level mutations: the same kinds without the .xlsx round trip, plus names and
// sheets ExcelJS cannot easily write

const NAME_REF = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)$/;

function moveRefs(data: WorkbookData, sheet: string, move: (row: number, col: number) => { row: number; col: number } | null) {
  for (const n of data.names) {
    const m = NAME_REF.exec(n.ref);
    if (!m || m[1].replace(/''/g, "'") !== sheet) continue;
    const at = move(Number(m[3]), parseA1(`${m[2]}1`)!.col);
    n.ref = at ? sheetRef(sheet, at.row, at.col) : "#REF!";
  }
}

function moveCells(data: WorkbookData, sheet: string, move: (row: number, col: number) => { row: number; col: number } | null) {
  const s = data.sheets.find((x) => x.name === sheet);
  if (!s) return;
  const cells = new Map<string, RawValue>();
  for (const [address, raw] of s.cells) {
    const p = parseA1(address)!;
    const at = move(p.row, p.col);
    if (at) cells.set(a1(at.row, at.col), raw);
  }
  s.cells = cells;
}

function dataMutation(data: WorkbookData, fx: Fixture, r: Rng, kind: string): Mutation & { replace?: WorkbookData } {
  const { model } = fx;
  const sheetNames = data.sheets.map((s) => s.name);
  const tableNames = model.tables.map((t) => t.name);
  const sheet = (name: string) => data.sheets.find((s) => s.name === name)!;
  switch (kind) {
    case "value": {
      const cell = r.chance(0.75) ? r.pick(model.cells.filter((c) => c.kind === "input")) : r.pick(model.cells.filter((c) => c.kind === "formula"));
      const v = badValue(r);
      sheet(cell.sheet).cells.set(cell.address, v.raw);
      return { name: `${v.name} → ${cell.id}`, expect: valueExpectation(cell, v) };
    }
    case "blank": {
      const cell = r.pick(model.cells.filter((c) => c.kind === "input"));
      sheet(cell.sheet).cells.delete(cell.address);
      return { name: `blank ${cell.id}`, expect: { f2: cell.id, noF1: true, noS1: true } };
    }
    case "nestedFormula": {
      const cell = r.pick(model.cells);
      const inner: RawValue = r.pick<RawValue>([
        { type: "number", value: 3 },
        { type: "error", value: "#N/A" },
        { type: "text", value: "x" },
        { type: "blank" },
      ]);
      sheet(cell.sheet).cells.set(cell.address, { type: "formula", formula: "=A1", result: { type: "formula", formula: "=B1", result: inner } });
      return {
        name: `nested formula result (${inner.type}) → ${cell.id}`,
        expect: cell.kind === "input" ? { f1: { id: cell.id }, noS1: true } : { noF1: true, noS1: true },
      };
    }
    case "extremeNumber": {
      const cell = r.pick(model.cells.filter((c) => c.kind === "input"));
      const v = r.pick([1e15, 2 ** 53 + 2, 1e-300, -0, 123456789012]);
      sheet(cell.sheet).cells.set(cell.address, { type: "number", value: v });
      const wellFormed =
        cell.valueKind === "amount" ? v >= 0 && Number(v.toFixed(6)) === v : Number.isInteger(v) && (v >= 0 || cell.valueKind === "signedCount");
      return { name: `extreme number ${v} → ${cell.id}`, expect: wellFormed ? { noF1: true, noS1: true } : { f1: { id: cell.id }, noS1: true } };
    }
    case "deleteRow":
    case "insertRow": {
      const name = r.pick([...tableNames, ...tableNames, COVER_SHEET, META_SHEET]);
      const t = tableByName(model, name);
      const row = r.int(1, (t ? lastDataRow(t) : 10) + 2);
      const insert = kind === "insertRow";
      const move = (rr: number, cc: number) =>
        insert ? { row: rr >= row ? rr + 1 : rr, col: cc } : rr === row ? null : { row: rr > row ? rr - 1 : rr, col: cc };
      moveCells(data, name, move);
      const excelLike = r.chance(0.6);
      if (excelLike) moveRefs(data, name, move);
      return {
        name: `${kind} ${name}!${row} (${excelLike ? "names move" : "names stay"})`,
        expect: excelLike ? rowExpectation(model, name, row, insert) : rowExpectationNamesStay(model, name, row, insert),
      };
    }
    case "deleteColumn": {
      const name = r.pick([...tableNames, ...tableNames, COVER_SHEET, META_SHEET]);
      const t = tableByName(model, name);
      const col = r.int(1, (t ? t.width : 3) + 2);
      const move = (rr: number, cc: number) => (cc === col ? null : { row: rr, col: cc > col ? cc - 1 : cc });
      moveCells(data, name, move);
      moveRefs(data, name, move);
      return { name: `deleteColumn ${name}!${col}`, expect: columnExpectation(model, name, col) };
    }
    case "clearSheet": {
      const name = r.pick(tableNames);
      sheet(name).cells = new Map();
      return { name: `clear all cells of ${name}`, expect: { s1: [name, "表题"] } };
    }
    case "renameSheet": {
      const name = r.pick(sheetNames);
      sheet(name).name = r.pick(RENAMES.filter((n) => !sheetNames.includes(n)));
      return { name: `rename ${name}`, expect: renameExpectation(model, name) };
    }
    case "deleteSheet": {
      const name = r.pick(sheetNames);
      data.sheets = data.sheets.filter((s) => s.name !== name);
      return { name: `delete sheet ${name}`, expect: deleteSheetExpectation(model, name) };
    }
    case "onlyCover": {
      data.sheets = data.sheets.filter((s) => s.name === COVER_SHEET);
      return { name: "only 封面 left", expect: { s1: ["找不到工作表"], format: model.version.id } };
    }
    case "deleteMetaAndCover": {
      data.sheets = data.sheets.filter((s) => s.name !== META_SHEET && s.name !== COVER_SHEET);
      return { name: "delete _nianbao and 封面", expect: { notNianbao: true } };
    }
    case "clearNames":
      data.names = [];
      return { name: "clear defined names", expect: { noF1: true, s1: ["定义名称"] } };
    case "dropSomeNames":
      data.names = data.names.filter(() => r.chance(0.5));
      return { name: "drop half the names", expect: { noF1: true, s1: ["定义名称"] } };
    case "garbageNames": {
      const refs = [
        "#REF!",
        "",
        "=#REF!",
        "表三!D5",
        "'不存在'!$A$1",
        "=SUM(1)",
        "'表''三'!$A$1",
        "'表三'!$ZZZ$1",
        "[1]表三!$D$5",
        "'表三'!$D$5:$E$6",
        "'封面'!$B$3:$B$4",
      ];
      for (const n of data.names) if (r.chance(0.3)) n.ref = r.pick(refs);
      return { name: "garbage name refs", expect: { noF1: true } };
    }
    case "namesToOtherSheet": {
      const target = r.pick([...sheetNames, "校验", "不存在"]);
      for (const n of data.names) if (r.chance(0.5)) n.ref = sheetRef(target, r.int(1, 40), r.int(1, 12));
      return { name: `names → ${target}`, expect: namesElsewhereExpectation(model, target) };
    }
    case "nameFarAway": {
      const t = r.pick(model.tables.filter((x) => x.key !== "t4"));
      const dataRow = r.pick(t.dataRows);
      const n = data.names.find((x) => x.name === definedName(dataRow.cellIds[0]))!;
      n.ref = sheetRef(t.name, 1048576, parseA1(`${NAME_REF.exec(n.ref)![2]}1`)!.col);
      return { name: `name of ${dataRow.cellIds[0]} → row 1048576`, expect: { s1: [t.name, "定义名称", definedName(dataRow.cellIds[0])] } };
    }
    case "duplicateNames": {
      for (const n of [...data.names])
        if (r.chance(0.2))
          data.names.push({ name: r.chance(0.5) ? n.name.toLowerCase() : n.name, ref: sheetRef(r.pick(sheetNames), r.int(1, 30), r.int(1, 10)) });
      return { name: "duplicate names (first wins)", expect: { clean: true, noS1: true } };
    }
    case "metaGarbage": {
      const meta = sheet(META_SHEET);
      const what = r.int(0, 3);
      if (what === 0) meta.cells.set("B2", { type: "text", value: "2030" });
      if (what === 1) meta.cells.clear();
      if (what === 2) meta.cells.set("A1048576", { type: "text", value: META_KEYS.explanation });
      if (what === 3) meta.cells.set("B2", { type: "formula", formula: "=1", result: { type: "error", value: "#REF!" } });
      return { name: `_nianbao garbage ${what}`, expect: { clean: true, noS1: true, format: model.version.id } };
    }
    case "metaOtherFormat":
      sheet(META_SHEET).cells.set("B2", { type: "text", value: otherFormat(fx.formatId) });
      return { name: "_nianbao says the other format", expect: { format: otherFormat(fx.formatId), anyFinding: true } };
    case "explainedWarning": {
      const cell = r.pick(model.cells.filter((c) => c.kind === "input"));
      const t = model.tables.find((x) => x.key === cell.tableKey)!;
      const dataRow = t.dataRows.find((d) => d.cellIds.includes(cell.id))!;
      sheet(cell.sheet).cells.delete(cell.address);
      const meta = sheet(META_SHEET);
      meta.cells.set("A4", { type: "text", value: META_KEYS.explanation });
      meta.cells.set("B4", { type: "text", value: `F-2@${t.key}.${dataRow.rowKey}` });
      meta.cells.set("C4", { type: "text", value: "本年度未发生，经核实无需填写。" });
      return { name: `explained F-2 on ${cell.id}`, expect: { f2: cell.id, accepted: 1, noS1: true } };
    }
    case "coverGarbage": {
      const cover = sheet(COVER_SHEET);
      const row = 3 + r.int(0, model.version.cover.length - 1);
      // Even the fixed 格式版本 text: the _nianbao marker still identifies the format.
      cover.cells.set(`B${row}`, badValue(r).raw);
      return { name: `封面 B${row} garbage`, expect: { clean: true, noS1: true } };
    }
    case "coverNamesElsewhere": {
      for (const f of model.version.cover) {
        const n = data.names.find((x) => x.name === coverName(f.key));
        if (n) n.ref = sheetRef(r.pick(tableNames), r.int(1, 30), r.int(1, 10));
      }
      return { name: "cover names point into the tables", expect: { clean: true, noS1: true } };
    }
    case "foreign": {
      const cells = new Map<string, RawValue>();
      for (let i = 0; i < r.int(0, 30); i++) cells.set(`${String.fromCharCode(65 + r.int(0, 5))}${r.int(1, 40)}`, badValue(r).raw);
      const name = r.pick(["Sheet1", "表三", "数据", "表二"]);
      return {
        name: `foreign workbook (${name})`,
        expect: { notNianbao: true },
        replace: { sheets: [{ name, visible: true, cells }], names: r.chance(0.5) ? [] : [{ name: "NB_t3_new_natural", ref: sheetRef(name, 2, 2) }] },
      };
    }
    case "empty":
      return { name: "empty workbook", expect: { notNianbao: true }, replace: { sheets: [], names: [] } };
    default:
      throw new Error(`unknown mutation ${kind}`);
  }
}

const DATA_KINDS = [
  ...Array(6).fill("value"),
  "blank",
  "nestedFormula",
  "extremeNumber",
  "deleteRow",
  "deleteRow",
  "insertRow",
  "insertRow",
  "deleteColumn",
  "clearSheet",
  "renameSheet",
  "deleteSheet",
  "onlyCover",
  "deleteMetaAndCover",
  "clearNames",
  "dropSomeNames",
  "garbageNames",
  "namesToOtherSheet",
  "nameFarAway",
  "duplicateNames",
  "metaGarbage",
  "metaOtherFormat",
  "explainedWarning",
  "coverGarbage",
  "coverNamesElsewhere",
  "foreign",
  "empty",
] as const;

// ---------------------------------------------------------------------------------------------

const FORMATS = [
  ["2019", 2020],
  ["2021", 2023],
] as const;

let mutations = 0;
let roundTrips = 0;

afterAll(() => {
  expect(mutations).toBeGreaterThanOrEqual(1000);
  expect(roundTrips).toBeGreaterThanOrEqual(300);
});

describe.each(FORMATS)("%s format (%i): validate never throws on arbitrary input", (formatId, year) => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await fixture(formatId, year);
  });

  /** A fresh in-memory workbook: rebuilt from the plan, or loaded from the cached .xlsx. */
  async function freshWorkbook(i: number): Promise<ExcelJS.Workbook> {
    if (i % 80 === 79) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fx.fullBuffer as unknown as ArrayBuffer);
      return wb;
    }
    if (i % 8 === 1) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fx.buffer as unknown as ArrayBuffer);
      return wb;
    }
    return planToWorkbook(fx.plan);
  }

  async function roundTrip(wb: ExcelJS.Workbook): Promise<WorkbookData> {
    roundTrips += 1;
    return readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), sheetsToRead());
  }

  async function xlsxCase(i: number, kind: string, seed: number, failures: string[], tally: Tally) {
    const r = rng(seed);
    const wb = await freshWorkbook(i);
    const m = xlsxMutation(wb, fx, r, kind);
    mutations += 1;
    const context = `xlsx seed ${seed} [${m.name}]`;
    const outcome = judge(await roundTrip(m.replace ?? wb), context, failures);
    if (outcome) for (const p of expectationProblems(outcome, m.expect)) failures.push(`${context}: ${p}`);
    count(tally, outcome);
  }

  test("the generated workbook is clean after a round trip", () => {
    const failures: string[] = [];
    const outcome = judge(fx.data, "base", failures);
    expect(failures).toEqual([]);
    expect(outcome?.kind).toBe("report");
    if (outcome?.kind === "report") expect(outcome.report.findings).toEqual([]);
  });

  test(`${XLSX_RUNS} mutations through a real .xlsx round trip`, async () => {
    const failures: string[] = [];
    const tally = newTally();
    for (let i = 0; i < XLSX_RUNS; i++) {
      const seed = year * 10_000 + i;
      await xlsxCase(i, XLSX_KINDS[i % XLSX_KINDS.length], seed, failures, tally);
    }
    expect(failures.slice(0, 15)).toEqual([]);
    expectSpread(tally, XLSX_RUNS);
  });

  test(`${DATA_RUNS} mutations of the read WorkbookData`, () => {
    const failures: string[] = [];
    const tally = newTally();
    for (let i = 0; i < DATA_RUNS; i++) {
      const seed = year * 100_000 + i;
      const r = rng(seed);
      const data = cloneData(fx.data);
      const m = dataMutation(data, fx, r, DATA_KINDS[i % DATA_KINDS.length]);
      mutations += 1;
      const context = `data seed ${seed} [${m.name}]`;
      const outcome = judge(m.replace ?? data, context, failures);
      if (outcome) for (const p of expectationProblems(outcome, m.expect)) failures.push(`${context}: ${p}`);
      count(tally, outcome);
    }
    expect(failures.slice(0, 15)).toEqual([]);
    expectSpread(tally, DATA_RUNS);
  });

  describe("meaningful outcomes (.xlsx)", () => {
    const run = async (mutate: (wb: ExcelJS.Workbook) => void) => {
      const wb = await planToWorkbook(fx.plan);
      mutate(wb);
      mutations += 1;
      const data = await roundTrip(wb);
      try {
        const snapshot = snapshotFromData(data);
        return { snapshot, report: validateSnapshot(snapshot) };
      } catch (e) {
        return { error: e as Error };
      }
    };

    test("a deleted row in 表三 gives S-1 naming 表三 and that row", async () => {
      const t3 = fx.model.tables.find((t) => t.key === "t3")!;
      const row = t3.dataRows[3].row;
      const out = await run((wb) => {
        unmergeAll(wb, fx, "表三");
        wb.getWorksheet("表三")!.spliceRows(row, 1);
      });
      expect(out.report).toBeDefined();
      const s1 = out.report!.findings.filter((f) => f.rule === "S-1");
      expect(s1).toHaveLength(1);
      expect(s1[0].message).toContain(`表三 找不到“${t3.dataRows[3].label}”一行`);
      expect(s1[0].cells).toEqual([]);
      // The rows below moved up with their names: they are still read and checked.
      expect(out.snapshot!.locations.get(t3.dataRows[4].cellIds[0])).toEqual({ sheet: "表三", address: `D${t3.dataRows[4].row - 1}` });
      expect(out.report!.summary.errors).toBeGreaterThan(0);
    });

    test("a renamed 表三 is recognised by its title and read; its stale names are S-1", async () => {
      const out = await run((wb) => {
        wb.getWorksheet("表三")!.name = "表3";
      });
      const s1 = out.report!.findings.filter((f) => f.rule === "S-1");
      expect(s1).toHaveLength(1);
      expect(s1[0].message).toContain("表三（工作表“表3”）");
      expect(s1[0].message).toContain("定义名称");
      expect(out.snapshot!.locations.get("t3.new.natural")).toEqual({ sheet: "表3", address: "D5" });
      expect(out.report!.findings.filter((f) => f.rule !== "S-1")).toEqual([]);
    });

    test("full-width digits give F-1 on exactly that cell, with the value meant", async () => {
      const cell = fx.model.cellById.get("t3.partial.research")!;
      const out = await run((wb) => {
        wb.getWorksheet(cell.sheet)!.getCell(cell.address).value = "１２";
      });
      const f1 = out.report!.findings.filter((f) => f.rule === "F-1");
      expect(f1).toHaveLength(1);
      expect(f1[0].cells).toEqual([{ id: cell.id, sheet: "表三", address: cell.address }]);
      expect(f1[0].fix).toBe(12);
      expect(f1[0].message).toContain("全角");
    });

    test("a hyperlink whose text is rich text is read as its text", async () => {
      const cell = fx.model.cellById.get("t3.partial.research")!;
      const out = await run((wb) => {
        wb.getWorksheet(cell.sheet)!.getCell(cell.address).value = {
          text: { richText: [{ text: "1" }, { text: "2" }] },
          hyperlink: "https://www.gov.cn/",
        } as unknown as ExcelJS.CellHyperlinkValue;
      });
      const f1 = out.report!.findings.filter((f) => f.rule === "F-1");
      expect(f1.map((f) => [f.cells[0].id, f.left, f.fix])).toEqual([[cell.id, "12", 12]]);
    });

    test("large whole amounts are well formed; a 7th decimal is F-1 with the rounded fix", async () => {
      const cell = fx.model.cells.find((c) => c.valueKind === "amount")!;
      expect(cell.decimals).toBe(6);
      for (const [value, fix] of [
        [2_200_000_000, undefined],
        [98_765_432_101.5, undefined],
        [1234567.891234, undefined],
        [1.0000005, 1.000001],
      ] as const) {
        const out = await run((wb) => {
          wb.getWorksheet(cell.sheet)!.getCell(cell.address).value = value;
        });
        const f1 = out.report!.findings.filter((f) => f.rule === "F-1");
        expect([value, f1.map((f) => [f.cells[0].id, f.fix])]).toEqual([value, fix === undefined ? [] : [[cell.id, fix]]]);
      }
    });

    test("a deleted _nianbao sheet still validates via the 封面 格式版本", async () => {
      const out = await run((wb) => wb.removeWorksheet(wb.getWorksheet(META_SHEET)!.id));
      expect(out.error).toBeUndefined();
      expect(out.snapshot!.model.version.id).toBe(formatId);
      expect(out.report!.findings).toEqual([]);
      expect(out.snapshot!.cover.year).toBe(String(year));
    });

    test("without _nianbao and with 封面 格式版本 cleared, it is refused (exit 2)", async () => {
      const out = await run((wb) => {
        wb.removeWorksheet(wb.getWorksheet(META_SHEET)!.id);
        wb.getWorksheet(COVER_SHEET)!.getCell(`B${3 + fx.model.version.cover.findIndex((f) => f.kind === "fixed")}`).value = null;
      });
      expect(out.error).toBeInstanceOf(NotNianbaoWorkbookError);
      expect(out.error!.message).toContain("找不到格式版本标记");
    });

    test("a foreign workbook and an empty one are refused (exit 2)", async () => {
      for (const wb of [foreignWorkbook(rng(1)), new ExcelJS.Workbook()]) {
        mutations += 1;
        expect(() => snapshotFromData({ sheets: [], names: [] })).toThrow(NotNianbaoWorkbookError);
        const data = await roundTrip(wb);
        expect(() => snapshotFromData(data)).toThrow(NotNianbaoWorkbookError);
      }
    });
  });
});
