import type ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import { planToWorkbook, planToXlsx } from "../../src/host/xlsx";
import { XlsxWorkbook } from "../../src/host/xlsxFile";
import { validateSnapshot } from "../../src/rules/validate";
import { planFor, saveExplanation, validate } from "../../src/workbook/operations";
import { snapshotFromData } from "../../src/workbook/read";
import { generate, planRebuild } from "../../src/workbook/rebuild";
import type { RawValue } from "../../src/workbook/snapshot";
import { deleteColumn, insertColumn, insertRow, renameSheet, sortRows } from "../support/edits";
import { consistentValues, inject, INJECTIONS, rng } from "../support/generate";
import { readXlsx } from "../support/read";

const entered = (snapshotValues: Map<string, RawValue>) =>
  new Map([...snapshotValues].filter(([, v]) => v.type !== "blank").map(([k, v]) => [k, v.type === "formula" ? v.formula : v]));

const model = getFormat("2021");
const t3 = model.tables.find((t) => t.key === "t3")!;

/** A filled 2023 workbook in ExcelJS, as the user has it open. */
async function filled(seed = 5) {
  const values = consistentValues(model, rng(seed));
  const wb = await planToWorkbook(planFor({ year: 2023, orgName: "某某区人民政府办公室", values }, null).plan);
  return { values, wb, host: XlsxWorkbook.ofWorkbook(wb) };
}

/** What the rebuilt workbook holds, read back through a file and the bounded reader. */
async function reread(host: XlsxWorkbook) {
  return snapshotFromData(await readXlsx(await host.toBuffer()));
}

const t3Values = (values: Map<string, RawValue>) => [...values].filter(([id]) => id.startsWith("t3.") && model.cellById.get(id)!.kind === "input");

