import ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx } from "../support/read";
import { aggregateUnits, type UnitInput } from "../../src/aggregate/aggregate";
import { BOARD_SHEET, boardHtml, totalPlan } from "../../src/aggregate/board";
import { AggregateError } from "../../src/errors";
import { cellNumber } from "../../src/rules/evaluate";
import { validateSnapshot } from "../../src/rules/validate";
import { planFor } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";

const n = (value: number): RawValue => ({ type: "number", value });
type Values = Record<string, number | string>;

async function unitFile(year: number, orgName: string, values: Values, cover: Record<string, string> = {}): Promise<Buffer> {
  const map = new Map<string, RawValue>(Object.entries(values).map(([k, v]) => [k, typeof v === "number" ? n(v) : { type: "text", value: v }]));
  return planToXlsx(planFor({ year, orgName, values: map, cover }, null).plan);
}

const unit = (name: string, bytes: Buffer): UnitInput => ({ name, read: async () => readXlsx(bytes, sheetsToRead()) });

// Three 2022 units whose tables reconcile (blank cells are only 提示), written by hand.
const A: Values = {
  "t3.new.natural": 10,
  "t3.carried.natural": 2,
  "t3.granted.natural": 8,
  "t3.carriedNext.natural": 4,
  "t3.new.commercial": 3,
  "t3.granted.commercial": 3,
  "t3.carriedNext.commercial": 0,
  "t2.regulations.issued": 2,
  "t2.fees.amount": 1.5,
  "t4.review.upheld": 1,
};
const B: Values = {
  "t3.new.natural": 5,
  "t3.carried.natural": 1,
  "t3.partial.natural": 3,
  "t3.withheld.stateSecret.natural": 1,
  "t3.carriedNext.natural": 2,
  "t2.regulations.issued": 1,
  "t2.fees.amount": 0.25,
  "t4.review.upheld": 2,
  "t4.direct.pending": 1,
};
const C: Values = { "t3.new.research": 4, "t3.granted.research": 4, "t2.fees.amount": 2.000001, "t2.normative.inForce": 7 };
/** Fails F-1 ("12件") and T3-1: excluded by default. */
const D: Values = { "t3.new.natural": "12件", "t3.carried.natural": 0, "t3.granted.natural": 99, "t4.review.upheld": 5 };

/** The sum of A, B and C, worked out by hand. */
const TOTAL: Record<string, number> = {
  "t3.new.natural": 15,
  "t3.carried.natural": 3,
  "t3.granted.natural": 8,
  "t3.partial.natural": 3,
  "t3.withheld.stateSecret.natural": 1,
  "t3.carriedNext.natural": 6,
  "t3.new.commercial": 3,
  "t3.granted.commercial": 3,
  "t3.carriedNext.commercial": 0,
  "t3.new.research": 4,
  "t3.granted.research": 4,
  "t2.regulations.issued": 3,
  "t2.fees.amount": 3.750001,
  "t2.normative.inForce": 7,
  "t4.review.upheld": 3,
  "t4.direct.pending": 1,
};

let files: Record<string, Buffer>;
beforeAll(async () => {
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet("Sheet1").getCell("A1").value = "台账";
  files = {
    "a.xlsx": await unitFile(2022, "甲镇人民政府", A),
    "b.xlsx": await unitFile(2022, "乙街道办事处", B),
    "c.xlsx": await unitFile(2022, "丙镇人民政府", C),
    "d.xlsx": await unitFile(2022, "丁乡人民政府", D),
    "e2020.xlsx": await unitFile(2020, "戊镇人民政府", { "t3.new.natural": 1, "t3.granted.natural": 1 }),
    "notes.xlsx": Buffer.from(await empty.xlsx.writeBuffer()),
    "broken.xlsx": Buffer.from("不是 xlsx"),
  };
});

const inputs = (...names: string[]) => names.map((name) => unit(name, files[name]));

