import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx } from "../support/read";
import { carryForward, carryIntoWorkbook, confirmCarried, lastYearFromWorkbook } from "../../src/carry/carry";
import { CarryError } from "../../src/errors";
import { lastYearFromImport } from "../../src/carry/carryText";
import { decodeReport } from "../../src/import/decode";
import { importReport } from "../../src/import/report";
import { cell, literal, paragraphOf } from "../../src/narrative/model";
import { validateSnapshot } from "../../src/rules/validate";
import { planFor, saveExplanation, validate } from "../../src/workbook/operations";
import { generate } from "../../src/workbook/rebuild";
import { CARRIED_NOTE } from "../../src/workbook/plan";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";

const n = (value: number): RawValue => ({ type: "number", value });
const COLUMNS = ["natural", "commercial", "research", "publicWelfare", "legalService", "otherOrg"];
/** 结转下年度继续办理 in last year's report, per column, written by hand. */
const CARRIED_NEXT = [4, 2, 0, 1, 0, 3];

async function lastYearWorkbook(year: number, extra: (values: Map<string, RawValue>) => void = () => undefined) {
  const model = getFormat(year <= 2020 ? "2019" : "2021");
  const values = consistentValues(model, rng(year));
  COLUMNS.forEach((col, i) => values.set(`t3.carriedNext.${col}`, n(CARRIED_NEXT[i])));
  extra(values);
  const narrative = [
    paragraphOf(0, "本机关认真贯彻落实条例。"),
    { part: 2, segments: [literal("本年度共收到政府信息公开申请"), cell("t3.new.total"), literal("件。")] },
  ];
  const { plan } = planFor({ year, orgName: "某某区科学技术局", values, narrative, cover: { preparer: "张三", reviewer: "李四", principal: "王五" } }, null);
  return readXlsx(await planToXlsx(plan), sheetsToRead());
}

/** Build this year's workbook from last year's, as `nianbao build --last-year` does, and read it back. */
async function carriedWorkbook(year: number, last: Awaited<ReturnType<typeof lastYearWorkbook>>, values = new Map<string, RawValue>()) {
  const report = lastYearFromWorkbook(last, "last.xlsx");
  const carry = carryForward(report, year, { values, cover: {} });
  const { plan } = planFor(
    {
      year,
      values: new Map([...values, ...carry.request.values]),
      cover: carry.request.cover,
      lastYear: carry.request.lastYear,
      carried: carry.request.carried,
      lastYearText: carry.request.lastYearText,
    },
    null,
  );
  const buffer = await planToXlsx(plan);
  return { carry, plan, buffer, data: await readXlsx(buffer, sheetsToRead()) };
}

