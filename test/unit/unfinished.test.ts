import { narrativeFindings, NARRATIVE_RULES } from "../../src/narrative/check";
import { exportGate } from "../../src/export/gate";
import { validateSnapshot } from "../../src/rules/validate";
import { snapshotWith, textIn } from "../support/narrative";

/** P-2 … P-5: nothing unfinished is exported; 五 and 六 say what the format asks of them. */

const FULL = [
  ...textIn(0, "本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。"),
  ...textIn(4, "政策解读形式较为单一，下一步将增加图解解读；上年度报告所列问题已整改。"),
  ...textIn(5, "本年度未收取信息处理费。"),
];
const rules = (formatId: "2019" | "2021", narrative = FULL) => narrativeFindings(snapshotWith(formatId, {}, narrative)).map((f) => `${f.rule} ${f.severity}`);

test("a finished 正文 raises none of P-2 … P-5", () => {
  expect(rules("2021")).toEqual([]);
  expect(rules("2019")).toEqual([]);
});

test.each([0, 1, 2, 3, 4, 5])("a 【请填写…】 prompt in part %i is a 错误 naming that part", (part) => {
  const narrative = [...FULL, ...textIn(part, "依申请公开工作：【请填写依申请公开工作的做法】。")];
  const f = narrativeFindings(snapshotWith("2021", {}, narrative)).filter((x) => x.rule === "P-2");
  expect(f).toHaveLength(1);
  expect(f[0].severity).toBe("error");
  expect(f[0].message).toContain(`正文第${"一二三四五六"[part]}部分`);
  expect(f[0].message).toContain("【请填写依申请公开工作的做法】");
});

test("an empty 一、总体情况 is a 错误 (P-3); a 正文 never started is refused by the export gate", () => {
  const narrative = FULL.filter((p) => p.part !== 0);
  expect(rules("2021", narrative)).toEqual(["P-3 error"]);
  const empty = snapshotWith("2021", {}, []);
  const gate = exportGate(validateSnapshot(empty), empty);
  expect(gate.ok).toBe(false);
  expect(gate.blockers.map((f) => f.rule)).toContain("P-3");
  expect(gate.blockers.find((f) => f.rule === "P-3")!.message).toContain("正文尚未填写");
});

test.each(NARRATIVE_RULES.p4.emptyWords.map((w) => [w]))("五 that says only “%s” is a 提示 (P-4)", (word) => {
  const narrative = [...FULL.filter((p) => p.part !== 4), ...textIn(4, `${word}。`)];
  expect(rules("2021", narrative)).toEqual(["P-4 warning"]);
});

test("五 that states a problem, even briefly or with 无 inside, passes P-4", () => {
  for (const t of ["无障碍栏目更新不及时，已整改。", "主要问题：解读不够通俗。改进：增加图解。"]) {
    expect(rules("2021", [...FULL.filter((p) => p.part !== 4), ...textIn(4, t)])).toEqual([]);
  }
});

test("2021: a 六 that never states the 信息处理费 is a 提示 (P-5); the 2019 format does not ask it", () => {
  const narrative = [...FULL.filter((p) => p.part !== 5), ...textIn(5, "无。")];
  expect(rules("2021", narrative)).toEqual(["P-5 warning"]);
  expect(rules("2019", narrative)).toEqual([]);
  for (const t of ["本年度未收取信息处理费。", "全年收取政府信息公开信息处理费3940元。", "本机关依法收取信息处理费 0 元"]) {
    expect(rules("2021", [...FULL.filter((p) => p.part !== 5), ...textIn(5, t)])).toEqual([]);
  }
});
