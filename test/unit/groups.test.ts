import { getFormat } from "../../src/format/registry";
import { groupHeading } from "../../src/rules/groups";
import { validateSnapshot, type ValidationReport } from "../../src/rules/validate";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";
import { memoryFor, snapshotOf } from "../support/workbooks";

/**
 * Findings grouped by cause: one typed-over or wrong cell breaks several checks; they form one
 * group led by the cell that explains them all.
 */
const n = (value: number): RawValue => ({ type: "number", value });

async function reportOf(formatId: "2019" | "2021", edit: (values: Map<string, RawValue>) => void): Promise<ValidationReport> {
  const model = getFormat(formatId);
  const values = consistentValues(model, rng(formatId === "2019" ? 11 : 12));
  edit(values);
  return validateSnapshot(await snapshotOf(await memoryFor(model, formatId === "2019" ? 2020 : 2023, values)));
}

const errorsOf = (r: ValidationReport) => r.findings.filter((f) => f.severity === "error");
const groupOf = (r: ValidationReport, key: string) => r.groups.find((g) => g.findings.includes(key));

describe.each(["2019", "2021"] as const)("%s format", (formatId) => {
  test("a consistent report: no findings, no groups", async () => {
    const r = await reportOf(formatId, () => undefined);
    expect(r.findings).toEqual([]);
    expect(r.groups).toEqual([]);
  });

  test("a 表三 total typed over: every finding it causes is one group led by that cell, with the value it should hold", async () => {
    const model = getFormat(formatId);
    const total = model.cellById.get("t3.new.total")!;
    let right = 0;
    const r = await reportOf(formatId, (values) => {
      for (const id of total.sumOf!) right += (values.get(id) as { value: number }).value;
      values.set(total.id, n(right + 7));
    });
    const errors = errorsOf(r);
    // Its own row and the 总计 column break.
    expect(errors.length).toBeGreaterThanOrEqual(2);
    const group = groupOf(r, errors[0].key)!;
    expect(group.lead).toMatchObject({ id: total.id, sheet: "表三", address: total.address });
    expect(group.fix).toBe(right);
    expect(group.findings.sort()).toEqual(errors.map((f) => f.key).sort());
    for (const f of errors) expect(f.group).toBe(group.id);
    expect(r.groups.filter((g) => g.lead)).toHaveLength(1);
    expect(groupHeading(group)).toBe(`同一原因的 ${errors.length} 处问题：表三 ${total.address}（汇总单元格的公式被数值覆盖，应为 ${right}）`);
  });

  test("a 表四 合计 typed over leads its group", async () => {
    const model = getFormat(formatId);
    const total = model.cells.find((c) => c.tableKey === "t4" && c.kind === "formula" && c.columnKey === "review.total")!;
    const r = await reportOf(formatId, (values) => values.set(total.id, n(999)));
    const errors = errorsOf(r);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    const group = groupOf(r, errors[0].key)!;
    expect(group.lead?.address).toBe(total.address);
    expect(group.findings.sort()).toEqual(errors.map((f) => f.key).sort());
  });

  test("one wrong input breaks its column and the 总计 column: one group, the cells that could fix both named", async () => {
    const r = await reportOf(formatId, (values) => {
      const v = values.get("t3.granted.natural") as { value: number };
      values.set("t3.granted.natural", n(v.value + 2));
    });
    const errors = errorsOf(r);
    expect(errors.map((f) => f.key).sort()).toEqual(["T3-1@natural", "T3-1@total"]);
    const group = groupOf(r, "T3-1@natural")!;
    expect(group.findings.sort()).toEqual(["T3-1@natural", "T3-1@total"]);
    expect(errors.every((f) => f.group === group.id)).toBe(true);
    // Any cell of the 自然人 column could be the wrong one: no single lead, the column's cells named.
    expect(group.lead).toBeNull();
    expect(group.candidates.map((c) => c.id)).toEqual(expect.arrayContaining(["t3.granted.natural", "t3.new.natural", "t3.carriedNext.natural"]));
    expect(group.candidates.every((c) => c.id.endsWith(".natural"))).toBe(true);
  });

  test("two causes, two groups; a blank row's 提示 is a group of its own", async () => {
    const model = getFormat(formatId);
    const r = await reportOf(formatId, (values) => {
      values.set("t3.new.total", n(500));
      const t4 = model.cells.find((c) => c.tableKey === "t4" && c.kind === "formula" && c.columnKey === "review.total")!;
      values.set(t4.id, n(999));
      values.set("t3.carried.research", { type: "blank" });
    });
    const led = r.groups.filter((g) => g.lead);
    expect(led.map((g) => g.lead!.sheet).sort()).toEqual(["表三", "表四"]);
    // Every finding is in exactly one group.
    const all = r.groups.flatMap((g) => g.findings);
    expect(all.sort()).toEqual(r.findings.map((f) => f.key).sort());
    const blank = r.findings.find((f) => f.rule === "F-2")!;
    expect(groupOf(r, blank.key)!.findings).toEqual([blank.key]);
  });
});
