import type { FormatModel } from "../format/layout";
import { formatForYear } from "../format/registry";
import { ApplicantClassifier, readYesNo, ResultClassifier, saysClosed, saysExtended, saysOpen, type NameSuggestion } from "./classify";
import { readDate, yearOf, zhDate, type IsoDay } from "./dates";
import type { ParsedTable, SkippedRow } from "./register";
import { cellText, type LedgerCell } from "./sheet";
import { resultPath, T3_ROWS, table3Of, type Table3 } from "./table3";
import { REGISTER_FIELDS, type RegisterField } from "./vocabulary";
import { checkDeadline, WorkCalendar, type DeadlineCheck } from "./workdays";

/**
 * 表三 from the register: each application classified (column, result row, year class) or listed
 * with why not, never guessed; the input cells counted; and per cell the applications behind it.
 */

export type ParsedRegister = ParsedTable<RegisterField>;

type ApplicationStatus =
  /** Counted in 表三. */
  | "counted"
  /** Not counted: the reason says why. */
  | "unclassified"
  /** Not counted until the user confirms the applicant column suggested by the name. */
  | "suggested"
  /** Received and answered outside the report year (e.g. last year's, answered last year). */
  | "outOfYear"
  /** A row of last year's register that this year's register also holds (the latter counts). */
  | "superseded";

type YearClass = "new" | "carried";

export interface ApplicationRecord {
  source: "register" | "lastYear";
  /** 1-based row on its sheet. */
  row: number;
  /** The mapped cells as text, by field. */
  fields: Partial<Record<RegisterField, string>>;
  received: IsoDay | null;
  answered: IsoDay | null;
  /** 表三 applicant column key (自然人, 商业企业 …). */
  column: string | null;
  suggestion?: NameSuggestion;
  /** 表三 result row key when answered in the report year. */
  resultRow: string | null;
  yearClass: YearClass | null;
  /** Still open on 12月31日: counts in 四、结转下年度继续办理. */
  open: boolean;
  status: ApplicationStatus;
  /** The 表三 cells it counts in: 一/二 (intake), then 三's row or 四 (outcome). Empty unless counted. */
  cellIds: string[];
  reason?: string;
  /** Counted, but worth telling (a fallback column, an extension read from 备注…). */
  notices: string[];
  extended: boolean;
  deadline?: DeadlineCheck;
}

export interface LedgerDerivation {
  year: number;
  model: FormatModel;
  sheet: string;
  header: ParsedRegister["header"];
  lastYearSheet?: string;
  records: ApplicationRecord[];
  skipped: (SkippedRow & { source: ApplicationRecord["source"] })[];
  /** Every 表三 input cell → its count (0 where no application counts). */
  values: Map<string, number>;
  /** Every 表三 input cell → indexes into `records` of the applications behind it. */
  trail: Map<string, number[]>;
  counts: { new: number; carried: number; answered: number; open: number; unclassified: number; suggested: number; outOfYear: number };
  /** Notes about the register as a whole. */
  notes: string[];
}

export interface DeriveOptions {
  year: number;
  lastYear?: ParsedRegister;
  /** Apply the name-based applicant suggestions (the user has seen and confirmed them). */
  confirmSuggestions?: boolean;
  calendar?: WorkCalendar;
}

interface Classifiers {
  t3: Table3;
  results: ResultClassifier;
  applicants: ApplicantClassifier;
  calendar: WorkCalendar;
}

const classifierCache = new WeakMap<FormatModel, Omit<Classifiers, "calendar">>();
function classifiersFor(model: FormatModel, calendar: WorkCalendar): Classifiers {
  let c = classifierCache.get(model);
  if (!c) {
    const t3 = table3Of(model);
    c = { t3, results: new ResultClassifier(t3), applicants: new ApplicantClassifier(t3) };
    classifierCache.set(model, c);
  }
  return { ...c, calendar };
}

let defaultCalendar: WorkCalendar | null = null;

function textOf(cells: Map<RegisterField, LedgerCell>, field: RegisterField): string {
  return cellText(cells.get(field) ?? null);
}

function dateField(cells: Map<RegisterField, LedgerCell>, field: RegisterField): { day: IsoDay | null; error?: string } {
  const v = cells.get(field) ?? null;
  const r = readDate(v);
  if (r.ok) return { day: r.day };
  return r.blank ? { day: null } : { day: null, error: `${REGISTER_FIELDS[field]}“${cellText(v)}”不是可识别的日期` };
}

/** Identity of an application across this year's and last year's registers. */
function identity(r: ApplicationRecord): string | null {
  const id = r.fields.id?.trim();
  if (id) return `id:${id}`;
  if (r.received && r.fields.applicant) return `who:${r.received}|${r.fields.applicant}`;
  return null;
}

const DATE_FIELDS = new Set<RegisterField>(["received", "answered", "corrected"]);

