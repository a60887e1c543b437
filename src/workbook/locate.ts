import { a1, parseA1 } from "../format/address";
import type { GridCell, TableLayout } from "../format/layout";
import type { MissingLabel, Position, TablePlacement } from "./placement";
import type { SheetData } from "../host/port";
import { coverName } from "../format/names";
import { derivedFormulaText, sameFormula } from "../rules/compile";
import { BLANK, displayRaw, type RawValue } from "./snapshot";

/**
 * Where a table's statutory cells are in a sheet as the user left it, found by the labels the
 * format prints: each data row by its row label (a leaf under its parents), each column by its
 * header (a leaf under its group), the value where the two meet. Rows and columns the user
 * inserted, deleted or sorted are followed; cells that belong to none of the labels are the
 * user's own. Never by planned address, and never by defined names (Excel does not move names
 * when rows are sorted).
 */

export const normLabel = (s: string) => s.replace(/\s+/g, "");

const textOf = (raw: RawValue): string => (raw.type === "formula" ? textOf(raw.result) : raw.type === "text" ? raw.value : "");

interface Occurrence extends Position {
  key: string;
}

/** Every text of the sheet by its normalised form, in reading order. */
function indexTexts(sheet: SheetData): Map<string, Occurrence[]> {
  const index = new Map<string, Occurrence[]>();
  for (const [address, raw] of sheet.cells) {
    const t = normLabel(textOf(raw));
    if (t === "") continue;
    const at = parseA1(address);
    if (!at) continue;
    const list = index.get(t);
    const occ = { ...at, key: address };
    if (list) list.push(occ);
    else index.set(t, [occ]);
  }
  for (const list of index.values()) list.sort((x, y) => x.row - y.row || x.col - y.col);
  return index;
}

/** A header of the printed grid, with the headers under it. */
interface HeaderNode {
  cell: GridCell;
  children: HeaderNode[];
}

/** Row headers of one block as a tree (a child sits one label column right, inside its parent's rows). */
function rowTree(table: TableLayout, rows: Set<number>): HeaderNode[] {
  const heads = table.grid.filter((g) => g.role === "rowHeader" && rows.has(g.row)).sort((a, b) => a.col - b.col || a.row - b.row);
  const nodes = new Map(heads.map((g) => [g, { cell: g, children: [] as HeaderNode[] }]));
  const roots: HeaderNode[] = [];
  for (const g of heads) {
    const parent = heads.find((p) => p.col === g.col - 1 && g.row >= p.row && g.row < p.row + p.rowSpan);
    (parent ? nodes.get(parent)!.children : roots).push(nodes.get(g)!);
  }
  const byRow = (a: HeaderNode, b: HeaderNode) => a.cell.row - b.cell.row;
  for (const n of nodes.values()) n.children.sort(byRow);
  return roots.sort(byRow);
}

/** Column headers of one block as a tree (a child sits one header row down, inside its parent's columns). */
function columnTree(table: TableLayout, block: number): HeaderNode[] {
  const heads = table.grid.filter((g) => g.role === "columnHeader" && g.block === block).sort((a, b) => a.row - b.row || a.col - b.col);
  const nodes = new Map(heads.map((g) => [g, { cell: g, children: [] as HeaderNode[] }]));
  const roots: HeaderNode[] = [];
  for (const g of heads) {
    const parent = heads.find((p) => p.row + p.rowSpan === g.row && g.col >= p.col && g.col < p.col + p.colSpan);
    (parent ? nodes.get(parent)!.children : roots).push(nodes.get(g)!);
  }
  const byCol = (a: HeaderNode, b: HeaderNode) => a.cell.col - b.cell.col;
  for (const n of nodes.values()) n.children.sort(byCol);
  return roots.sort(byCol);
}

interface Scope {
  rowLo: number;
  rowHi: number;
  colLo: number;
  colHi: number;
}

/**
 * Find sibling headers within a scope, then their children within the stretch each one starts
 * (up to the next sibling found). `axis` is "row" for row labels (stretches run down) and "col"
 * for column headers (stretches run right). Siblings with the same label take the occurrences in order.
 */
