import type { GridCell, TableLayout } from "../format/layout";

/** Where the statutory parts of a workbook are, as the user left them (types only: read.ts finds them, locate.ts finds a table's). */

export interface Position {
  row: number;
  col: number;
}

export interface MissingLabel {
  kind: "title" | "row" | "column";
  /** The label as the format prints it. */
  label: string;
  /** The cells that cannot be placed without it. */
  cellIds: string[];
}

export interface TablePlacement {
  table: TableLayout;
  /** The sheet as it is named in the workbook (a renamed sheet keeps its name). */
  sheet: string;
  /** Cell id → the sheet position of its value. */
  cells: Map<string, Position>;
  /** Text cells of the printed grid found in the sheet. */
  labels: Map<GridCell, Position>;
  missing: MissingLabel[];
  /** The 2019 采购总金额 unit note beside the table, where it is. */
  notes: Map<string, Position>;
  /** Addresses of non-blank cells that are none of the above: the user's own. */
  own: string[];
}

/** Where the statutory parts of a workbook are, as the user left them. */
export interface WorkbookPlacement {
  /** Statutory sheet name → the sheet holding it (a renamed sheet is recognised by its title). */
  sheets: Map<string, string>;
  tables: Map<TableLayout["key"], TablePlacement>;
  cover: CoverPlacement | null;
}

export interface CoverPlacement {
  sheet: string;
  /** Field key → where its value is. */
  fields: Map<string, Position>;
  /** Field key → where its label is. */
  labels: Map<string, Position>;
  /** Fields whose label is not on the sheet. */
  missing: string[];
  own: string[];
}
