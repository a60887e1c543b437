import { findHeader, type HeaderMatcher, type ColumnOverrides, type HeaderMatch } from "./header";
import { cellText, type LedgerCell, type LedgerSheet } from "./sheet";
import { normalise, TOTAL_ROW_WORDING } from "./vocabulary";

/** A register's data rows under its header, each cell by field; rows that are no application are set apart with why. */

interface RegisterRow<F extends string> {
  /** 1-based sheet row. */
  row: number;
  cells: Map<F, LedgerCell>;
}

export interface SkippedRow {
  row: number;
  text: string;
  reason: string;
}

export interface ParsedTable<F extends string> {
  sheet: string;
  header: HeaderMatch<F>;
  rows: RegisterRow<F>[];
  skipped: SkippedRow[];
}

function rowText(cells: LedgerCell[]): string {
  return cells
    .map(cellText)
    .filter((t) => t !== "")
    .join(" | ");
}

export function parseTable<F extends string>(sheet: LedgerSheet, matcher: HeaderMatcher<F>, overrides: ColumnOverrides<NoInfer<F>>): ParsedTable<F> | null {
  const header = findHeader(sheet, matcher, overrides);
  if (!header) return null;
  const rows: RegisterRow<F>[] = [];
  const skipped: SkippedRow[] = [];
  for (let r = header.row - 1 + header.height; r < sheet.rows.length; r++) {
    const raw = sheet.rows[r];
    const filled = raw.filter((v) => cellText(v) !== "");
    if (filled.length === 0) continue;
    const row = r + 1;
    const first = normalise(cellText(filled[0]));
    if (TOTAL_ROW_WORDING.some((w) => first.startsWith(w))) {
      skipped.push({ row, text: rowText(raw), reason: "合计行，不是申请记录" });
      continue;
    }
    const cells = new Map<F, LedgerCell>();
    for (const [field, col] of header.fieldColumn) cells.set(field, raw[col] ?? null);
    const mapped = [...cells.values()].filter((v) => cellText(v) !== "").length;
    if (mapped === 0 || (filled.length === 1 && typeof filled[0] === "string" && mapped <= 1 && filled[0].length > 12)) {
      // 填表说明, 制表人 and other lines under the table: text in one cell, nothing in the fields.
      skipped.push({ row, text: rowText(raw), reason: "只有一段文字（如填表说明），不是申请记录" });
      continue;
    }
    rows.push({ row, cells });
  }
  return { sheet: sheet.name, header, rows, skipped };
}

/** Pick the sheet to read: the one named, else the one whose header names the most fields. */
export function chooseSheet<F extends string>(
  sheets: LedgerSheet[],
  matcher: HeaderMatcher<F>,
  overrides: ColumnOverrides<F>,
  wanted?: string,
): { sheet: LedgerSheet; others: string[] } | { error: string } {
  if (wanted !== undefined) {
    const sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => normalise(s.name) === normalise(wanted));
    if (!sheet) return { error: `没有名为“${wanted}”的工作表（现有：${sheets.map((s) => s.name).join("、")}）` };
    return { sheet, others: [] };
  }
  const scored = sheets.map((sheet) => {
    const h = findHeader(sheet, matcher, overrides);
    return { sheet, score: h ? new Set(h.fieldColumn.keys()).size : 0 };
  });
  const usable = scored.filter((s) => s.score > 0);
  if (usable.length === 0) return { error: "没有找到表头（应有“收到日期”“办理结果”等列名）" };
  const best = usable.reduce((a, b) => (b.score > a.score ? b : a));
  return { sheet: best.sheet, others: usable.filter((s) => s !== best).map((s) => s.sheet.name) };
}

export type OpenedTable<F extends string> =
  | { ok: true; parsed: ParsedTable<F>; others: string[] }
  /** `mappable`: the user can fix it by mapping columns (--map, or the pane's mapping step). */
  | { ok: false; message: string; mappable: boolean; missing?: F[] };

/**
 * From a file's sheets to the parsed register, or a zh-CN reason (shared by the CLI and the pane):
 * the sheet, its header, the fields a count cannot do without, at least one data row.
 */
export function openTable<F extends string>(
  sheets: LedgerSheet[],
  matcher: HeaderMatcher<F>,
  options: { labels: Record<F, string>; required: F[]; overrides: ColumnOverrides<F>; sheet?: string },
): OpenedTable<F> {
  const chosen = chooseSheet(sheets, matcher, options.overrides, options.sheet);
  if ("error" in chosen) return { ok: false, message: `读不出内容：${chosen.error}`, mappable: options.sheet === undefined };
  const parsed = parseTable(chosen.sheet, matcher, options.overrides);
  if (!parsed) return { ok: false, message: `工作表“${chosen.sheet.name}”中没有找到表头（应有“收到日期”“办理结果”等列名）`, mappable: true };
  const missing = options.required.filter((f) => !parsed.header.fieldColumn.has(f));
  if (missing.length) {
    const seen = parsed.header.columns
      .filter((c) => c.header !== "")
      .map((c) => `${c.letter}“${c.header}”`)
      .join("、");
    return {
      ok: false,
      message: `表头（第 ${parsed.header.row} 行：${seen}）中没有找到${missing.map((f) => `“${options.labels[f]}”`).join("、")}列`,
      mappable: true,
      missing,
    };
  }
  if (parsed.rows.length === 0)
    return { ok: false, message: `工作表“${chosen.sheet.name}”在表头（第 ${parsed.header.row} 行）下没有任何记录`, mappable: false };
  return { ok: true, parsed, others: chosen.others };
}
