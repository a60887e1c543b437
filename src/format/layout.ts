import { a1 } from "./address";
import type { AxisNode, FormatVersion, Table, ValueKind } from "./schema";
import { FormatDefinitionError } from "../errors";

/** A cell of the printed grid: 1-based position, span, and what it shows. */
export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  role: "title" | "caption" | "corner" | "columnHeader" | "rowHeader" | "value";
  text: string;
  /** Set on value cells. */
  cellId?: string;
  /** Set on row-header leaves: the id prefix of the data row they label. */
  rowKey?: string;
  /** Index of the block (表二 has five) for headers and values. */
  block?: number;
}

/** One statutory data cell, as `nianbao cells` prints it and as every other module sees it. */
export interface CellInfo {
  id: string;
  tableKey: Table["key"];
  table: Table["name"];
  sheet: string;
  row: number;
  col: number;
  colSpan: number;
  address: string;
  rowKey: string;
  columnKey: string;
  rowPath: string[];
  columnPath: string[];
  kind: "input" | "formula";
  valueKind: ValueKind;
  unit: string;
  decimals: number;
  unitSetting?: string;
  /** Ids summed by a derived cell. */
  sumOf?: string[];
}

export interface TableLayout {
  key: Table["key"];
  name: Table["name"];
  title: string;
  width: number;
  height: number;
  /** Last row of the first block's header (repeated when printing). */
  headerRows: number;
  grid: GridCell[];
  cells: CellInfo[];
  /** Leaf row keys of each block, in print order. */
  dataRows: { rowKey: string; row: number; label: string; cellIds: string[] }[];
}

export interface Leaf {
  node: AxisNode;
  path: AxisNode[];
}

export function leavesOf(nodes: AxisNode[], path: AxisNode[] = []): Leaf[] {
  const out: Leaf[] = [];
  for (const node of nodes) {
    const here = [...path, node];
    if (node.children) out.push(...leavesOf(node.children, here));
    else out.push({ node, path: here });
  }
  return out;
}

function depthOf(nodes: AxisNode[]): number {
  return Math.max(...nodes.map((n) => (n.children ? 1 + depthOf(n.children) : 1)));
}

/** The nodes from the axis root down to the node with this key (empty when there is none). */
export function pathTo(nodes: AxisNode[], key: string): AxisNode[] {
  for (const n of nodes) {
    if (n.key === key) return [n];
    const inner = n.children ? pathTo(n.children, key) : [];
    if (inner.length) return [n, ...inner];
  }
  return [];
}

/** The node of an axis with this key, at any depth. */
export function findNode(nodes: AxisNode[], key: string): AxisNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const inner = n.children && findNode(n.children, key);
    if (inner) return inner;
  }
  return undefined;
}

/** Leaf keys a sumOf list stands for (groups expand to their leaves). */
export function expandKeys(nodes: AxisNode[], keys: string[], problems: string[], where: string): string[] {
  return keys.flatMap((k) => {
    const node = findNode(nodes, k);
    if (!node) {
      problems.push(`${where} 引用了不存在的键 ${k}`);
      return [];
    }
    return node.children ? leavesOf(node.children).map((l) => l.node.key) : [node.key];
  });
}

function allKeys(nodes: AxisNode[]): string[] {
  return nodes.flatMap((n) => [n.key, ...(n.children ? allKeys(n.children) : [])]);
}

/** A cell's semantic id: table.row.column (表四's unlabelled row is left out). */
export function cellIdOf(tableKey: string, row: Pick<AxisNode, "key" | "label">, col: Pick<AxisNode, "key"> & { label?: string }): string {
  return row.label === "" ? `${tableKey}.${col.key}` : `${tableKey}.${row.key}.${col.key}`;
}

function spanOf(n: AxisNode): number {
  return n.children ? n.children.reduce((s, c) => s + spanOf(c), 0) : (n.span ?? 1);
}

