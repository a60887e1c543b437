import type { FormatModel } from "../format/layout";
import { formatCovers, formatForYear, formatLabel, UnsupportedYearError } from "../format/registry";
import type { WorkbookData, WorkbookPort } from "../host/port";
import { validateSnapshot, type ValidationReport } from "../rules/validate";
import { buildPlan, cleanSheet, isOurFormula, META_SHEET, metaRowsOf, TEXT_SHEET, textSheet, type EnteredData, type WorkbookPlan } from "./plan";
import { renderParagraph } from "../narrative/render";
import { recognisedSheets, reportYear, sheetsToRead, snapshotFromData } from "./read";
import { derivedFormulaText } from "../rules/compile";
import type { Paragraph } from "../narrative/model";
import { BLANK, displayRaw, type LastYearFigures, type LedgerMemory, type RawValue, type Snapshot } from "./snapshot";
import { pendingMarks } from "./marks";
import { NotNianbaoWorkbookError } from "../errors";

/** The workflows shared by the task pane and the CLI, written against the host port only. */

export interface GenerateRequest {
  year: number;
  /** The format to build (a provincial variant loaded from a file); by default the workbook's own when it fits the year, else the national one. */
  format?: FormatModel;
  orgName?: string;
  cover?: Record<string, string>;
  values?: Map<string, RawValue>;
  restoreFormulas?: boolean;
  /** Replaces the 正文 (e.g. from `build --text`). */
  narrative?: Paragraph[];
  lastYearText?: Paragraph[];
  /** 从上年结转: last year's figures (null forgets them) and the cells just filled from them. */
  lastYear?: LastYearFigures | null;
  carried?: Map<string, string>;
  /** 确认: clear these carried marks (true: all of them). */
  confirmCarried?: boolean | string[];
  /** Notes for the user on input cells (see EnteredData.cellNotes). */
  cellNotes?: Map<string, string>;
  /** 从台账生成: the mapping and counts to keep (null forgets them). */
  ledger?: LedgerMemory | null;
}

/** A formula in a statutory cell that is not the plan's: not copied; what is written instead. */
export interface ForeignFormula {
  id: string;
  formula: string;
  /** zh-CN: "保留其计算结果 3", "恢复为合计公式". */
  now: string;
}

/**
 * What a workbook already holds, in the shape a new plan takes. Values the new format has no cell
 * for are returned apart. No formula but the plan's own is carried: a formula in an input cell
 * becomes its last result, a foreign one in a derived cell gives way to the plan's formula.
 */
function enteredFromSnapshot(
  snapshot: Snapshot,
  target: FormatModel,
): { entered: Omit<EnteredData, "year">; orphans: Map<string, RawValue>; formulas: ForeignFormula[] } {
  const values = new Map<string, RawValue>();
  const orphans = new Map<string, RawValue>();
  const formulas: ForeignFormula[] = [];
  for (const [id, found] of snapshot.values) {
    let raw = found;
    const cell = snapshot.model.cellById.get(id);
    if (raw.type === "formula" && cell) {
      const ours = cell.kind === "formula" && isOurFormula(raw.formula, derivedFormulaText(cell));
      if (!ours) {
        const result = raw.result.type === "formula" ? BLANK : raw.result;
        if (cell.kind === "formula") {
          formulas.push({ id, formula: raw.formula, now: "恢复为年报的合计公式" });
          raw = BLANK;
        } else {
          formulas.push({ id, formula: raw.formula, now: result.type === "blank" ? "没有计算结果，单元格留空" : `保留其计算结果 ${displayRaw(result)}` });
          raw = result;
        }
      }
    }
    if (raw.type === "blank") continue;
    if (target.cellById.has(id)) values.set(id, raw);
    else orphans.set(id, raw.type === "formula" ? raw.result : raw);
  }
  return {
    entered: {
      cover: { ...snapshot.cover },
      values,
      explanations: new Map(snapshot.explanations),
      explanationBasis: new Map(snapshot.explanationBasis ?? []),
      narrative: snapshot.narrative,
      lastYearText: snapshot.lastYearText,
      lastYear: snapshot.lastYear,
      carried: snapshot.carried,
      ledger: snapshot.ledger,
    },
    orphans,
    formulas,
  };
}

