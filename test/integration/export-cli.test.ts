import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { parse } from "node-html-parser";
import { formatForYear } from "../../src/format/registry";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx } from "../support/read";
import { cellNumber } from "../../src/rules/evaluate";
import { validateSnapshot } from "../../src/rules/validate";
import { buildPlan, CHECK_FIRST_ROW, CHECK_SHEET } from "../../src/workbook/plan";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";

/**
 * `nianbao export` as a user runs it: refused with the findings while a 错误 or an unexplained
 * 提示 remains; otherwise the .docx, .html, a clean .xlsx and the 填报说明 beside the .docx.
 */

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-export-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (file: string) => join(dir, file);

function nianbao(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 90_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TEXTS = ["本年度全面推进政务公开。", "", "", "", "公开栏目更新不够及时，下一步将建立定期检查制度。", "本年度未收取信息处理费。"];

async function workbook(file: string, values: Map<string, RawValue>, explanations = new Map<string, string>(), org = "某某区司法局", texts = TEXTS) {
  const narrative = texts.flatMap((text, part) => (text ? [{ part, segments: [{ kind: "text" as const, text }] }] : []));
  const plan = buildPlan(formatForYear(2021), { year: 2021, cover: { orgName: org, preparer: "张三" }, values, explanations, narrative });
  writeFileSync(at(file), await planToXlsx(plan));
}

const filled = () => consistentValues(formatForYear(2021), rng(11));

async function docxText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(at(file)));
  return (await zip.file("word/document.xml")!.async("string")).replace(/<[^>]+>/g, "");
}

test("a 错误 blocks export: exit 1, the findings printed, nothing written", async () => {
  const values = filled();
  values.set("t3.new.natural", { type: "number", value: 999 });
  await workbook("broken.xlsx", values);
  const r = nianbao(["export", "broken.xlsx", "--docx", "broken.docx", "--html", "broken.html"]);
  expect(r.status).toBe(1);
  expect(r.stdout).toContain("T3-1");
  expect(r.stdout).toContain("表三“自然人”列");
  expect(r.stdout).toContain("不能导出");
  expect(existsSync(at("broken.docx"))).toBe(false);
  expect(existsSync(at("broken.html"))).toBe(false);
});

test("a 提示 without 说明 blocks; with its 说明 export goes ahead and writes the 填报说明 beside the .docx", async () => {
  const values = filled();
  values.delete("t4.review.upheld");
  await workbook("warned.xlsx", values);
  const blocked = nianbao(["export", "warned.xlsx", "--docx", "warned.docx"]);
  expect(blocked.status).toBe(1);
  expect(blocked.stdout).toContain("F-2");
  expect(blocked.stdout).toContain("1 处提示未填写说明");
  expect(existsSync(at("warned.docx"))).toBe(false);

  const key = validateSnapshot(snapshotFromData(await readXlsx(readFileSync(at("warned.xlsx")), sheetsToRead()))).findings.find(
    (f) => f.severity === "warning",
  )!.key;
  await workbook("accepted.xlsx", values, new Map([[key, "本年度无行政复议维持案件，已核对法制科台账"]]));
  const r = nianbao(["export", "accepted.xlsx", "--docx", "报告.docx", "--html", "报告.html", "--xlsx", "clean.xlsx"]);
  expect(`${r.status} ${r.stderr}`).toMatch(/^0 /);
  expect(r.stderr).toContain("已导出");
  const notes = await docxText("报告-填报说明.docx");
  expect(notes).toContain("某某区司法局2021年政府信息公开工作年度报告填报说明");
  expect(notes).toContain("本年度无行政复议维持案件，已核对法制科台账");
  expect(notes).toContain("表四 A5");
  expect(notes).toContain("填报人：张三");
  const report = await docxText("报告.docx");
  expect(report).toContain("某某区司法局2021年政府信息公开工作年度报告");
  expect(report).toContain("本年度全面推进政务公开。");
  const html = parse(readFileSync(at("报告.html"), "utf8"));
  expect(html.querySelectorAll("table")).toHaveLength(3);

  // --notes names the 填报说明 file.
  const again = nianbao(["export", "accepted.xlsx", "--html", "only.html", "--notes", "说明.docx"]);
  expect(again.status).toBe(0);
  expect(existsSync(at("说明.docx"))).toBe(true);
});

