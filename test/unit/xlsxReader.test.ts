import ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";
import { DamagedFileError, LimitError, LIMITS } from "../../src/host/limits";
import type { WorkbookData } from "../../src/host/port";
import { planToXlsx } from "../../src/host/xlsx";
import { readWorkbook, shiftFormula } from "../../src/host/xlsxReader";
import { nodeCodec } from "../../src/host/zipCodecNode";
import { validateSnapshot } from "../../src/rules/validate";
import { planFor } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import { consistentValues, inject, INJECTIONS, rng, type Rng } from "../support/generate";
import { readWithExcelJS } from "../support/read";
import { deflateBomb, handXlsx, zip } from "../support/zipWriter";

/**
 * The one reader agrees with ExcelJS, an independent reader, cell for cell: on workbooks Nianbao
 * writes (every kind of bad input) and on hand-made ones with what other writers put in files
 * (comments, CDATA, inline and shared strings, rich text and phonetic runs, shared formulas,
 * character and entity references). Where ExcelJS is wrong about XML the test says so, apart.
 */

const read = (bytes: Uint8Array, sheets: string[] = sheetsToRead()) => readWorkbook(bytes, { file: "报表.xlsx", sheets, codec: nodeCodec });

/** Both readers' data in one comparable shape (names compared without sheet-name quotes). */
function same(data: WorkbookData) {
  return {
    sheets: data.sheets.map((s) => ({
      name: s.name,
      visible: s.visible,
      cells: [...s.cells].filter(([, v]) => v.type !== "blank").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    })),
    names: data.names
      .filter((n) => /^NB_/.test(n.name))
      .map((n) => ({ name: n.name, ref: n.ref.replace(/'/g, "") }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

describe("agrees with ExcelJS", () => {
  test.each([2020, 2023])("%i workbooks Nianbao writes, with every kind of bad input", async (year) => {
    const model = getFormat(year <= 2020 ? "2019" : "2021");
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed * 31 + year);
      const values = consistentValues(model, r);
      for (const injection of INJECTIONS.slice(seed, seed + 5)) inject(model, values, injection, r);
      const { plan } = planFor({ year, orgName: "某某街道办事处 & <测试> “引号”", values, cover: { preparer: "张三" } }, null);
      const buffer = await planToXlsx(plan);
      const ours = read(buffer);
      const theirs = await readWithExcelJS(buffer, sheetsToRead());
      expect(same(ours)).toEqual(same(theirs));
      expect(validateSnapshot(snapshotFromData(ours)).findings).toEqual(validateSnapshot(snapshotFromData(theirs)).findings);
    }
  });

  /** A random cell in hand-written XML, with what ExcelJS must read from it. */
  function fuzzCell(r: Rng, address: string, strings: string[]): string {
    const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const text = () => r.pick(["自然人", "12件", "１２", "a < b & c", "“引号”", "  空格  ", "tab\there", "公开"]);
    const refs = (t: string) =>
      [...t].map((ch) => (r.chance(0.3) ? (r.chance(0.5) ? `&#${ch.codePointAt(0)};` : `&#x${ch.codePointAt(0)!.toString(16)};`) : esc(ch))).join("");
    switch (r.int(0, 11)) {
      case 0:
        return `<c r="${address}"><v>${r.int(0, 99999)}</v></c>`;
      case 1:
        return `<c r="${address}"><v>${r.pick(["1.5", "-3", "1e3", "2.50E+2", "0.000001", " 7 "])}</v></c>`;
      case 2: {
        strings.push(`<si><t>${refs(text())}</t></si>`);
        return `<c r="${address}" t="s"><v>${strings.length - 1}</v></c>`;
      }
      case 3: {
        // Rich text with a phonetic run: the phonetic text is not part of the value.
        strings.push(`<si><r><t>政府</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 信息</t></r><rPh sb="0" eb="2"><t>zhengfu</t></rPh></si>`);
        return `<c r="${address}" t="s"><v>${strings.length - 1}</v></c>`;
      }
      case 4:
        return `<c r="${address}" t="inlineStr"><is><t>${refs(text())}</t></is></c>`;
      case 5:
        return `<c r="${address}" t="b"><v>${r.pick(["0", "1"])}</v></c>`;
      case 6:
        return `<c r="${address}" t="e"><v>${r.pick(["#N/A", "#DIV/0!", "#REF!"])}</v></c>`;
      case 7:
        return `<c r="${address}"><f>SUM(A1:B2)</f><v>${r.int(0, 9)}</v></c>`;
      case 8:
        return `<c r="${address}" t="str"><f>IF(1,"通过","不通过")</f><v>通过</v></c>`;
      case 9:
        // A comment holding a cell: not a cell.
        return `<!-- <c r="${address}"><v>100</v></c> --><c r="${address}"><v>5</v></c>`;
      case 10:
        return `<c r="${address}" t="inlineStr"><is><t>${esc(text())}</t></is><!-- ${r.int(0, 9)} --></c>`;
      default:
        return `<c r="${address}" s="1"/>`;
    }
  }

  test("hand-made sheets: comments, inline and shared strings, rich text, formulas, character references", async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const strings: string[] = [];
      const rows: string[] = [];
      for (let row = 1; row <= r.int(1, 12); row++) {
        const cells: string[] = [];
        for (let col = 0; col < r.int(1, 8); col++) cells.push(fuzzCell(r, `${String.fromCharCode(65 + col)}${row}`, strings));
        rows.push(`<row r="${row}">${cells.join(r.chance(0.2) ? "\n  " : "")}</row>`);
      }
      // A shared formula: children read as their master moved by the same offset.
      rows.push(
        `<row r="20"><c r="A20"><f t="shared" ref="A20:C20" si="0">A1+$B$1+Sheet2!C3</f><v>1</v></c><c r="B20"><f t="shared" si="0"/><v>2</v></c><c r="C20"><f t="shared" si="0"/><v>3</v></c></row>`,
      );
      const bytes = handXlsx(
        [
          { name: "表三", sheetData: rows.join("") },
          { name: "其他", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        ],
        { sharedStrings: strings.join("") },
      );
      const ours = read(bytes, ["表三"]);
      const theirs = await readWithExcelJS(bytes, ["表三"]);
      expect([seed, same(ours)]).toEqual([seed, same(theirs)]);
    }
  });

  test("where ExcelJS misreads XML, the reader follows XML and Excel", async () => {
    const bytes = handXlsx([
      {
        name: "表三",
        sheetData:
          // ExcelJS decodes entities a second time in str results; parses "0x5" and "5件" with parseFloat; reads "false" as TRUE;
          // drops CDATA text (which XML defines as text like any other).
          '<row r="1"><c r="A1" t="str"><v>&amp;lt;b&amp;gt;</v></c><c r="B1"><v>0x5</v></c><c r="C1"><v>5件</v></c><c r="D1" t="b"><v>false</v></c><c r="E1"><v>1e400</v></c>' +
          '<c r="F1" t="inlineStr"><is><t><![CDATA[12件]]></t></is></c><c r="G1"><v><![CDATA[7]]></v></c></row>',
      },
    ]);
    const cells = read(bytes, ["表三"]).sheets[0].cells;
    expect(cells.get("A1")).toEqual({ type: "text", value: "&lt;b&gt;" });
    // Not numbers: kept as the text they are, so F-1 names them instead of a silent 0 or 5.
    expect(cells.get("B1")).toEqual({ type: "text", value: "0x5" });
    expect(cells.get("C1")).toEqual({ type: "text", value: "5件" });
    expect(cells.get("D1")).toEqual({ type: "boolean", value: false });
    expect(cells.get("E1")).toEqual({ type: "text", value: "1e400" });
    expect(cells.get("F1")).toEqual({ type: "text", value: "12件" });
    expect(cells.get("G1")).toEqual({ type: "number", value: 7 });
    const theirs = (await readWithExcelJS(bytes, ["表三"])).sheets[0].cells;
    expect([theirs.get("A1"), theirs.get("B1"), theirs.get("D1"), theirs.get("F1")]).toEqual([
      { type: "text", value: "<b>" },
      { type: "number", value: 0 },
      { type: "boolean", value: true },
      undefined,
    ]);
  });

  test("a cell hidden in an XML comment is not summed (Excel, LibreOffice and validate see 5)", () => {
    const cells = read(handXlsx([{ name: "表三", sheetData: '<row r="5"><!-- <c r="D5"><v>100</v></c> --><c r="D5"><v>5</v></c></row>' }]), ["表三"]).sheets[0]
      .cells;
    expect(cells.get("D5")).toEqual({ type: "number", value: 5 });
  });

  test("shared formulas move their relative references only", () => {
    expect(shiftFormula("A1+$B$1+B$2+$C3+Sheet2!C3+'表 三'!D4+SUM(NB_t3_new_natural)+LOG10(2)", 2, 1)).toBe(
      "B3+$B$1+C$2+$C5+Sheet2!D5+'表 三'!E6+SUM(NB_t3_new_natural)+LOG10(2)",
    );
    expect(shiftFormula('"A1"&A1', 1, 0)).toBe('"A1"&A2');
  });
});

describe("refuses hostile files with a message naming the file and the limit", () => {
  const sheet = (sheetData: string) => [{ name: "表三", sheetData }];
  const damaged = (bytes: Uint8Array, fragment: string) => {
    let error: unknown;
    try {
      read(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DamagedFileError);
    expect((error as Error).message).toContain("报表.xlsx");
    expect((error as Error).message).toContain(fragment);
  };
  const limited = (bytes: Uint8Array, fragment: string) => {
    let error: unknown;
    try {
      read(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LimitError);
    expect((error as Error).message).toContain("报表.xlsx");
    expect((error as Error).message).toContain(fragment);
  };

  test("DTDs: XXE and billion laughs", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>`;
    damaged(handXlsx([{ name: "表三", xml: xxe }]), "DTD");
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>`;
    damaged(
      handXlsx(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), {
        sharedStrings: "",
        override: { "xl/sharedStrings.xml": { name: "xl/sharedStrings.xml", data: lol } },
      }),
      "DTD",
    );
  });

  test("an undeclared entity, and XML that is not well formed", () => {
    damaged(handXlsx(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>')), "不是有效的 XML");
    damaged(handXlsx(sheet('<row r="1"><c r="A1"><v>1</v></row>')), "不是有效的 XML");
  });

  test("CRC mismatch, sizes that lie, truncation, encryption, duplicate entries", () => {
    const good = handXlsx(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'));
    damaged(handXlsx(sheet(""), { override: { "xl/worksheets/sheet1.xml": { name: "xl/worksheets/sheet1.xml", data: "<worksheet/>", crc: 12345 } } }), "CRC");
    damaged(handXlsx(sheet(""), { override: { "xl/worksheets/sheet1.xml": { name: "xl/worksheets/sheet1.xml", data: "<worksheet/>", size: 3 } } }), "长度");
    damaged(good.subarray(0, good.length - 30), "不是有效的 .xlsx");
    damaged(good.subarray(0, Math.floor(good.length / 2)), "不是有效的 .xlsx");
    damaged(handXlsx(sheet(""), { override: { "xl/workbook.xml": { name: "xl/workbook.xml", data: "<workbook/>", flags: 1 } } }), "加密");
    damaged(
      zip([
        { name: "xl/workbook.xml", data: "<workbook/>" },
        { name: "xl/workbook.xml", data: "<workbook/>" },
      ]),
      "出现了两次",
    );
    damaged(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Array(600).fill(0)]), "加密的工作簿或旧版 .xls");
    damaged(Buffer.from("年报.xlsx 其实是文本".repeat(10)), "不是有效的 .xlsx");
  });

  test("a zip bomb stops at the entry budget, whatever the entry claims its size is", () => {
    const bomb = deflateBomb(LIMITS.entryBytes / 2 ** 20 + 8);
    limited(handXlsx(sheet(""), { override: { "xl/worksheets/sheet1.xml": { name: "xl/worksheets/sheet1.xml", data: "", raw: bomb, size: 1000 } } }), "解压后");
    limited(
      handXlsx(sheet(""), { override: { "xl/worksheets/sheet1.xml": { name: "xl/worksheets/sheet1.xml", data: "", raw: bomb, size: 0xfffffff0 } } }),
      "解压后",
    );
  });

  test("rows, cells, nesting and merges have budgets", () => {
    limited(handXlsx(sheet('<row r="1"/>'.repeat(LIMITS.rows + 1))), `${LIMITS.rows} 行`);
    limited(handXlsx(sheet(`<row r="1">${'<c r="A1" s="1"/>'.repeat(LIMITS.cells + 1)}</row>`)), `${LIMITS.cells} 个单元格`);
    limited(
      handXlsx([
        { name: "表三", xml: `<worksheet><sheetData>${"<x>".repeat(LIMITS.xmlDepth + 2)}${"</x>".repeat(LIMITS.xmlDepth + 2)}</sheetData></worksheet>` },
      ]),
      "嵌套",
    );
    // Large merges over empty space beside 20,000 cells: each would cost a walk over every cell.
    const merges = Array.from({ length: 300 }, (_, i) => `<mergeCell ref="C${i + 1}:XFD1048576"/>`).join("");
    const cells = Array.from({ length: 20_000 }, (_, i) => `<c r="B${i + 2}"><v>1</v></c>`).join("");
    limited(
      handXlsx([{ name: "表三", xml: `<worksheet><sheetData><row r="2">${cells}</row></sheetData><mergeCells>${merges}</mergeCells></worksheet>` }]),
      "合并区域",
    );
  });

  test("one huge merge hides the cells under it without walking its 17 billion cells", () => {
    const cells = read(
      handXlsx([
        {
          name: "表三",
          xml: '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>',
        },
      ]),
      ["表三"],
    ).sheets[0].cells;
    expect([...cells]).toEqual([["A1", { type: "number", value: 1 }]]);
  });

  test("a duplicated cell is refused rather than one of its values guessed", () => {
    damaged(handXlsx(sheet('<row r="5"><c r="D5"><v>5</v></c><c r="D5"><v>105</v></c></row>')), "D5 出现了两次");
  });

  test("the portable inflater (the pane's) and Node's agree, and both stop a bomb", () => {
    const bytes = handXlsx(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'));
    expect(readWorkbook(bytes, { file: "x", sheets: ["表三"] })).toEqual(read(bytes, ["表三"]));
    const bomb = handXlsx(sheet(""), {
      override: { "xl/worksheets/sheet1.xml": { name: "xl/worksheets/sheet1.xml", data: "", raw: deflateBomb(LIMITS.entryBytes / 2 ** 20 + 2), size: 10 } },
    });
    expect(() => readWorkbook(bomb, { file: "x", sheets: ["表三"] })).toThrow(LimitError);
  });

  test("only the sheets asked for are read: a huge sheet of one's own does not count against the budgets", () => {
    const big = '<row r="1"/>'.repeat(LIMITS.rows + 10);
    const bytes = handXlsx([
      { name: "表三", sheetData: '<row r="1"><c r="A1"><v>1</v></c></row>' },
      { name: "台账", sheetData: big },
    ]);
    expect(read(bytes, ["表三"]).sheets.map((s) => s.name)).toEqual(["表三"]);
  });
});

test("ExcelJS itself writes what the reader reads (round trip of a workbook with notes, merges and hidden sheets)", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("表三");
  ws.getCell("A1").value = { richText: [{ text: "三、" }, { font: { bold: true }, text: "收到和处理" }] };
  ws.getCell("B2").value = "１２";
  ws.getCell("F2").value = { formula: "SUM(NB_t3_new_natural)", result: 0, date1904: false };
  ws.getCell("H2").value = -8.25;
  ws.getCell("I2").note = "批注";
  ws.mergeCells("A4:C5");
  ws.getCell("A4").value = "合并";
  wb.addWorksheet("_nianbao").state = "veryHidden";
  wb.definedNames.add("'表三'!$B$2", "NB_t3_new_natural");
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  expect(same(read(buffer, ["表三", "_nianbao"]))).toEqual(same(await readWithExcelJS(buffer, ["表三", "_nianbao"])));
});

test("byte-level fuzz: every damaged file is read or refused with a zh-CN message, never a crash", async () => {
  const model = getFormat("2021");
  const good = await planToXlsx(planFor({ year: 2023, orgName: "某局", values: consistentValues(model, rng(77)) }, null).plan);
  const r = rng(4242);
  let refused = 0;
  for (let i = 0; i < 300; i++) {
    const bytes = Buffer.from(good);
    const kind = i % 3;
    if (kind === 0) for (let k = 0; k < r.int(1, 8); k++) bytes[r.int(0, bytes.length - 1)] ^= 1 << r.int(0, 7);
    const input =
      kind === 1
        ? bytes.subarray(0, r.int(0, bytes.length - 1))
        : kind === 2
          ? Buffer.concat([bytes.subarray(0, r.int(0, bytes.length)), Buffer.from(Array.from({ length: r.int(1, 500) }, () => r.int(0, 255)))])
          : bytes;
    try {
      read(input);
    } catch (e) {
      if (!(e instanceof DamagedFileError || e instanceof LimitError)) throw new Error(`fuzz case ${i}: ${(e as Error).stack}`);
      expect((e as Error).message).toMatch(/[\u4e00-\u9fff]/);
      refused++;
    }
  }
  expect(refused).toBeGreaterThan(150);
});
