import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { FormatModel } from "../../src/format/layout";
import { getFormat } from "../../src/format/registry";
import { importReport } from "../../src/import/report";
import type { Paragraph } from "../../src/narrative/model";
import { derivedFormula } from "../../src/rules/compile";
import { formulaText } from "../../src/rules/formula";
import type { RawValue, Snapshot } from "../../src/workbook/snapshot";

/**
 * The real published reports of test/fixtures/real (copied from shared/fixtures/real): their
 * hand transcriptions as workbook values, their own text as the 正文.
 */
const REAL_DIR = join(__dirname, "../fixtures/real");

const cellValue = z.union([z.number(), z.string(), z.null()]);
const realSchema = z.object({
  agency: z.string(),
  report_year: z.number().int(),
  format: z.enum(["2019", "2021"]),
  table2: z.record(z.string(), z.record(z.string(), z.record(z.string(), cellValue))),
  table3: z.record(z.string(), z.array(cellValue).length(7)),
  table4: z.record(z.string(), z.array(cellValue).length(5)),
  notes: z.array(z.string()),
});
export type RealReport = z.infer<typeof realSchema> & { name: string; source: string; kind: "text" | "html" };

export const REAL_REPORTS: { name: string; source: string; kind: "text" | "html" }[] = [
  { name: "2023-shuyang-fgj", source: "2023-shuyang-fgj.html", kind: "html" },
  { name: "2024-huaian-shi", source: "2024-huaian-shi.pdf.txt", kind: "text" },
  { name: "2024-shanghai-kewei", source: "2024-shanghai-kewei.md", kind: "text" },
  { name: "2025-shuyang-xian", source: "2025-shuyang-xian.md", kind: "text" },
];

export function loadReal(name: string): RealReport {
  const entry = REAL_REPORTS.find((r) => r.name === name)!;
  return { ...realSchema.parse(JSON.parse(readFileSync(join(REAL_DIR, `${name}.json`), "utf8"))), ...entry };
}

const norm = (s: string) =>
  s
    .normalize("NFKC")
    .replace(/[\s“”"（）()、.．]/g, "")
    .replace(/^[一二三四五六七八九十]+/, "");
const T3_COLUMNS = ["natural", "commercial", "research", "publicWelfare", "legalService", "otherOrg", "total"];
const T4_OUTCOMES = ["upheld", "corrected", "other", "pending", "total"];
const T4_GROUPS: Record<string, string> = { 行政复议: "review", 未经复议直接起诉: "direct", 复议后起诉: "afterReview" };

/** Transcribed values by cell id; null = published blank. */
function transcribedValues(model: FormatModel, report: RealReport): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  // 表三 rows by label: the row leaf whose full path (without numbering) matches.
  const t3 = model.tables.find((t) => t.key === "t3")!;
  const rowKeys = new Map<string, string>();
  for (const c of t3.cells) rowKeys.set(norm(c.rowPath.join("")), c.rowKey);
  for (const c of t3.cells) rowKeys.set(norm(c.rowPath[c.rowPath.length - 1]), rowKeys.get(norm(c.rowPath[c.rowPath.length - 1])) ?? c.rowKey);
  for (const [label, values] of Object.entries(report.table3)) {
    const key = rowKeys.get(norm(label)) ?? [...rowKeys].find(([l]) => l.startsWith(norm(label)) || norm(label).startsWith(l))?.[1];
    if (!key) throw new Error(`${report.name}: 表三 row ${label} not in the format`);
    values.forEach((v, i) => out.set(`t3.${key}.${T3_COLUMNS[i]}`, num(v)));
  }
  for (const [group, values] of Object.entries(report.table4)) {
    values.forEach((v, i) => out.set(`t4.${T4_GROUPS[group]}.${T4_OUTCOMES[i]}`, num(v)));
  }
  const t2 = model.cells.filter((c) => c.tableKey === "t2");
  for (const [caption, rows] of Object.entries(report.table2)) {
    for (const [row, cols] of Object.entries(rows)) {
      for (const [col, v] of Object.entries(cols)) {
        const cell = t2.find(
          (c) => c.columnPath[0] === caption && norm(c.rowPath[0]).endsWith(norm(row)) && norm(c.columnPath[c.columnPath.length - 1]) === norm(col),
        );
        if (!cell) throw new Error(`${report.name}: 表二 ${caption} ${row} ${col} not in the format`);
        out.set(cell.id, num(v));
      }
    }
  }
  return out;
}

/** The report's own text, split into the six parts by the importer. */
function realParagraphs(report: RealReport, edit?: (text: string) => string): Paragraph[] {
  const raw = readFileSync(join(REAL_DIR, report.source), "utf8");
  const input = edit ? edit(raw) : raw;
  return importReport(input, report.kind).paragraphs;
}

/**
 * A snapshot as the user's workbook holds the report: inputs typed as published (blank where
 * published blank); a 总计 cell keeps its formula where the print agrees with its parts, is
 * typed over where it differs, and is cleared where the print left it blank.
 */
export function realSnapshot(report: RealReport, options: { emptyTables?: boolean; edit?: (text: string) => string } = {}): Snapshot {
  const model = getFormat(report.format);
  const values = transcribedValues(model, report);
  const raw = new Map<string, RawValue>();
  const locations = new Map<string, { sheet: string; address: string }>();
  // What the 总计 formula shows: blank parts count 0 in SUM.
  const sumOfParts = (id: string): number => {
    const cell = model.cellById.get(id)!;
    if (!cell.sumOf) return values.get(id) ?? 0;
    return cell.sumOf.reduce((s, p) => s + sumOfParts(p), 0);
  };
  for (const cell of model.cells) {
    locations.set(cell.id, { sheet: cell.sheet, address: cell.address });
    const v = options.emptyTables ? null : values.has(cell.id) ? values.get(cell.id)! : null;
    if (cell.kind === "formula") {
      const own: RawValue = { type: "formula", formula: formulaText(derivedFormula(cell)!), result: { type: "blank" } };
      // A total the report left blank is the format's formula, as 导入 builds it (a blank derived cell is F-3).
      if (options.emptyTables || v === null) raw.set(cell.id, own);
      else raw.set(cell.id, sumOfParts(cell.id) === v ? own : { type: "number", value: v });
    } else raw.set(cell.id, v === null ? { type: "blank" } : { type: "number", value: v });
  }
  return {
    model,
    values: raw,
    locations,
    cover: { orgName: report.agency, year: String(report.report_year) },
    explanations: new Map(),
    structure: [],
    narrative: realParagraphs(report, options.edit),
    lastYearText: [],
  };
}
