import { getFormat } from "../../src/format/registry";
import { validateSnapshot } from "../../src/rules/validate";
import type { RawValue } from "../../src/workbook/snapshot";
import { memoryFor, sheetVerdicts, snapshotOf, typeValues } from "../support/workbooks";

const model = getFormat("2021");
const num = (value: number): RawValue => ({ type: "number", value });
const text = (value: string): RawValue => ({ type: "text", value });

/** Every input 0 except two natural-person applications, granted: all rules pass. */
function baseline(): Map<string, RawValue> {
  const values = new Map<string, RawValue>();
  for (const c of model.cells) if (c.kind === "input") values.set(c.id, num(0));
  values.set("t3.new.natural", num(2));
  values.set("t3.granted.natural", num(2));
  return values;
}

async function failing(changes: [string, RawValue][]) {
  const values = baseline();
  for (const [id, v] of changes) values.set(id, v);
  const mem = await memoryFor(model, 2023);
  typeValues(mem, model, values);
  const report = validateSnapshot(await snapshotOf(mem));
  const js = report.results
    .filter((r) => r.verdict !== "通过")
    .map((r) => r.instance.key)
    .sort();
  const sheet = sheetVerdicts(mem)
    .filter((s) => s.verdict !== "通过")
    .map((s) => s.key)
    .sort();
  return { js, sheet, report };
}

describe("each kind of injected error flips exactly the rule instances it should", () => {
  test("the baseline passes every rule, in JS and in the sheet", async () => {
    const { js, sheet } = await failing([]);
    expect(js).toEqual([]);
    expect(sheet).toEqual([]);
  });

  const cases: [string, [string, RawValue][], string[]][] = [
    ["a wrong count in （一）予以公开", [["t3.granted.natural", num(3)]], ["T3-1@natural", "T3-1@total"]],
    ["full-width digits", [["t3.granted.natural", text("２")]], ["F-1@t3.granted", "T3-1@natural", "T3-1@total"]],
    ["a unit typed in the cell", [["t3.granted.natural", text("2件")]], ["F-1@t3.granted", "T3-1@natural", "T3-1@total"]],
    ["spaces around the number", [["t3.granted.natural", text(" 2 ")]], ["F-1@t3.granted", "T3-1@natural", "T3-1@total"]],
    ["a number stored as text", [["t3.granted.natural", text("2")]], ["F-1@t3.granted", "T3-1@natural", "T3-1@total"]],
    // A blank is unknown (≥ 0): T3-1 and T3-3 cannot be decided (无法判断), F-2 names the cell.
    ["a blank cell", [["t3.new.natural", { type: "blank" }]], ["F-2@t3.new", "T3-1@natural", "T3-1@total", "T3-3@new"]],
    [
      "negatives that still balance",
      [
        ["t3.new.commercial", num(-1)],
        ["t3.granted.commercial", num(-1)],
      ],
      ["F-1@t3.granted", "F-1@t3.new"],
    ],
    [
      "decimals in counts that still balance",
      [
        ["t3.new.natural", num(2.5)],
        ["t3.granted.natural", num(2.5)],
      ],
      ["F-1@t3.granted", "F-1@t3.new"],
    ],
    ["a value typed over the 总计 column", [["t3.new.total", num(5)]], ["T3-1@total", "T3-3@new"]],
    ["a value typed over （七）总计", [["t3.total.natural", num(5)]], ["T3-1@natural", "T3-1@total", "T3-2@natural", "T3-2@total"]],
    ["a value typed over 表四 行政复议 总计", [["t4.review.total", num(3)]], ["T4-1@review"]],
    [
      "a wrong 表四 result",
      [
        ["t4.afterReview.pending", num(1)],
        ["t4.afterReview.total", num(2)],
      ],
      ["T4-1@afterReview"],
    ],
    ["a formula typed into an input", [["t3.granted.natural", { type: "formula", formula: "=1+1", result: num(2) }]], ["F-1@t3.granted"]],
    [
      "an error value",
      [["t3.granted.natural", { type: "error", value: "#N/A" }]],
      ["F-1@t3.granted", "T3-1@natural", "T3-1@total", "T3-2@natural", "T3-2@total", "T3-3@granted", "T3-3@total"],
    ],
    ["an amount with more than 6 decimals", [["t2.fees.amount", num(1.2345678)]], ["F-1@t2.fees"]],
    ["an amount to the 分 is fine", [["t2.fees.amount", num(1234.567891)]], []],
    ["text that is not a number", [["t4.direct.other", text("无")]], ["F-1@t4.cases"]],
  ];

  test.each(cases)("%s", async (_name, changes, expected) => {
    const { js, sheet } = await failing(changes);
    expect(js).toEqual([...expected].sort());
    expect(sheet).toEqual([...expected].sort());
  });

  test("findings name the right cells and numbers", async () => {
    const { report } = await failing([["t3.granted.natural", num(3)]]);
    const f = report.findings.find((x) => x.key === "T3-1@natural")!;
    expect(f).toMatchObject({ rule: "T3-1", severity: "error", left: 2, right: 3, diff: -1 });
    expect(f.cells.map((c) => `${c.sheet}!${c.address}`)).toEqual(["表三!D5", "表三!D6", "表三!D28", "表三!D29"]);
    expect(f.message).toContain("表三“自然人”列：第一项加第二项之和为 2，第三项（七）总计加第四项之和为 3，相差 -1");
    expect(f.message).toContain("国办公开办函〔2021〕30号");
  });

  test.each([
    ["２", "使用了全角数字", 2],
    ["2件", "带有单位“件”", 2],
    [" 2 ", "含有空格", 2],
    ["2", "数字以文本形式存储", 2],
    ["1,234", "千分位", 1234],
    ["abc", "不是数字", null],
  ])("F-1 explains %p and offers the fix", async (typed, words, fix) => {
    const { report } = await failing([["t3.granted.natural", text(typed)]]);
    const f = report.findings.find((x) => x.rule === "F-1")!;
    expect(f.cells).toEqual([{ id: "t3.granted.natural", sheet: "表三", address: "D7" }]);
    expect(f.message).toContain("表三 D7");
    expect(f.message).toContain(words);
    expect(f.fix).toBe(fix);
    expect(f.left).toBe(typed);
  });

  test("a blank is a 提示 that asks for 0, never a silent zero", async () => {
    const { report } = await failing([["t3.carried.research", { type: "blank" }]]);
    const f = report.findings.find((x) => x.rule === "F-2")!;
    expect(f.severity).toBe("warning");
    expect(f.message).toContain("如为零请填 0");
    expect(f.cells).toEqual([{ id: "t3.carried.research", sheet: "表三", address: "F6" }]);
  });
});