function baseRecord(source: ApplicationRecord["source"], row: number, cells: Map<RegisterField, LedgerCell>): ApplicationRecord {
  const fields: Partial<Record<RegisterField, string>> = {};
  for (const [f, v] of cells) {
    const t = cellText(v);
    if (t === "") continue;
    // An Excel date shows as a date, not as its serial.
    const d = typeof v === "number" && DATE_FIELDS.has(f) ? readDate(v) : null;
    fields[f] = d?.ok ? zhDate(d.day) : t;
  }
  return {
    source,
    row,
    fields,
    received: null,
    answered: null,
    column: null,
    resultRow: null,
    yearClass: null,
    open: false,
    status: "unclassified",
    cellIds: [],
    notices: [],
    extended: false,
  };
}

/** Classify one row for the report year: everything but the counting. */
function classifyRow(
  c: Classifiers,
  year: number,
  source: ApplicationRecord["source"],
  row: number,
  cells: Map<RegisterField, LedgerCell>,
  confirm: boolean,
): ApplicationRecord {
  const rec = baseRecord(source, row, cells);
  const fail = (reason: string) => {
    rec.status = "unclassified";
    rec.reason = reason;
    return rec;
  };
  const received = dateField(cells, "received");
  if (received.error) return fail(received.error);
  if (!received.day) return fail("缺少收到日期");
  rec.received = received.day;
  const answered = dateField(cells, "answered");
  if (answered.error) return fail(answered.error);
  rec.answered = answered.day;
  if (rec.answered && rec.answered < rec.received) return fail(`答复日期（${zhDate(rec.answered)}）早于收到日期（${zhDate(rec.received)}）`);
  const corrected = dateField(cells, "corrected");
  if (corrected.error) return fail(corrected.error);

  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  if (rec.received > last) {
    rec.status = "outOfYear";
    rec.reason = `收到日期${zhDate(rec.received)}在 ${year} 年度之后`;
    return rec;
  }
  if (rec.received < first && rec.answered && rec.answered < first) {
    rec.status = "outOfYear";
    rec.reason = `${yearOf(rec.received)} 年收到、${yearOf(rec.answered)} 年已答复，不属于 ${year} 年度`;
    return rec;
  }
  rec.yearClass = rec.received < first ? "carried" : "new";

  const resultText = [textOf(cells, "result"), textOf(cells, "resultDetail")].filter((t) => t !== "").join(" ");
  const statusText = textOf(cells, "status");
  const answeredInYear = rec.answered !== null && rec.answered <= last;
  if (!answeredInYear) {
    if (rec.answered === null && resultText !== "" && !saysOpen(resultText)) return fail(`有办理结果“${resultText}”但没有答复日期`);
    if (rec.answered === null && saysClosed(statusText)) return fail(`办理状态为“${statusText}”但没有答复日期`);
    rec.open = true;
  } else {
    if (resultText === "" || saysOpen(resultText))
      return fail(resultText === "" ? `有答复日期（${zhDate(rec.answered ?? "")}）但缺少办理结果` : `答复日期已填，办理结果却是“${resultText}”`);
    const partialText = textOf(cells, "partial");
    const partial = readYesNo(partialText);
    if (partial === null) return fail(`是否区分处理“${partialText}”无法识别（应为“是”或“否”）`);
    const result = c.results.classify(resultText, partial);
    if (!result.ok) return fail(result.reason);
    rec.resultRow = result.value;
    // Tell the user when the 区分处理 flag, not the wording, put it under 部分公开.
    if (partial) {
      const unflagged = c.results.classify(resultText, false);
      if (!unflagged.ok || unflagged.value !== "partial") rec.notices.push(`区分处理，按规则只计入“${resultPath(c.t3, "partial")}”`);
    }
  }

  const applicant = c.applicants.classify(textOf(cells, "applicantType"), textOf(cells, "applicant"));
  if (applicant.kind === "unknown") return fail(applicant.reason);
  if (applicant.kind === "suggestion") {
    rec.suggestion = applicant.suggestion;
    if (!confirm) {
      rec.status = "suggested";
      rec.reason = applicant.reason;
      return rec;
    }
    rec.column = applicant.suggestion.column;
    rec.notices.push(`申请人类型按名称建议计入“${c.applicants.label(rec.column)}”（已确认）`);
  } else {
    rec.column = applicant.column;
    if (applicant.notice) rec.notices.push(applicant.notice);
  }

  const extendedText = textOf(cells, "extended");
  const extended = extendedText === "" ? false : readYesNo(extendedText);
  rec.extended = extended === true || saysExtended(textOf(cells, "note")) || saysExtended(statusText) || (extended === null && saysExtended(extendedText));
  if (rec.extended && extended !== true) rec.notices.push("备注或办理状态记有延期，按延长答复期限计算");
  // An answer after 12月31日 is known: judge the term by it, not by the year end.
  rec.deadline = checkDeadline(c.calendar, corrected.day ?? rec.received, rec.answered, rec.extended, last);
  rec.status = "counted";
  return rec;
}