/** Plan a workbook for the request, keeping everything the existing workbook holds (if it is a Nianbao one), laid out afresh. `known`: that workbook's snapshot, already read. */
export function planFor(
  request: GenerateRequest,
  existing: WorkbookData | null,
  known?: Snapshot,
): { plan: WorkbookPlan; model: FormatModel; kept: number; orphans: Map<string, RawValue>; formulas: ForeignFormula[] } {
  let snap: Snapshot | null = known ?? null;
  if (existing && !snap) {
    try {
      snap = snapshotFromData(existing);
    } catch (e) {
      if (!(e instanceof NotNianbaoWorkbookError)) throw e;
    }
  }
  if (request.format && !formatCovers(request.format.version, request.year)) throw new UnsupportedYearError(request.year, request.format.version);
  // A workbook keeps its format (a variant stays a variant) while the year fits it.
  const model = request.format ?? (snap && formatCovers(snap.model.version, request.year) ? snap.model : formatForYear(request.year));
  let entered: EnteredData = { year: request.year, cover: {}, values: new Map(), explanations: new Map(), restoreFormulas: request.restoreFormulas };
  let orphans = new Map<string, RawValue>();
  let formulas: ForeignFormula[] = [];
  if (snap) {
    const kept = enteredFromSnapshot(snap, model);
    entered = { ...entered, ...kept.entered };
    orphans = kept.orphans;
    formulas = kept.formulas;
    if (orphans.size) {
      const from = snap.model;
      const rows = [...orphans].map(([id, value]) => {
        const cell = from.cellById.get(id)!;
        return { table: cell.table, row: cell.rowPath.join("·"), column: cell.columnPath.join("·"), value };
      });
      entered.archive = { fromFormat: formatLabel(from.version), rows };
    }
  }
  entered.cover = { ...entered.cover, ...(request.cover ?? {}) };
  if (request.orgName !== undefined && request.orgName.trim() !== "") entered.cover.orgName = request.orgName.trim();
  for (const [id, raw] of request.values ?? []) entered.values.set(id, raw);
  if (request.narrative) entered.narrative = request.narrative;
  if (request.lastYearText) entered.lastYearText = request.lastYearText;
  if (request.lastYear !== undefined) entered.lastYear = request.lastYear;
  if (request.cellNotes) entered.cellNotes = request.cellNotes;
  if (request.ledger !== undefined) entered.ledger = request.ledger;
  const marks = new Map([...(entered.carried ?? []), ...(request.carried ?? [])]);
  // Last year's figures belong to the year before the report year; a change of year drops them and their marks.
  if (entered.lastYear && entered.lastYear.year !== null && entered.lastYear.year !== request.year - 1) {
    entered.lastYear = null;
    marks.clear();
  }
  for (const id of request.confirmCarried === true ? [...marks.keys()] : request.confirmCarried || []) marks.delete(id);
  entered.carried = pendingMarks(model, marks, entered.values, entered.cover);
  return { plan: buildPlan(model, entered), model, kept: entered.values.size, orphans, formulas };
}

/**
 * The workbook as it stands, planned again from what it holds: what a host puts back when a write
 * fails half-way. null when it is not a Nianbao workbook (or has no report year to plan by).
 */
export function restorePlan(before: WorkbookData): WorkbookPlan | null {
  try {
    const year = reportYear(snapshotFromData(before));
    return year === null ? null : planFor({ year }, before).plan;
  } catch {
    return null;
  }
}

/**
 * Read a workbook for a snapshot: the statutory sheets, and, when one of them is missing, any
 * other sheet that holds its title (a renamed sheet), in a second read.
 */
export async function readWorkbookData(port: WorkbookPort): Promise<WorkbookData> {
  const data = await port.read(sheetsToRead());
  const more = recognisedSheets(
    data.sheets.map((s) => s.name),
    data.others ?? [],
  );
  if (!more.length) return data;
  const extra = await port.read(more);
  return { ...data, sheets: [...data.sheets, ...extra.sheets], others: (data.others ?? []).filter((o) => !more.includes(o.name)) };
}

