import { z } from "zod";
import type { FormatModel } from "../format/layout";
import type { WorkbookPlacement } from "./placement";
import type { Paragraph } from "../narrative/model";

/**
 * A cell exactly as found in the workbook. Nothing is normalised here: "１２", "12件" and a
 * blank stay what they are, so rule F-1 can name them.
 */
export type RawValue =
  | { type: "blank" }
  | { type: "number"; value: number }
  | { type: "text"; value: string }
  | { type: "boolean"; value: boolean }
  | { type: "error"; value: string }
  | { type: "formula"; formula: string; result: RawValue };

const rawValueSchema: z.ZodType<RawValue> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("blank") }),
    z.object({ type: z.literal("number"), value: z.number() }),
    z.object({ type: z.literal("text"), value: z.string() }),
    z.object({ type: z.literal("boolean"), value: z.boolean() }),
    z.object({ type: z.literal("error"), value: z.string() }),
    z.object({ type: z.literal("formula"), formula: z.string(), result: rawValueSchema }),
  ]),
);

export const BLANK: RawValue = { type: "blank" };

export interface Location {
  sheet: string;
  address: string;
}

/** A workbook's structure problem: a sheet, label or name that is not where the format puts it. */
export interface StructureProblem {
  message: string;
  cellIds: string[];
  location?: Location;
}

export interface Snapshot {
  model: FormatModel;
  /** Raw value of every located statutory cell. A cell missing here could not be located. */
  values: Map<string, RawValue>;
  locations: Map<string, Location>;
  cover: Record<string, string>;
  /** 说明 written for accepted 提示, by finding key. */
  explanations: Map<string, string>;
  /** What each 说明 was written for (the finding's cells and values, rules/review.ts), by finding key. */
  explanationBasis?: Map<string, string>;
  structure: StructureProblem[];
  /** The 正文 sheet, part by part (empty when the sheet is missing). */
  narrative: Paragraph[];
  /** Last year's report text, when the user supplied it (for P-1). */
  lastYearText: Paragraph[];
  /** Last year's figures for the cross-year rules, when last year was carried forward. */
  lastYear?: LastYearFigures | null;
  /** Cells filled from last year and not yet confirmed: cell id (or cover.<key>) → the value carried. */
  carried?: Map<string, string>;
  /** Where the statutory sheets, labels and cells were found (for rebuild); absent for snapshots made in code. */
  placement?: WorkbookPlacement;
  /** 从台账生成: the register's column mapping and the counts written (kept in _nianbao). */
  ledger?: LedgerMemory | null;
}

/** What a derivation from the 申请台账 leaves in the workbook: the mapping to reuse, the counts L-1 compares with. */
export interface LedgerMemory {
  /** Register header text → field key, or null for a column left out. */
  columns: [string, string | null][];
  /** 表三 input cell id → the register's count written there. */
  counts: Map<string, number>;
  /** The sheet listing the applications (台账, or another name beside a sheet of the user's). */
  sheet?: string;
}

/** What this year's checks need from last year's report (kept in the hidden _nianbao sheet). */
export interface LastYearFigures {
  year: number | null;
  formatId: string;
  /** Last year's numbers by last year's cell id (表三 结转下年度继续办理, 2021 表二 现行有效件数). */
  values: Map<string, number>;
}

/** A cell value as text. Cell values are scalars; anything else is shown as JSON, never as "[object Object]". */
export function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return "";
  return JSON.stringify(value) ?? "";
}

export function rawFromJs(value: unknown): RawValue {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === "number") return Number.isFinite(value) ? { type: "number", value } : { type: "error", value: "#NUM!" };
  if (typeof value === "boolean") return { type: "boolean", value };
  if (typeof value === "string") {
    if (value.startsWith("=")) return { type: "formula", formula: value, result: BLANK };
    return { type: "text", value };
  }
  return { type: "text", value: scalarText(value) };
}

export function displayRaw(raw: RawValue): string {
  switch (raw.type) {
    case "blank":
      return "";
    case "number":
      return String(raw.value);
    case "text":
      return raw.value;
    case "boolean":
      return raw.value ? "TRUE" : "FALSE";
    case "error":
      return raw.value;
    case "formula":
      return raw.formula;
  }
}
