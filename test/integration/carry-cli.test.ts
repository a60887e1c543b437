import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";

/** `nianbao build --last-year` as a user runs it: real files, a separate process. */

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-carry-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nianbao(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const at = (f: string) => join(dir, f);

test("build --last-year fills 上年结转 from last year's 结转下年度; an edit to differ fails X-1", async () => {
  // Last year (2020, 2019 format): 结转下年度 per column, and 表三 reconciling.
  const last: Record<string, number> = {};
  const next = { natural: 3, commercial: 1, research: 0, publicWelfare: 0, legalService: 2, otherOrg: 0 };
  for (const [col, v] of Object.entries(next)) {
    last[`t3.new.${col}`] = v + 5;
    last[`t3.carried.${col}`] = 0;
    last[`t3.granted.${col}`] = 5;
    last[`t3.carriedNext.${col}`] = v;
  }
  writeFileSync(at("2020.json"), JSON.stringify(last));
  let r = nianbao(["build", "--year", "2020", "--org", "某某县科学技术局", "--data", "2020.json", "--out", "2020.xlsx"]);
  expect(r.status).toBe(0);

  r = nianbao(["build", "--year", "2021", "--last-year", "2020.xlsx", "--out", "2021.xlsx"]);
  expect(r.stderr).toContain("从 2020 年度报告结转 7 项，已标记“来自上年，待确认”。");
  expect(r.stderr).toMatch(/其表二没有“现行有效件数”/);
  expect(r.status).toBe(0);

  const model = getFormat("2021");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(at("2021.xlsx"));
  const t3 = wb.getWorksheet("表三")!;
  for (const [col, v] of Object.entries(next)) expect(t3.getCell(model.cellById.get(`t3.carried.${col}`)!.address).value).toBe(v);
  expect(wb.getWorksheet("封面")!.getCell("B3").value).toBe("某某县科学技术局");

  r = nianbao(["validate", "2021.xlsx", "--json"]);
  expect(JSON.parse(r.stdout).findings.filter((f: { rule: string }) => f.rule.startsWith("X-"))).toEqual([]);

  // The preparer changes a carried cell: X-1 names it, with both sides.
  const legal = model.cellById.get("t3.carried.legalService")!;
  t3.getCell(legal.address).value = 4;
  await wb.xlsx.writeFile(at("2021-edited.xlsx"));
  r = nianbao(["validate", "2021-edited.xlsx", "--json"]);
  expect(r.status).toBe(1);
  const x1 = JSON.parse(r.stdout).findings.filter((f: { rule: string }) => f.rule === "X-1");
  expect(x1).toEqual([
    expect.objectContaining({
      rule: "X-1",
      severity: "error",
      left: 4,
      right: 2,
      diff: 2,
      cells: [{ id: "t3.carried.legalService", sheet: "表三", address: legal.address }],
    }),
  ]);
  r = nianbao(["validate", "2021-edited.xlsx"]);
  expect(r.stdout).toContain("表三“法律服务机构”列：本年“二、上年结转政府信息公开申请数量”为 4，2020 年度报告“四、结转下年度继续办理”为 2，相差 2。");
});

test("build --last-year refuses a report of the wrong year or kind, by name (exit 2)", () => {
  let r = nianbao(["build", "--year", "2020", "--org", "某某局", "--out", "2020b.xlsx"]);
  expect(r.status).toBe(0);
  r = nianbao(["build", "--year", "2022", "--last-year", "2020b.xlsx", "--out", "x.xlsx"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("上年报告（2020b.xlsx）为 2020 年度，本年报告为 2022 年度：只能从 2021 年度报告结转。");
  writeFileSync(at("notes.docx"), "x");
  r = nianbao(["build", "--year", "2021", "--last-year", "notes.docx", "--out", "x.xlsx"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/上年文件 notes.docx：文件扩展名为 .docx，但内容不是 Word 文档/);
  r = nianbao(["build", "--year", "2021", "--last-year", "missing.xlsx", "--out", "x.xlsx"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("无法读取上年文件 missing.xlsx：文件不存在");
  expect(r.stderr).not.toMatch(/^\s{4}at /m);
});

test("build --last-year last.txt: last year's published report, through the importer", async () => {
  copyFileSync(join(ROOT, "test/fixtures/import/word-units-2022.txt"), at("2022年报.txt"));
  const r = nianbao(["build", "--year", "2023", "--last-year", "2022年报.txt", "--out", "2023.xlsx"]);
  expect(r.stderr).toContain("从 2022 年度报告结转 9 项");
  expect(r.status).toBe(0);
  const model = getFormat("2021");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(at("2023.xlsx"));
  const value = (id: string) => wb.getWorksheet(model.cellById.get(id)!.sheet)!.getCell(model.cellById.get(id)!.address).value;
  expect(value("t3.carried.natural")).toBe(1);
  expect(value("t3.carried.legalService")).toBe(1);
  expect(value("t2.normative.inForce")).toBe(27);
  expect(wb.getWorksheet("封面")!.getCell("B3").value).toBe("某市市场监督管理局");
});
