/// <reference types="office-js" />
import { getFormat } from "../../src/format/registry";
import { CellEditModeError, HIGHLIGHT_FORMULA, OfficeWorkbook } from "../../src/host/office";
import { saveExplanation, validate } from "../../src/workbook/operations";
import { generate } from "../../src/workbook/rebuild";
import { FakeExcel } from "../support/fakeExcel";

/**
 * The Office.js host, driven through the real workflows (generate / validate / saveExplanation)
 * against a strict fake of Excel. Assertions are about what the user sees in the workbook.
 * Round-trip counts are measured in bench/office.ts, not asserted here.
 */

const model = getFormat("2021");
const cell = (id: string) => model.cellById.get(id)!;
const t3 = model.tables.find((t) => t.key === "t3")!;
const REPORT_SHEETS = ["封面", "表二", "表三", "表四", "校验"];
const HIGHLIGHT = "#FFEB9C";
const EDIT_MESSAGE = "请先完成单元格编辑（按 Enter 或 Esc 退出编辑状态），然后再试。";

async function generated(onWaiting?: (message: string) => void) {
  const excel = new FakeExcel();
  const port = new OfficeWorkbook(excel, { onWaiting });
  await generate(port, { year: 2023, orgName: "某某区人民政府办公室" });
  return { excel, port, doc: excel.doc };
}

/** The user fills every input with 0, then types 新收 2 and 予以公开 3 for 自然人: T3-1 fails. */
function typeUnbalanced(excel: FakeExcel) {
  for (const c of model.cells) if (c.kind === "input") excel.doc.type(c.sheet, c.address, 0);
  excel.doc.type("表三", cell("t3.new.natural").address, 2);
  excel.doc.type("表三", cell("t3.granted.natural").address, 3);
}

async function finding(port: OfficeWorkbook, key: string) {
  const { report } = await validate(port);
  return report.findings.find((f) => f.key === key)!;
}
const t31Finding = (port: OfficeWorkbook) => finding(port, "T3-1@natural");