test("3 units summed cell by cell; the failing, other-year and unreadable units are on the board, not in the sum", async () => {
  const result = await aggregateUnits(inputs("a.xlsx", "b.xlsx", "d.xlsx", "c.xlsx", "e2020.xlsx", "notes.xlsx", "broken.xlsx"));
  expect(result.year).toBe(2022);
  expect(result.included).toBe(3);
  const model = getFormat("2021");
  for (const cell of model.cells.filter((c) => c.kind === "input")) {
    expect([cell.id, result.values.get(cell.id)]).toEqual([cell.id, cell.id in TOTAL ? n(TOTAL[cell.id]) : { type: "blank" }]);
  }
  expect(result.units.map((u) => [u.file, u.orgName, u.status])).toEqual([
    ["a.xlsx", "甲镇人民政府", "included"],
    ["b.xlsx", "乙街道办事处", "included"],
    ["d.xlsx", "丁乡人民政府", "excluded"],
    ["c.xlsx", "丙镇人民政府", "included"],
    ["e2020.xlsx", "戊镇人民政府", "refused"],
    ["notes.xlsx", "", "unreadable"],
    ["broken.xlsx", "", "unreadable"],
  ]);
  const d = result.units[2];
  expect(d.failures.map((f) => f.rule)).toEqual(expect.arrayContaining(["F-1", "T3-1"]));
  expect(d.failures.find((f) => f.rule === "F-1")!.messages[0]).toMatch(/“12件”带有单位“件”/);
  expect(d.contributed).toHaveLength(0);
  expect(result.units[4].reason).toBe("报告年度为 2020（2019年试行格式（国办公开办函〔2019〕60号）），与多数单位的 2022 年度不同。");
  expect(result.units[5].reason).toMatch(/不是年报（Nianbao）工作簿/);
  expect(result.units[0].contributed).toHaveLength(Object.keys(A).length);
  expect(result.notes).toEqual(
    expect.arrayContaining([
      "1 个有错误的单位未计入汇总；改正后重新汇总，或选择“有错误的单位也计入”。",
      "1 个文件被拒绝（年度或格式不同，或是一份汇总结果）。",
      "2 个文件无法读取。",
    ]),
  );

  // The total's workbook: summed inputs, formulas back in the derived cells, the board as a sheet.
  const buffer = await planToXlsx(totalPlan(result, "某某区人民政府办公室"));
  const total = snapshotFromData(await readXlsx(buffer, sheetsToRead()));
  expect(total.values.get("t3.new.natural")).toEqual(n(15));
  expect(total.values.get("t3.new.total")).toMatchObject({ type: "formula" });
  expect(cellNumber(total, "t3.new.total")).toBe(22);
  expect(cellNumber(total, "t3.total.natural")).toBe(12);
  expect(cellNumber(total, "t4.review.total")).toBe(3);
  expect(total.cover.orgName).toBe("某某区人民政府办公室");
  expect(validateSnapshot(total).summary.errors).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const board = wb.getWorksheet(BOARD_SHEET)!;
  const row = (r: number) => (board.getRow(r).values as ExcelJS.CellValue[]).slice(1, 12);
  expect(row(4)).toEqual(["序号", "文件", "机关名称", "报告年度", "格式版本", "状态", "错误", "提示", "未通过的规则", "计入的单元格", "说明"]);
  expect(row(5).slice(0, 8)).toEqual([1, "a.xlsx", "甲镇人民政府", 2022, "2021年格式（国办公开办函〔2021〕30号）", "已计入", 0, expect.any(Number)]);
  expect(row(5)[9]).toBe("表二 2、表三 7、表四 1（共 10 格）");
  expect(row(7).slice(0, 7)).toEqual([3, "d.xlsx", "丁乡人民政府", 2022, "2021年格式（国办公开办函〔2021〕30号）", "有错误，未计入", expect.any(Number)]);
  expect(row(7)[8]).toEqual(expect.stringMatching(/^T3-1 错误 \d+ 处：/m));
  expect(row(9)[5]).toBe("已拒绝");
});

