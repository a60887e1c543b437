import { labelCore } from "../format/describe";
import { expandKeys, leavesOf, pathTo, type CellInfo } from "../format/layout";
import type { AxisNode, Table } from "../format/schema";
import type { CellRef, Condition, EachSpec, Phrase, Refs, Sentence } from "../format/sentences";
import { cellNumber } from "../rules/evaluate";
import type { Snapshot } from "../workbook/snapshot";
import { literal, type Paragraph, type Segment } from "./model";

/**
 * 起草: the standard paragraphs, run from the sentence templates of the workbook's format
 * (FormatVersion.narrative, see format/sentences.ts), with every number bound to its cells.
 * A zero is said in words ("本年度未收到……") rather than as "0件". Nothing beyond the tables is
 * invented: where only the preparer can write the text, a 【请填写…】 prompt stands.
 */

export const PROMPT_OPEN = "【请填写";

type Piece = string | Segment;
type Vars = Record<string, string>;

/** Put $variables into a key: "$g.total" with $g = direct → "direct.total". */
const bind = (key: string | undefined, vars: Vars) => key?.replace(/\$[a-zA-Z][a-zA-Z0-9]*/g, (v) => vars[v] ?? v);

/** Cell ids by table/row/column key, per format (templates ask for the same cells again and again). */
const cellIndex = new WeakMap<Snapshot["model"], Map<string, string[]>>();

class Draft {
  private readonly index: Map<string, string[]>;

  constructor(private readonly snapshot: Snapshot) {
    let index = cellIndex.get(snapshot.model);
    if (!index) cellIndex.set(snapshot.model, (index = new Map<string, string[]>()));
    this.index = index;
  }

  private table(key: Table["key"]): Table | undefined {
    return this.snapshot.model.version.tables.find((t) => t.key === key);
  }

  /** The leaf keys a row or column key stands for (a group: its leaves), across the table's blocks. */
  private leafKeys(table: Table, axis: "rows" | "columns", key: string): Set<string> {
    const out = new Set<string>();
    for (const block of table.blocks) for (const k of expandKeys(block[axis], [key], [], "")) out.add(k);
    return out;
  }

  ids(refs: Refs, vars: Vars): string[] {
    return (Array.isArray(refs) ? refs : [refs]).flatMap((ref) => {
      const row = bind(ref.row, vars);
      const col = bind(ref.col, vars);
      const key = `${ref.table}|${row ?? ""}|${col ?? ""}`;
      let ids = this.index.get(key);
      if (!ids) {
        const table = this.table(ref.table);
        const rows = table && row !== undefined ? this.leafKeys(table, "rows", row) : null;
        const cols = table && col !== undefined ? this.leafKeys(table, "columns", col) : null;
        ids = table
          ? this.snapshot.model.cells
              .filter((c) => c.tableKey === ref.table && (!rows || rows.has(c.rowKey)) && (!cols || cols.has(c.columnKey)))
              .map((c) => c.id)
          : [];
        this.index.set(key, ids);
      }
      return ids;
    });
  }

  /** The figure a condition weighs: blanks and unreadable cells count as 0 here (rules F-1/F-2 name them). */
  private value(ids: string[]): number {
    return ids.reduce((s, id) => s + (cellNumber(this.snapshot, id) ?? 0), 0);
  }

  holds(c: Condition, vars: Vars): boolean {
    if ("exists" in c) return (Array.isArray(c.exists) ? c.exists : [c.exists]).every((r) => this.ids(r, vars).length > 0);
    if ("positive" in c) {
      const ids = this.ids(c.positive, vars);
      return ids.length > 0 && this.value(ids) > 0;
    }
    if ("zero" in c) return this.value(this.ids(c.zero, vars)) === 0;
    if ("not" in c) return !this.holds(c.not, vars);
    if ("all" in c) return c.all.every((x) => this.holds(x, vars));
    return c.any.some((x) => this.holds(x, vars));
  }

