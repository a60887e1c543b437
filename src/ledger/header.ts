import { cellText, letter, type LedgerSheet } from "./sheet";
import { normalise } from "./vocabulary";

/**
 * Find a register's header row and map its columns to fields by header synonyms. The header is
 * not necessarily the first row (title rows, 填报单位 lines, merged captions come first) and may be
 * two rows (a grouped header such as 申请人 over 姓名 | 类型).
 */

interface ColumnMapping<F extends string> {
  /** 0-based column. */
  col: number;
  letter: string;
  header: string;
  field: F | null;
  by: "header" | "map" | null;
  /** Why a column that looks mappable was left out (another column already has its field). */
  note?: string;
}

export interface HeaderMatch<F extends string> {
  /** 1-based sheet row of the header's first row, and how many rows it takes. */
  row: number;
  height: number;
  columns: ColumnMapping<F>[];
  /** field → 0-based column. */
  fieldColumn: Map<F, number>;
}

/** --map: a header's text (or a column letter) → a field, or null to leave the column out. */
export type ColumnOverrides<F extends string> = Map<string, F | null>;

interface Synonym<F> {
  field: F;
  text: string;
}

export class HeaderMatcher<F extends string> {
  private readonly synonyms: Synonym<F>[];
  private readonly exact = new Map<string, F>();

  constructor(table: Record<F, string[]>) {
    this.synonyms = (Object.entries(table) as [F, string[]][]).flatMap(([field, words]) => words.map((w) => ({ field, text: normalise(w) })));
    for (const s of this.synonyms) if (!this.exact.has(s.text)) this.exact.set(s.text, s.field);
    this.synonyms.sort((a, b) => b.text.length - a.text.length);
  }

  /** The field a header names, and whether it was an exact match; null when none or two fields tie. */
  match(header: string): { field: F; exact: boolean } | null {
    const norm = normalise(header).replace(/[:：]$/, "");
    if (norm === "") return null;
    const bare = norm.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, "");
    for (const t of [norm, bare]) {
      const f = this.exact.get(t);
      if (f !== undefined) return { field: f, exact: true };
    }
    // Longest synonym inside the header; of equally long ones the one that starts first
    // (区分处理情况 is about 区分处理, not 处理情况); the same start for two fields is a tie.
    let best: { s: Synonym<F>; at: number } | null = null;
    let tie = false;
    for (const syn of this.synonyms) {
      if (syn.text.length < 3) continue;
      if (best && syn.text.length < best.s.text.length) break;
      const at = bare.indexOf(syn.text);
      if (at < 0) continue;
      if (!best || at < best.at) {
        best = { s: syn, at };
        tie = false;
      } else if (at === best.at && syn.field !== best.s.field) tie = true;
    }
    return best && !tie ? { field: best.s.field, exact: false } : null;
  }
}

const SCAN_ROWS = 40;
const GROUP_LABEL_MAX = 10;

/** A column's header: one row's text, or a grouped header's group label and its own. */
interface HeaderLabel {
  combined: string;
  child: string;
  parent: string;
}

function labelsFor(sheet: LedgerSheet, row: number, height: number): HeaderLabel[] | null {
  const top = sheet.rows[row] ?? [];
  if (height === 1) return top.map((v) => ({ combined: cellText(v), child: "", parent: "" }));
  const below = sheet.rows[row + 1] ?? [];
  const width = Math.max(top.length, below.length);
  const out: HeaderLabel[] = [];
  let parent = "";
  for (let c = 0; c < width; c++) {
    // A long text above the header is a title, not a group label.
    const text = cellText(top[c] ?? null);
    const p = normalise(text).length > GROUP_LABEL_MAX ? "" : text;
    const child = cellText(below[c] ?? null);
    // A blank parent beside a grouped one is the rest of its merge: carry the group's label right.
    if (p !== "") parent = p;
    else if (child === "") parent = "";
    const own = p !== "" ? p : parent;
    out.push(child !== "" && own !== "" ? { combined: `${own}${child}`, child, parent: own } : { combined: own !== "" ? own : child, child: "", parent: "" });
  }
  // No group label above any column: this is just the lower row's header, found on its own.
  return out.some((l) => l.parent !== "") ? out : null;
}

/**
 * The field of a header. Grouped: the whole label when it is a synonym itself (答复 + 类型 = 答复类型),
 * else the column's own label (申请人信息 › 类别 is 类别), else the whole label containing a synonym.
 */
