import type { WorkbookPlan } from "../workbook/plan";
import type { RawValue } from "../workbook/snapshot";

/**
 * The one seam between Nianbao and a spreadsheet host. Implementations: Office.js (Excel.run),
 * memory (playground and tests) and .xlsx file (CLI). Each method is one batch: one round trip.
 */

export interface SheetData {
  name: string;
  visible: boolean;
  /** Sparse cells by A1 address (top-left of a merge). */
  cells: Map<string, RawValue>;
}

/** The first cells of a sheet that was not read, to recognise a statutory sheet the user renamed. */
export interface SheetProbe {
  name: string;
  visible: boolean;
  /** The non-empty texts of A1:C5, row by row. */
  texts: string[];
}

/** The cells a host looks at to recognise a renamed sheet: A1:C5. */
export const isProbed = (address: string) => /^[A-C][1-5]$/.test(address);

export interface WorkbookData {
  sheets: SheetData[];
  /** Workbook-level defined names and what they refer to, e.g. 'NB_t3_new_natural' → "'表三'!$D$5". */
  names: { name: string; ref: string }[];
  /** The sheets not read (texts filled where the host looked at them). */
  others?: SheetProbe[];
  /** Every sheet's name, in tab order. */
  order?: string[];
}

export interface CellTarget {
  sheet: string;
  addresses: string[];
}

export interface WorkbookPort {
  /** Read these sheets (missing ones are left out) and every defined name, in one round trip. */
  read(sheetNames: string[]): Promise<WorkbookData>;
  /** Write a whole plan (sheets are created or their planned area replaced), in one round trip. */
  write(plan: WorkbookPlan): Promise<void>;
  /** Write a few cells of one sheet (the 说明 store), in one round trip. */
  writeCells(sheet: string, cells: { address: string; content: RawValue }[]): Promise<void>;
  /** Activate the sheet, select the cells and overlay a temporary highlight, in one round trip. */
  jump(target: CellTarget): Promise<void>;
  /** Remove the highlight overlay, also one an earlier (closed or reloaded) pane left; the user's own formatting was never touched. */
  clearHighlight(): Promise<void>;
  /** The active cell (the self-test checks a jump with it), in one round trip. */
  selectedCell?(): Promise<{ sheet: string; address: string } | null>;
  /** Calls back when the user selects another cell (drill-down from 表三 into the 台账); the first cell of the selection. */
  onSelectionChange?(listener: (at: { sheet: string; address: string }) => void): () => void;
  /** Calls back after cells or sheets change (the browser's memory workbook); the pane then recomputes instead of going stale. */
  onContentChange?(listener: () => void): () => void;
  /** The workbook as .xlsx bytes, where the host makes them itself (the browser edition). */
  file?(): Promise<Uint8Array>;
}
