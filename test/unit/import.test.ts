import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reportHtml } from "../../src/export/html";
import { reportDocument } from "../../src/export/report";
import { getFormat } from "../../src/format/registry";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx } from "../support/read";
import { decodeReport } from "../../src/import/decode";
import { importReport, importRequest, type ImportResult } from "../../src/import/report";
import { validateSnapshot } from "../../src/rules/validate";
import { planFor } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";

const FIXTURES = join(__dirname, "../fixtures");
const read = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const importFile = (name: string) => importReport(read(name), name.endsWith(".html") ? "html" : "text");
const num = (value: number): RawValue => ({ type: "number", value });
const textOf = (r: ImportResult, part: number) =>
  r.paragraphs
    .filter((p) => p.part === part)
    .map((p) => p.segments.map((s) => (s.kind === "text" ? s.text : "")).join(""))
    .join("\n");

/** Build the workbook from an import as the CLI does, and read it back. */
async function buildFrom(result: ImportResult) {
  const { plan } = planFor(importRequest(result), null);
  return snapshotFromData(await readXlsx(await planToXlsx(plan), sheetsToRead()));
}

const CLEAN = [
  "yuanzhou-keji-2020.txt",
  "import/pdf-broken-labels-2020.txt",
  "import/html-rowspan-2019.html",
  "import/web-slash-blanks-2020.txt",
  "import/word-units-2022.txt",
  "import/pdf-other-subrows-2023.txt",
  "import/web-tabs-halfwidth-2021.txt",
  "import/hubei-annotated-2020.txt",
];

describe("importing the real 2020 report text (fixture)", () => {
  const r = importFile("yuanzhou-keji-2020.txt");

  test("year, 机关名称 and format come from the wrapped title line", () => {
    expect(r.year).toBe(2020);
    expect(r.orgName).toBe("原州区科学技术局");
    expect(r.formatId).toBe("2019");
  });

  test("every table cell is 0, not blank, and nothing is left over", () => {
    const model = getFormat("2019");
    expect(r.values.size).toBe(model.cells.length);
    for (const cell of model.cells) expect([cell.id, r.values.get(cell.id)]).toEqual([cell.id, num(0)]);
    expect(r.blanks).toEqual([]);
    expect(r.unplaced).toEqual([]);
    expect(r.missing).toEqual([]);
  });

  test("the six parts' paragraphs, with the 主动公开 sentence in part 一", () => {
    expect(textOf(r, 0)).toContain("共主动公开政府信息39条");
    expect(textOf(r, 0)).toContain("没有收到有关政府信息公开的申请");
    expect(textOf(r, 4)).toMatch(/^2020年，区科技局扎实开展政府信息公开工作/);
    expect(textOf(r, 5)).toBe("无");
    // The tables are not text: no part holds a row of numbers.
    expect(r.paragraphs.map((p) => textOf({ ...r, paragraphs: [p] }, p.part)).join("\n")).not.toMatch(/0 0 0/);
  });

  test("the values and where each was read", () => {
    expect(r.sources.get("t2.regulations.made")).toMatchObject({ text: "0", where: "第 94 行" });
    expect(r.sources.get("t4.afterReview.total")).toMatchObject({ where: "第 503 行" });
  });
});