function locateTree(
  nodes: HeaderNode[],
  scope: Scope,
  axis: "row" | "col",
  index: Map<string, Occurrence[]>,
  used: Set<string>,
  found: Map<GridCell, Position>,
) {
  const inScope = (o: Occurrence) => o.row >= scope.rowLo && o.row < scope.rowHi && o.col >= scope.colLo && o.col < scope.colHi && !used.has(o.key);
  const byLabel = new Map<string, HeaderNode[]>();
  for (const n of nodes) {
    const k = normLabel(n.cell.text);
    byLabel.set(k, [...(byLabel.get(k) ?? []), n]);
  }
  const located: { node: HeaderNode; at: Occurrence }[] = [];
  for (const [label, group] of byLabel) {
    if (label === "") continue;
    const candidates = (index.get(label) ?? []).filter(inScope);
    if (axis === "col") candidates.sort((x, y) => x.col - y.col || x.row - y.row);
    group.forEach((node, i) => {
      const at = candidates[i];
      if (!at) return;
      used.add(at.key);
      found.set(node.cell, at);
      located.push({ node, at });
    });
  }
  const along = (p: Position) => (axis === "row" ? p.row : p.col);
  const starts = located.map((l) => along(l.at)).sort((x, y) => x - y);
  for (const { node, at } of located) {
    if (!node.children.length) continue;
    const from = along(at);
    const next = starts.find((s) => s > from) ?? (axis === "row" ? scope.rowHi : scope.colHi);
    const inner = axis === "row" ? { ...scope, rowLo: from, rowHi: next, colLo: at.col + 1 } : { ...scope, colLo: from, colHi: next, rowLo: at.row + 1 };
    locateTree(node.children, inner, axis, index, used, found);
  }
  // A parent whose own label was changed: its children are still looked for, in the whole stretch.
  for (const n of nodes) if (!found.has(n.cell) && n.children.length) locateTree(n.children, scope, axis, index, used, found);
}

const INFINITE = Number.MAX_SAFE_INTEGER;

const isOurs = (raw: RawValue | undefined, expected: string) => raw?.type === "formula" && sameFormula(raw.formula, expected);

