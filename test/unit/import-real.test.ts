import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getFormat } from "../../src/format/registry";
import { readReportFile } from "../../src/import/file";
import { importLines, type ImportResult } from "../../src/import/report";
import { compareCells, expectedCells, readTranscription, REAL } from "../support/transcription";

/**
 * Acceptance: the four real reports of ../shared/fixtures/real (copied into test/fixtures/real),
 * as they reach users, and the PDF's text as a viewer copies it. Each import is compared with the
 * hand transcription cell by cell: at least 99 % of the published cells placed, none wrong. The
 * counts are printed (IMPORT_REAL lines).
 */

/**
 * [name, file, share of published cells placed at least]. The viewer's copy of the PDF prints 表四
 * in the order of its text blocks (72 64 178 37 · 12 1 1 6 · 351 · 13 4 8 1 26 · 20): the totals
 * pair up, but nothing in the text tells the 未经复议直接起诉 group from the 复议后起诉 one, so
 * its 15 cells are listed, not guessed (the PDF itself places all 200). The .layout.txt is the
 * same PDF's text copied with its layout (poppler's pdftotext -layout, as some viewers copy it):
 * columns as spaces, a group label wrapped line by line beside its first row's label.
 */
const CASES: [string, string, number][] = [
  ["2024-huaian-shi", "2024-huaian-shi.pdf", 0.99],
  ["2024-huaian-shi", "2024-huaian-shi.pdf.txt", 0.925],
  ["2024-huaian-shi", "2024-huaian-shi.pdf.layout.txt", 0.99],
  ["2023-shuyang-fgj", "2023-shuyang-fgj.html", 0.99],
  ["2025-shuyang-xian", "2025-shuyang-xian.md", 0.99],
  ["2024-shanghai-kewei", "2024-shanghai-kewei.md", 0.99],
];

async function importFixture(file: string): Promise<ImportResult> {
  const read = await readReportFile(new Uint8Array(readFileSync(join(REAL, file))), file);
  if (!read.ok) throw new Error(read.message);
  return importLines(read.read);
}

describe("the real reports: the published cells placed, 0 wrong", () => {
  test.each(CASES)("%s: %s (at least %f placed)", async (name, file, least) => {
    const t = readTranscription(name);
    const r = await importFixture(file);
    expect([r.year, r.formatId]).toEqual([t.report_year, t.format]);
    const c = compareCells(expectedCells(t, getFormat(t.format)), r.values);
    process.stdout.write(
      `IMPORT_REAL ${JSON.stringify({ file, published: c.published, placed: c.placed, blankAsPublished: c.blankAsPublished, wrong: c.wrong.length, unplaced: c.unplaced.length })}\n`,
    );
    expect(c.wrong).toEqual([]);
    expect(c.placed / c.published).toBeGreaterThanOrEqual(least);
  });
});

describe("what each shape needed", () => {
  test("the WPS PDF: rows rebuilt from coordinates, wrapped labels joined, placed by label, positions by page and line", async () => {
    const r = await importFixture("2024-huaian-shi.pdf");
    expect(r.orgName).toBe("淮安市人民政府");
    expect(r.placedByOrder).toBe(0);
    expect(r.unplaced).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.values.get("t3.other.noFee.natural")).toEqual({ type: "number", value: 6 });
    expect(r.sources.get("t2.fees.amount")?.where).toMatch(/^第 4 页第 \d+ 行$/);
    expect(r.values.get("t2.fees.amount")).toEqual({ type: "number", value: 96171.6 });
  });

  test("the CMS page: 规范性文件 in a 2021-format year is the 行政规范性文件 row; the five blank 法人 columns are blanks", async () => {
    const r = await importFixture("2023-shuyang-fgj.html");
    expect(r.values.get("t2.normative.inForce")).toEqual({ type: "number", value: 18 });
    expect(r.values.get("t3.new.commercial")).toEqual({ type: "blank" });
    expect(r.blanks.length).toBe(125);
  });

  test("the Markdown conversion: # headings, pipe tables with generic columns, a stray header row, 表四 in three tables", async () => {
    const r = await importFixture("2025-shuyang-xian.md");
    expect(r.orgName).toBe("沐阳县人民政府");
    expect(r.values.get("t3.other.other.natural")).toEqual({ type: "number", value: 142 });
    expect(r.values.get("t4.afterReview.total")).toEqual({ type: "number", value: 10 });
    expect(r.unplaced).toEqual([]);
  });

  test("the PDF-to-Markdown conversion: other heading numbers, rows without labels placed between labelled rows, a stray number listed", async () => {
    const r = await importFixture("2024-shanghai-kewei.md");
    expect(r.placedByOrder).toBeGreaterThan(0);
    expect(r.values.get("t3.unable.needsCreation.natural")).toEqual({ type: "number", value: 6 });
    expect(r.values.get("t3.carriedNext.total")).toEqual({ type: "blank" });
    expect(r.unplaced.map((u) => u.text)).toEqual([expect.stringMatching(/ 1$/)]);
  });
});

test("the viewer's copy of the PDF: 表四's pieces listed as one, with why and what to do, never guessed", async () => {
  const r = await importFixture("2024-huaian-shi.pdf.txt");
  expect([...r.values.keys()].filter((id) => id.startsWith("t4."))).toEqual([]);
  expect(r.unplaced).toEqual([
    expect.objectContaining({ text: "72 64 178 37 · 12 1 1 6 · 351 · 13 4 8 1 26 · 20", reason: expect.stringContaining("或导入 PDF 文件本身") }),
  ]);
  expect(r.missing).toEqual([]);
});

test("text copied with its layout: （六）其他处理 wrapped beside 2、申请人逾期未按收费通知… is read as two labels", async () => {
  const r = await importFixture("2024-huaian-shi.pdf.layout.txt");
  expect(r.values.get("t3.other.noFee.natural")).toEqual({ type: "number", value: 6 });
  expect(r.values.get("t3.other.noFee.total")).toEqual({ type: "number", value: 6 });
  expect(r.unplaced).toEqual([]);
});
