import type { TableLayout } from "../format/layout";
import { FORMAT_IDS, getFormat } from "../format/registry";

/**
 * How a printed label is recognised as one of the format's labels. Every label comes from the
 * format definitions (src/format/*); what is here are the classes of variation real reports
 * print, each a rule over any label, never a list of particular reports' wordings:
 *  - layout noise: width, spaces, line breaks, quotes, 、 vs ，, dashes (normLabel);
 *  - numbering: 1、 1． 1. （1） are one numbering; a label may be printed without its number;
 *  - versions: a row's label in another version of the format at the same key (规范性文件 in
 *    the 2019 format is 行政规范性文件 in 2021);
 *  - typos: a few wrong, missing or extra characters in a long label, when no other label is
 *    nearly as close.
 */

const NUMERAL = "一二三四五六七八九十";

/** Label text compared without layout noise: width, spaces, line breaks, quotes, 1、/1．/（1） vs 1. */
export function normLabel(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\s\u00a0\u3000]+/g, "")
    .replace(/[“”"'‘’「」『』]/g, "")
    .replace(/、/g, ",")
    .replace(/[—–―－]/g, "-")
    .replace(/^\((\d{1,2})\)/, "$1.")
    .replace(/(\d)[,.](?!\d)/g, "$1.");
}

/** A row or part number at the start of normalised label text: 1. / (一) / 一, */
export const NUMBERING = new RegExp(`^(\\d{1,2}\\.|\\([${NUMERAL}]{1,3}\\)|[${NUMERAL}]{1,3},)`);
/** The same anywhere in text: where a printed row label may begin. */
const NUMBERING_ANYWHERE = new RegExp(`(\\d{1,2}\\.(?!\\d)|\\([${NUMERAL}]{1,3}\\)|[${NUMERAL}]{1,3},)`, "g");

/** A label without its number. */
export function coreOf(normalised: string): string {
  return normalised.replace(NUMBERING, "");
}

/** Levenshtein distance, or `limit + 1` once it is certainly above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Characters a typo may get wrong in a label core of this length: none below 6, then one per four, at most three. */
function typoAllowance(length: number): number {
  return length < 6 ? 0 : Math.min(3, Math.floor(length / 4));
}

/** A printed row of the format: a data row, or a parent label (三、本年度办理结果, （三）不予公开). */
export interface RowLabel {
  /** Print order among the table's data rows (parents get their first child's). */
  order: number;
  key: string;
  label: string;
  /** Normalised forms: the label, without a trailing parenthetical, other versions' labels. */
  forms: string[];
  /** The forms without their numbers (only when long enough to be unmistakable). */
  cores: string[];
  /** Set on a data row: the cells of the row in column order. */
  cellIds: string[] | null;
  /** A parent's data rows (a 2021 （六）其他处理 printed as one row is read against these). */
  children: string[];
}

/** Labels of a row key in every version of the format (a version's own label first). */
function labelsByKey(tableKey: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const id of FORMAT_IDS) {
    const layout = getFormat(id).tables.find((t) => t.key === tableKey);
    for (const g of layout?.grid ?? []) {
      if (g.role !== "rowHeader") continue;
      const key = keyOfHeader(layout!, g.row, g.col);
      if (!key) continue;
      const set = out.get(key) ?? new Set<string>();
      set.add(g.text);
      out.set(key, set);
    }
  }
  return out;
}

/** The key of a row header: a leaf's rowKey, or the key its leaves' keys share (withheld for withheld.*). */
function keyOfHeader(layout: TableLayout, row: number, col: number): string | null {
  const g = layout.grid.find((c) => c.role === "rowHeader" && c.row === row && c.col === col);
  if (!g) return null;
  if (g.rowKey) return g.rowKey;
  const leaves = layout.dataRows.filter((d) => d.row >= g.row && d.row < g.row + g.rowSpan).map((d) => d.rowKey);
  if (leaves.length === 0) return null;
  const parts = leaves.map((k) => k.split("."));
  let common = parts[0];
  for (const p of parts.slice(1)) {
    let n = 0;
    while (n < common.length && n < p.length && common[n] === p[n]) n++;
    common = common.slice(0, n);
  }
  // 三、本年度办理结果 has leaves with no common key: name it by its column and first row.
  return common.length ? common.join(".") : `@${col}:${leaves[0]}`;
}

function formsOf(labels: Iterable<string>): { forms: string[]; cores: string[] } {
  const forms = new Set<string>();
  for (const label of labels) {
    const full = normLabel(label);
    forms.add(full);
    // "（二）部分公开（区分处理的，…）" is sometimes printed without its parenthetical.
    const short = full.replace(/\([^()]*\)$/, "");
    if (short !== full && short.length >= 4) forms.add(short);
  }
  const cores = new Set<string>();
  for (const f of forms) {
    const c = coreOf(f);
    // "3.其他" without its number is the 其他 column's header: a core must be long enough to be a row.
    if (c !== f && c.length >= 4) cores.add(c);
  }
  return { forms: [...forms], cores: [...cores] };
}

