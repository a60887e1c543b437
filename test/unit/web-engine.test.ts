import ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";
import { planToWorkbook } from "../../src/host/xlsx";
import { readWithExcelJS, readXlsx } from "../support/read";
import type { WorkbookData } from "../../src/host/port";
import { openXlsx, saveXlsx } from "../../src/web/engine";
import { buildPlan, CARRIED_NOTE } from "../../src/workbook/plan";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";

/**
 * The browser edition's open → save with no edit: every value, 说明, 正文 paragraph and carried mark
 * comes back, and the sheets outside the plan (the user's own) are kept with their values, formulas
 * and formatting. Nothing the user typed is lost.
 */
jest.setTimeout(120_000);

const YEAR = 2024;
const model = getFormat("2021");
const OWN = "我的底稿";

async function fixture(): Promise<ArrayBuffer> {
  const values = new Map<string, RawValue>();
  let i = 0;
  const inputs = model.cells.filter((c) => c.kind === "input");
  for (const c of inputs) values.set(c.id, { type: "number", value: i++ % 7 });
  const blank = inputs.find((c) => c.tableKey === "t2")!;
  values.delete(blank.id);
  const carried = inputs.find((c) => c.tableKey === "t4")!;
  const explanations = new Map([[`F-2@t2.${blank.rowKey}`, "本年度未制发规章，已核对"]]);
  const plan = buildPlan(model, {
    year: YEAR,
    cover: { orgName: "某某区科学技术局" },
    values,
    explanations,
    carried: new Map([[carried.id, String((values.get(carried.id) as { value: number }).value)]]),
  });
  const wb = await planToWorkbook(plan);
  // The user's own working sheet: values, a formula on 表三, a merge, a bold title, a width, a note.
  const ws = wb.addWorksheet(OWN);
  ws.getCell("A1").value = "本局内部台账（不属于年报）";
  ws.getCell("A1").font = { bold: true, size: 14 };
  ws.mergeCells("A1:C1");
  ws.getColumn(1).width = 30;
  ws.getCell("A2").value = "收到申请";
  ws.getCell("B2").value = 12;
  ws.getCell("C2").value = { formula: "B2*2", result: 24, date1904: false };
  ws.getCell("B3").value = "备注：与表三核对";
  ws.getCell("B3").note = "张三 2025-01-10";
  const hidden = wb.addWorksheet("旧表", { state: "hidden" });
  hidden.getCell("A1").value = "隐藏的旧数据";
  return await wb.xlsx.writeBuffer();
}

/** A sheet's cells as comparable text: values as they are, formulas by their text. */
function cellsOf(data: WorkbookData): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const sheet of data.sheets) {
    const cells: Record<string, string> = {};
    for (const [address, raw] of sheet.cells) cells[address] = raw.type === "formula" ? raw.formula : JSON.stringify(raw);
    out[`${sheet.name}${sheet.visible ? "" : " (hidden)"}`] = cells;
  }
  return out;
}

test("open → save with no edit round-trips every sheet, value, formula, 说明 and carried mark, and keeps the user's own sheets", async () => {
  const original = await fixture();
  const opened = await openXlsx("台账.xlsx", original);
  expect(opened.kept).toBe(2);
  expect(opened.mem.sheetNames()).toEqual(expect.arrayContaining([OWN, "旧表"]));
  const saved = await saveXlsx(opened.mem);

  const before = await readWithExcelJS(original);
  const after = await readWithExcelJS(Buffer.from(saved));
  expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
  expect(cellsOf(after)).toEqual(cellsOf(before));

  const a = snapshotFromData(await readXlsx(original, sheetsToRead()));
  const b = snapshotFromData(await readXlsx(Buffer.from(saved), sheetsToRead()));
  expect([...b.values]).toEqual([...a.values]);
  expect([...b.explanations]).toEqual([...a.explanations]);
  expect(b.explanations.size).toBe(1);
  expect([...(b.carried ?? [])]).toEqual([...(a.carried ?? [])]);
  expect(b.carried?.size).toBe(1);
  expect(b.narrative).toEqual(a.narrative);
  expect(b.cover).toEqual(a.cover);

  // The carried mark is still on the cell (note and style), and the user's sheet keeps its formatting.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(saved.buffer.slice(saved.byteOffset, saved.byteOffset + saved.byteLength) as ArrayBuffer);
  const carriedCell = model.cellById.get([...b.carried!.keys()][0])!;
  const note = wb.getWorksheet(carriedCell.sheet)!.getCell(carriedCell.address).note;
  expect(typeof note === "string" ? note : JSON.stringify(note)).toContain(CARRIED_NOTE);
  const own = wb.getWorksheet(OWN)!;
  expect(own.getCell("A1").font?.bold).toBe(true);
  expect(own.getColumn(1).width).toBe(30);
  expect((own.model as { merges?: string[] }).merges).toEqual(["A1:C1"]);
  expect(own.getCell("C2").formula).toBe("B2*2");
  const ownNote = own.getCell("B3").note;
  expect(typeof ownNote === "string" ? ownNote : JSON.stringify(ownNote)).toContain("张三");
  expect(wb.getWorksheet("旧表")!.state).toBe("hidden");
});

test("a value typed on the user's own sheet is saved with it", async () => {
  const opened = await openXlsx("台账.xlsx", await fixture());
  opened.mem.setCell(OWN, "B4", { type: "number", value: 99 });
  const after = await readWithExcelJS(Buffer.from(await saveXlsx(opened.mem)), [OWN]);
  expect(after.sheets[0].cells.get("B4")).toEqual({ type: "number", value: 99 });
  expect(after.sheets[0].cells.get("B2")).toEqual({ type: "number", value: 12 });
});