describe("import variety: each fixture imports with nothing unplaced, and the tables reconcile", () => {
  test.each(CLEAN)("%s", async (name) => {
    const r = importFile(name);
    expect(r.unplaced).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.year).not.toBeNull();
    expect(r.orgName).not.toBeNull();
    const model = getFormat(r.formatId!);
    // Every cell placed, blank only where the report printed a blank mark.
    expect(r.values.size).toBe(model.cells.length);
    const snapshot = await buildFrom(r);
    const errors = validateSnapshot(snapshot).findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => `${f.rule} ${f.message}`)).toEqual([]);
  });

  test("PDF text with broken labels, page numbers and a unit in the header", () => {
    const r = importFile("import/pdf-broken-labels-2020.txt");
    expect([r.year, r.orgName, r.formatId]).toEqual([2020, "固原市原州区水务局", "2019"]);
    expect(r.values.get("t2.otherServices.decisions")).toEqual(num(89));
    expect(r.values.get("t2.penalty.change")).toEqual(num(-2));
    expect(r.values.get("t3.granted.natural")).toEqual(num(20));
    expect(r.values.get("t3.withheld.stateSecret.natural")).toEqual(num(1));
    expect(r.values.get("t3.notProcessed.petition.natural")).toEqual(num(1));
    expect(r.values.get("t4.direct.pending")).toEqual(num(1));
    expect(r.values.get("t2.procurement.amount")).toEqual(num(36.8));
    expect(r.cover.procurementUnit).toBe("万元");
    expect(r.notes.join("\n")).toContain("已跳过 2 处页码行");
    expect(textOf(r, 0)).toContain("全年共收到政府信息公开申请59件");
  });

  test("HTML with rowspan/colspan: 251000元 is a number and sets the 采购总金额 unit", () => {
    const r = importFile("import/html-rowspan-2019.html");
    expect([r.year, r.orgName, r.formatId]).toEqual([2019, "上海市某区司法局", "2019"]);
    expect(r.values.get("t2.procurement.amount")).toEqual(num(251000));
    expect(r.cover.procurementUnit).toBe("元");
    expect(r.units).toEqual([expect.objectContaining({ cellId: "t2.procurement.amount", unit: "元", text: "251000元", where: "第 1 个表格第 18 行第 4 列" })]);
    // A cell under rowspan="20" 三、本年度办理结果 and rowspan="8" （三）不予公开.
    expect(r.values.get("t3.withheld.enforcement.natural")).toEqual(num(3));
    expect(r.sources.get("t3.withheld.enforcement.natural")?.where).toBe("第 2 个表格第 14 行第 4 列");
    expect(r.values.get("t4.review.total")).toEqual(num(6));
    // The site's menu and footer are not report text.
    const all = r.paragraphs.map((p) => textOf({ ...r, paragraphs: [p] }, p.part)).join("\n");
    expect(all).not.toMatch(/首页|备案号/);
    expect(textOf(r, 4)).toContain("加强培训&指导");
  });

  test('"/" and "—" are blanks, reported with their place', () => {
    const r = importFile("import/web-slash-blanks-2020.txt");
    expect(r.values.get("t2.regulations.made")).toEqual({ type: "blank" });
    expect(r.values.get("t2.fees.change")).toEqual({ type: "blank" });
    expect(r.blanks.map((b) => `${b.cellId} ${b.text} ${b.where}`)).toEqual([
      "t2.regulations.made / 第 10 行",
      "t2.regulations.published / 第 10 行",
      "t2.regulations.publicTotal / 第 10 行",
      "t2.fees.lastYearItems — 第 22 行",
      "t2.fees.change — 第 22 行",
      "t2.procurement.items / 第 25 行",
      "t2.procurement.amount / 第 25 行",
    ]);
  });

  test("blanks reach the workbook as blanks, so validation asks for them (F-2), never a silent zero", async () => {
    const snapshot = await buildFrom(importFile("import/web-slash-blanks-2020.txt"));
    expect(snapshot.values.get("t2.regulations.made")).toEqual({ type: "blank" });
    const f2 = validateSnapshot(snapshot).findings.filter((f) => f.rule === "F-2");
    expect(f2.map((f) => f.key).sort()).toEqual(["F-2@t2.fees", "F-2@t2.procurement", "F-2@t2.regulations"]);
  });

  test("amounts and counts with units: numbers kept, units reported", () => {
    const r = importFile("import/word-units-2022.txt");
    expect(r.formatId).toBe("2021");
    expect(r.values.get("t2.fees.amount")).toEqual(num(126.4385));
    expect(r.values.get("t2.penalty.decisions")).toEqual(num(87));
    expect(r.units.map((u) => `${u.cellId} ${u.unit}`)).toEqual([
      "t2.normative.inForce 件",
      "t2.licensing.decisions 件",
      "t2.penalty.decisions 件",
      "t2.fees.amount 万元",
    ]);
  });

  test("2021 format: （六）其他处理 sub-rows 1–3 and 本年制发件数", () => {
    const r = importFile("import/pdf-other-subrows-2023.txt");
    expect([r.year, r.orgName, r.formatId]).toEqual([2023, "某某镇人民政府", "2021"]);
    expect(r.values.get("t3.other.noCorrection.natural")).toEqual(num(2));
    expect(r.values.get("t3.other.noCorrection.otherOrg")).toEqual(num(1));
    expect(r.values.get("t3.other.other.commercial")).toEqual(num(1));
    expect(r.values.get("t3.other.noFee.total")).toEqual(num(0));
    expect(r.values.get("t2.normative.issued")).toEqual(num(4));
    expect(r.values.get("t2.fees.amount")).toEqual(num(126.4385));
  });

  test("web copy with tabs and half-width (单位:万元); empty tab fields are blanks", () => {
    const r = importFile("import/web-tabs-halfwidth-2021.txt");
    expect([r.year, r.orgName, r.formatId]).toEqual([2021, "某区教育局", "2021"]);
    expect(r.values.get("t2.fees.amount")).toEqual(num(126.4385));
    expect(r.blanks.map((b) => b.cellId)).toEqual(["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.inForce"]);
    expect(r.values.get("t2.normative.inForce")).toEqual(num(27));
  });

  test("Hubei-style annotated headers (指 2019 年事项数) are words, not cells", () => {
    const r = importFile("import/hubei-annotated-2020.txt");
    expect(r.values.get("t2.regulations.made")).toEqual(num(0));
    expect(r.values.get("t2.licensing.lastYearItems")).toEqual(num(12));
    expect(r.values.get("t2.licensing.decisions")).toEqual(num(356));
  });
});

