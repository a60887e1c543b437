import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getFormat } from "../../src/format/registry";
import { readReportFile } from "../../src/import/file";
import { importLines, importReport, type ImportResult } from "../../src/import/report";
import { rng } from "../support/generate";
import { compareCells, expectedCells, readTranscription, REAL } from "../support/transcription";

/**
 * Acceptance: the four real reports of ../shared/fixtures/real (copied into test/fixtures/real),
 * as they reach users, and the PDF's text as a viewer copies it. Each import is compared with the
 * hand transcription cell by cell: at least 99 % of the published cells placed, none wrong. The
 * counts are printed (IMPORT_REAL lines).
 */

/**
 * [name, file, share of published cells placed at least]. The viewer's copy of the PDF prints 表四
 * in the order of its text blocks (72 64 178 37 · 12 1 1 6 · 351 · 13 4 8 1 26 · 20): the pieces
 * are put back in column order by the format's sums and the group names read before them. The
 * .layout.txt is the same PDF's text copied with its layout (poppler's pdftotext -layout, as some
 * viewers copy it): columns as spaces, a group label wrapped line by line beside its first row's label.
 */
const CASES: [string, string, number][] = [
  ["2024-huaian-shi", "2024-huaian-shi.pdf", 0.99],
  ["2024-huaian-shi", "2024-huaian-shi.pdf.txt", 0.99],
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

describe("the viewer's copy of the PDF: 表四 in pieces, put back in column order only where one order fits", () => {
  const text = readFileSync(join(REAL, "2024-huaian-shi.pdf.txt"), "utf8");
  const start = text.indexOf("四、政府信息公开行政复议");
  const end = text.indexOf("五、存在的主要问题");
  const PARTS = ["upheld", "corrected", "other", "pending"];
  const group = (g: string, parts: string[]) => parts.map((p) => `t4.${g}.${p}`);
  /** The cells in the order this shape prints them (the viewer's text blocks), not their values. */
  const SHAPE = [
    ...group("review", PARTS),
    ...group("afterReview", PARTS),
    ...group("review", ["total"]),
    ...group("direct", [...PARTS, "total"]),
    ...group("afterReview", ["total"]),
  ];
  /** The copied text with 表四's lines edited (its numbers in text order replaced, or lines dropped). */
  const edited = (edit: (lines: string[]) => string[]) => text.slice(0, start) + edit(text.slice(start, end).split("\n")).join("\n") + text.slice(end);
  const withNumbers = (numbers: number[]) => {
    let k = 0;
    return edited((lines) => lines.map((l) => (/^\d+$/.test(l.trim()) ? String(numbers[k++]) : l)));
  };
  const t4 = (r: ImportResult) => new Map([...r.values].filter(([id]) => id.startsWith("t4.")).map(([id, v]) => [id, v.type === "number" ? v.value : null]));
  const read = (s: string) => importReport(s, "text");
  /** What 导入 lists: [count, text, reason]. */
  const listed = (r: ImportResult) => r.unplaced.map((u) => [u.count, u.text, u.reason]);

  test("the real text: every group's five values in their columns, placed by their place", async () => {
    const r = await importFixture("2024-huaian-shi.pdf.txt");
    expect(Object.fromEntries(t4(r))).toEqual(
      Object.fromEntries(
        ["review", "direct", "afterReview"].flatMap((g, i) =>
          [...PARTS, "total"].map((p, k) => [
            `t4.${g}.${p}`,
            [
              [72, 64, 178, 37, 351],
              [13, 4, 8, 1, 26],
              [12, 1, 1, 6, 20],
            ][i][k],
          ]),
        ),
      ),
    );
    expect(r.unplaced).toEqual([]);
    expect(r.missing).toEqual([]);
  });

  test("the same shape with other numbers (seeded, many zeros as small offices print): placed, or listed where two orders fit, never wrong", () => {
    const random = rng(2024);
    const ids = SHAPE;
    let placedAll = 0;
    for (let n = 0; n < 60; n++) {
      const values = new Map<string, number>();
      for (const g of ["review", "direct", "afterReview"]) {
        const parts = PARTS.map(() => (random.chance(0.5) ? 0 : random.int(1, n % 3 === 0 ? 5 : 400)));
        PARTS.forEach((p, k) => values.set(`t4.${g}.${p}`, parts[k]));
        values.set(
          `t4.${g}.total`,
          parts.reduce((a, b) => a + b, 0),
        );
      }
      const r = read(withNumbers(ids.map((id) => values.get(id)!)));
      const got = t4(r);
      for (const [id, v] of got) expect(`${id} ${v}`).toBe(`${id} ${values.get(id)}`);
      if (got.size === 15) placedAll++;
      else expect(listed(r)).toEqual([[15 - got.size, expect.any(String), expect.stringContaining("种次序都与表格的结构和文字相符")]]);
    }
    expect(placedAll).toBeGreaterThanOrEqual(50);
  });

  test("复议后起诉 read with no header after it: two orders fit (the two 诉讼 groups could swap), those 10 cells listed with why, 行政复议 placed", () => {
    // The name moved from before its group's header to right before the values.
    const r = read(edited((lines) => lines.filter((l) => l.trim() !== "复议后起诉").flatMap((l) => (l.trim() === "12" ? ["复议后起诉", l] : [l]))));
    expect([...t4(r).keys()]).toEqual(["t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending", "t4.review.total"]);
    expect(listed(r)).toEqual([
      [10, "12 1 1 6 · 13 4 8 1 26 · 20", expect.stringContaining("有 2 种次序都与表格的结构和文字相符，其中 10 个数值的列无法确定")],
    ]);
    expect(r.unplaced[0].reason).toContain("请对照原文填写，或导入 PDF 文件本身");
  });

  test("a group whose name is never read: its values cannot be told from the others', all 15 listed", () => {
    const r = read(edited((lines) => lines.filter((l) => l.trim() !== "复议后起诉")));
    expect(t4(r).size).toBe(0);
    expect(listed(r)).toEqual([[15, "72 64 178 37 · 12 1 1 6 · 351 · 13 4 8 1 26 · 20", expect.stringContaining("没有一种次序")]]);
  });

  test("totals that no order makes add up (a misread number): all 15 listed with why, none placed", () => {
    const r = read(withNumbers([72, 64, 178, 37, 12, 1, 1, 6, 350, 13, 4, 8, 1, 26, 20]));
    expect(t4(r).size).toBe(0);
    expect(listed(r)).toEqual([[15, "72 64 178 37 · 12 1 1 6 · 350 · 13 4 8 1 26 · 20", expect.stringContaining("没有一种次序能使各组总计等于分项之和")]]);
  });
});

test("text copied with its layout: （六）其他处理 wrapped beside 2、申请人逾期未按收费通知… is read as two labels", async () => {
  const r = await importFixture("2024-huaian-shi.pdf.layout.txt");
  expect(r.values.get("t3.other.noFee.natural")).toEqual({ type: "number", value: 6 });
  expect(r.values.get("t3.other.noFee.total")).toEqual({ type: "number", value: 6 });
  expect(r.unplaced).toEqual([]);
});