test("--include-failing sums a failing unit with a warning, and reports its bad value instead of zeroing it", async () => {
  const result = await aggregateUnits(inputs("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"), { includeFailing: true });
  expect(result.included).toBe(4);
  expect(result.units[3].status).toBe("includedFailing");
  expect(result.values.get("t3.granted.natural")).toEqual(n(8 + 99));
  expect(result.values.get("t4.review.upheld")).toEqual(n(3 + 5));
  // "12件" is not added: the total stays at A + B, and the board names the cell.
  expect(result.values.get("t3.new.natural")).toEqual(n(15));
  const at = getFormat("2021").cellById.get("t3.new.natural")!;
  expect(result.skipped).toEqual([
    { file: "d.xlsx", orgName: "丁乡人民政府", cellId: "t3.new.natural", sheet: "表三", address: at.address, value: "12件", reason: "不是规范的数值，未计入" },
  ]);
  expect(result.notes[0]).toBe("注意：1 个有错误的单位按要求仍计入汇总，汇总数可能不准确。");
});

test("--year picks the year; a unit of another year is refused by name; nothing usable is an error", async () => {
  const result = await aggregateUnits(inputs("a.xlsx", "e2020.xlsx"), { year: 2020 });
  expect(result.year).toBe(2020);
  expect(result.units.map((u) => [u.file, u.status, u.reason])).toEqual([
    ["a.xlsx", "refused", "报告年度为 2022，与汇总年度 2020 不同。"],
    ["e2020.xlsx", "included", ""],
  ]);
  expect(result.values.get("t3.new.natural")).toEqual(n(1));
  await expect(aggregateUnits(inputs("broken.xlsx", "notes.xlsx"))).rejects.toThrow(AggregateError);
  await expect(aggregateUnits([])).rejects.toThrow("没有选择任何单位的报表。");
});

test("2019 format: 采购总金额 in 元 and 万元 are brought to one unit", async () => {
  const yuan = await unitFile(2020, "甲局", { "t2.procurement.amount": 25000 }, { procurementUnit: "元" });
  const wan = await unitFile(2020, "乙局", { "t2.procurement.amount": 1.5 }, { procurementUnit: "万元" });
  const result = await aggregateUnits([unit("yuan.xlsx", yuan), unit("wan.xlsx", wan)]);
  expect(result.values.get("t2.procurement.amount")).toEqual(n(40000));
  expect(result.cover).toEqual({ procurementUnit: "元" });
  expect(result.units[1].reason).toBe("金额单位为万元，已换算为元");
});

test("the HTML board is self-contained and escapes what units typed", async () => {
  const evil = await unitFile(2022, '<script>alert("x")</script>局', { "t3.new.natural": "<b>3</b>", "t3.granted.natural": 3 });
  const result = await aggregateUnits([unit("a.xlsx", files["a.xlsx"]), unit("<evil>.xlsx", evil)], { includeFailing: true });
  const html = boardHtml(result);
  expect(html).not.toMatch(/<script|<b>|src=|href=|@import|url\(/i);
  expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;局");
  expect(html).toContain("&lt;evil&gt;.xlsx");
  expect(html).toContain("&lt;b&gt;3&lt;/b&gt;");
  expect(html).toContain("有错误，仍计入");
});

test("aggregation is a sum: random reconciling units give a total that reconciles", async () => {
  const model = getFormat("2021");
  const sets = [1, 2, 3, 4, 5].map((s) => consistentValues(model, rng(900 + s)));
  const units = await Promise.all(
    sets.map(async (values, i) => unit(`u${i}.xlsx`, await planToXlsx(planFor({ year: 2023, orgName: `单位${i}`, values }, null).plan))),
  );
  const result = await aggregateUnits(units);
  for (const cell of model.cells.filter((c) => c.kind === "input")) {
    const expected = sets.reduce((s, v) => s + (v.get(cell.id) as { value: number }).value, 0);
    expect(result.values.get(cell.id)).toEqual(n(Math.round(expected * 1e6) / 1e6));
  }
  const total = snapshotFromData(await readXlsx(await planToXlsx(totalPlan(result, "汇总")), sheetsToRead()));
  expect(validateSnapshot(total).findings.filter((f) => f.severity === "error")).toEqual([]);
});