describe("round trip: import → workbook → HTML export → import", () => {
  test.each(CLEAN)("%s", async (name) => {
    const first = importFile(name);
    const snapshot = await buildFrom(first);
    const html = reportHtml(reportDocument(snapshot));
    const again = importReport(html, "html");
    expect(again.unplaced).toEqual([]);
    expect(again.missing).toEqual([]);
    expect([again.year, again.orgName, again.formatId]).toEqual([first.year, first.orgName, first.formatId]);
    expect(again.values).toEqual(first.values);
    expect(again.paragraphs).toEqual(first.paragraphs);
    // The 采购总金额 unit shown under the exported table is the workbook's.
    if (first.formatId === "2019") expect(again.cover.procurementUnit).toBe(snapshot.cover.procurementUnit);
  });
});

describe("a damaged report lists what it could not place", () => {
  const r = importFile("import/damaged-2020.txt");

  test("a cut row, a stray number and a garbled label, each with its text and line", () => {
    expect(r.unplaced.map((u) => [u.where, u.text, u.reason])).toEqual([
      ["第 178 行", "（一）予以公开 20 4 0 1 0 26", "“（一）予以公开”一行应有 7 个数值，找到 6 个，无法确定各数值所在的列"],
      ["第 210 行", "2.其他法律行政法规禁止公开 0 0 0 0 0 0 0 17", "“2.其他法律行政法规禁止公开”一行应有 7 个数值，找到 8 个，无法确定各数值所在的列"],
      ["第 220 行", "4.保护笫三者合法杈益 2 1 0 0 0 0 3", "在“3.危及“三安全一稳定””一行之后，无法对应到表三的任何一行"],
    ]);
    expect(r.missing.map((m) => `${m.table} ${m.label}`)).toEqual(["表三 4.保护第三方合法权益"]);
  });

  test("nothing is guessed: those rows stay empty, the rest is placed", () => {
    expect(r.values.has("t3.granted.natural")).toBe(false);
    expect(r.values.has("t3.withheld.prohibited.natural")).toBe(false);
    expect(r.values.has("t3.withheld.thirdParty.natural")).toBe(false);
    expect(r.values.get("t3.withheld.safety.natural")).toEqual(num(0));
    expect(r.values.get("t3.withheld.internal.natural")).toEqual(num(1));
  });
});

