import { getFormat } from "../../src/format/registry";
import { validateSnapshot } from "../../src/rules/validate";
import { consistentValues, inject, INJECTIONS, rng } from "../support/generate";
import { variantModel } from "../support/variant";
import { memoryFor, sheetVerdicts, snapshotOf, typeValues } from "../support/workbooks";

/**
 * One rule, two compilations: the JS engine and the workbook's own formulas (evaluated by
 * HyperFormula) must give the same verdict, left, right and difference for every rule instance.
 */
describe.each([
  ["2019", 2020, 2019],
  ["2021", 2023, 2021],
  // The provincial variant that exists only as data: a fourth （六） sub-row inside （七）总计, T3-3 off.
  ["variant-2021.json", 2023, 2025],
] as const)("%s format: JS rules agree with the 校验 sheet formulas", (formatId, year, salt) => {
  const model = formatId.endsWith(".json") ? variantModel() : getFormat(formatId);

  test("on 260 random value sets, consistent and with injected errors", async () => {
    const mem = await memoryFor(model, year);
    let compared = 0;
    let failingInstances = 0;
    for (let seed = 1; seed <= 260; seed++) {
      const r = rng(seed * 7919 + salt);
      const values = consistentValues(model, r);
      const injections = seed % 5 === 0 ? 0 : r.int(1, 4);
      for (let i = 0; i < injections; i++) inject(model, values, r.pick(INJECTIONS), r);
      typeValues(mem, model, values);

      const js = validateSnapshot(await snapshotOf(mem)).results;
      const sheet = sheetVerdicts(mem);
      expect(sheet.map((s) => s.key)).toEqual(js.map((j) => j.instance.key));
      sheet.forEach((s, i) => {
        const j = js[i];
        const context = `seed ${seed} ${s.key}`;
        expect(`${context} ${s.verdict}`).toBe(`${context} ${j.verdict}`);
        if (j.left !== null) {
          expect(`${context} left ${JSON.stringify(s.left)}`).toBe(`${context} left ${JSON.stringify({ type: "number", value: j.left })}`);
          expect(`${context} right ${JSON.stringify(s.right)}`).toBe(`${context} right ${JSON.stringify({ type: "number", value: j.right })}`);
        } else {
          expect(s.diff.type).toBe("error");
        }
        expect(`${context} blanks ${JSON.stringify([s.blanksLeft, s.blanksRight])}`).toBe(
          `${context} blanks ${JSON.stringify([
            { type: "number", value: j.blanksLeft },
            { type: "number", value: j.blanksRight },
          ])}`,
        );
        if (j.verdict !== "通过") failingInstances += 1;
        compared += 1;
      });
    }
    // The sets really exercise the rules: many instances fail, most pass.
    expect(failingInstances).toBeGreaterThan(200);
    expect(compared).toBeGreaterThan(260 * 50);
  });

  test("blank cells are unknown whole numbers ≥ 0: 通过 / 不通过 / 无法判断 agree, on 50 sets with many blanks", async () => {
    const mem = await memoryFor(model, year);
    const seen = new Map<string, number>();
    const blankCells = model.cells.filter((c) => c.kind === "input" && c.tableKey !== "t2");
    for (let seed = 1; seed <= 50; seed++) {
      const r = rng(seed * 31337 + salt);
      const values = consistentValues(model, r);
      // Blank a share of the cells (sometimes all: an empty table), then perhaps break a sum or type over a total.
      const share = seed % 10 === 0 ? 1 : r.next() * 0.3;
      for (const c of blankCells) if (r.chance(share)) values.set(c.id, { type: "blank" });
      const injections = r.int(0, 2);
      for (let i = 0; i < injections; i++) inject(model, values, r.pick(["sum", "typedOverTotal", "blank"] as const), r);
      typeValues(mem, model, values);
      const js = validateSnapshot(await snapshotOf(mem)).results;
      const sheet = sheetVerdicts(mem);
      sheet.forEach((s, i) => {
        const j = js[i];
        const context = `seed ${seed} ${s.key}`;
        expect(`${context} ${s.verdict} ${JSON.stringify([s.blanksLeft, s.blanksRight])}`).toBe(
          `${context} ${j.verdict} ${JSON.stringify([
            { type: "number", value: j.blanksLeft },
            { type: "number", value: j.blanksRight },
          ])}`,
        );
        seen.set(j.verdict, (seen.get(j.verdict) ?? 0) + 1);
      });
    }
    // All three verdicts really occur, 不通过 among them (errors the blanks cannot clear).
    expect(seen.get("通过")).toBeGreaterThan(50);
    expect(seen.get("无法判断")).toBeGreaterThan(50);
    expect(seen.get("不通过")).toBeGreaterThan(10);
  });
});