describe("生成/更新报表 through Office.js", () => {
  test("a blank workbook gets the report sheets, labels, 总计 formulas, names, validation and protection", async () => {
    const { doc } = await generated();
    expect(doc.sheetNames()).toEqual(expect.arrayContaining([...REPORT_SHEETS, "_nianbao"]));

    const sheet = doc.sheet("表三");
    expect(sheet.content("A1")).toEqual({ type: "text", value: t3.title });
    expect(sheet.mergeAt("A1")).toMatch(/^A1:[A-Z]+1$/);
    expect(doc.sheet("封面").content("B3")).toEqual({ type: "text", value: "某某区人民政府办公室" });
    expect(doc.sheet("封面").content("B4")).toEqual({ type: "number", value: 2023 });

    // Inputs are unlocked: the user can type into D7 although the sheet is protected; 总计 cells are locked.
    expect(cell("t3.granted.natural").address).toBe("D7");
    expect(sheet.format("D7").locked).toBe(false);
    expect(() => doc.type("表三", "D7", 5)).not.toThrow();
    const total = cell("t3.new.total");
    expect(sheet.format(total.address).locked).toBe(true);
    expect(() => doc.type("表三", total.address, 5)).toThrow(/受保护/);

    expect(sheet.content(total.address)).toMatchObject({ type: "formula", formula: expect.stringMatching(/^=SUM\(NB_t3_new_natural,NB_t3_new_commercial,/) });
    expect(sheet.content(cell("t3.total.natural").address)).toMatchObject({ type: "formula", formula: expect.stringMatching(/^=SUM\(NB_t3_granted_natural,/) });
    expect(doc.name("NB_t3_new_natural")?.formula).toBe("=表三!$D$5");
    expect(doc.name("NB_cover_orgName")?.formula).toBe("=封面!$B$3");

    const dv = sheet.validation("D7")!;
    expect(dv.rule).toEqual({ wholeNumber: { operator: "GreaterThanOrEqualTo", formula1: 0 } });
    expect(dv.prompt).toMatchObject({ showPrompt: true, title: "表三 D7", message: expect.stringContaining("填写不小于 0 的整数（单位：件）") });
    expect(dv.errorAlert).toMatchObject({
      showAlert: true,
      style: "Stop",
      title: "填写格式不正确",
      message: expect.stringContaining("只能填写不小于 0 的整数"),
    });
    expect(sheet.validation(total.address)).toBeNull();
    expect(doc.sheet("封面").validation("B4")?.rule?.wholeNumber).toMatchObject({ operator: "Between", formula1: 2021 });

    for (const name of REPORT_SHEETS) {
      expect(doc.sheet(name).protection).toMatchObject({ protected: true, options: { allowFormatCells: true } });
      expect(doc.sheet(name).visibility).toBe("Visible");
    }
    expect(doc.sheet("_nianbao").visibility).toBe("VeryHidden");
    expect(doc.sheet("_nianbao").content("B2")).toEqual({ type: "text", value: "2021" });
    expect(doc.activeSheet).toBe("表二");
  });

  test("frozen panes: 表三 keeps its header rows and label columns, 校验 only its header rows", async () => {
    const { doc } = await generated();
    expect(doc.sheet("表三").freeze).toEqual({ rows: t3.headerRows, cols: 3 });
    expect(doc.sheet("校验").freeze).toEqual({ rows: 4, cols: 0 });
  });

  test("regenerating keeps what the user typed, including a value typed over a 总计 cell", async () => {
    const { excel, port, doc } = await generated();
    const total = cell("t3.new.total").address;
    doc.type("表三", "D5", "7");
    doc.type("表三", "E5", "3件");
    doc.unprotect("表三");
    doc.type("表三", total, 99);

    const result = await generate(port, { year: 2023 });
    expect(result.report.kept.length).toBeGreaterThanOrEqual(3);
    const sheet = excel.doc.sheet("表三");
    expect(sheet.content("D5")).toEqual({ type: "number", value: 7 });
    expect(sheet.content("E5")).toEqual({ type: "text", value: "3件" });
    expect(sheet.content(total)).toEqual({ type: "number", value: 99 });
    expect(sheet.protection.protected).toBe(true);
    expect(doc.sheet("封面").content("B3")).toEqual({ type: "text", value: "某某区人民政府办公室" });
    expect(doc.name("NB_t3_new_natural")?.formula).toBe("=表三!$D$5");
  });

  test("a 表三 the user renamed is recognised by its title: 生成 writes into it, adds no empty 表三, and T3 values stay", async () => {
    const { excel, port, doc } = await generated();
    doc.type("表三", cell("t3.new.natural").address, 7);
    doc.renameSheet(doc.sheet("表三"), "表三（2023）");
    const result = await generate(port, { year: 2023 });
    expect(result.plan).not.toBeNull();
    expect(doc.find("表三")).toBeUndefined();
    expect(excel.doc.sheet("表三（2023）").content(cell("t3.new.natural").address)).toEqual({ type: "number", value: 7 });
    expect(doc.name("NB_t3_new_natural")?.formula).toBe(`='表三（2023）'!$D$5`);
    const { snapshot } = await validate(port);
    expect(snapshot.values.get("t3.new.natural")).toEqual({ type: "number", value: 7 });
  });

  test("恢复公式 puts the 总计 formula back and leaves the inputs alone", async () => {
    const { port, doc } = await generated();
    const total = cell("t3.new.total").address;
    doc.type("表三", "D5", 7);
    doc.type("表三", "E5", "3件");
    doc.unprotect("表三");
    doc.type("表三", total, 99);

    await generate(port, { year: 2023, restoreFormulas: true });
    const sheet = doc.sheet("表三");
    expect(sheet.content(total)).toMatchObject({ type: "formula", formula: expect.stringMatching(/^=SUM\(NB_t3_new_natural,/) });
    expect(sheet.content("D5")).toEqual({ type: "number", value: 7 });
    expect(sheet.content("E5")).toEqual({ type: "text", value: "3件" });
  });
});

describe("校验 through Office.js", () => {
  test("an inconsistent 表三 column is reported as T3-1 with its numbers and cells", async () => {
    const { excel, port } = await generated();
    typeUnbalanced(excel);
    const f = await t31Finding(port);
    expect(f).toMatchObject({ rule: "T3-1", severity: "error", left: 2, right: 3, diff: -1 });
    expect(f.cells.map((c) => `${c.sheet}!${c.address}`)).toEqual(["表三!D5", "表三!D6", "表三!D28", "表三!D29"]);
    expect(f.message).toContain("相差 -1");
  });

  test("stray formatting far below the table does not stop 校验", async () => {
    const { excel, port, doc } = await generated();
    typeUnbalanced(excel);
    doc.setFill("表三", "K200000", "#FFFF00");
    const f = await t31Finding(port);
    expect(f).toMatchObject({ left: 2, right: 3 });
  });
});

describe("定位 and the highlight", () => {
  async function jumped() {
    const w = await generated();
    typeUnbalanced(w.excel);
    w.doc.setFill("表三", "D5", "#C6EFCE");
    const f = await t31Finding(w.port);
    await w.port.jump({ sheet: f.cells[0].sheet, addresses: f.cells.map((c) => c.address) });
    return w;
  }

  test("jump shows the finding's sheet, selects its first cell and overlays a highlight on every cell, over the user's own fill", async () => {
    const { doc } = await jumped();
    expect(doc.activeSheet).toBe("表三");
    // office.js has no RangeAreas.select on any platform: Range.select of the first area.
    expect(doc.selection).toEqual({ sheet: "表三", areas: ["D5"] });
    const sheet = doc.sheet("表三");
    for (const address of ["D5", "D6", "D28", "D29"]) expect(sheet.displayedFill(address)).toBe(HIGHLIGHT);
    expect(sheet.conditionalFormatsAt("D5")).toEqual([
      expect.objectContaining({ type: "Custom", formula: HIGHLIGHT_FORMULA, fill: HIGHLIGHT, fontColor: "#9C0006" }),
    ]);
    expect(sheet.format("D5").fill).toBe("#C6EFCE");
    expect(sheet.format("D28").fill).toBe("#D9D9D9");
    expect(sheet.displayedFill("D7")).toBe("#FFFFFF");
  });

  test("clearHighlight removes the overlay and the user's fill shows again", async () => {
    const { port, doc } = await jumped();
    await port.clearHighlight();
    const sheet = doc.sheet("表三");
    expect(sheet.conditionalFormats).toEqual([]);
    expect(sheet.displayedFill("D5")).toBe("#C6EFCE");
    expect(sheet.displayedFill("D28")).toBe("#D9D9D9");
  });

  test("clearing a highlight the user already removed is not an error, and the next jump works", async () => {
    const { port, doc } = await jumped();
    doc.clearConditionalFormats("表三");
    await expect(port.clearHighlight()).resolves.toBeUndefined();
    await port.jump({ sheet: "表三", addresses: ["D7"] });
    expect(doc.sheet("表三").displayedFill("D7")).toBe(HIGHLIGHT);
    expect(doc.selection).toEqual({ sheet: "表三", areas: ["D7"] });
  });
});

describe("说明 store", () => {
  /** A 提示 to accept: 上年结转 left blank for 科研机构 (F-2). */
  const KEY = "F-2@t3.carried";
  async function withBlank() {
    const w = await generated();
    typeUnbalanced(w.excel);
    w.doc.type("表三", cell("t3.carried.research").address, "");
    expect((await finding(w.port, KEY)).severity).toBe("warning");
    return w;
  }

  test("saveExplanation writes to _nianbao and a later 校验 returns it; regenerating keeps it", async () => {
    const { port, doc } = await withBlank();
    const { snapshot } = await validate(port);
    await saveExplanation(port, snapshot, KEY, "本年无上年结转，系统导出时为空");
    const meta = doc.sheet("_nianbao");
    expect([meta.content("A4"), meta.content("B4"), meta.content("C4")]).toEqual([
      { type: "text", value: "说明" },
      { type: "text", value: KEY },
      { type: "text", value: "本年无上年结转，系统导出时为空" },
    ]);
    expect((await finding(port, KEY)).explanation).toBe("本年无上年结转，系统导出时为空");

    await generate(port, { year: 2023 });
    expect((await finding(port, KEY)).explanation).toBe("本年无上年结转，系统导出时为空");
  });

  test("a workbook that lost its hidden _nianbao sheet can still store a 说明", async () => {
    const { port, doc } = await withBlank();
    doc.deleteSheet("_nianbao");
    const { snapshot } = await validate(port);
    await saveExplanation(port, snapshot, KEY, "已核对");
    expect((await finding(port, KEY)).explanation).toBe("已核对");
    expect(doc.sheet("_nianbao").visibility).toBe("VeryHidden");
  });
});

describe("cell edit mode", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test("waits while the user is editing a cell, tells them so, then carries on", async () => {
    const excel = new FakeExcel();
    const messages: string[] = [];
    const port = new OfficeWorkbook(excel, { onWaiting: (m) => messages.push(m) });
    excel.editMode(2);
    const done = generate(port, { year: 2023, orgName: "某某局" });
    await jest.runAllTimersAsync();
    await done;
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m).toMatch(/^请先完成单元格编辑/);
    expect(excel.doc.sheetNames()).toEqual(expect.arrayContaining(REPORT_SHEETS));
    expect(excel.doc.sheet("表三").content("A1")).toEqual({ type: "text", value: t3.title });
  });

  test("if editing never ends, the operation stops with a zh-CN explanation", async () => {
    const messages: string[] = [];
    const { excel, port } = await generated((m) => messages.push(m));
    excel.editMode(Infinity);
    const outcome = validate(port).then(
      () => null,
      (e: unknown) => e,
    );
    await jest.runAllTimersAsync();
    const error = await outcome;
    expect(error).toBeInstanceOf(CellEditModeError);
    expect((error as Error).message).toBe(EDIT_MESSAGE);
    expect(messages.length).toBeGreaterThan(0);
  });

  test("a highlight that could not be cleared during cell editing is cleared on the next try", async () => {
    const { excel, port, doc } = await generated();
    await port.jump({ sheet: "表三", addresses: ["D7"] });
    excel.editMode(Infinity);
    const outcome = port.clearHighlight().then(
      () => null,
      (e: unknown) => e,
    );
    await jest.runAllTimersAsync();
    expect(await outcome).toBeInstanceOf(CellEditModeError);
    expect(doc.sheet("表三").displayedFill("D7")).toBe(HIGHLIGHT);
    excel.editMode(0);
    await port.clearHighlight();
    expect(doc.sheet("表三").displayedFill("D7")).toBe("#FFFFFF");
  });
});

test("no operation touches application settings (calculation mode and the like)", async () => {
  const { excel, port, doc } = await generated();
  typeUnbalanced(excel);
  const { snapshot } = await validate(port);
  const f = await t31Finding(port);
  await port.jump({ sheet: "表三", addresses: f.cells.map((c) => c.address) });
  await port.clearHighlight();
  await saveExplanation(port, snapshot, f.key, "说明");
  await generate(port, { year: 2023, restoreFormulas: true });
  expect(doc.applicationTouched).toBe(false);
  // …and the fake would have said so loudly.
  await expect(excel.run(async (context) => context.workbook.application.calculationMode)).rejects.toThrow(/application/);
  expect(doc.applicationTouched).toBe(true);
});

describe("the fake is as strict as Office.js", () => {
  test("reading a property needs load() and then sync()", async () => {
    const excel = new FakeExcel();
    await excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      expect(() => ws.name).toThrow(/没有 load/);
      ws.load("name");
      expect(() => ws.name).toThrow(/还没有 context.sync/);
      await context.sync();
      expect(ws.name).toBe("Sheet1");
      const sheets = context.workbook.worksheets;
      expect(() => sheets.items).toThrow(/没有 load/);
    });
  });

  test("commands wait for sync; locked cells of a protected sheet refuse writes unless unprotected earlier in the batch", async () => {
    const excel = new FakeExcel();
    await excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1").formulas = [["x"]];
      ws.protection.protect();
      expect(excel.doc.sheet("Sheet1").content("A1")).toEqual({ type: "blank" });
      await context.sync();
    });
    expect(excel.doc.sheet("Sheet1").content("A1")).toEqual({ type: "text", value: "x" });
    await expect(
      excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A2").formulas = [[1]];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "AccessDenied" });
    await excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.protection.unprotect();
      ws.getRange("A2").formulas = [[1]];
      await context.sync();
    });
    expect(excel.doc.sheet("Sheet1").content("A2")).toEqual({ type: "number", value: 1 });
  });

  test("missing sheets, duplicate names, unsynced commands, finished runs and unmodelled APIs all fail", async () => {
    const excel = new FakeExcel();
    await expect(
      excel.run(async (context) => {
        context.workbook.worksheets.getItem("没有这张表");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound" });
    await expect(
      excel.run(async (context) => {
        const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
        context.workbook.names.add("NB_x", range);
        context.workbook.names.add("NB_x", range);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemAlreadyExists" });
    await expect(
      excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").activate();
      }),
    ).rejects.toThrow(/never synced/);
    let leaked: Excel.Worksheet | null = null;
    await excel.run(async (context) => {
      leaked = context.workbook.worksheets.getItem("Sheet1");
      await context.sync();
    });
    expect(() => leaked!.activate()).toThrow(/已结束/);
    // What the typings list but the office.js we ship lacks is undefined, as in real Excel.
    await excel.run(async (context) => {
      const areas = context.workbook.worksheets.getItem("Sheet1").getRanges("A1,C3");
      expect((areas as { select?: unknown }).select).toBeUndefined();
      expect(() => areas.select()).toThrow(TypeError);
      await context.sync();
    });
    await expect(
      excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").format.indentLevel = 1;
        await context.sync();
      }),
    ).rejects.toThrow(/not modelled/);
  });
});