describe("what cannot be placed is listed, never guessed", () => {
  const base = read("import/web-slash-blanks-2020.txt");

  test("an extra row the format does not have (Hubei 其他主动公开文件)", () => {
    const r = importReport(base.replace("规范性文件 2 2 15\n", "规范性文件 2 2 15\n其他主动公开文件 5 5 30\n"), "text");
    expect(r.unplaced.map((u) => [u.where, u.text])).toEqual([["第 12 行", "其他主动公开文件 5 5 30"]]);
    expect(r.values.get("t2.normative.publicTotal")).toEqual(num(15));
  });

  test("a unit that does not fit the column", () => {
    const r = importReport(base.replace("行政许可 12 0 356", "行政许可 12 0 356元"), "text");
    expect(r.unplaced).toEqual([
      expect.objectContaining({ text: "356元", where: "第 14 行", reason: "表二“行政许可 / 处理决定数量”：单位“元”不是件数的单位" }),
    ]);
    expect(r.values.has("t2.licensing.decisions")).toBe(false);
  });

  test("元 in the 2021 万元 column is converted, and says so", () => {
    const text = read("import/word-units-2022.txt").replace("126.4385万元", "1264385元");
    const r = importReport(text, "text");
    expect(r.values.get("t2.fees.amount")).toEqual(num(126.4385));
    expect(r.notes.join("\n")).toContain("“1264385元”以元为单位，已换算为 126.4385 万元");
    expect(r.unplaced).toEqual([]);
  });

  test("a printed total that does not add up is kept and shows in validation", async () => {
    const r = importReport(base.replace("一、本年新收政府信息公开申请数量 45 8 1 0 3 2 59", "一、本年新收政府信息公开申请数量 45 8 1 0 3 2 60"), "text");
    expect(r.totalsDiffer).toEqual([{ cellId: "t3.new.total", printed: 60, computed: 59 }]);
    expect(r.notes.join("\n")).toContain("报告中为 60，按分项合计为 59");
    const findings = validateSnapshot(await buildFrom(r)).findings;
    expect(findings.find((f) => f.key === "T3-3@new")).toMatchObject({ left: 59, right: 60 });
  });

  test("a 2020 report with 2021-shaped tables: imported as 2020 requires, the mismatch named", () => {
    const text = read("import/web-tabs-halfwidth-2021.txt").replace("某区教育局2021年", "某区教育局2020年");
    const r = importReport(text, "text");
    expect([r.year, r.formatId]).toEqual([2020, "2019"]);
    expect(r.notes.join("\n")).toContain("2020 年度应使用2019年试行格式（国办公开办函〔2019〕60号），但报告中的表格更像2021年格式（国办公开办函〔2021〕30号）");
    expect(r.unplaced.length + r.missing.length).toBeGreaterThan(0);
  });

  test("no year in the title: the 统计期限 sentence gives it; no title at all: the year is unknown", () => {
    const slash = base.replace("某县自然资源局2020年度政府信息公开工作年度报告", "政府信息公开工作年度报告");
    const r = importReport(slash, "text");
    expect(r.year).toBe(2020);
    expect(r.notes.join("\n")).toContain("按“统计期限”取 2020 年度");
    const none = importReport(slash.replace(/本报告所列数据的统计期限为[^。]*。/, ""), "text");
    expect(none.year).toBeNull();
    expect(none.formatId).toBe("2019");
    expect(none.notes.join("\n")).toContain("未能从标题识别报告年度");
    expect(() => importRequest(none)).toThrow("未能识别报告年度");
    expect(importRequest(none, { year: 2020 }).year).toBe(2020);
  });

  test("values that belong to no row before the first label are listed", () => {
    const r = importReport(base.replace("第二十条第（一）项\n", "第二十条第（一）项\n（单位：件） 8 9\n"), "text");
    expect(r.unplaced).toEqual([expect.objectContaining({ text: "（单位：件） 8 9", where: "第 9 行" })]);
  });
});

describe("reading the file's bytes", () => {
  const title = "原州区科学技术局2020年政府信息公开工作年度报告";

  test("UTF-8 with a BOM, UTF-16 and GB18030 (GBK) text all read the same", () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(title, "utf8")]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(title, "utf16le")]);
    // 年报 in GBK.
    const gbk = Buffer.from([0xc4, 0xea, 0xb1, 0xa8]);
    expect(decodeReport(utf8)).toEqual({ ok: true, text: title, kind: "text", encoding: "UTF-8" });
    expect(decodeReport(utf16)).toMatchObject({ ok: true, text: title, encoding: "UTF-16LE" });
    expect(decodeReport(gbk)).toMatchObject({ ok: true, text: "年报", encoding: "GB18030" });
  });

  test("HTML by name or by content; PDF and Word files are refused with what to do", () => {
    expect(decodeReport(Buffer.from("<p>年报</p>"), "a.txt")).toMatchObject({ kind: "html" });
    expect(decodeReport(Buffer.from("年报"), "年报.htm")).toMatchObject({ kind: "html" });
    expect(decodeReport(Buffer.from("%PDF-1.4 …"))).toEqual({ ok: false, message: expect.stringContaining("请在 PDF 阅读器中全选复制正文") });
    expect(decodeReport(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toEqual({ ok: false, message: expect.stringContaining("另存为”纯文本") });
    expect(decodeReport(Buffer.from("  \n"))).toEqual({ ok: false, message: "文件是空的。" });
  });
});

test("a table of contents listing the part titles does not hide the tables", () => {
  const text = read("yuanzhou-keji-2020.txt");
  const toc = [
    "目录",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "",
  ].join("\n");
  const r = importReport(text.replace("工作年度报告\n", `工作年度报告\n${toc}`), "text");
  expect(r.unplaced).toEqual([]);
  expect(r.missing).toEqual([]);
  expect(r.values.size).toBe(getFormat("2019").cells.length);
});

