import { columnLetters } from "../format/address";

/**
 * A register as read from a file: rows of cells, row 0 being the sheet's row 1. A number is a
 * numeric cell (an Excel date arrives as its serial); text is text; null is empty.
 */
export type LedgerCell = number | string | null;

export interface LedgerSheet {
  name: string;
  rows: LedgerCell[][];
}

export function cellText(v: LedgerCell): string {
  return v === null ? "" : typeof v === "number" ? String(v) : v.trim();
}

export const letter = (col: number): string => columnLetters(col + 1);
