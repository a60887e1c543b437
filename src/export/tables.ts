import type { CellInfo, GridCell, TableLayout } from "../format/layout";
import { formatNumber } from "../narrative/render";
import { cellNumber } from "../rules/evaluate";
import { displayRaw, type Snapshot } from "../workbook/snapshot";

/**
 * The statutory tables as the exporters print them. Built from the same grid that plan.ts turns
 * into the sheets' merged cells, so docx, HTML and the workbook share one layout and one copy
 * of the labels. The title row is left out: in the report the part heading stands above the table.
 */

export interface ExportCell {
  /** 1-based, counted from the first row below the sheet's title row. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  role: GridCell["role"];
  text: string;
  cellId?: string;
}

export interface ExportTable {
  key: TableLayout["key"];
  name: TableLayout["name"];
  title: string;
  width: number;
  height: number;
  /** Cells that start on each row, left to right (the order HTML and docx rows need). */
  rows: ExportCell[][];
  /** Number of leading grid columns that hold row labels. */
  labelColumns: number;
  /** Lines printed under the table, e.g. the 2019 采购总金额 unit chosen on the cover. */
  notes: string[];
}

/** A cell's text: the raw value as typed; a derived cell still holding our formula is computed. */
function valueText(snapshot: Snapshot, cell: CellInfo): string {
  const raw = snapshot.values.get(cell.id);
  if (!raw) return "";
  if (raw.type === "formula") {
    const v = cellNumber(snapshot, cell.id);
    if (v !== null) return formatNumber(v);
    return displayRaw(raw.result);
  }
  return displayRaw(raw);
}

function unitNotes(snapshot: Snapshot, layout: TableLayout): string[] {
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const cell of layout.cells) {
    if (!cell.unitSetting || seen.has(cell.unitSetting)) continue;
    seen.add(cell.unitSetting);
    const unit = snapshot.cover[cell.unitSetting]?.trim();
    if (unit) notes.push(`（${cell.columnPath[cell.columnPath.length - 1]}单位：${unit}）`);
  }
  return notes;
}

function exportTable(snapshot: Snapshot, layout: TableLayout): ExportTable {
  const body = layout.grid.filter((g) => g.role !== "title");
  const top = Math.min(...body.map((g) => g.row));
  const rows: ExportCell[][] = Array.from({ length: layout.height - top + 1 }, () => []);
  const labelColumns = snapshot.model.version.tables.find((t) => t.key === layout.key)?.labelColumns ?? 0;
  for (const g of body) {
    const cell = g.cellId ? snapshot.model.cellById.get(g.cellId) : undefined;
    const text = g.role === "value" && cell ? valueText(snapshot, cell) : g.text;
    rows[g.row - top].push({ row: g.row - top + 1, col: g.col, rowSpan: g.rowSpan, colSpan: g.colSpan, role: g.role, text, cellId: g.cellId });
  }
  for (const r of rows) r.sort((a, b) => a.col - b.col);
  return {
    key: layout.key,
    name: layout.name,
    title: layout.title,
    width: layout.width,
    height: rows.length,
    rows,
    labelColumns,
    notes: unitNotes(snapshot, layout),
  };
}

export function exportTables(snapshot: Snapshot): ExportTable[] {
  return snapshot.model.tables.map((t) => exportTable(snapshot, t));
}
