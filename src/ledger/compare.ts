import type { FormatModel } from "../format/layout";
import { displayRaw, type RawValue } from "../workbook/snapshot";

/**
 * Before anything is overwritten: the cells typed by hand beside the register's numbers. The CLI
 * prints this and refuses without --replace; the pane can show the same rows.
 */

interface CellComparison {
  id: string;
  sheet: string;
  address: string;
  /** "二、上年结转政府信息公开申请数量 · 自然人". */
  place: string;
  typed: string;
  derived: number;
  same: boolean;
}

export interface Comparison {
  /** Cells that hold a value: same or different. */
  rows: CellComparison[];
  /** Typed cells whose value differs from the register's (writing would replace them). */
  conflicts: CellComparison[];
}

function typedNumber(raw: RawValue): number | null {
  if (raw.type === "number") return raw.value;
  if (raw.type === "formula") return typedNumber(raw.result);
  return null;
}

export function compareTyped(model: FormatModel, typed: Map<string, RawValue>, derived: Map<string, number>): Comparison {
  const rows: CellComparison[] = [];
  for (const [id, value] of derived) {
    const cell = model.cellById.get(id);
    const raw = typed.get(id);
    if (!cell || !raw || raw.type === "blank") continue;
    const n = typedNumber(raw);
    const shown = raw.type === "formula" ? displayRaw(raw.result) || raw.formula : displayRaw(raw);
    rows.push({
      id,
      sheet: cell.sheet,
      address: cell.address,
      place: [...cell.rowPath.slice(-1), cell.columnPath[cell.columnPath.length - 1]].join(" · "),
      typed: shown,
      derived: value,
      same: raw.type === "number" && n === value,
    });
  }
  return { rows, conflicts: rows.filter((r) => !r.same) };
}