/** The printed rows of a table with row labels, in print order. */
export function rowLabels(layout: TableLayout): RowLabel[] {
  const byKey = labelsByKey(layout.key);
  const heads = layout.grid.filter((g) => g.role === "rowHeader").sort((a, b) => a.row - b.row || a.col - b.col);
  const rows = layout.dataRows;
  return heads.map((g) => {
    const key = keyOfHeader(layout, g.row, g.col) ?? g.text;
    const { forms, cores } = formsOf([g.text, ...(byKey.get(key) ?? [])]);
    const data = g.rowKey ? rows.find((d) => d.row === g.row) : undefined;
    const children = data ? [] : rows.filter((d) => d.row >= g.row && d.row < g.row + g.rowSpan).map((d) => d.rowKey);
    return { order: rows.findIndex((d) => d.row === g.row), key, label: g.text, forms, cores, cellIds: data?.cellIds ?? null, children };
  });
}

/** 表四 (no row labels): its column groups, each printed as a run of values under its label, and the whole row. */
export function columnGroups(layout: TableLayout): RowLabel[] {
  const row = layout.dataRows[0];
  const heads = layout.grid.filter((g) => g.role === "columnHeader").sort((a, b) => a.row - b.row || a.col - b.col);
  const out: RowLabel[] = [];
  for (const g of heads) {
    const cells = layout.cells.filter((c) => c.col >= g.col && c.col < g.col + g.colSpan);
    const isLeafGroup = cells.length > 1 && heads.every((h) => h === g || h.row <= g.row || h.col < g.col || h.col >= g.col + g.colSpan || h.colSpan === 1);
    if (!isLeafGroup) continue;
    const { forms, cores } = formsOf([g.text]);
    out.push({ order: out.length, key: g.text, label: g.text, forms, cores, cellIds: cells.map((c) => c.id), children: [] });
  }
  return [{ order: -1, key: "", label: "", forms: [], cores: [], cellIds: row.cellIds, children: [] }, ...out];
}

export interface LabelMatch {
  row: RowLabel;
  /** Character range in the normalised text. */
  start: number;
  end: number;
  how: "exact" | "core" | "typo";
}

/**
 * The row label printed last in `text` (normalised), i.e. nearest the values that follow it.
 * Exact forms (and other versions' labels) first, then forms without their number, then a
 * typo of the text's last numbered piece when exactly one label is that close.
 */
export function lastLabel(text: string, rows: RowLabel[]): LabelMatch | null {
  let best: LabelMatch | null = null;
  const consider = (row: RowLabel, form: string, how: LabelMatch["how"]) => {
    if (!form) return;
    const at = text.lastIndexOf(form);
    if (at < 0) return;
    const end = at + form.length;
    if (
      !best ||
      end > best.end ||
      (end === best.end && (how === "exact" ? 0 : 1) < (best.how === "exact" ? 0 : 1)) ||
      (end === best.end && best.how === how && form.length > best.end - best.start)
    ) {
      best = { row, start: at, end, how };
    }
  };
  for (const row of rows) for (const f of row.forms) consider(row, f, "exact");
  for (const row of rows) for (const c of row.cores) consider(row, c, "core");
  const found = best as LabelMatch | null;
  // A typo is looked for only in what follows the last recognised label.
  const rest = found ? text.slice(found.end) : text;
  const typo = typoMatch(rest, rows);
  if (typo) return { ...typo, start: typo.start + (found ? found.end : 0), end: typo.end + (found ? found.end : 0) };
  return found;
}

/** The last numbered piece of text (or all of it when unnumbered and short), matched to one label within the typo allowance. */
function typoMatch(text: string, rows: RowLabel[]): LabelMatch | null {
  if (text.length < 6) return null;
  let start = 0;
  for (const m of text.matchAll(NUMBERING_ANYWHERE)) start = m.index ?? 0;
  const piece = text.slice(start);
  if (start === 0 && piece.length > 40) return null;
  const pieceCore = coreOf(piece);
  if (typoAllowance(pieceCore.length + 3) === 0) return null;
  const scored: { row: RowLabel; d: number; allowed: number }[] = [];
  for (const row of rows) {
    let best = { d: Infinity, allowed: 0 };
    for (const f of row.forms) {
      const fc = coreOf(f);
      // The allowance follows the longer of the two: "2.其他法律行政止公开" lost three characters of a twelve-character label.
      const allowed = typoAllowance(Math.max(pieceCore.length, fc.length));
      const d = editDistance(pieceCore, fc, 4);
      if (d < best.d) best = { d, allowed };
    }
    scored.push({ row, ...best });
  }
  scored.sort((a, b) => a.d - b.d);
  const [first, second] = scored;
  if (!first || first.d > first.allowed) return null;
  // Unique: no other label within one character of the best.
  if (second && second.d <= first.d + 1) return null;
  return { row: first.row, start, end: text.length, how: "typo" };
}

/** Every exact occurrence of a data row's label (to say where a row's label was when its values were not). */
export function labelOccurrences(text: string, rows: RowLabel[]): Map<RowLabel, number> {
  const out = new Map<RowLabel, number>();
  for (const row of rows) {
    if (!row.cellIds) continue;
    for (const f of row.forms) {
      const at = text.indexOf(f);
      if (at >= 0 && (!out.has(row) || at < out.get(row)!)) out.set(row, at);
    }
  }
  return out;
}