function layoutTable(table: Table, problems: string[]): TableLayout {
  const grid: GridCell[] = [];
  const cells: CellInfo[] = [];
  const dataRows: TableLayout["dataRows"] = [];
  const widths = table.blocks.map((b) => table.labelColumns + b.columns.reduce((s, c) => s + spanOf(c), 0));
  const width = widths[0];
  if (widths.some((w) => w !== width)) problems.push(`${table.name} 各区块列宽不一致：${widths.join("/")}`);

  grid.push({ row: 1, col: 1, rowSpan: 1, colSpan: width, role: "title", text: table.title });
  let r = 2;
  let headerRows = 0;
  table.blocks.forEach((block, blockIndex) => {
    for (const axis of [block.rows, block.columns]) {
      const keys = allKeys(axis);
      const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
      if (dup.length) problems.push(`${table.name} 键重复：${dup.join(",")}`);
    }
    if (block.caption) {
      grid.push({ row: r, col: 1, rowSpan: 1, colSpan: width, role: "caption", text: block.caption });
      r += 1;
    }
    const headerDepth = depthOf(block.columns);
    if (table.labelColumns > 0) {
      grid.push({ row: r, col: 1, rowSpan: headerDepth, colSpan: table.labelColumns, role: "corner", text: block.corner ?? "" });
    }
    const placeColumns = (nodes: AxisNode[], depth: number, col: number) => {
      let c = col;
      for (const n of nodes) {
        const span = spanOf(n);
        const rowSpan = n.children ? 1 : headerDepth - depth + 1;
        grid.push({ row: r + depth - 1, col: c, rowSpan, colSpan: span, role: "columnHeader", text: n.label, block: blockIndex });
        if (n.children) placeColumns(n.children, depth + 1, c);
        c += span;
      }
    };
    placeColumns(block.columns, 1, table.labelColumns + 1);
    r += headerDepth;
    if (blockIndex === 0) headerRows = r - 1;

    const rowDepth = depthOf(block.rows);
    if (table.labelColumns > 0 && rowDepth > table.labelColumns) problems.push(`${table.name} 行标题层级超过标题列数`);
    const colLeaves = leavesOf(block.columns);
    const rowLeaves = leavesOf(block.rows);
    const firstRow = r;
    const placeRows = (nodes: AxisNode[], depth: number) => {
      for (const n of nodes) {
        const leafCount = n.children ? leavesOf(n.children).length : 1;
        if (table.labelColumns > 0) {
          grid.push({
            row: r,
            col: depth,
            rowSpan: leafCount,
            colSpan: n.children ? 1 : table.labelColumns - depth + 1,
            role: "rowHeader",
            text: n.label,
            rowKey: n.children ? undefined : n.key,
          });
        }
        if (n.children) placeRows(n.children, depth + 1);
        else r += 1;
      }
    };
    placeRows(block.rows, 1);

    rowLeaves.forEach((rowLeaf, i) => {
      const row = firstRow + i;
      let col = table.labelColumns + 1;
      const ids: string[] = [];
      for (const colLeaf of colLeaves) {
        const span = colLeaf.node.span ?? 1;
        const id = cellIdOf(table.key, rowLeaf.node, colLeaf.node);
        const colSum = colLeaf.node.sumOf;
        const rowSum = rowLeaf.node.sumOf;
        let sumOf: string[] | undefined;
        if (colSum) {
          sumOf = expandKeys(block.columns, colSum, problems, `${table.name} ${colLeaf.node.label}`).map((k) =>
            cellIdOf(table.key, rowLeaf.node, { key: k, label: "x" }),
          );
        } else if (rowSum) {
          sumOf = expandKeys(block.rows, rowSum, problems, `${table.name} ${rowLeaf.node.label}`).map((k) =>
            cellIdOf(table.key, { key: k, label: "x" }, colLeaf.node),
          );
        }
        const valueKind = colLeaf.node.kind ?? rowLeaf.node.kind ?? "count";
        cells.push({
          id,
          tableKey: table.key,
          table: table.name,
          sheet: table.name,
          row,
          col,
          colSpan: span,
          address: a1(row, col),
          rowKey: rowLeaf.node.key,
          columnKey: colLeaf.node.key,
          rowPath: rowLeaf.path.map((n) => n.label).filter((l) => l !== ""),
          columnPath: [...(block.caption ? [block.caption] : []), ...colLeaf.path.map((n) => n.label)],
          kind: sumOf ? "formula" : "input",
          valueKind,
          unit: colLeaf.node.unit ?? rowLeaf.node.unit ?? (valueKind === "amount" ? "" : table.defaultUnit),
          decimals: valueKind === "amount" ? (colLeaf.node.decimals ?? 2) : 0,
          unitSetting: colLeaf.node.unitSetting,
          sumOf,
        });
        grid.push({ row, col, rowSpan: 1, colSpan: span, role: "value", text: "", cellId: id, block: blockIndex });
        ids.push(id);
        col += span;
      }
      dataRows.push({ rowKey: rowLeaf.node.key, row, label: rowLeaf.node.label, cellIds: ids });
    });
  });

  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.id)) problems.push(`单元格编号重复：${c.id}`);
    seen.add(c.id);
  }
  return { key: table.key, name: table.name, title: table.title, width, height: r - 1, headerRows, grid, cells, dataRows };
}

