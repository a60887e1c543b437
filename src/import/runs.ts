import type { FormatModel } from "../format/layout";
import { normLabel, type RowLabel } from "./labels";
import type { Token } from "./source";

/**
 * A one-row table (表四) whose values a PDF viewer's reading order prints in pieces: a piece is
 * a run of values with no text between them, with the label text read before it. The pieces
 * are put back in the row's column order by trying every order of them; an order is kept only
 * when it agrees with the format and with what reading order implies:
 * - a piece is cells side by side, left to right (a viewer reads a line of cells in order);
 * - every total of the row is the sum of its parts (the format's derived cells);
 * - a group's values come after its name (a header is read before the values under it);
 * - a piece read right after a group's name and then that group's whole header (the part
 *   columns' labels) begins in that group: the viewer read that header block, then its values.
 * A cell is placed only when every order kept gives it the same value; the rest stay unplaced.
 */

interface Piece {
  /** Normalised label text read since the previous piece. */
  label: string;
  values: Token[];
}

interface RowOrder {
  /** Cell id → token, for the cells every consistent order agrees on. */
  cells: Map<string, Token>;
  /** How many consistent orders there were (0: none; 1: the row is certain). */
  orders: number;
}

/** Past this many pieces the orders are too many to try (8! = 40 320). */
const MAX_PIECES = 8;

interface Group {
  row: RowLabel;
  /** Characters of the group's part columns' labels (结果维持 …), each as often as printed. */
  header: Map<string, number>;
}

const charCounts = (s: string) => {
  const out = new Map<string, number>();
  for (const c of s) out.set(c, (out.get(c) ?? 0) + 1);
  return out;
};

const contains = (text: Map<string, number>, wanted: Map<string, number>) => [...wanted].every(([c, n]) => (text.get(c) ?? 0) >= n);

/** Where each group's name occurs in a piece's label (first occurrence). */
function namesIn(label: string, groups: Group[]): { group: Group; at: number; end: number }[] {
  const out: { group: Group; at: number; end: number }[] = [];
  for (const group of groups) {
    let best: { at: number; end: number } | null = null;
    for (const form of group.row.forms) {
      const at = form ? label.indexOf(form) : -1;
      if (at >= 0 && (!best || at < best.at)) best = { at, end: at + form.length };
    }
    if (best) out.push({ group, ...best });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The group a piece begins in: the first group named before it, when that group's whole header follows the name. */
function anchorOf(label: string, groups: Group[]): RowLabel | null {
  const names = namesIn(label, groups);
  const first = names[0];
  if (!first) return null;
  let rest = label.slice(first.end);
  for (const g of groups) for (const form of g.row.forms) if (form) rest = rest.split(form).join("");
  return contains(charCounts(rest), first.group.header) ? first.group.row : null;
}

/** Each total among `cellIds` (with its parts among them) equals the sum of its parts, all printed as numbers. */
function totalsAddUp(model: FormatModel, cellIds: string[], tokens: Token[]): boolean {
  const value = new Map(cellIds.map((id, k) => [id, tokens[k].value?.number ?? null]));
  for (const id of cellIds) {
    const parts = model.cellById.get(id)?.sumOf;
    // A total is checked once the row has reached it and all its parts.
    if (!parts || !parts.every((p) => value.has(p))) continue;
    const total = value.get(id);
    const nums = parts.map((p) => value.get(p));
    if (total == null || nums.some((n) => n == null)) return false;
    const sum = nums.reduce<number>((s, n) => s + n!, 0);
    if (Math.abs(sum - total) > 1e-6) return false;
  }
  return true;
}

export function orderPieces(model: FormatModel, cellIds: string[], rows: RowLabel[], pieces: Piece[]): RowOrder {
  const none: RowOrder = { cells: new Map(), orders: 0 };
  const width = pieces.reduce((n, p) => n + p.values.length, 0);
  if (width !== cellIds.length || pieces.length > MAX_PIECES || pieces.some((p) => !p.values.length)) return none;
  const groups: Group[] = rows.map((row) => {
    const parts = (row.cellIds ?? []).map((id) => model.cellById.get(id)).filter((c) => c && !c.sumOf);
    return { row, header: charCounts(parts.map((c) => normLabel(c!.columnPath[c!.columnPath.length - 1] ?? "")).join("")) };
  });
  const groupOf = new Map<string, RowLabel>();
  for (const g of rows) for (const id of g.cellIds ?? []) groupOf.set(id, g);
  const anchor = pieces.map((p) => anchorOf(p.label, groups));
  // The groups named up to each piece.
  const named: Set<RowLabel>[] = [];
  pieces.forEach((p, i) => {
    const set = new Set(i ? named[i - 1] : []);
    for (const n of namesIn(p.label, groups)) set.add(n.group.row);
    named.push(set);
  });

  // Pieces with the same numbers and the same constraints are interchangeable.
  const keys = pieces.map((p, i) =>
    [p.values.map((t) => t.value?.number ?? "").join(" "), anchor[i]?.key ?? "", [...named[i]].map((g) => g.key).join(",")].join("|"),
  );
  const agreed = new Map<string, Token>();
  const disputed = new Set<string>();
  let orders = 0;
  const used = pieces.map(() => false);
  const row: Token[] = [];
  const visit = () => {
    if (row.length === cellIds.length) {
      if (!totalsAddUp(model, cellIds, row)) return;
      orders++;
      cellIds.forEach((id, k) => {
        const seen = agreed.get(id);
        if (orders === 1) agreed.set(id, row[k]);
        else if (seen && seen.value?.number !== row[k].value?.number) disputed.add(id);
      });
      return;
    }
    const tried = new Set<string>();
    for (let i = 0; i < pieces.length; i++) {
      if (used[i]) continue;
      if (tried.has(keys[i])) continue;
      tried.add(keys[i]);
      const start = row.length;
      const a = anchor[i];
      if (a && groupOf.get(cellIds[start]) !== a) continue;
      if (pieces[i].values.some((_, k) => !named[i].has(groupOf.get(cellIds[start + k])!))) continue;
      used[i] = true;
      row.push(...pieces[i].values);
      if (totalsAddUp(model, cellIds.slice(0, row.length), row)) visit();
      row.length = start;
      used[i] = false;
    }
  };
  visit();
  for (const id of disputed) agreed.delete(id);
  return { cells: orders ? agreed : new Map<string, Token>(), orders };
}
