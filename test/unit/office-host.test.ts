/// <reference types="office-js" />
import { getFormat } from "../../src/format/registry";
import { detectCapabilities, type HostCapabilities } from "../../src/host/capabilities";
import { HIGHLIGHT_FORMULA, OfficeWorkbook, WriteFailedError } from "../../src/host/office";
import { CARRIED_NOTE } from "../../src/workbook/plan";
import { inspect, planFor, restorePlan, validate } from "../../src/workbook/operations";
import { generate } from "../../src/workbook/rebuild";
import { sheetsToRead } from "../../src/workbook/read";
import { FakeExcel, type FakeExcelOptions } from "../support/fakeExcel";

/**
 * The Office host as real Excel lets it work, each behaviour shown at the host level it depends on:
 * the fake plays an Excel of that ExcelApi version (a member above it fails at sync, as the host
 * answers) and offers only what the office.js we ship has.
 */

const model = getFormat("2021");
const cell = (id: string) => model.cellById.get(id)!;
const HIGHLIGHT = "#FFEB9C";
const TABLES = ["表二", "表三", "表四"];
const PROTECTED = ["封面", ...TABLES, "校验"];

function host(options: FakeExcelOptions = {}) {
  const excel = new FakeExcel(options);
  const caps: HostCapabilities = detectCapabilities(excel.requirements, excel.officePlatform);
  const port = new OfficeWorkbook(excel, { features: caps.features, restore: { sheets: sheetsToRead(), plan: restorePlan } });
  return { excel, caps, port, doc: excel.doc };
}

/** Every input 0, then 新收 2 and 予以公开 3 for 自然人: T3-1 fails on four cells. */
function typeUnbalanced(excel: FakeExcel) {
  for (const c of model.cells) if (c.kind === "input") excel.doc.type(c.sheet, c.address, 0);
  excel.doc.type("表三", cell("t3.new.natural").address, 2);
  excel.doc.type("表三", cell("t3.granted.natural").address, 3);
}

async function t31(port: OfficeWorkbook) {
  const { report } = await validate(port);
  return report.findings.find((f) => f.key === "T3-1@natural")!;
}