function matchLabel<F extends string>(matcher: HeaderMatcher<F>, label: HeaderLabel): { field: F; exact: boolean; text: string } | null {
  const whole = matcher.match(label.combined);
  if (label.child === "" || whole?.exact) return whole ? { ...whole, text: label.combined } : null;
  const own = matcher.match(label.child);
  return own ? { ...own, text: label.child } : null;
}

function overrideFor<F extends string>(overrides: ColumnOverrides<F>, header: string): F | null | undefined {
  const n = normalise(header);
  for (const [key, field] of overrides) {
    if (normalise(key) === n && n !== "") return field;
  }
  return undefined;
}

function mapRow<F extends string>(matcher: HeaderMatcher<F>, labels: HeaderLabel[], overrides: ColumnOverrides<F>): ColumnMapping<F>[] {
  const columns: ColumnMapping<F>[] = [];
  const taken = new Map<F, { index: number; exact: boolean; by: "header" | "map" }>();
  const release = (field: F, note: string) => {
    const prev = taken.get(field);
    if (!prev) return;
    const other = columns[prev.index];
    other.field = null;
    other.by = null;
    other.note = note;
  };
  labels.forEach((label, col) => {
    const header = label.child !== "" ? `${label.parent}/${label.child}` : label.combined;
    const mapping: ColumnMapping<F> = { col, letter: letter(col), header, field: null, by: null };
    columns.push(mapping);
    // null (忽略) is an answer too: only undefined means "no --map for this column".
    const byText = [header, label.combined, label.child, label.parent]
      .map((t) => (t === "" ? undefined : overrideFor(overrides, t)))
      .find((f) => f !== undefined);
    const forced = byText !== undefined ? byText : overrides.get(letter(col));
    if (forced !== undefined) {
      if (forced === null) return;
      release(forced, `已按 --map 改用 ${mapping.letter} 列`);
      mapping.field = forced;
      mapping.by = "map";
      taken.set(forced, { index: col, exact: true, by: "map" });
      return;
    }
    const m = matchLabel(matcher, label);
    if (!m) return;
    const prev = taken.get(m.field);
    if (prev && (prev.by === "map" || prev.exact || !m.exact)) {
      mapping.note = `与 ${columns[prev.index].letter} 列“${columns[prev.index].header}”对应同一字段，未使用`;
      return;
    }
    release(m.field, `与 ${mapping.letter} 列“${header}”对应同一字段，未使用`);
    mapping.field = m.field;
    mapping.by = "header";
    taken.set(m.field, { index: col, exact: m.exact, by: "header" });
  });
  return columns;
}

/** The best header in the first rows: the one naming the most fields (a two-row header only when it names more). */
export function findHeader<F extends string>(sheet: LedgerSheet, matcher: HeaderMatcher<F>, overrides: ColumnOverrides<F> = new Map()): HeaderMatch<F> | null {
  const last = Math.min(sheet.rows.length, SCAN_ROWS);
  const scoreOf = (columns: ColumnMapping<F>[]) => new Set(columns.flatMap((c) => (c.field ? [c.field] : []))).size;
  const singles: { columns: ColumnMapping<F>[]; score: number }[] = [];
  for (let r = 0; r < last; r++) {
    const columns = mapRow(matcher, labelsFor(sheet, r, 1) ?? [], overrides);
    singles.push({ columns, score: scoreOf(columns) });
  }
  let best: { row: number; height: number; columns: ColumnMapping<F>[]; score: number } | null = null;
  for (let r = 0; r < last; r++) {
    if (singles[r].score >= 2 && (!best || singles[r].score > best.score)) best = { row: r, height: 1, ...singles[r] };
    // A two-row header only when its group labels name more than the lower row does alone.
    const labels = r + 1 < sheet.rows.length ? labelsFor(sheet, r, 2) : null;
    if (!labels) continue;
    const columns = mapRow(matcher, labels, overrides);
    const score = scoreOf(columns);
    const below = singles[r + 1]?.score ?? 0;
    if (score >= 2 && score > below && (!best || score > best.score)) best = { row: r, height: 2, columns, score };
  }
  if (!best) return null;
  const fieldColumn = new Map<F, number>();
  for (const c of best.columns) if (c.field) fieldColumn.set(c.field, c.col);
  return { row: best.row + 1, height: best.height, columns: best.columns, fieldColumn };
}
