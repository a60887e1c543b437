import type { AxisNode } from "../format/schema";
import type { FormatModel, CellInfo } from "../format/layout";

/**
 * 表三 as the derivation sees it, read from the format model: the applicant columns, the result
 * tree and the cell of each (row, column). Nothing here names a label; the keys are the format's.
 */

/** Row keys of the four parts of 表三 (src/format/shared.ts t3Rows). */
export const T3_ROWS = { new: "new", carried: "carried", result: "result", carriedNext: "carriedNext" } as const;

interface ResultNode {
  key: string;
  label: string;
  /** Leaf keys under a group; empty for a leaf. */
  leaves: string[];
}

export interface Table3 {
  model: FormatModel;
  /** Input applicant columns in print order: key → label (自然人, 商业企业, …). */
  columns: Map<string, string>;
  /** Every node under 三、本年度办理结果 except derived ones (（七）总计), by key. */
  results: Map<string, ResultNode>;
  cell(rowKey: string, columnKey: string): CellInfo;
  inputCells: CellInfo[];
}

function find(nodes: AxisNode[], key: string): AxisNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const inner = n.children ? find(n.children, key) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

const leafKeys = (n: AxisNode): string[] => (n.children ? n.children.flatMap(leafKeys) : [n.key]);

const cache = new WeakMap<FormatModel, Table3>();

export function table3Of(model: FormatModel): Table3 {
  const hit = cache.get(model);
  if (hit) return hit;
  const table = model.version.tables.find((t) => t.key === "t3");
  const layout = model.tables.find((t) => t.key === "t3");
  if (!table || !layout) throw new Error("格式定义缺少表三");
  const block = table.blocks[0];
  const resultNode = find(block.rows, T3_ROWS.result);
  if (!resultNode?.children) throw new Error("格式定义的表三缺少“本年度办理结果”");
  const results = new Map<string, ResultNode>();
  const walk = (nodes: AxisNode[]) => {
    for (const n of nodes) {
      if (n.sumOf) continue;
      results.set(n.key, { key: n.key, label: n.label, leaves: n.children ? leafKeys(n) : [] });
      if (n.children) walk(n.children);
    }
  };
  walk(resultNode.children);
  const byPlace = new Map(layout.cells.map((c) => [`${c.rowKey}|${c.columnKey}`, c]));
  const inputCells = layout.cells.filter((c) => c.kind === "input");
  const columns = new Map<string, string>();
  for (const c of inputCells) if (!columns.has(c.columnKey)) columns.set(c.columnKey, c.columnPath[c.columnPath.length - 1]);
  const t3: Table3 = {
    model,
    columns,
    results,
    inputCells,
    cell(rowKey, columnKey) {
      const c = byPlace.get(`${rowKey}|${columnKey}`);
      if (!c || c.kind !== "input") throw new Error(`表三没有 ${rowKey} × ${columnKey} 的填报单元格`);
      return c;
    },
  };
  cache.set(model, t3);
  return t3;
}

/** "（二）部分公开（区分处理的，…）" → "部分公开"; "1.属于国家秘密" → "属于国家秘密". */
export function bareLabel(label: string): string {
  return label
    .replace(/^（[一二三四五六七八九十]+）/, "")
    .replace(/^[一二三四五六七八九十]+、/, "")
    .replace(/^\d+\./, "")
    .replace(/（[^）]*）$/, "")
    .trim();
}

/** A result row as people say it: "（三）不予公开 · 1.属于国家秘密". */
export function resultPath(t3: Table3, key: string): string {
  const parent = [...t3.results.values()].find((n) => n.leaves.includes(key) && n.key !== key);
  const own = t3.results.get(key)?.label ?? key;
  return parent ? `${parent.label} · ${own}` : own;
}