  private node(ref: CellRef, vars: Vars): AxisNode | undefined {
    const table = this.table(ref.table);
    const row = bind(ref.row, vars);
    const col = bind(ref.col, vars);
    if (!table) return undefined;
    for (const block of table.blocks) {
      if (col !== undefined) {
        // A column label; with a row given, the column of that row's block (表二 repeats column keys).
        if (row !== undefined && pathTo(block.rows, row).length === 0) continue;
        const found = pathTo(block.columns, col).at(-1);
        if (found) return found;
      } else if (row !== undefined) {
        const found = pathTo(block.rows, row).at(-1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private unit(ref: CellRef, vars: Vars): string {
    const id = this.ids(ref, vars)[0];
    const cell: CellInfo | undefined = id ? this.snapshot.model.cellById.get(id) : undefined;
    if (!cell) return "";
    if (!cell.unitSetting) return cell.unit;
    const field = this.snapshot.model.version.cover.find((f) => f.key === cell.unitSetting);
    return this.snapshot.cover[cell.unitSetting] || (field?.defaultValue ?? "");
  }

  /** The rows or columns an `each` walks; derived (总计) nodes are never among them. */
  private items(spec: EachSpec, vars: Vars): string[] {
    const table = this.table(spec.table);
    if (!table) return [];
    const axis = spec.axis === "row" ? "rows" : "columns";
    const other = spec.axis === "row" ? "columns" : "rows";
    const of = bind(spec.of, vars);
    const within = bind(spec.with, vars);
    const except = new Set((spec.except ?? []).map((k) => bind(k, vars)!));
    const out: string[] = [];
    for (const block of table.blocks) {
      let nodes: AxisNode[];
      if (of !== undefined) nodes = pathTo(block[axis], of).at(-1)?.children ?? [];
      else if (within !== undefined) nodes = pathTo(block[other], within).length ? leavesOf(block[axis]).map((l) => l.node) : [];
      else nodes = leavesOf(block[axis]).map((l) => l.node);
      for (const n of nodes) if (!n.sumOf && !except.has(n.key) && !out.includes(n.key)) out.push(n.key);
    }
    return out;
  }

  /** One phrase as the pieces of a paragraph. */
  render(p: Phrase, vars: Vars): Piece[] {
    if (typeof p === "string") return p === "" ? [] : [p];
    if (Array.isArray(p)) return p.flatMap((x) => this.render(x, vars));
    if ("sum" in p) {
      const ids = this.ids(p.sum, vars);
      return ids.length ? [{ kind: "cell", bound: { op: "sum", ids } }] : [];
    }
    if ("share" in p) {
      const num = this.ids(p.share, vars);
      const den = this.ids(p.of, vars);
      return num.length && den.length ? [{ kind: "cell", bound: { op: "pct", num, den } }] : [];
    }
    if ("label" in p) {
      const node = this.node(p.label, vars);
      return node ? [p.core ? labelCore(node.label) : node.label] : [];
    }
    if ("unit" in p) return [this.unit(p.unit, vars)].filter(Boolean);
    if ("prompt" in p) return [`${PROMPT_OPEN}${p.prompt}】`];
    if ("if" in p) return this.holds(p.if, vars) ? this.render(p.then, vars) : p.else === undefined ? [] : this.render(p.else, vars);
    if ("list" in p) {
      const kept = p.list.flatMap((item) => this.listItems(item, vars)).filter((item) => item.length > 0);
      if (kept.length === 0) return p.empty === undefined ? [] : this.render(p.empty, vars);
      const joined = kept.flatMap((item, i) => (i === 0 ? item : [p.sep, ...item]));
      return [...(p.before === undefined ? [] : this.render(p.before, vars)), ...joined, ...(p.after === undefined ? [] : this.render(p.after, vars))];
    }
    return this.listItems(p, vars).flat();
  }

  /** A list entry: an `each` gives one item per row or column, anything else one item. */
  private listItems(p: Phrase, vars: Vars): Piece[][] {
    if (typeof p === "object" && !Array.isArray(p) && "each" in p) {
      return this.items(p.each, vars).map((key) => this.render(p.do, { ...vars, [p.as]: key }));
    }
    return [this.render(p, vars)];
  }
}

/** Adjacent words merged into one literal, as the 正文 stores them. */
function paragraph(part: number, pieces: Piece[]): Paragraph {
  const segments: Segment[] = [];
  for (const p of pieces) {
    if (p === "") continue;
    const s = typeof p === "string" ? literal(p) : p;
    const last = segments[segments.length - 1];
    if (s.kind === "text" && last?.kind === "text") segments[segments.length - 1] = literal(last.text + s.text);
    else segments.push(s);
  }
  return { part, segments };
}

/** Draft all six parts from the tables, sentence by sentence as the format's templates say. */
export function draftNarrative(snapshot: Snapshot, sentences: Sentence[] = snapshot.model.version.narrative): Paragraph[] {
  const draft = new Draft(snapshot);
  return sentences
    .filter((s) => s.enabled !== false)
    .map((s) => paragraph(s.part, draft.render(s.text, {})))
    .filter((p) => p.segments.length > 0);
}