describe("the same report in other clothes imports to the same values", () => {
  const web = read("import/web-tabs-halfwidth-2021.txt");
  const expected = importReport(web, "text");
  const FULL_WIDTH_DIGITS = (s: string) =>
    s.replace(/\t(\d+(?:\.\d+)?)(?=\t|$)/gm, (_m, d: string) => `\t${d.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))}`);
  test.each([
    ["one cell per line (a browser's table copy)", (s: string) => s.replace(/\t(?=\S)/g, "\n")],
    ["Windows line endings and blank lines between rows", (s: string) => s.replace(/\n/g, "\r\n\r\n")],
    ["full-width digits in the cells", FULL_WIDTH_DIGITS],
    ["spaces instead of tabs, labels spaced out", (s: string) => s.replace(/\t/g, "   ").replace(/行政处罚/g, "行 政 处 罚")],
  ])("%s", (_name, dress) => {
    const r = importReport(dress(web), "text");
    expect(r.unplaced).toEqual([]);
    const numbers = (m: Map<string, RawValue>) => new Map([...m].filter(([, v]) => v.type === "number"));
    expect(numbers(r.values)).toEqual(numbers(expected.values));
  });
});

test("the imported workbook validates as usual, including N-1 between the imported text and tables", async () => {
  const text = read("import/pdf-broken-labels-2020.txt");
  expect(validateSnapshot(await buildFrom(importReport(text, "text"))).summary.errors).toBe(0);
  const edited = importReport(text.replace("申请 59 件", "申请 61 件"), "text");
  const n1 = validateSnapshot(await buildFrom(edited)).findings.filter((f) => f.rule === "N-1");
  expect(n1.map((f) => f.message)).toEqual([expect.stringContaining("“共收到政府信息公开申请61件”与表三 本年新收政府信息公开申请数量 59 不一致")]);
});

test("a garbled first sub-row does not take the next row's values", () => {
  // Three wrong characters in a six-character label: beyond what a typo may be.
  const text = read("import/web-slash-blanks-2020.txt").replace("1.属于国家秘密", "1.属于机关秘钥");
  const r = importReport(text, "text");
  expect(r.unplaced.map((u) => [u.text, u.reason])).toEqual([["1.属于机关秘钥 1 0 0 0 0 0 1", "在“（三）不予公开”之下，无法对应到表三的任何一行"]]);
  expect(r.missing.map((m) => m.label)).toEqual(["1.属于国家秘密"]);
  expect(r.values.get("t3.withheld.prohibited.natural")).toEqual(num(0));
  expect(r.values.get("t3.withheld.thirdParty.natural")).toEqual(num(2));
});

describe("labels as real reports print them", () => {
  const base = read("import/web-slash-blanks-2020.txt");
  const stateSecret = (r: ImportResult) => r.values.get("t3.withheld.stateSecret.natural");
  test.each([
    ["one wrong character", "1.属于国家秘蜜"],
    ["numbering 1、", "1、属于国家秘密"],
    ["numbering （1）", "（1）属于国家秘密"],
    ["no number", "属于国家秘密"],
    ["a space after the number, spaced-out words", "1. 属于 国家秘密"],
  ])("%s: %s", (_name, label) => {
    const r = importReport(base.replace("1.属于国家秘密", label), "text");
    expect(r.unplaced).toEqual([]);
    expect(stateSecret(r)).toEqual(num(1));
  });

  test("two wrong characters in a long label (4.保护笫三方合法杈益), and three missing ones (2.其他法律行政止公开)", () => {
    const r = importReport(base.replace("4.保护第三方合法权益", "4.保护笫三方合法杈益").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开"), "text");
    expect(r.unplaced).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.values.get("t3.withheld.thirdParty.natural")).toEqual(num(2));
    expect(r.values.get("t3.withheld.prohibited.natural")).toEqual(num(0));
  });

  test("a short label is never guessed from a typo", () => {
    const r = importReport(base.replace("2.重复申请", "2.重复中请"), "text");
    expect(r.values.has("t3.notProcessed.repeated.natural")).toBe(false);
    expect(r.unplaced.map((u) => u.text)).toEqual([expect.stringMatching(/^2\.重复中请 /)]);
  });

  test("规范性文件 / 行政规范性文件: the other version's label of the same row", () => {
    const r2021 = importReport(read("import/web-tabs-halfwidth-2021.txt").replace("行政规范性文件", "规范性文件"), "text");
    expect(r2021.values.get("t2.normative.inForce")).toEqual(num(27));
    const r2019 = importReport(base.replace("规范性文件 2 2 15", "行政规范性文件 2 2 15"), "text");
    expect(r2019.values.get("t2.normative.publicTotal")).toEqual(num(15));
  });
});