describe("carry forward from last year's workbook", () => {
  test("2020 (2019 format) → 2021: 上年结转 per column from 结转下年度, marked, cover carried, 表二 baseline explained", async () => {
    const { carry, buffer, data } = await carriedWorkbook(2021, await lastYearWorkbook(2020));
    const snap = snapshotFromData(data);
    COLUMNS.forEach((col, i) => expect(snap.values.get(`t3.carried.${col}`)).toEqual(n(CARRIED_NEXT[i])));
    expect(snap.cover).toMatchObject({ orgName: "某某区科学技术局", preparer: "张三", reviewer: "李四", principal: "王五" });
    expect([...snap.carried!.keys()].sort()).toEqual(
      [...COLUMNS.map((c) => `t3.carried.${c}`), "cover.orgName", "cover.preparer", "cover.principal", "cover.reviewer"].sort(),
    );
    expect(snap.lastYear).toEqual({ year: 2020, formatId: "2019", values: expect.any(Map) });
    expect(snap.lastYear!.values.get("t3.carriedNext.natural")).toBe(4);
    // The 2019 表二 has no 现行有效件数: nothing to carry there, and the user is told so.
    expect(snap.values.get("t2.regulations.inForce")).toEqual({ type: "blank" });
    expect(carry.notes.join("\n")).toMatch(/2019年试行格式（国办公开办函〔2019〕60号），其表二没有“现行有效件数”.*X-2 不检查/);
    // Last year's text, with its bound number rendered, kept for P-1.
    expect(snap.lastYearText.map((p) => p.segments.map((s) => (s.kind === "text" ? s.text : "?")).join(""))).toEqual([
      "本机关认真贯彻落实条例。",
      expect.stringMatching(/^本年度共收到政府信息公开申请\d+件。$/),
    ]);

    // In the file: a light-blue fill and the note 来自上年，待确认 on carried cells only.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const t3 = wb.getWorksheet("表三")!;
    const carriedCell = getFormat("2021").cellById.get("t3.carried.natural")!;
    const plainCell = getFormat("2021").cellById.get("t3.new.natural")!;
    expect(t3.getCell(carriedCell.address).note).toBe(CARRIED_NOTE);
    expect((t3.getCell(carriedCell.address).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFDDEBF7");
    expect(t3.getCell(plainCell.address).note).toBeUndefined();
    expect((t3.getCell(plainCell.address).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFFFFF");
    expect(wb.getWorksheet("封面")!.getCell("B3").note).toBe(CARRIED_NOTE);
    // Unedited, the carried cells satisfy X-1.
    expect(validateSnapshot(snap).findings.filter((f) => f.rule === "X-1")).toEqual([]);
  });

  test("X-1 fires when a carried cell is edited to differ; the edit clears its mark on regeneration", async () => {
    const { data } = await carriedWorkbook(2021, await lastYearWorkbook(2020));
    const edited = { ...data, sheets: data.sheets.map((s) => ({ ...s, cells: new Map(s.cells) })) };
    const at = getFormat("2021").cellById.get("t3.carried.commercial")!;
    edited.sheets.find((s) => s.name === "表三")!.cells.set(at.address, n(5));
    const report = validateSnapshot(snapshotFromData(edited));
    const x1 = report.findings.filter((f) => f.rule === "X-1");
    expect(x1).toHaveLength(1);
    expect(x1[0]).toMatchObject({
      key: "X-1@commercial",
      severity: "error",
      left: 5,
      right: 2,
      diff: 3,
      cells: [{ id: "t3.carried.commercial", sheet: "表三", address: at.address }],
    });
    expect(x1[0].message).toBe(
      "表三“商业企业”列：本年“二、上年结转政府信息公开申请数量”为 5，2020 年度报告“四、结转下年度继续办理”为 2，相差 3。本年的上年结转政府信息公开申请数量应等于上年报告的结转下年度继续办理。",
    );

    const again = snapshotFromData(await readXlsx(await planToXlsx(planFor({ year: 2021 }, edited).plan), sheetsToRead()));
    expect(again.carried!.has("t3.carried.commercial")).toBe(false);
    expect(again.carried!.has("t3.carried.natural")).toBe(true);
    expect(again.lastYear!.values.get("t3.carriedNext.commercial")).toBe(2);
  });

  test("2021 → 2022: 现行有效件数 baseline rolled forward; X-2 fires on a wrong 现行有效", async () => {
    const last = await lastYearWorkbook(2021, (v) => {
      v.set("t2.regulations.inForce", n(10));
      v.set("t2.normative.inForce", n(40));
    });
    const typed = new Map<string, RawValue>([
      ["t2.regulations.issued", n(3)],
      ["t2.regulations.repealed", n(1)],
    ]);
    const { carry, data } = await carriedWorkbook(2022, last, typed);
    expect(carry.notes.filter((t) => /现行有效/.test(t))).toEqual([]);
    const snap = snapshotFromData(data);
    // 10 + 3 − 1 with this year's figures; 40 alone where none are typed yet.
    expect(snap.values.get("t2.regulations.inForce")).toEqual(n(12));
    expect(snap.values.get("t2.normative.inForce")).toEqual(n(40));
    expect(snap.carried!.get("t2.regulations.inForce")).toBe("12");
    expect(validateSnapshot(snap).findings.filter((f) => f.rule.startsWith("X-"))).toEqual([]);

    const wrong = { ...data, sheets: data.sheets.map((s) => ({ ...s, cells: new Map(s.cells) })) };
    const t2 = wrong.sheets.find((s) => s.name === "表二")!;
    const model = getFormat("2021");
    t2.cells.set(model.cellById.get("t2.regulations.inForce")!.address, n(15));
    t2.cells.set(model.cellById.get("t2.normative.repealed")!.address, n(2));
    const x2 = validateSnapshot(snapshotFromData(wrong)).findings.filter((f) => f.rule === "X-2");
    expect(x2.map((f) => [f.key, f.severity, f.left, f.right, f.diff])).toEqual([
      ["X-2@regulations", "warning", 15, 12, 3],
      ["X-2@normative", "warning", 40, 38, 2],
    ]);
    expect(x2[0].message).toBe(
      "表二“规章”：现行有效件数为 15；2021 年度报告现行有效件数 10 ＋ 本年制发件数 3 － 本年废止件数 1 ＝ 12，相差 3。如有其他原因（如清理、修订），请填写说明。",
    );
    expect(x2[0].cells.map((c) => c.id)).toEqual(["t2.regulations.inForce", "t2.regulations.issued", "t2.regulations.repealed"]);
  });

  test("typed values are never overwritten; bad last-year values are named, not carried", async () => {
    const last = await lastYearWorkbook(2021, (v) => {
      v.set("t3.carriedNext.research", { type: "text", value: "5件" });
      v.set("t2.normative.inForce", { type: "blank" });
    });
    const { carry } = await carriedWorkbook(2022, last, new Map([["t3.carried.natural", n(9)]]));
    expect(carry.request.values.has("t3.carried.natural")).toBe(false);
    expect(carry.request.values.has("t3.carried.research")).toBe(false);
    const notes = carry.notes.join("\n");
    expect(notes).toMatch(/上年表三 \w+\d+（四、结转下年度继续办理·科研机构）为“5件”，不是有效数值，未结转。/);
    expect(notes).toMatch(/上年表二 \w+\d+（行政规范性文件·现行有效件数）未填写，未结转。/);
    expect(notes).toMatch(/表三 \w+\d+（二、上年结转政府信息公开申请数量·自然人）已填写“9”，与上年“四、结转下年度继续办理” 4 不同，未覆盖。/);
    expect(notes).toMatch(/上年报告校验有 \d+ 处错误/);
  });

  test("only last year's report carries: another year is refused by name", async () => {
    const report = lastYearFromWorkbook(await lastYearWorkbook(2020), "2020年报.xlsx");
    expect(() => carryForward(report, 2022, { values: new Map(), cover: {} })).toThrow(CarryError);
    expect(() => carryForward(report, 2022, { values: new Map(), cover: {} })).toThrow(
      "上年报告（2020年报.xlsx）为 2020 年度，本年报告为 2022 年度：只能从 2021 年度报告结转。",
    );
    expect(() => lastYearFromWorkbook({ sheets: [], names: [] }, "notes.xlsx")).toThrow(/上年文件 notes.xlsx 不是年报（Nianbao）工作簿/);
  });
});

describe("carry forward from last year's published report (through the importer)", () => {
  const imported = (file: string, assumedYear: number) => {
    const decoded = decodeReport(readFileSync(join(__dirname, "../fixtures", file)), file);
    if (!decoded.ok) throw new Error(decoded.message);
    return lastYearFromImport(importReport(decoded.text, decoded.kind), file, assumedYear);
  };

  test("a 2022 report as Word text → 2023: 上年结转 and the 现行有效件数 baseline as printed", () => {
    const last = imported("import/word-units-2022.txt", 2022);
    expect(last.year).toBe(2022);
    const carry = carryForward(last, 2023, {
      values: new Map([
        ["t2.normative.issued", n(5)],
        ["t2.normative.repealed", n(2)],
      ]),
      cover: {},
    });
    const filled = Object.fromEntries([...carry.request.values].map(([id, v]) => [id, (v as { value: number }).value]));
    // Printed in that report: 结转下年度 1 自然人, 1 法律服务机构; 现行有效 规章 0, 行政规范性文件 27.
    expect(filled).toEqual({
      "t3.carried.natural": 1,
      "t3.carried.commercial": 0,
      "t3.carried.research": 0,
      "t3.carried.publicWelfare": 0,
      "t3.carried.legalService": 1,
      "t3.carried.otherOrg": 0,
      "t2.regulations.inForce": 0,
      "t2.normative.inForce": 27 + 5 - 2,
    });
    expect(carry.request.cover).toEqual({ orgName: "某市市场监督管理局" });
    expect(carry.request.lastYearText.length).toBeGreaterThan(0);
    expect(carry.notes).toEqual([]);
  });

  test("the real 2020 report (2019 format, text from its PDF) → 2021; a 2019 web page → 2020", () => {
    const yuanzhou = imported("yuanzhou-keji-2020.txt", 2020);
    const carry = carryForward(yuanzhou, 2021, { values: new Map(), cover: {} });
    expect([...carry.request.values.values()]).toEqual(Array(6).fill(n(0)));
    expect(carry.request.cover.orgName).toBe("原州区科学技术局");
    expect(carry.notes).toEqual([expect.stringMatching(/^上年报告使用2019年试行格式.*其表二没有“现行有效件数”/)]);
    expect(carry.request.lastYearText.map((p) => p.part)).toContain(4);

    const shanghai = carryForward(imported("import/html-rowspan-2019.html", 2019), 2020, { values: new Map(), cover: {} });
    expect(["natural", "commercial", "legalService"].map((c) => shanghai.request.values.get(`t3.carried.${c}`))).toEqual([n(7), n(2), n(1)]);
  });

  test("a text that is not a report is refused", () => {
    const result = importReport("会议纪要\n今天开会。", "text");
    expect(() => lastYearFromImport(result, "纪要.txt", 2020)).toThrow("上年文件 纪要.txt 中没有找到年报的表格或正文");
  });
});

describe("从上年结转 and 确认 on an open workbook (memory host)", () => {
  test("carry, save a 说明, edit one cell, confirm the rest", async () => {
    const mem = new MemoryWorkbook();
    await generate(mem, { year: 2021, orgName: "某某区科学技术局" });
    const model = getFormat("2021");
    const natural = model.cellById.get("t3.carried.natural")!;
    mem.setCell("表三", natural.address, n(1));

    const result = await carryIntoWorkbook(mem, lastYearFromWorkbook(await lastYearWorkbook(2020), "last.xlsx"));
    expect(result.year).toBe(2021);
    // 5 columns (自然人 already typed) + 填报人, 审核人, 负责人 (机关名称 already set).
    expect(result.filled).toBe(8);
    expect(mem.views.get("表三")!.styles.get(natural.address)).toBe("input");
    const commercial = model.cellById.get("t3.carried.commercial")!;
    expect(mem.views.get("表三")!.styles.get(commercial.address)).toBe("carried");
    expect(mem.getCell("表三", commercial.address)).toEqual(n(2));

    // X-1 sees the typed 自然人 (1 against last year's 4).
    let { report, snapshot } = await validate(mem);
    expect(report.findings.filter((f) => f.rule === "X-1").map((f) => f.key)).toEqual(["X-1@natural"]);

    // A 说明 written afterwards keeps last year's figures and the marks.
    await saveExplanation(mem, snapshot, "F-2@t3.new", "本年无新收申请");
    ({ report, snapshot } = await validate(mem));
    expect(snapshot.lastYear?.values.get("t3.carriedNext.natural")).toBe(4);
    expect(snapshot.carried?.size).toBe(8);
    expect(report.findings.find((f) => f.key === "F-2@t3.new")?.explanation).toBe("本年无新收申请");

    expect(await confirmCarried(mem, ["t3.carried.commercial"])).toBe(1);
    expect(mem.views.get("表三")!.styles.get(commercial.address)).toBe("input");
    expect(mem.getCell("表三", commercial.address)).toEqual(n(2));
    expect(await confirmCarried(mem)).toBe(7);
    ({ snapshot } = await validate(mem));
    expect(snapshot.carried?.size).toBe(0);
    // Confirmed, last year's figures still back X-1.
    expect(snapshot.lastYear?.values.size).toBeGreaterThan(0);
  });
});
