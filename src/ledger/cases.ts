import type { FormatModel } from "../format/layout";
import { formatForYear } from "../format/registry";
import { readDate, zhDate, type IsoDay } from "./dates";
import type { ParsedTable, SkippedRow } from "./register";
import { cellText, type LedgerCell } from "./sheet";
import { CASE_FIELDS, CASE_GROUPS, CASE_OUTCOMES, LITIGATION_ONLY, normalise, type CaseField } from "./vocabulary";

/**
 * 表四 from the office's case list (行政复议 / 行政诉讼): each case to a group (行政复议, 未经复议直接起诉,
 * 复议后起诉) and an outcome (结果维持, 结果纠正, 其他结果, 尚未审结), or listed with why not.
 * A case counts in the year it was filed (收案); one not decided by 12月31日 is 尚未审结.
 */

export type ParsedCases = ParsedTable<CaseField>;

interface CaseRecord {
  row: number;
  fields: Partial<Record<CaseField, string>>;
  filed: IsoDay | null;
  closed: IsoDay | null;
  group: string | null;
  outcome: string | null;
  status: "counted" | "unclassified" | "outOfYear";
  cellId: string | null;
  reason?: string;
}

export interface CaseDerivation {
  year: number;
  model: FormatModel;
  sheet: string;
  header: ParsedCases["header"];
  records: CaseRecord[];
  skipped: SkippedRow[];
  values: Map<string, number>;
  trail: Map<string, number[]>;
  notes: string[];
}

const PENDING = "pending";

function longestHit<K extends string>(table: { key: K; text: string }[], text: string): { keys: Set<K>; length: number } {
  let length = 0;
  let keys = new Set<K>();
  for (const p of table) {
    if (!text.includes(p.text)) continue;
    if (p.text.length > length) {
      length = p.text.length;
      keys = new Set([p.key]);
    } else if (p.text.length === length) keys.add(p.key);
  }
  return { keys, length };
}

const groups = CASE_GROUPS.flatMap((g) => g.phrases.map((p) => ({ key: g.group, text: normalise(p) })));
const outcomes = Object.entries(CASE_OUTCOMES).flatMap(([key, words]) => words.map((w) => ({ key, text: normalise(w) })));
const litigationOnly = LITIGATION_ONLY.map(normalise);

export function deriveTable4(cases: ParsedCases, year: number): CaseDerivation {
  const model = formatForYear(year);
  const layout = model.tables.find((t) => t.key === "t4");
  if (!layout) throw new Error("格式定义缺少表四");
  const inputCells = layout.cells.filter((c) => c.kind === "input");
  const byColumn = new Map(inputCells.map((c) => [c.columnKey, c]));
  const values = new Map(inputCells.map((c) => [c.id, 0]));
  const trail = new Map<string, number[]>(inputCells.map((c) => [c.id, []]));
  const notes: string[] = [];
  const hasDates = cases.header.fieldColumn.has("filed");
  if (!hasDates) notes.push(`案件清单没有收案日期列：按清单中全部案件都是 ${year} 年度的案件计。`);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const seenIds = new Map<string, CaseRecord[]>();

  const records = cases.rows.map((r): CaseRecord => {
    const fields: Partial<Record<CaseField, string>> = {};
    for (const [f, v] of r.cells) {
      const t = cellText(v);
      if (t === "") continue;
      const d = typeof v === "number" && (f === "filed" || f === "closed") ? readDate(v) : null;
      fields[f] = d?.ok ? zhDate(d.day) : t;
    }
    const rec: CaseRecord = { row: r.row, fields, filed: null, closed: null, group: null, outcome: null, status: "unclassified", cellId: null };
    const fail = (reason: string) => ({ ...rec, reason });
    const date = (f: CaseField, v: LedgerCell | undefined) => {
      const d = readDate(v ?? null);
      return d.ok ? { day: d.day } : d.blank ? { day: null } : { day: null, error: `${CASE_FIELDS[f]}“${cellText(v ?? null)}”不是可识别的日期` };
    };
    const filed = date("filed", r.cells.get("filed"));
    const closed = date("closed", r.cells.get("closed"));
    if (filed.error) return fail(filed.error);
    if (closed.error) return fail(closed.error);
    rec.filed = filed.day;
    rec.closed = closed.day;
    if (hasDates && !rec.filed) return fail("缺少收案日期");
    if (rec.filed && rec.closed && rec.closed < rec.filed) return fail(`结案日期（${zhDate(rec.closed)}）早于收案日期（${zhDate(rec.filed)}）`);
    if (rec.filed && (rec.filed < first || rec.filed > last)) return { ...rec, status: "outOfYear", reason: `收案日期${zhDate(rec.filed)}不在 ${year} 年度` };

    const typeText = normalise([fields.caseType, fields.litigationType].filter(Boolean).join(" "));
    const g = longestHit(groups, typeText);
    if (g.keys.size !== 1) {
      if (g.keys.size === 0 && litigationOnly.some((w) => typeText.includes(w)))
        return fail(`案件类型“${fields.caseType ?? ""}${fields.litigationType ?? ""}”没有写明是未经复议直接起诉还是复议后起诉`);
      return fail(
        g.keys.size === 0
          ? `案件类型“${fields.caseType ?? ""}”无法识别（应为行政复议、未经复议直接起诉或复议后起诉）`
          : `案件类型“${fields.caseType ?? ""}”无法确定`,
      );
    }
    rec.group = [...g.keys][0];
    const outcomeText = normalise(fields.outcome ?? "");
    const decidedInYear = rec.closed !== null && rec.closed <= last;
    if (rec.closed !== null && rec.closed > last) rec.outcome = PENDING;
    else if (outcomeText === "") {
      if (decidedInYear) return fail("有结案日期但缺少审理结果");
      rec.outcome = PENDING;
    } else {
      const o = longestHit(outcomes, outcomeText);
      if (o.keys.size !== 1) return fail(o.keys.size === 0 ? `审理结果“${fields.outcome ?? ""}”不在词表中` : `审理结果“${fields.outcome ?? ""}”无法确定`);
      rec.outcome = [...o.keys][0];
      if (rec.outcome !== PENDING && hasDates && fields.closed === undefined && cases.header.fieldColumn.has("closed"))
        return fail(`有审理结果“${fields.outcome ?? ""}”但没有结案日期`);
    }
    const cell = byColumn.get(`${rec.group}.${rec.outcome}`);
    if (!cell) return fail(`表四没有“${rec.group}.${rec.outcome}”这一格`);
    return { ...rec, status: "counted", cellId: cell.id };
  });
  for (const rec of records) {
    const id = rec.fields.id?.trim();
    if (id) seenIds.set(id, [...(seenIds.get(id) ?? []), rec]);
  }
  for (const [id, same] of seenIds) {
    if (same.length < 2) continue;
    for (const rec of same) {
      rec.status = "unclassified";
      rec.cellId = null;
      rec.reason = `案件编号“${id}”重复（第 ${same.map((s) => s.row).join("、")} 行）`;
    }
  }
  records.forEach((rec, i) => {
    if (rec.status !== "counted" || rec.cellId === null) return;
    values.set(rec.cellId, (values.get(rec.cellId) ?? 0) + 1);
    trail.get(rec.cellId)?.push(i);
  });
  return { year, model, sheet: cases.sheet, header: cases.header, records, skipped: cases.skipped, values, trail, notes };
}