function emptyValues(t3: Table3): Map<string, number> {
  return new Map(t3.inputCells.map((cell) => [cell.id, 0]));
}

/** Derive 表三 for `options.year` from a parsed register (and last year's, for 上年结转). */
export function deriveTable3(register: ParsedRegister, options: DeriveOptions): LedgerDerivation {
  const { year } = options;
  const model = formatForYear(year);
  defaultCalendar ??= new WorkCalendar();
  const c = classifiersFor(model, options.calendar ?? defaultCalendar);
  const confirm = options.confirmSuggestions === true;
  const notes: string[] = [];

  const records: ApplicationRecord[] = [];
  const classifyAll = (parsed: ParsedRegister, source: ApplicationRecord["source"]) => {
    const out = parsed.rows.map((r) => classifyRow(c, year, source, r.row, r.cells, confirm));
    // Duplicate 申请编号 within one register: none of the rows is counted until the user decides.
    const byId = new Map<string, ApplicationRecord[]>();
    for (const rec of out) {
      const id = rec.fields.id?.trim();
      if (id) byId.set(id, [...(byId.get(id) ?? []), rec]);
    }
    for (const [id, same] of byId) {
      if (same.length < 2) continue;
      for (const rec of same) {
        rec.status = "unclassified";
        rec.reason = `申请编号“${id}”重复（第 ${same.map((s) => s.row).join("、")} 行）`;
        rec.cellIds = [];
      }
    }
    return out;
  };
  const current = classifyAll(register, "register");
  records.push(...current);
  if (options.lastYear) {
    const seen = new Set(current.map(identity).filter((k): k is string => k !== null));
    let superseded = 0;
    for (const rec of classifyAll(options.lastYear, "lastYear")) {
      const key = identity(rec);
      if (key !== null && seen.has(key)) {
        rec.status = "superseded";
        rec.reason = "本年台账中也有这条申请，按本年台账计";
        rec.cellIds = [];
        superseded += 1;
      } else if (rec.status === "counted" && rec.open) {
        // Open when last year's register was closed, and absent from this year's: its outcome is not known.
        rec.status = "unclassified";
        rec.reason = "上年台账中未办结，本年台账中没有这条申请：请在本年台账中登记它的答复日期和办理结果（或仍在办理）";
      } else if (rec.status === "counted" && rec.yearClass === "new") {
        // Last year's register dated this year: a row typed into the wrong file. Count it once, from here, but say so.
        rec.notices.push(`上年台账中收到日期为 ${year} 年`);
      }
      records.push(rec);
    }
    if (superseded) notes.push(`上年台账中有 ${superseded} 条申请也在本年台账中，按本年台账计。`);
  }

  const values = emptyValues(c.t3);
  const trail = new Map<string, number[]>(c.t3.inputCells.map((cell) => [cell.id, []]));
  const counts = { new: 0, carried: 0, answered: 0, open: 0, unclassified: 0, suggested: 0, outOfYear: 0 };
  records.forEach((rec, i) => {
    if (rec.status === "unclassified") counts.unclassified += 1;
    if (rec.status === "suggested") counts.suggested += 1;
    if (rec.status === "outOfYear") counts.outOfYear += 1;
    if (rec.status !== "counted" || rec.column === null || rec.yearClass === null) return;
    const intake = c.t3.cell(rec.yearClass === "new" ? T3_ROWS.new : T3_ROWS.carried, rec.column).id;
    const outcomeRow = rec.open ? T3_ROWS.carriedNext : rec.resultRow;
    if (outcomeRow === null) return;
    const outcome = c.t3.cell(outcomeRow, rec.column).id;
    rec.cellIds = [intake, outcome];
    for (const id of rec.cellIds) {
      values.set(id, (values.get(id) ?? 0) + 1);
      trail.get(id)?.push(i);
    }
    counts[rec.yearClass] += 1;
    if (rec.open) counts.open += 1;
    else counts.answered += 1;
    if (rec.open && rec.yearClass === "carried") rec.notices.push(`${yearOf(rec.received ?? "")} 年收到，至 ${year} 年底仍未答复，计入上年结转和结转下年度`);
  });
  if (!options.lastYear && counts.carried === 0)
    notes.push(`台账中没有 ${year} 年以前收到、本年办结或仍未办结的申请；如有上年结转，请用 --last-year 提供上年台账。`);
  return {
    year,
    model,
    sheet: register.sheet,
    header: register.header,
    lastYearSheet: options.lastYear?.sheet,
    records,
    skipped: [
      ...register.skipped.map((s) => ({ ...s, source: "register" as const })),
      ...(options.lastYear?.skipped ?? []).map((s) => ({ ...s, source: "lastYear" as const })),
    ],
    values,
    trail,
    counts,
    notes,
  };
}

/** Records behind a 表三 cell (the drill-down). */
export function applicationsBehind(d: LedgerDerivation, cellId: string): ApplicationRecord[] {
  return (d.trail.get(cellId) ?? []).map((i) => d.records[i]);
}