describe("host levels: what each ExcelApi version gets", () => {
  test("ExcelApi 1.1 (Office 2016) is below the minimum; 1.7 (Office 2019) is supported with four features off", () => {
    expect(host({ level: "1.1" }).caps).toMatchObject({ excelApi: "1.1", supported: false });
    expect(host({ level: "1.7" }).caps).toMatchObject({
      excelApi: "1.7",
      supported: true,
      features: { dataValidation: false, rangeAreas: false, pageLayout: false, comments: false },
    });
    expect(host({ level: "1.14" }).caps).toMatchObject({
      excelApi: "1.14",
      features: { dataValidation: true, rangeAreas: true, pageLayout: true, comments: true },
    });
    expect(host({ platform: "mac" }).caps).toMatchObject({ platform: "mac", download: false });
    expect(host({ platform: "web" }).caps).toMatchObject({ platform: "web", download: true });
  });

  test("at 1.7 生成 works without data validation, print setup and RangeAreas; the jump highlights every cell, one range each", async () => {
    const { excel, port, doc } = host({ level: "1.7" });
    await generate(port, { year: 2023, orgName: "某某区人民政府办公室" });
    const sheet = doc.sheet("表三");
    expect(sheet.content("A1")).toEqual({ type: "text", value: model.tables.find((t) => t.key === "t3")!.title });
    expect(sheet.validation(cell("t3.granted.natural").address)).toBeNull();
    expect(sheet.pageLayout).toEqual({});
    expect(sheet.format(cell("t3.granted.natural").address)).toMatchObject({ locked: false, fill: "#FFFFFF" });
    expect(excel.commandNames().some((n) => n.startsWith("RangeAreas") || n.startsWith("DataValidation") || n.startsWith("PageLayout"))).toBe(false);
    for (const name of PROTECTED) expect(doc.sheet(name).protection.protected).toBe(true);

    typeUnbalanced(excel);
    const f = await t31(port);
    await port.jump({ sheet: "表三", addresses: f.cells.map((c) => c.address) });
    expect(doc.selection).toEqual({ sheet: "表三", areas: ["D5"] });
    for (const c of f.cells) expect(sheet.displayedFill(c.address)).toBe(HIGHLIGHT);
    expect(sheet.conditionalFormats).toHaveLength(4);
    await port.clearHighlight();
    expect(sheet.conditionalFormats).toEqual([]);
  });

  test("at 1.7 a host that tried the 1.8 data validation would fail: the fake answers like the real one", async () => {
    const excel = new FakeExcel({ level: "1.7" });
    await expect(
      excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").dataValidation.clear();
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ApiNotFound" });
  });

  test("at 1.8 input cells get data validation; at 1.9 RangeAreas format many cells a call, print setup is written and one overlay covers every cell", async () => {
    const at18 = host({ level: "1.8" });
    await generate(at18.port, { year: 2023, orgName: "某某局" });
    expect(at18.doc.sheet("表三").validation(cell("t3.granted.natural").address)?.rule).toEqual({
      wholeNumber: { operator: "GreaterThanOrEqualTo", formula1: 0 },
    });
    expect(at18.excel.commandNames().some((n) => n.startsWith("RangeAreas"))).toBe(false);

    const at19 = host({ level: "1.9" });
    await generate(at19.port, { year: 2023, orgName: "某某局" });
    expect(at19.excel.commandNames()).toContain("Worksheet.getRanges");
    expect(at19.doc.sheet("表三").pageLayout).toMatchObject({ paperSize: "A4", orientation: "Landscape" });
    typeUnbalanced(at19.excel);
    const f = await t31(at19.port);
    await at19.port.jump({ sheet: "表三", addresses: f.cells.map((c) => c.address) });
    expect(at19.doc.sheet("表三").conditionalFormats).toHaveLength(1);
    for (const c of f.cells) expect(at19.doc.sheet("表三").displayedFill(c.address)).toBe(HIGHLIGHT);
  });

  test("from 1.10 carried cells get the comment 来自上年，待确认, removed when confirmed; below 1.10 only the fill marks them", async () => {
    const carried = { values: new Map([["t3.carried.natural", { type: "number" as const, value: 5 }]]), carried: new Map([["t3.carried.natural", "5"]]) };
    const address = cell("t3.carried.natural").address;
    const at110 = host({ level: "1.10" });
    await generate(at110.port, { year: 2023, orgName: "某某局", ...carried });
    const sheet = at110.doc.sheet("表三");
    expect([...sheet.comments]).toEqual([[address, expect.objectContaining({ content: CARRIED_NOTE })]]);
    expect(sheet.format(address).fill).toBe("#DDEBF7");
    // A comment of the user's own stays; a rebuild does not add a second mark.
    sheet.comments.set("D7", { id: "mine", content: "请核对" });
    await generate(at110.port, { year: 2023 });
    expect([...sheet.comments.values()].map((c) => c.content).sort()).toEqual([CARRIED_NOTE, "请核对"]);
    await generate(at110.port, { year: 2023, confirmCarried: true });
    expect([...sheet.comments.values()].map((c) => c.content)).toEqual(["请核对"]);
    expect(sheet.format(address).fill).toBe("#FFFFFF");

    const at19 = host({ level: "1.9" });
    await generate(at19.port, { year: 2023, orgName: "某某局", ...carried });
    expect(at19.doc.sheet("表三").comments.size).toBe(0);
    expect(at19.doc.sheet("表三").format(address).fill).toBe("#DDEBF7");
  });
});

describe("the jump highlight never stays behind", () => {
  test("a highlight a closed or reloaded pane left is removed when the next pane starts; the user's own conditional formats stay", async () => {
    const first = host();
    await generate(first.port, { year: 2023, orgName: "某某局" });
    await first.port.jump({ sheet: "表三", addresses: ["D5", "D7"] });
    const sheet = first.doc.sheet("表三");
    sheet.conditionalFormats.push({ id: "user", type: "Custom", areas: [{ r1: 9, c1: 4, r2: 9, c2: 4 }], formula: "=D9>10", fill: "#FF0000", fontColor: null });
    // The pane is reloaded (the ribbon 校验 button does that): a new host object over the same workbook.
    const reloaded = new OfficeWorkbook(first.excel);
    await reloaded.clearHighlight();
    expect(sheet.conditionalFormats.map((c) => c.formula)).toEqual(["=D9>10"]);
    expect(sheet.displayedFill("D5")).toBe("#FFFFFF");
    expect(HIGHLIGHT_FORMULA).toMatch(/nianbao/);
  });
});

describe("a failed write leaves nothing half-written or unprotected", () => {
  test("表三 protected with the user's password: 生成 fails, names the sheet, and 表二 is neither rewritten nor left unprotected", async () => {
    const { excel, port, doc } = host();
    await generate(port, { year: 2023, orgName: "某某局" });
    typeUnbalanced(excel);
    doc.protectWithPassword("表三", "secret");
    const before = doc.sheet("表二").content(cell("t2.regulations.issued").address);
    const error = await generate(port, { year: 2023, restoreFormulas: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WriteFailedError);
    expect((error as Error).message).toMatch(
      /^工作表“表三”设有密码保护，加载项不能撤消（Excel 报错：密码不正确）。工作簿未改动。请在“审阅 → 撤消工作表保护”中输入密码撤消保护，再重试。$/,
    );
    for (const name of PROTECTED) expect(doc.sheet(name).protection.protected).toBe(true);
    expect(doc.sheet("表二").content(cell("t2.regulations.issued").address)).toEqual(before);
    expect((await t31(port)).left).toBe(2);
  });

  test("a write that fails in the middle of 表三 puts 表三 back whole (values, merges, formulas) and protected", async () => {
    const { excel, port, doc } = host();
    await generate(port, { year: 2023, orgName: "某某局" });
    typeUnbalanced(excel);
    const t3 = doc.sheet("表三");
    const snapshot = () => ({
      cells: [...t3.cells].filter(([, c]) => c.content.type !== "blank").map(([a, c]) => [a, c.content]),
      merges: t3.merges.map((m) => ({ ...m })),
    });
    const before = snapshot();
    // Excel refuses a command half-way through 表三: everything queued before it stays applied.
    // (生成 on a workbook of ours patches 表三 cell by cell: fail at its fifth run of cells.)
    let runs = 0;
    excel.failWhen((cmd) => cmd.name === "Range.formulas=" && cmd.target.includes("表三") && ++runs === 5);
    await expect(generate(port, { year: 2023, restoreFormulas: true })).rejects.toThrow(
      /已撤销本次写入：把封面、表二、表三、表四、正文、校验、_nianbao恢复为写入前的内容/,
    );
    expect(snapshot()).toEqual(before);
    for (const name of PROTECTED) expect(doc.sheet(name).protection.protected).toBe(true);
    expect((await t31(port)).left).toBe(2);
  });

  test("a first 生成 that fails removes the sheets and names it added: the workbook is as it was", async () => {
    const { excel, port, doc } = host();
    doc.type("Sheet1", "A1", "我的数据");
    excel.failWhen((cmd) => cmd.name === "WorksheetProtection.protect" && cmd.target.includes("表四"));
    await expect(generate(port, { year: 2023, orgName: "某某局" })).rejects.toThrow(/删除了新建的工作表（封面、表二、表三、表四、正文、校验、_nianbao）/);
    expect(doc.sheetNames()).toEqual(["Sheet1"]);
    expect(doc.names.size).toBe(0);
    expect(doc.sheet("Sheet1").content("A1")).toEqual({ type: "text", value: "我的数据" });
  });
});

describe("writes read the workbook as it is now", () => {
  test("导入 after the pane opened and the user deleted a sheet: the write reads the workbook first, no stale cache", async () => {
    const { port, doc } = host();
    await generate(port, { year: 2023, orgName: "某某局" });
    await inspect(port); // what the pane reads when it opens
    doc.deleteSheet("表四");
    doc.unprotect("表二");
    // What the 导入 tab does: a fresh plan for the imported report, written through the port.
    await port.write(planFor({ year: 2023, orgName: "导入的机关" }, null).plan);
    expect(doc.sheetNames()).toEqual(expect.arrayContaining(PROTECTED));
    expect(doc.sheet("封面").content("B3")).toEqual({ type: "text", value: "导入的机关" });
    for (const name of PROTECTED) expect(doc.sheet(name).protection.protected).toBe(true);
  });
});

describe("what Excel itself refuses", () => {
  test("a 正文 paragraph longer than a row of 409 points continues in the rows below and reads back as one paragraph", async () => {
    const { port, doc } = host();
    const long = "本机关坚持以公开为常态、不公开为例外，".repeat(160) + "全面推进政务公开。";
    await generate(port, { year: 2023, orgName: "某某局", narrative: [{ part: 0, segments: [{ kind: "text", text: long }] }] });
    const text = doc.sheet("正文");
    expect(Math.max(...text.rowHeights.values())).toBeLessThanOrEqual(409);
    // Two rows continue the first (column C marks them), each cut after a comma.
    const continued = [...text.cells.keys()].filter(
      (a) => /^C\d+$/.test(a) && text.content(a).type === "text" && (text.content(a) as { value: string }).value === "+",
    );
    expect(continued).toHaveLength(2);
    for (const c of continued) expect((text.content(`B${c.slice(1)}`) as { value: string }).value).toMatch(/^本机关/);
    const { snapshot } = await validate(port);
    expect(snapshot.narrative.filter((p) => p.part === 0)).toEqual([{ part: 0, segments: [{ kind: "text", text: long }] }]);
  });

  test("a date typed on 封面 stays a date: read as 2026年1月20日, written back as a date the cell shows as such", async () => {
    const { port, doc } = host();
    await generate(port, { year: 2025, orgName: "某某局" });
    const field = model.version.cover.findIndex((f) => f.kind === "date");
    const address = `B${3 + field}`;
    expect(doc.sheet("封面").numberFormats.get(address)).toBe('yyyy"年"m"月"d"日"');
    // Excel turns the typed 2026年1月20日 into its serial number.
    doc.type("封面", address, 46042);
    const { snapshot } = await validate(port);
    expect(snapshot.cover[model.version.cover[field].key]).toBe("2026年1月20日");
    await generate(port, { year: 2025 });
    expect(doc.sheet("封面").content(address)).toEqual({ type: "number", value: 46042 });
  });
});