test("the clean .xlsx keeps every value and carries recalculated 校验 verdicts", async () => {
  const values = filled();
  await workbook("ok.xlsx", values);
  const r = nianbao(["export", "ok.xlsx", "--xlsx", "copy.xlsx"]);
  expect(r.status).toBe(0);
  // No 提示 accepted: no 填报说明 is written.
  expect(existsSync(at("ok-填报说明.docx"))).toBe(false);
  const copy = snapshotFromData(await readXlsx(readFileSync(at("copy.xlsx")), sheetsToRead()));
  for (const [id, v] of values) expect([id, copy.values.get(id)]).toEqual([id, v]);
  expect(copy.cover.orgName).toBe("某某区司法局");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(at("copy.xlsx")) as unknown as ArrayBuffer);
  const check = wb.getWorksheet(CHECK_SHEET)!;
  const verdicts: unknown[] = [];
  for (let row = CHECK_FIRST_ROW; check.getCell(row, 1).value; row++) verdicts.push(check.getCell(row, 8).result);
  expect(verdicts.length).toBeGreaterThan(50);
  expect(new Set(verdicts)).toEqual(new Set(["通过"]));
  // A 表三 total carries its computed value.
  const t3 = wb.getWorksheet("表三")!;
  const total = copy.locations.get("t3.total.total")!.address;
  expect(t3.getCell(total).result).toBe(cellNumber(copy, "t3.total.total"));
  expect(cellNumber(copy, "t3.total.total")).toBeGreaterThan(0);
});

test("bad arguments and files: exit 2 with a zh-CN message", async () => {
  await workbook("ok2.xlsx", filled());
  const none = nianbao(["export", "ok2.xlsx"]);
  expect(none.status).toBe(2);
  expect(none.stderr).toContain("请至少指定一个输出");
  const missing = nianbao(["export", "nope.xlsx", "--docx", "x.docx"]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain("文件不存在");
  const ext = nianbao(["export", "ok2.xlsx", "--docx", "x.pdf"]);
  expect(ext.status).toBe(2);
  expect(ext.stderr).toContain("--docx 的文件名须以 .docx 结尾");
  writeFileSync(at("junk.xlsx"), "not a zip");
  const junk = nianbao(["export", "junk.xlsx", "--docx", "x.docx"]);
  expect(junk.status).toBe(2);
  expect(junk.stderr).toContain("不是有效的 .xlsx 文件");
});

describe("nothing unfinished is exported", () => {
  test("a 【请填写…】 prompt left in part 一 is a 错误 naming the part: export refused", async () => {
    const texts = [...TEXTS];
    texts[0] = "本年度全面推进政务公开。【请填写依申请公开工作的做法】";
    await workbook("prompt.xlsx", filled(), new Map(), "某某区司法局", texts);
    const r = nianbao(["export", "prompt.xlsx", "--docx", "prompt.docx"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("P-2");
    expect(r.stdout).toContain("正文第一部分“一、总体情况”仍有未填写的提示语：【请填写依申请公开工作的做法】");
    expect(r.stdout).toContain("不能导出：1 处错误");
    expect(existsSync(at("prompt.docx"))).toBe(false);
  });

  test("an empty 一、总体情况 is a 错误: export refused, naming the part", async () => {
    const texts = [...TEXTS];
    texts[0] = "";
    await workbook("empty-one.xlsx", filled(), new Map(), "某某区司法局", texts);
    const r = nianbao(["export", "empty-one.xlsx", "--html", "empty-one.html"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("P-3");
    expect(r.stdout).toContain("正文第一部分“一、总体情况”为空");
    expect(existsSync(at("empty-one.html"))).toBe(false);
  });

  test("a report whose 正文 was never started is refused", async () => {
    await workbook("no-text.xlsx", filled(), new Map(), "某某区司法局", ["", "", "", "", "", ""]);
    const r = nianbao(["export", "no-text.xlsx", "--docx", "no-text.docx"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("P-3");
    expect(r.stdout).toContain("正文尚未填写（第一部分“一、总体情况”为空）");
    expect(existsSync(at("no-text.docx"))).toBe(false);
  });
});
