import { validateSnapshot } from "../../src/rules/validate";
import { loadReal, REAL_REPORTS, realSnapshot } from "../support/real";

/**
 * Acceptance on the real published reports (test/fixtures/real, copied from shared/fixtures/real):
 * built from their transcriptions with their own text, each gives exactly the 错误 its notes name
 * (none: every note says "no arithmetic mismatch"), and its blank cells give 无法判断 提示.
 */

/** The 错误 each report's notes name, by rule (the notes name none). */
const NAMED_ERRORS: Record<string, string[]> = {
  "2023-shuyang-fgj": [],
  "2024-huaian-shi": [],
  "2024-shanghai-kewei": [],
  "2025-shuyang-xian": [],
};

describe.each(REAL_REPORTS.map((r) => r.name))("real report %s", (name) => {
  const report = loadReal(name);

  test("its own text is read: the six parts' paragraphs reach the rules", () => {
    const snapshot = realSnapshot(report);
    expect(snapshot.narrative.length).toBeGreaterThan(2);
  });

  test("gives exactly the 错误 its notes name, and no other", () => {
    const result = validateSnapshot(realSnapshot(report));
    const errors = result.findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => `${f.rule} ${f.message}`)).toEqual(NAMED_ERRORS[name]);
  });

  test("its blank cells give 无法判断 提示 naming them, never a 错误 the blanks could clear", () => {
    const snapshot = realSnapshot(report);
    const blanks = [...snapshot.values].filter(([, v]) => v.type === "blank").map(([id]) => id);
    const result = validateSnapshot(snapshot);
    const named = new Set(result.findings.filter((f) => f.severity === "warning").flatMap((f) => f.cells.map((c) => c.id)));
    for (const id of blanks) expect(`${id} ${named.has(id)}`).toBe(`${id} true`);
    for (const f of result.findings.filter((x) => x.cells.some((c) => blanks.includes(c.id)))) expect(`${f.key} ${f.severity}`).toBe(`${f.key} warning`);
  });

  test("the same text with empty tables gives no 错误 at all, only 提示", () => {
    const result = validateSnapshot(realSnapshot(report, { emptyTables: true }));
    expect(result.findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.message}`)).toEqual([]);
    expect(result.summary.warnings).toBeGreaterThan(0);
    // Text numbers the blanks could still reach are 提示 that say so.
    for (const f of result.findings.filter((x) => x.rule === "N-1")) expect(f.message).toContain("表中有未填写的单元格");
  });
});

test("the notes' blank cells: 上海科委 结转下年度 总计, blank in print, is the format's formula in the workbook: no 错误 from it", () => {
  // 导入 writes the format's formula into every derived cell (a blank derived cell would be F-3).
  const result = validateSnapshot(realSnapshot(loadReal("2024-shanghai-kewei")));
  const errors = result.findings.filter((f) => f.severity === "error").map((f) => f.key);
  expect(errors.filter((k) => k === "T3-1@total" || k === "T3-3@carriedNext" || k.startsWith("F-3"))).toEqual([]);
});

test("the notes' reading-dependent count: 沭阳县 受理 749 = 新收 713 + 上年结转 36 is accepted", () => {
  const snapshot = realSnapshot(loadReal("2025-shuyang-xian"));
  const text = snapshot.narrative.map((p) => p.segments.map((s) => (s.kind === "text" ? s.text : "")).join("")).join("\n");
  expect(text).toMatch(/749/);
  expect(validateSnapshot(snapshot).findings.filter((f) => f.rule === "N-1")).toEqual([]);
});