test("an old CMS page laid out with a table around the report's tables", () => {
  const page = read("import/html-rowspan-2019.html")
    .replace('<div class="nav">', '<table width="1000"><tr><td class="nav">')
    .replace('</div>\n<div class="content">', '</td></tr><tr><td class="content">')
    .replace('</div>\n<div class="footer">', '</td></tr><tr><td class="footer">')
    .replace("</div>\n</body>", "</td></tr></table>\n</body>");
  expect(page).toContain('<td class="content">');
  const r = importReport(page, "html");
  const clean = importFile("import/html-rowspan-2019.html");
  expect(r.unplaced).toEqual([]);
  expect(r.values).toEqual(clean.values);
  expect([r.year, r.orgName]).toEqual([2019, "上海市某区司法局"]);
  expect(r.paragraphs.length).toBe(clean.paragraphs.length);
});

test("a row cut off after its label is named with the label's line", () => {
  const text = read("yuanzhou-keji-2020.txt").replace("理服务事项\n0 0 0\n", "理服务事项\n");
  const r = importReport(text, "text");
  expect(r.unplaced).toEqual([]);
  expect(r.missing).toEqual([expect.objectContaining({ table: "表二", label: "其他对外管理服务事项", reason: "第 114 行有这一行，但没有找到它的数值" })]);
  expect(r.values.has("t2.otherServices.decisions")).toBe(false);
});

test("HTML whose part titles sit in each table's first row, with <th> headers", async () => {
  const first = importFile("import/pdf-other-subrows-2023.txt");
  const html = reportHtml(reportDocument(await buildFrom(first))).replace(
    /<h2>([二三四]、[^<]*)<\/h2>\n(<div class="nb-table-scroll"[^>]*>\n)?<table([^>]*)>/g,
    (_m, title: string, wrapper: string | undefined, attrs: string) => `${wrapper ?? ""}<table${attrs}>\n<tr><th colspan="10">${title}</th></tr>`,
  );
  expect(html).toContain('<tr><th colspan="10">三、收到和处理政府信息公开申请情况</th></tr>');
  const r = importReport(html, "html");
  expect(r.unplaced).toEqual([]);
  expect(r.missing).toEqual([]);
  expect(r.values).toEqual(first.values);
});

describe("（六）其他处理 printed as one row in a 2021-format year", () => {
  const web = read("import/web-tabs-halfwidth-2021.txt");
  const oneRow = web.replace(/\(六\)其他处理\t1\.申请人[^\n]*\n2\.申请人[^\n]*\n3\.其他[^\n]*\n/, "(六)其他处理\t3\t1\t0\t0\t0\t1\t5\n");

  test("its values are shown to confirm, the sub-rows stay blank, nothing is spread by guess", async () => {
    expect(oneRow).not.toContain("3.其他");
    const r = importReport(oneRow, "text");
    expect(r.parents).toEqual([
      expect.objectContaining({ table: "表三", label: "（六）其他处理", rowKeys: ["other.noCorrection", "other.noFee", "other.other"] }),
    ]);
    expect(r.parents[0].values.map((v) => v.token.text)).toEqual(["3", "1", "0", "0", "0", "1", "5"]);
    for (const id of ["t3.other.noCorrection.natural", "t3.other.noFee.natural", "t3.other.other.natural"]) expect(r.values.has(id)).toBe(false);
    expect(r.unplaced).toEqual([]);
    expect(r.notes.join("\n")).toContain("“（六）其他处理”在报告中印为一行");
    // In the workbook: a note on each column's first sub-row says what the report printed.
    const request = importRequest(r);
    expect(request.cellNotes?.get("t3.other.noCorrection.natural")).toContain("本列为 3");
    const { plan } = planFor(request, null);
    const sheet = plan.sheets.find((s) => s.name === "表三")!;
    const cell = getFormat("2021").cellById.get("t3.other.noCorrection.natural")!;
    expect(sheet.cells.find((c) => c.row === cell.row && c.col === cell.col)).toMatchObject({
      content: { type: "blank" },
      note: expect.stringContaining("（六）其他处理"),
    });
  });
});
