/// <reference types="office-js" />
import { reportDocx } from "../../src/export/docx";
import { detectCapabilities } from "../../src/host/capabilities";
import { MemoryWorkbook } from "../../src/host/memory";
import { OfficeWorkbook } from "../../src/host/office";
import { restorePlan } from "../../src/workbook/operations";
import { sheetsToRead } from "../../src/workbook/read";
import { FULL_HOST } from "../../src/taskpane/host";
import { runSelfTest, selfTestReport } from "../../src/taskpane/selftest";
import { FakeExcel, type FakeExcelOptions } from "../support/fakeExcel";

/** 自检 as CI runs it: against the fake Excel (at the newest and the minimum level) and the memory workbook. */

jest.setTimeout(120_000);

const STEPS = ["检查工作簿", "生成报表", "填写一致的数据", "校验（应全部通过）", "改坏一格", "校验（应报 T3-1）", "定位", "导出"];

async function selfTestOn(options: FakeExcelOptions) {
  const excel = new FakeExcel(options);
  const host = detectCapabilities(excel.requirements, excel.officePlatform);
  const port = new OfficeWorkbook(excel, { features: host.features, restore: { sheets: sheetsToRead(), plan: restorePlan } });
  const seen: number[] = [];
  const steps = await runSelfTest(port, { host, makeDocx: reportDocx, readFile: async () => Uint8Array.from([0x50, 0x4b, ...new Array(4000).fill(0)]) }, (s) =>
    seen.push(s.length),
  );
  return { steps, host, excel, seen };
}

test.each([
  ["the newest Excel (Windows)", {}],
  ["ExcelApi 1.7 (Office 2019)", { level: "1.7" }],
  ["Excel for Mac", { platform: "mac" as const }],
])("自检 passes every step on %s", async (_label, options) => {
  const { steps, host, seen } = await selfTestOn(options);
  expect(steps.map((s) => `${s.name}:${s.status}${s.status === "pass" ? "" : ` ${s.detail}`}`)).toEqual(STEPS.map((name) => `${name}:pass`));
  expect(seen).toEqual(STEPS.map((_, i) => i + 1));
  expect(steps.find((s) => s.name === "定位")?.detail).toMatch(/^选中 表三!D5，高亮 4 个单元格后已清除$/);
  expect(steps.at(-1)?.detail).toMatch(/Word \d+ KB，工作簿 \d+ KB/);
  const text = selfTestReport(steps, host, "0.1.0", "jest");
  expect(text).toMatch(/^年报 0\.1\.0 自检 /);
  expect(text).toContain("8. 导出：通过");
});

test("自检 refuses a workbook that already holds a report, and says why; later steps do not run", async () => {
  const { excel } = await selfTestOn({});
  const host = detectCapabilities(excel.requirements, excel.officePlatform);
  const steps = await runSelfTest(new OfficeWorkbook(excel), { host });
  expect(steps[0]).toMatchObject({ status: "fail", detail: expect.stringMatching(/^当前工作簿已有年报表格（.*）。.*请新建一个空白工作簿/) });
  expect(steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
});

test("a failing step shows Excel's own error text", async () => {
  const excel = new FakeExcel();
  excel.failWhen((cmd) => cmd.name === "Range.merge", "GeneralException", "内部错误 0x800A03EC");
  const host = detectCapabilities(excel.requirements, excel.officePlatform);
  const steps = await runSelfTest(new OfficeWorkbook(excel), { host });
  expect(steps[1]).toMatchObject({ name: "生成报表", status: "fail", detail: expect.stringContaining("内部错误 0x800A03EC") });
});

test("自检 also runs on the memory workbook (the playground)", async () => {
  const steps = await runSelfTest(new MemoryWorkbook(), { host: FULL_HOST });
  expect(steps.map((s) => s.status)).toEqual(STEPS.map(() => "pass"));
});