/** The compiled format: the version's data plus every table's grid. */
export interface FormatModel {
  version: FormatVersion;
  tables: TableLayout[];
  cells: CellInfo[];
  cellById: Map<string, CellInfo>;
  /** A national version of the registry; false for a definition loaded from a file (stored in the workbook it builds). */
  builtIn: boolean;
}

/** Every node of a table's axis (row or column) across its blocks. */
function axisNodes(table: Table, axis: "rows" | "columns"): AxisNode[] {
  const out: AxisNode[] = [];
  const walk = (nodes: AxisNode[]) => nodes.forEach((n) => (out.push(n), n.children && walk(n.children)));
  for (const b of table.blocks) walk(b[axis]);
  return out;
}

/** What the rules say about the tables must exist in them: a rule over a missing row is a bad definition. */
function checkRules(version: FormatVersion, problems: string[]) {
  const ids = new Set<string>();
  for (const rule of version.rules) {
    if (ids.has(rule.id)) problems.push(`规则编号重复：${rule.id}`);
    ids.add(rule.id);
    if (rule.form !== "balance") continue;
    const table = version.tables.find((t) => t.key === rule.table)!;
    const present = new Set(axisNodes(table, rule.each === "column" ? "rows" : "columns").map((n) => n.key));
    for (const k of [...rule.left, ...rule.right]) if (!present.has(k)) problems.push(`规则 ${rule.id} 引用了${table.name}中不存在的键 ${k}`);
  }
  const sumRules = new Set(version.rules.filter((r) => r.form === "sum").map((r) => r.id));
  for (const table of version.tables) {
    for (const node of [...axisNodes(table, "rows"), ...axisNodes(table, "columns")]) {
      if (node.sumOf && !node.rule) problems.push(`${table.name}“${node.label}”是合计，但没有指明核对它的规则（rule）`);
      if (node.rule && !node.sumOf) problems.push(`${table.name}“${node.label}”指明了规则 ${node.rule}，但不是合计（缺少 sumOf）`);
      if (node.rule && node.sumOf && !sumRules.has(node.rule))
        problems.push(`${table.name}“${node.label}”的规则 ${node.rule} 不在规则列表中（应为 form: "sum" 的规则）`);
    }
  }
}

export function compileFormat(version: FormatVersion, options: { builtIn?: boolean } = {}): FormatModel {
  const problems: string[] = [];
  const tables = version.tables.map((t) => layoutTable(t, problems));
  const cells = tables.flatMap((t) => t.cells);
  const cellById = new Map(cells.map((c) => [c.id, c]));
  const coverKeys = new Set(version.cover.map((f) => f.key));
  for (const c of cells) {
    if (c.unitSetting && !coverKeys.has(c.unitSetting)) problems.push(`${c.id} 的单位设置 ${c.unitSetting} 不在封面字段中`);
  }
  checkRules(version, problems);
  if (problems.length) throw new FormatDefinitionError(problems);
  return { version, tables, cells, cellById, builtIn: options.builtIn ?? false };
}
