import { getFormat } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import { planToXlsx, readXlsx } from "../../src/host/xlsx";
import { generate, planFor, saveExplanation, validate } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, inject, INJECTIONS, rng } from "../support/generate";

const entered = (snapshotValues: Map<string, RawValue>) =>
  new Map([...snapshotValues].filter(([, v]) => v.type !== "blank").map(([k, v]) => [k, v.type === "formula" ? v.formula : v]));

describe("rebuilding a workbook keeps every entered value", () => {
  test.each([2020, 2023])("%i: through an .xlsx file, with bad input and values typed over formulas", async (year) => {
    const model = getFormat(year <= 2020 ? "2019" : "2021");
    for (let seed = 1; seed <= 8; seed++) {
      const r = rng(seed);
      const values = consistentValues(model, r);
      for (let i = 0; i < 6; i++) inject(model, values, r.pick(INJECTIONS), r);
      const first = planFor({ year, orgName: "某某区人民政府办公室", values, cover: { preparer: "张三", filledOn: "2026年1月20日" } }, null);
      const file1 = await readXlsx(await planToXlsx(first.plan), sheetsToRead());
      const before = snapshotFromData(file1);

      const again = planFor({ year }, file1);
      const after = snapshotFromData(await readXlsx(await planToXlsx(again.plan), sheetsToRead()));
      expect(entered(after.values)).toEqual(entered(before.values));
      expect(after.cover).toEqual(before.cover);
      expect(after.cover.orgName).toBe("某某区人民政府办公室");
      expect(after.cover.preparer).toBe("张三");
    }
  });

  test("恢复公式 puts the formulas back over typed values and leaves inputs alone", async () => {
    const model = getFormat("2021");
    const values = consistentValues(model, rng(3));
    values.set("t3.new.total", { type: "number", value: 999 });
    values.set("t3.granted.natural", { type: "text", value: "１２" });
    const data = await readXlsx(await planToXlsx(planFor({ year: 2022, values }, null).plan), sheetsToRead());
    const restored = snapshotFromData(await readXlsx(await planToXlsx(planFor({ year: 2022, restoreFormulas: true }, data).plan), sheetsToRead()));
    expect(restored.values.get("t3.new.total")).toMatchObject({ type: "formula" });
    expect(restored.values.get("t3.granted.natural")).toEqual({ type: "text", value: "１２" });
    expect(restored.values.get("t3.carried.natural")).toEqual(values.get("t3.carried.natural"));
  });

  test("through the memory host: generate twice, 说明 and values survive", async () => {
    const mem = new MemoryWorkbook();
    await generate(mem, { year: 2023, orgName: "某某局" });
    mem.setCell("表三", "D5", { type: "number", value: 7 });
    mem.setCell("表三", "E5", { type: "text", value: "3件" });
    const { snapshot } = await validate(mem);
    await saveExplanation(mem, snapshot, "F-2@t3.carried", "本年无上年结转，系统导出时为空");
    const result = await generate(mem, { year: 2023, orgName: "某某局" });
    expect(result.kept).toBeGreaterThanOrEqual(2);
    expect(mem.getCell("表三", "D5")).toEqual({ type: "number", value: 7 });
    expect(mem.getCell("表三", "E5")).toEqual({ type: "text", value: "3件" });
    const { report } = await validate(mem);
    expect(report.findings.find((f) => f.key === "F-2@t3.carried")?.explanation).toBe("本年无上年结转，系统导出时为空");
  });

  test("upgrading a 2020 workbook to 2021 keeps what maps and returns what does not", async () => {
    const v2019 = getFormat("2019");
    const values = consistentValues(v2019, rng(9));
    const data = await readXlsx(await planToXlsx(planFor({ year: 2020, values }, null).plan), sheetsToRead());
    const upgraded = planFor({ year: 2021 }, data);
    expect(upgraded.model.version.id).toBe("2021");
    const after = snapshotFromData(await readXlsx(await planToXlsx(upgraded.plan), sheetsToRead()));
    expect(after.values.get("t4.review.upheld")).toEqual(values.get("t4.review.upheld"));
    expect(after.values.get("t3.new.natural")).toEqual(values.get("t3.new.natural"));
    expect(upgraded.orphans.has("t2.procurement.items")).toBe(true);
    expect(upgraded.orphans.has("t3.other.natural")).toBe(true);
    const archive = upgraded.plan.sheets.find((s) => s.name === "原格式数据")!;
    const procurement = values.get("t2.procurement.amount")!;
    expect(archive.cells.some((c) => JSON.stringify(c.content) === JSON.stringify(procurement))).toBe(true);
    expect(archive.cells.some((c) => c.content.type === "text" && c.content.value === "第二十条第（九）项·采购总金额")).toBe(true);
  });
});