describe("生成/更新报表 follows the user's edits", () => {
  test("a deleted 表三 column: nothing is written, the missing column and what would be kept are shown; rebuilding anyway keeps the old sheet", async () => {
    const { values, wb, host } = await filled();
    const ws = wb.getWorksheet("表三")!;
    const col = model.cellById.get("t3.new.commercial")!.col;
    deleteColumn(ws, col);
    const before = JSON.stringify(await host.read(["表二", "表三", "表四", "封面", "正文", "_nianbao", "校验"]), (_k, v: unknown) =>
      v instanceof Map ? [...v] : v,
    );
    const result = await generate(host, { year: 2023 });
    expect(result.plan).toBeNull();
    expect(result.report.ok).toBe(false);
    expect(result.report.unplaced.map((u) => u.message)).toEqual([expect.stringContaining("找不到“申请人情况·法人或其他组织·商业企业”一列")]);
    // What would be kept: every 表三 value that is still in the workbook (all but the deleted column's).
    const remaining = t3Values(values).filter(([id]) => model.cellById.get(id)!.columnKey !== "commercial");
    for (const [id, v] of remaining) expect(result.report.kept.find((k) => k.id === id)?.value).toEqual(v);
    expect(
      JSON.stringify(await host.read(["表二", "表三", "表四", "封面", "正文", "_nianbao", "校验"]), (_k, v: unknown) => (v instanceof Map ? [...v] : v)),
    ).toBe(before);

    const anyway = await generate(host, { year: 2023 }, { acceptMissing: true });
    expect(anyway.report.renamed).toEqual([{ from: "表三", to: "表三（重建前）" }]);
    const after = await reread(host);
    for (const [id, v] of remaining) expect(after.values.get(id)).toEqual(v);
    expect(after.values.get("t3.new.commercial")).toEqual({ type: "blank" });
    expect(wb.getWorksheet("表三（重建前）")).toBeDefined();
  });

  test("an inserted 表三 column of one's own: all 144 values stay under their headers, and the count reported is the count kept", async () => {
    const { values, wb, host } = await filled(6);
    // Inside the 法人或其他组织 group: Excel widens its merged header, and the leaf header row holds the user's own heading.
    insertColumn(wb.getWorksheet("表三")!, 6, [undefined, undefined, undefined, "备注（自用）"]);
    const result = await generate(host, { year: 2023 });
    expect(result.plan).not.toBeNull();
    const after = await reread(host);
    const inputs = t3Values(values);
    expect(inputs.length).toBe(144);
    for (const [id, v] of inputs) expect(after.values.get(id)).toEqual(v);
    expect(result.report.kept.filter((k) => k.id.startsWith("t3.")).length).toBe(inputs.filter(([, v]) => v.type !== "blank").length);
    expect(after.structure).toEqual([]);
    expect(validateSnapshot(after).summary.errors).toBe(0);
    expect(wb.getWorksheet("表三")!.getCell("F4").value).toBe("备注（自用）");
  });

  test("sorted rows (with their labels): every value follows its label, and the names are put right", async () => {
    const { values, wb, host } = await filled(7);
    const withheld = t3.dataRows.filter((d) => d.rowKey.startsWith("withheld."));
    const top = withheld[0].row;
    const bottom = withheld[withheld.length - 1].row;
    sortRows(wb.getWorksheet("表三")!, top, bottom, 3, t3.width, 4, true);
    const sorted = snapshotFromData(await readXlsx(await host.toBuffer()));
    // validate reads by labels too, and says the workbook's own formulas would be wrong.
    expect(sorted.structure.map((s) => s.message)).toEqual([expect.stringContaining("定义名称")]);
    const result = await generate(host, { year: 2023 });
    expect(result.plan).not.toBeNull();
    expect(result.report.moved.length).toBeGreaterThan(0);
    const after = await reread(host);
    for (const [id, v] of t3Values(values)) expect(after.values.get(id)).toEqual(v);
    expect(after.structure).toEqual([]);
    expect(validateSnapshot(after).summary.errors).toBe(0);
  });

  test("a row of one's own inside 表三 is kept where it is, with no stale 四、结转下年度继续办理 row left below", async () => {
    const { values, wb, host } = await filled(8);
    const at = t3.dataRows.find((d) => d.rowKey === "carriedNext")!.row;
    insertRow(wb.getWorksheet("表三")!, at, [undefined, undefined, "其中：依申请转主动公开", 3, 0, 0, 0, 0, 0]);
    const result = await generate(host, { year: 2023 });
    expect(result.plan).not.toBeNull();
    expect(result.report.own).toEqual([{ sheet: "表三", count: 7 }]);
    const ws = wb.getWorksheet("表三")!;
    expect(ws.getCell(at, 3).value).toBe("其中：依申请转主动公开");
    expect(ws.getCell(at, 4).value).toBe(3);
    const labels: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => !(c.isMerged && c.master !== c) && typeof c.value === "string" && c.value.startsWith("四、结转") && labels.push(c.address)),
    );
    expect(labels).toEqual([`A${at + 1}`]);
    const after = await reread(host);
    for (const [id, v] of t3Values(values)) expect(after.values.get(id)).toEqual(v);
  });

  test("a renamed 表三 is recognised by its title: its values are rebuilt in it, and no empty 表三 is added", async () => {
    const { values, wb, host } = await filled(9);
    renameSheet(wb, "表三", "表三（2023）", false);
    const result = await generate(host, { year: 2023 });
    expect(result.plan).not.toBeNull();
    expect(wb.getWorksheet("表三")).toBeUndefined();
    const after = await reread(host);
    expect(after.locations.get("t3.new.natural")?.sheet).toBe("表三（2023）");
    for (const [id, v] of t3Values(values)) expect(after.values.get(id)).toEqual(v);
    expect(after.structure).toEqual([]);
  });

  test("comments, sheets and formatting of the user's own are kept", async () => {
    const { wb, host } = await filled(10);
    const cell = model.cellById.get("t3.granted.natural")!;
    wb.getWorksheet("表三")!.getCell(cell.address).note = "与台账核对过";
    wb.getWorksheet("表二")!.getCell("H20").value = "自己的备注";
    wb.getWorksheet("表二")!.getCell("H20").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
    wb.addWorksheet("台账").getCell("A1").value = "申请编号";
    const result = await generate(host, { year: 2023 });
    expect(result.report.ownSheets).toEqual(["台账"]);
    const out = await XlsxWorkbook.of(await host.toBuffer(), "").excel();
    expect(out.getWorksheet("表三")!.getCell(cell.address).note).toBe("与台账核对过");
    expect(out.getWorksheet("表二")!.getCell("H20").value).toBe("自己的备注");
    expect((out.getWorksheet("表二")!.getCell("H20").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFFF00");
    expect(out.getWorksheet("台账")!.getCell("A1").value).toBe("申请编号");
  });

  test("a foreign formula in a derived cell (DDE) is 错误 F-3 and is not kept; one in an input keeps only its result", async () => {
    const { wb, host } = await filled(11);
    const total = model.cellById.get("t3.granted.total")!;
    const input = model.cellById.get("t3.granted.natural")!;
    wb.getWorksheet("表三")!.getCell(total.address).value = { formula: "cmd|' /C calc'!A0", result: 3 };
    wb.getWorksheet("表三")!.getCell(input.address).value = { formula: 'WEBSERVICE("http://example.com/")', result: 4 };
    const report = validateSnapshot(snapshotFromData(await readXlsx(await host.toBuffer())));
    expect(report.findings.find((f) => f.rule === "F-3")?.message).toContain(`表三 ${total.address}`);
    expect(report.findings.some((f) => f.rule === "F-1" && f.cells[0].id === input.id)).toBe(true);
    const result = await generate(host, { year: 2023 });
    expect(result.report.formulas.map((f) => f.address).sort()).toEqual([input.address, total.address].sort());
    const after = await reread(host);
    expect(after.values.get(total.id)).toMatchObject({ type: "formula", formula: expect.stringMatching(/^=SUM\(NB_t3_granted_natural,/) });
    expect(after.values.get(input.id)).toEqual({ type: "number", value: 4 });
  });

  test("a workbook of one's own with a sheet named 表三 is not written over", async () => {
    const host = XlsxWorkbook.empty();
    (await host.excel()).addWorksheet("表三").getCell("A1").value = "我的统计";
    const result = await generate(host, { year: 2023, orgName: "某局" });
    expect(result.plan).toBeNull();
    expect(result.report.unplaced[0].message).toContain("已有名为“表三”的工作表");
    expect((await host.excel()).worksheets.map((w) => w.name)).toEqual(["表三"]);
    const anyway = await generate(host, { year: 2023, orgName: "某局" }, { acceptMissing: true });
    expect(anyway.report.renamed).toEqual([{ from: "表三", to: "表三（原有）" }]);
    expect((await host.excel()).getWorksheet("表三（原有）")!.getCell("A1").value).toBe("我的统计");
  });
});

describe("rebuilding a workbook keeps every entered value", () => {
  test.each([2020, 2023])("%i: through an .xlsx file, with bad input and values typed over formulas; formulas in inputs keep their results", async (year) => {
    const m = getFormat(year <= 2020 ? "2019" : "2021");
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed);
      const values = consistentValues(m, r);
      for (let i = 0; i < 6; i++) inject(m, values, r.pick(INJECTIONS), r);
      const first = planFor({ year, orgName: "某某区人民政府办公室", values, cover: { preparer: "张三", filledOn: "2026年1月20日" } }, null);
      const bytes = await planToXlsx(first.plan);
      const before = snapshotFromData(await readXlsx(bytes));
      const host = XlsxWorkbook.of(bytes, "工作簿.xlsx");
      const result = await generate(host, { year });
      const after = snapshotFromData(await readXlsx(await host.toBuffer()));
      // A formula typed into an input is not copied: its result is kept, and the report lists it.
      const expected = new Map(
        [...entered(before.values)].map(([id, v]) => [
          id,
          typeof v === "string" && m.cellById.get(id)!.kind === "input" ? (before.values.get(id) as { result: RawValue }).result : v,
        ]),
      );
      expect(entered(after.values)).toEqual(expected);
      expect(result.report.formulas.length).toBe([...before.values].filter(([id, v]) => v.type === "formula" && m.cellById.get(id)!.kind === "input").length);
      expect(after.cover).toEqual(before.cover);
      expect(after.cover.preparer).toBe("张三");
    }
  });

  test("恢复公式 puts the formulas back over typed values and leaves inputs alone", async () => {
    const values = consistentValues(model, rng(3));
    values.set("t3.new.total", { type: "number", value: 999 });
    values.set("t3.granted.natural", { type: "text", value: "１２" });
    const host = XlsxWorkbook.of(await planToXlsx(planFor({ year: 2022, values }, null).plan), "工作簿.xlsx");
    await generate(host, { year: 2022, restoreFormulas: true });
    const restored = await reread(host);
    expect(restored.values.get("t3.new.total")).toMatchObject({ type: "formula" });
    expect(restored.values.get("t3.granted.natural")).toEqual({ type: "text", value: "１２" });
    expect(restored.values.get("t3.carried.natural")).toEqual(values.get("t3.carried.natural"));
  });

  test("through the memory host: generate twice, 说明 and values survive, and the count reported is the count kept", async () => {
    const mem = new MemoryWorkbook();
    await generate(mem, { year: 2023, orgName: "某某局" });
    mem.setCell("表三", "D5", { type: "number", value: 7 });
    mem.setCell("表三", "E5", { type: "text", value: "3件" });
    const { snapshot } = await validate(mem);
    await saveExplanation(mem, snapshot, "F-2@t3.carried", "本年无上年结转，系统导出时为空");
    const result = await generate(mem, { year: 2023, orgName: "某某局" });
    expect(result.report.kept.map((k) => [k.id, k.address])).toEqual([
      ["t3.new.natural", "D5"],
      ["t3.new.commercial", "E5"],
    ]);
    expect(mem.getCell("表三", "D5")).toEqual({ type: "number", value: 7 });
    expect(mem.getCell("表三", "E5")).toEqual({ type: "text", value: "3件" });
    const { report } = await validate(mem);
    expect(report.findings.find((f) => f.key === "F-2@t3.carried")?.explanation).toBe("本年无上年结转，系统导出时为空");
  });

  test("upgrading a 2020 workbook to 2021 keeps what maps, archives what does not, and keeps old sheets holding the user's own rows", async () => {
    const v2019 = getFormat("2019");
    const values = consistentValues(v2019, rng(9));
    const host = XlsxWorkbook.of(await planToXlsx(planFor({ year: 2020, values }, null).plan), "工作簿.xlsx");
    (await host.excel()).getWorksheet("表二")!.getCell("A30").value = "自己加的说明";
    const data = await readXlsx(await host.toBuffer());
    const upgraded = planRebuild({ year: 2021 }, data);
    expect(upgraded.model.version.id).toBe("2021");
    expect(upgraded.report.archived).toBeGreaterThan(0);
    expect(upgraded.report.renamed).toEqual([{ from: "表二", to: "表二（2019年试行格式）" }]);
    await host.write(upgraded.plan!);
    const after = await reread(host);
    expect(after.model.version.id).toBe("2021");
    expect(after.values.get("t4.review.upheld")).toEqual(values.get("t4.review.upheld"));
    expect(after.values.get("t3.new.natural")).toEqual(values.get("t3.new.natural"));
    expect((await host.excel()).getWorksheet("表二（2019年试行格式）")!.getCell("A30").value).toBe("自己加的说明");
    const archive = upgraded.plan!.sheets.find((s) => s.name === "原格式数据")!;
    expect(archive.cells.some((c) => JSON.stringify(c.content) === JSON.stringify(values.get("t2.procurement.amount")))).toBe(true);
  });
});
