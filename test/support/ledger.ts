import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { z } from "zod";

/**
 * Registers for the tests, written the way real systems export them. A fixture is a readable JSON
 * spec in test/fixtures/ledger/ (rows as they appear on the sheet, merges, which cells are real
 * Excel dates); the .xlsx is made from it with ExcelJS at test time.
 */

export const LEDGER_FIXTURES = join(__dirname, "..", "fixtures", "ledger");

const cell = z.union([z.string(), z.number(), z.null(), z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict()]);
const sheetSpec = z
  .object({
    name: z.string(),
    merges: z.array(z.string()).default([]),
    rows: z.array(z.array(cell)),
  })
  .strict();
const fixtureSpec = z
  .object({
    description: z.string(),
    /** Which real export the layout follows. */
    after: z.string(),
    sheets: z.array(sheetSpec).min(1),
  })
  .strict();
type FixtureSpec = z.infer<typeof fixtureSpec>;

function loadSpec(name: string): FixtureSpec {
  return fixtureSpec.parse(JSON.parse(readFileSync(join(LEDGER_FIXTURES, name), "utf8")));
}

async function specToXlsx(spec: FixtureSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of spec.sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) => {
      row.forEach((v, c) => {
        if (v === null) return;
        const target = ws.getCell(r + 1, c + 1);
        if (typeof v === "object") {
          const [y, m, d] = v.date.split("-").map(Number);
          target.value = new Date(Date.UTC(y, m - 1, d));
          target.numFmt = "yyyy-mm-dd";
        } else target.value = v;
      });
    });
    for (const m of s.merges) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function fixtureXlsx(name: string): Promise<Buffer> {
  return specToXlsx(loadSpec(name));
}
