import ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";
import type { WorkbookData } from "../../src/host/port";
import { planToXlsx, readXlsx } from "../../src/host/xlsx";
import { readXlsxFast, readXlsxQuick } from "../../src/host/xlsxFast";
import { validateSnapshot } from "../../src/rules/validate";
import { planFor } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import { consistentValues, inject, INJECTIONS, rng } from "../support/generate";

/** The fast reader must read exactly what ExcelJS reads (names compared without sheet-name quotes). */
function same(data: WorkbookData) {
  return {
    sheets: data.sheets.map((s) => ({ name: s.name, visible: s.visible, cells: [...s.cells].filter(([, v]) => v.type !== "blank").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) })),
    names: data.names
      .filter((n) => n.name.startsWith("NB_"))
      .map((n) => ({ name: n.name, ref: n.ref.replace(/'/g, "") }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

test.each([2020, 2023])("%i workbooks with every kind of bad input read the same as through ExcelJS", async (year) => {
  const model = getFormat(year <= 2020 ? "2019" : "2021");
  for (let seed = 1; seed <= 6; seed++) {
    const r = rng(seed * 31 + year);
    const values = consistentValues(model, r);
    for (const injection of INJECTIONS.slice(seed, seed + 4)) inject(model, values, injection, r);
    const { plan } = planFor({ year, orgName: "某某街道办事处 & <测试>", values, cover: { preparer: "张三" } }, null);
    const buffer = await planToXlsx(plan);
    const fast = readXlsxFast(buffer, sheetsToRead())!;
    const slow = await readXlsx(buffer, sheetsToRead());
    expect(same(fast)).toEqual(same(slow));
    expect(validateSnapshot(snapshotFromData(fast)).findings).toEqual(validateSnapshot(snapshotFromData(slow)).findings);
  }
});

test("shared strings, rich text, inline strings, booleans, errors, cached results, merges and hidden sheets", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("表三");
  ws.getCell("A1").value = { richText: [{ text: "三、" }, { font: { bold: true }, text: "收到和处理" }] };
  ws.getCell("B2").value = "１２";
  ws.getCell("C2").value = "12件";
  ws.getCell("D2").value = true;
  ws.getCell("E2").value = { error: "#DIV/0!" };
  ws.getCell("F2").value = { formula: "SUM(NB_t3_new_natural)", result: 0, date1904: false } as ExcelJS.CellFormulaValue;
  ws.getCell("G2").value = { formula: 'IF(1,"通过","不通过")', result: "通过", date1904: false } as ExcelJS.CellFormulaValue;
  ws.getCell("H2").value = -8.25;
  ws.getCell("I2").value = "a < b & \"c\"";
  ws.mergeCells("A4:C5");
  ws.getCell("A4").value = "合并";
  const hidden = wb.addWorksheet("_nianbao");
  hidden.state = "veryHidden";
  hidden.getCell("A1").value = "nianbao";
  wb.addWorksheet("其他").getCell("A1").value = "not asked for";
  wb.definedNames.add("'表三'!$B$2", "NB_t3_new_natural");
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  const fast = readXlsxFast(buffer, ["表三", "_nianbao", "封面"])!;
  expect(fast.sheets.map((s) => [s.name, s.visible])).toEqual([
    ["表三", true],
    ["_nianbao", false],
  ]);
  expect(fast.sheets[0].cells.get("A1")).toEqual({ type: "text", value: "三、收到和处理" });
  expect(fast.sheets[0].cells.get("F2")).toEqual({ type: "formula", formula: "=SUM(NB_t3_new_natural)", result: { type: "number", value: 0 } });
  expect(fast.sheets[0].cells.get("E2")).toEqual({ type: "error", value: "#DIV/0!" });
  expect(same(fast)).toEqual(same(await readXlsx(buffer, ["表三", "_nianbao", "封面"])));
});

test("what it does not handle goes to ExcelJS; a file that is not an .xlsx is refused", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("表三");
  ws.getCell("A1").value = 1;
  ws.getCell("A2").value = 2;
  ws.getCell("B1").value = { formula: "A1*2", shareType: "shared", ref: "B1:B2", result: 2 } as unknown as ExcelJS.CellValue;
  ws.getCell("B2").value = { sharedFormula: "B1", result: 4 } as unknown as ExcelJS.CellValue;
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  expect(readXlsxFast(buffer, ["表三"])).toBeNull();
  const quick = await readXlsxQuick(buffer, ["表三"]);
  expect(quick.sheets[0].cells.get("B2")).toEqual({ type: "formula", formula: "=A2*2", result: { type: "number", value: 4 } });
  expect(() => readXlsxFast(Buffer.from("年报.xlsx 其实是文本"), ["表三"])).toThrow();
});
