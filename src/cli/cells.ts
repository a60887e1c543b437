import type { FormatModel } from "../format/layout";

/** The stable `nianbao cells --json` shape. */
export interface CellJson {
  id: string;
  sheet: string;
  address: string;
  table: string;
  row: string[];
  column: string[];
  kind: "input" | "formula";
  unit: string;
}

export function cellsJson(model: FormatModel): CellJson[] {
  return model.cells.map((c) => ({
    id: c.id,
    sheet: c.sheet,
    address: c.address,
    table: c.table,
    row: c.rowPath,
    column: c.columnPath,
    kind: c.kind,
    unit: c.unit,
  }));
}