/** What the workbook holds, read in one round trip (`format`: read it against this variant instead of the one it carries). */
export async function readSnapshot(port: WorkbookPort, options: { format?: FormatModel } = {}): Promise<Snapshot> {
  return snapshotFromData(await readWorkbookData(port), options);
}

/** 校验: one read; the rules run in JS over the snapshot. */
export async function validate(
  port: WorkbookPort,
  options: { format?: FormatModel } = {},
): Promise<{ snapshot: Snapshot; report: ValidationReport; year: number | null }> {
  const snapshot = await readSnapshot(port, options);
  return { snapshot, report: validateSnapshot(snapshot), year: reportYear(snapshot) };
}

/**
 * Store the 说明 for an accepted 提示 in the hidden meta sheet (it survives save and reopen), with
 * what it was written for (findingBasis, rules/review.ts): when the finding's cells or values change, it is asked for again.
 */
export async function saveExplanation(port: WorkbookPort, snapshot: Snapshot, key: string, note: string, basis?: string) {
  const explanations = new Map(snapshot.explanations);
  const explanationBasis = new Map(snapshot.explanationBasis ?? []);
  if (note.trim()) explanations.set(key, note.trim());
  else explanations.delete(key);
  if (note.trim() && basis) explanationBasis.set(key, basis);
  else explanationBasis.delete(key);
  await port.writeCells(META_SHEET, metaRewrite(snapshot, { ...snapshot, explanations, explanationBasis }));
  snapshot.explanations = explanations;
  snapshot.explanationBasis = explanationBasis;
}

/** Cells that turn the meta sheet from `before` into `after`: every row rewritten, rows no longer needed blanked (the blocks follow each other). */
function metaRewrite(
  before: Snapshot,
  after: Pick<Snapshot, "explanations" | "explanationBasis" | "lastYearText" | "lastYear" | "carried" | "ledger">,
): { address: string; content: RawValue }[] {
  const old = metaRowsOf(before.model, before).length;
  const rows = metaRowsOf(before.model, after);
  const cells: { address: string; content: RawValue }[] = [];
  for (let i = 0; i < Math.max(old, rows.length); i++) {
    ["A", "B", "C"].forEach((col, c) => {
      const v = rows[i]?.[c];
      cells.push({ address: `${col}${i + 1}`, content: v ? { type: "text", value: v } : { type: "blank" } });
    });
  }
  return cells;
}

/** What a workbook is, for the pane: its format (a variant keeps its model, so 生成 can keep it), year and 机关名称. */
export interface WorkbookInfo {
  formatId: string;
  formatName: string;
  year: number | null;
  orgName: string;
  /** The workbook's format model; set when a variant loaded from a file (not a national version). */
  variant?: FormatModel;
}

export function infoOf(model: FormatModel, year: number | null, orgName: string): WorkbookInfo {
  return { formatId: model.version.id, formatName: formatLabel(model.version), year, orgName, ...(model.builtIn ? {} : { variant: model }) };
}

/** What the open workbook already is (for the pane's defaults and its format-mismatch warning). */
export async function inspect(port: WorkbookPort): Promise<WorkbookInfo | null> {
  const data = await readWorkbookData(port);
  try {
    const snap = snapshotFromData(data);
    return infoOf(snap.model, reportYear(snap), snap.cover.orgName ?? "");
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) return null;
    throw e;
  }
}

/** Write the 正文 sheet alone (the pane's 正文 tab): one read for the format, one write. */
export async function saveNarrative(port: WorkbookPort, paragraphs: Paragraph[]): Promise<Snapshot> {
  const snapshot = snapshotFromData(await readWorkbookData(port));
  const sheet = textSheet(snapshot.model, paragraphs, (p) => renderParagraph(snapshot, p));
  const notices: string[] = [];
  cleanSheet(sheet, notices);
  await port.write({
    formatId: snapshot.model.version.id,
    sheets: [{ ...sheet, name: snapshot.placement?.sheets.get(TEXT_SHEET) ?? TEXT_SHEET }],
    names: [],
    notices,
  });
  return { ...snapshot, narrative: paragraphs };
}
