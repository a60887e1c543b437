import { exportGate, gateSummary } from "../../src/export/gate";
import { formatReport } from "../../src/cli/report";
import { getFormat } from "../../src/format/registry";
import { findingBasis } from "../../src/rules/review";
import { saveExplanation, validate } from "../../src/workbook/operations";
import { consistentValues, rng } from "../support/generate";
import { memoryFor } from "../support/workbooks";

/**
 * A 说明 stays with its finding: an accepted 提示 keeps its 说明 while its cells and values are
 * unchanged; once they change it shows as 需重新确认 and blocks export until confirmed again.
 */
const model = getFormat("2021");

async function workbook() {
  // A consistent report with one 表三 row left blank: one F-2 提示 (无法判断 for the checks it leaves open).
  const values = consistentValues(model, rng(5));
  for (const c of model.cells.filter((x) => x.kind === "input" && x.rowKey === "partial" && x.tableKey === "t3")) values.set(c.id, { type: "blank" });
  return memoryFor(model, 2023, values);
}

const KEY = "F-2@t3.partial";

test("an accepted 提示 keeps its 说明 across re-validation while its cells and values are unchanged", async () => {
  const mem = await workbook();
  let { report, snapshot } = await validate(mem);
  const f = report.findings.find((x) => x.key === KEY)!;
  expect(f).toMatchObject({ severity: "warning" });
  expect(exportGate(report, snapshot).ok).toBe(false);
  await saveExplanation(mem, snapshot, f.key, "本年度无部分公开的申请，已核对台账", findingBasis(snapshot, f));

  for (let run = 0; run < 3; run++) {
    ({ report, snapshot } = await validate(mem));
    const again = report.findings.find((x) => x.key === KEY)!;
    expect(again).toMatchObject({ explanation: "本年度无部分公开的申请，已核对台账" });
    expect(again.reconfirm).toBeUndefined();
  }
  // Another cell changing does not touch this 说明.
  const other = model.cellById.get("t2.regulations.issued")!;
  mem.setCell(other.sheet, other.address, { type: "number", value: 41 });
  ({ report, snapshot } = await validate(mem));
  expect(report.findings.find((x) => x.key === KEY)!.reconfirm).toBeUndefined();
  const gate = exportGate(report, snapshot);
  expect(gate.accepted.map((x) => x.key)).toEqual([KEY]);
  expect(report.summary.accepted).toBe(1);
});

test("when its cells change, the 说明 shows as 需重新确认 and blocks export until confirmed again", async () => {
  const mem = await workbook();
  let { report, snapshot } = await validate(mem);
  const f = report.findings.find((x) => x.key === KEY)!;
  await saveExplanation(mem, snapshot, f.key, "本年度无部分公开的申请，已核对台账", findingBasis(snapshot, f));

  // One of the row's blank cells is filled: the row is still partly blank (same finding), but not the same.
  const cell = model.cellById.get("t3.partial.natural")!;
  mem.setCell(cell.sheet, cell.address, { type: "number", value: 0 });
  ({ report, snapshot } = await validate(mem));
  const changed = report.findings.find((x) => x.key === KEY)!;
  expect(changed).toMatchObject({ explanation: "本年度无部分公开的申请，已核对台账", reconfirm: true });
  expect(report.summary.accepted).toBe(0);
  const gate = exportGate(report, snapshot);
  expect(gate.ok).toBe(false);
  expect(gate.blockers.map((x) => x.key)).toContain(KEY);
  expect(gate.accepted).toEqual([]);
  expect(gateSummary(gate)).toContain("1 处说明需重新确认");
  expect(formatReport("某局", report)).toContain("说明（需重新确认：相关单元格已改动）：本年度无部分公开的申请，已核对台账");

  // Confirmed again (the same words, now for these values): accepted, export no longer blocked by it.
  await saveExplanation(mem, snapshot, changed.key, changed.explanation!, findingBasis(snapshot, changed));
  ({ report, snapshot } = await validate(mem));
  expect(report.findings.find((x) => x.key === KEY)!.reconfirm).toBeUndefined();
  expect(exportGate(report, snapshot).accepted.map((x) => x.key)).toEqual([KEY]);
});

test("a 说明 survives save and reopen with what it was written for", async () => {
  const mem = await workbook();
  const { report, snapshot } = await validate(mem);
  const f = report.findings.find((x) => x.key === KEY)!;
  await saveExplanation(mem, snapshot, f.key, "已核对", findingBasis(snapshot, f));
  const reread = await validate(mem);
  expect(reread.snapshot.explanationBasis?.get(KEY)).toBe(findingBasis(snapshot, f));
  expect(reread.snapshot.explanations.get(KEY)).toBe("已核对");
});
