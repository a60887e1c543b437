import { zipSync, unzipSync, strFromU8, strToU8 } from "fflate";
import { reportDocx } from "../../src/export/docx";
import { reportDocument } from "../../src/export/report";
import { readDocx } from "../../src/import/docx";
import { readReportFile } from "../../src/import/file";
import { importLines } from "../../src/import/report";
import { differences, roundTripReport, ROUND_TRIP_YEARS } from "../support/roundtrip";

/** 导入 of Word files: our own export read back, Word-like and hostile variants of its XML. */

async function ownDocx(year: number, seed: number, blanks = false) {
  const made = await roundTripReport(year, seed, blanks);
  return { ...made, bytes: await reportDocx(reportDocument(made.snapshot)) };
}

async function importBytes(bytes: Uint8Array) {
  const read = await readReportFile(bytes, "年报.docx");
  if (!read.ok) throw new Error(read.message);
  return importLines(read.read);
}

/** The document's XML rewritten, the rest of the package kept. */
function withDocumentXml(bytes: Uint8Array, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files["word/document.xml"] = strToU8(edit(strFromU8(files["word/document.xml"])));
  return zipSync(files);
}

describe.each(ROUND_TRIP_YEARS)("our own .docx export, report year %i", (year) => {
  test.each([false, true])("re-imports to exactly the values it was made from (blank 法人 columns: %s)", async (blanks) => {
    const { values, bytes, org, model } = await ownDocx(year, year + 11, blanks);
    const r = await importBytes(bytes);
    expect([r.year, r.orgName, r.formatId]).toEqual([year, org, model.version.id]);
    expect(differences(values, r, model)).toEqual([]);
    expect(r.unplaced).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.totalsDiffer).toEqual([]);
    // The six parts' paragraphs come back too.
    expect(r.paragraphs.filter((p) => p.part === 4).length).toBe(1);
    if (year <= 2020) expect(r.cover.procurementUnit).toBe("万元");
  });
});

test("a table written as Word writes it: vMerge continuation cells and gridSpan, cell text split over runs and paragraphs", async () => {
  const { values, bytes, model } = await ownDocx(2023, 5);
  // Word puts a label's wrapped text in runs and paragraphs of its own.
  const edited = withDocumentXml(bytes, (xml) =>
    xml.replace(
      /<w:t([^>]*)>本年新收政府信息公开申请数量<\/w:t>/,
      '<w:t$1>本年新收政府</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">信息公开申请数量</w:t>',
    ),
  );
  expect(edited.length).toBeGreaterThan(0);
  const r = await importBytes(edited);
  expect(differences(values, r, model)).toEqual([]);
  expect(r.sources.get("t3.new.natural")?.where).toMatch(/^第 \d+ 个表格第 \d+ 行第 4 列$/);
});

describe("Word files that cannot be read", () => {
  test("an old .doc, an .xlsx, a zip that is not Word, a cut-off file: each a zh-CN message", async () => {
    const doc = await readReportFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), "年报.doc");
    expect(doc).toEqual({ ok: false, message: expect.stringContaining("“另存为”Word 文档（.docx）") });
    const xlsx = readDocx(zipSync({ "xl/workbook.xml": strToU8("<workbook/>") }));
    expect(xlsx).toEqual({ ok: false, message: expect.stringContaining("这是 Excel 工作簿") });
    const { bytes } = await ownDocx(2023, 1);
    expect(readDocx(bytes.slice(0, bytes.length >> 1))).toEqual({ ok: false, message: expect.stringMatching(/^Word 文件无法读取/) });
  });

  test("a DTD (entity expansion) is refused, not expanded", async () => {
    const { bytes } = await ownDocx(2023, 1);
    const bomb = withDocumentXml(bytes, (xml) =>
      xml.replace(/^<\?xml[^>]*>/, (m) => `${m}<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`).replace("信息内容", "&b;"),
    );
    expect(readDocx(bomb)).toEqual({ ok: false, message: expect.stringContaining("DTD") });
  });

  test("a document that inflates past the budget (a zip bomb) stops with a message", () => {
    const huge = new Uint8Array(45 * 1024 * 1024).fill(0x20);
    const bomb = zipSync({ "word/document.xml": huge }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(readDocx(bomb)).toEqual({ ok: false, message: expect.stringContaining("解压后过大") });
  });
});