/** Locate a table of the format in a sheet. */
export function locateTable(table: TableLayout, sheet: SheetData): TablePlacement {
  const index = indexTexts(sheet);
  const used = new Set<string>();
  const labels = new Map<GridCell, Position>();
  const cells = new Map<string, Position>();
  const missing: MissingLabel[] = [];
  const notes = new Map<string, Position>();

  const titleCell = table.grid.find((g) => g.role === "title")!;
  const title = (index.get(normLabel(titleCell.text)) ?? [])[0];
  if (title) {
    used.add(title.key);
    labels.set(titleCell, title);
  } else missing.push({ kind: "title", label: table.title, cellIds: [] });
  const top = title ? title.row + 1 : 1;

  const blocks = [...new Set(table.grid.filter((g) => g.block !== undefined).map((g) => g.block!))].sort((a, b) => a - b);
  const valuesOf = (block: number) => table.grid.filter((g) => g.role === "value" && g.block === block);
  const rowsOf = (block: number) => new Set(valuesOf(block).map((g) => g.row));
  const hasRowLabels = table.grid.some((g) => g.role === "rowHeader");

  // Row labels first, block by block: they are unique within each block's stretch.
  const rowAt = new Map<number, number>(); // planned data row → sheet row
  let previousEnd = top - 1;
  const blockStart = new Map<number, number>();
  const blockEnd = new Map<number, number>();
  for (const block of blocks) {
    const caption = table.grid.find(
      (g) =>
        g.role === "caption" &&
        g.row < Math.min(...rowsOf(block)) &&
        !table.grid.some((h) => h.role === "caption" && h.row > g.row && h.row < Math.min(...rowsOf(block))),
    );
    if (caption) {
      const at = (index.get(normLabel(caption.text)) ?? []).find((o) => o.row > previousEnd && !used.has(o.key));
      if (at) {
        used.add(at.key);
        labels.set(caption, at);
      }
    }
    if (!hasRowLabels) continue;
    const found = new Map<GridCell, Position>();
    locateTree(rowTree(table, rowsOf(block)), { rowLo: previousEnd + 1, rowHi: INFINITE, colLo: 1, colHi: INFINITE }, "row", index, used, found);
    for (const [g, p] of found) labels.set(g, p);
    const rows: number[] = [];
    for (const d of table.dataRows.filter((x) => rowsOf(block).has(x.row))) {
      const g = table.grid.find((x) => x.role === "rowHeader" && x.rowKey === d.rowKey && x.row === d.row);
      const p = g && found.get(g);
      if (p) {
        rowAt.set(d.row, p.row);
        rows.push(p.row);
      } else missing.push({ kind: "row", label: d.label, cellIds: d.cellIds });
    }
    if (rows.length) {
      blockStart.set(block, Math.min(...rows));
      blockEnd.set(block, Math.max(...rows));
      previousEnd = Math.max(...rows);
    }
  }

  // Then each block's column headers, between the block's start and the rows above it.
  let above = top - 1;
  for (const block of blocks) {
    const first = blockStart.get(block);
    if (hasRowLabels && first === undefined) {
      // No row of the block was found: its columns cannot be told apart from another block's.
      continue;
    }
    const found = new Map<GridCell, Position>();
    const captionAt = [...labels].find(
      ([g]) => g.role === "caption" && table.grid.filter((v) => v.role === "value" && v.block === block).some((v) => v.row > g.row),
    )?.[1];
    const lo = Math.max(above + 1, captionAt && captionAt.row > above ? captionAt.row + 1 : above + 1);
    locateTree(columnTree(table, block), { rowLo: lo, rowHi: first ?? INFINITE, colLo: 1, colHi: INFINITE }, "col", index, used, found);
    for (const [g, p] of found) labels.set(g, p);
    const valueCols = [...new Set(valuesOf(block).map((g) => g.col))];
    const colAt = new Map<number, number>();
    let headerBottom = lo - 1;
    for (const col of valueCols) {
      // The leaf header of a value column: the lowest header starting at that column.
      const leaf = table.grid.filter((g) => g.role === "columnHeader" && g.block === block && g.col === col).sort((a, b) => b.row - a.row)[0];
      const p = leaf && found.get(leaf);
      if (p) {
        colAt.set(col, p.col);
        headerBottom = Math.max(headerBottom, p.row);
      } else {
        const ids = valuesOf(block)
          .filter((g) => g.col === col)
          .map((g) => g.cellId!);
        missing.push({ kind: "column", label: leaf ? [...headerPath(table, leaf)].join("·") : `第 ${col} 列`, cellIds: ids });
      }
    }
    if (!hasRowLabels) {
      // 表四: no row labels. Its data row is the one below the headers whose 总计 cells hold our formula,
      // else the first row below them with anything in the table's columns, else the row right below.
      const derived = valuesOf(block)
        .map((g) => table.cells.find((c) => c.id === g.cellId)!)
        .filter((c) => c.kind === "formula" && colAt.has(c.col));
      const rowsBelow = new Set<number>();
      for (const [address] of sheet.cells) {
        const at = parseA1(address);
        if (at && at.row > headerBottom && [...colAt.values()].includes(at.col)) rowsBelow.add(at.row);
      }
      const candidates = [...rowsBelow].sort((a, b) => a - b);
      const withFormula = candidates.find((r) => derived.some((c) => isOurs(sheet.cells.get(a1(r, colAt.get(c.col)!)), derivedFormulaText(c))));
      const dataRow = withFormula ?? candidates[0] ?? headerBottom + 1;
      for (const d of table.dataRows) rowAt.set(d.row, dataRow);
      blockEnd.set(block, dataRow);
    }
    for (const g of valuesOf(block)) {
      const r = rowAt.get(g.row);
      const c = colAt.get(g.col);
      if (r !== undefined && c !== undefined) cells.set(g.cellId!, { row: r, col: c });
    }
    // The unit note beside the 2019 采购总金额 row is found by its formula (a column inserted into a merged
    // value cell widens the merge, so the note's planned place may now be inside it).
    for (const cell of table.cells.filter((c) => c.unitSetting && cells.has(c.id))) {
      const p = cells.get(cell.id)!;
      for (const [address, raw] of sheet.cells) {
        const at = parseA1(address);
        if (
          at &&
          at.row === p.row &&
          at.col > p.col &&
          raw.type === "formula" &&
          /CONCATENATE\(/i.test(raw.formula) &&
          raw.formula.includes(coverName(cell.unitSetting!))
        )
          notes.set(cell.id, at);
      }
    }
    above = blockEnd.get(block) ?? above;
  }
  // Corners are found by their text where they are (they place nothing).
  for (const g of table.grid.filter((x) => x.role === "corner" && x.text)) {
    const at = (index.get(normLabel(g.text)) ?? []).find((o) => !used.has(o.key));
    if (at) {
      used.add(at.key);
      labels.set(g, at);
    }
  }

  const taken = new Set<string>([...labels.values(), ...cells.values(), ...notes.values()].map((p) => a1(p.row, p.col)));
  const own = [...sheet.cells.keys()].filter((k) => !taken.has(k) && (sheet.cells.get(k) ?? BLANK).type !== "blank" && displayRaw(sheet.cells.get(k)!) !== "");
  return { table, sheet: sheet.name, cells, labels, missing, notes, own };
}

/** A column header's labels from its top group down ("申请人情况·法人或其他组织·商业企业"). */
function headerPath(table: TableLayout, leaf: GridCell): string[] {
  const path = [leaf.text];
  let g = leaf;
  for (;;) {
    const parent = table.grid.find(
      (p) => p.role === "columnHeader" && p.block === g.block && p.row + p.rowSpan === g.row && g.col >= p.col && g.col < p.col + p.colSpan,
    );
    if (!parent) return path;
    path.unshift(parent.text);
    g = parent;
  }
}
