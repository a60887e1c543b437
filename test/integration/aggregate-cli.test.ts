import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { getFormat } from "../../src/format/registry";

/** `nianbao aggregate` as a reviewer runs it over a folder of unit workbooks. */

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-agg-"));
  mkdirSync(join(dir, "units"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nianbao(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 90_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function build(year: number, org: string, file: string, data: Record<string, number | string>) {
  writeFileSync(join(dir, "data.json"), JSON.stringify(data));
  const r = nianbao(["build", "--year", String(year), "--org", org, "--data", "data.json", "--out", file]);
  expect(r.status).toBe(0);
}

test("a folder of units: totals by hand, the failing unit excluded and on the board, HTML report written", async () => {
  build(2023, "甲镇人民政府", "units/a.xlsx", { "t3.new.natural": 6, "t3.granted.natural": 6, "t4.review.upheld": 2 });
  build(2023, "乙镇人民政府", "units/b.xlsx", { "t3.new.natural": 4, "t3.granted.natural": 3, "t3.carriedNext.natural": 1, "t2.fees.amount": 0.5 });
  // 1 new against 9 granted, the 新收/上年结转 rows filled: no blank could make T3-1 hold.
  build(2023, "丙镇人民政府", "units/c.xlsx", {
    "t3.new.natural": 1,
    "t3.carried.natural": 0,
    "t3.new.commercial": 0,
    "t3.new.research": 0,
    "t3.new.publicWelfare": 0,
    "t3.new.legalService": 0,
    "t3.new.otherOrg": 0,
    "t3.carried.commercial": 0,
    "t3.carried.research": 0,
    "t3.carried.publicWelfare": 0,
    "t3.carried.legalService": 0,
    "t3.carried.otherOrg": 0,
    "t3.granted.natural": 9,
  });
  build(2022, "丁镇人民政府", "units/d2022.xlsx", { "t3.new.natural": 1, "t3.granted.natural": 1 });

  let r = nianbao(["aggregate", "units", "--out", "total.xlsx", "--report", "board.html", "--org", "某某区人民政府"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(1);
  expect(r.stdout).toContain("汇总：2023 年度 · 2021年格式（国办公开办函〔2021〕30号） · 计入 2 个单位，共 4 个文件");
  expect(r.stdout).toMatch(/✓ units\/a\.xlsx 甲镇人民政府 已计入/);
  // 1 new against 9 granted: T3-1 fails in the 自然人 column and in the 总计 column.
  expect(r.stdout).toMatch(/✗ units\/c\.xlsx 丙镇人民政府 有错误，未计入：T3-1 错误 2 处/);
  expect(r.stdout).toMatch(/✗ units\/d2022\.xlsx 丁镇人民政府 已拒绝：报告年度为 2022（2021年格式（国办公开办函〔2021〕30号）），与多数单位的 2023 年度不同。/);

  const model = getFormat("2021");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, "total.xlsx"));
  const cell = (id: string) => wb.getWorksheet(model.cellById.get(id)!.sheet)!.getCell(model.cellById.get(id)!.address).value;
  expect(cell("t3.new.natural")).toBe(10);
  expect(cell("t3.granted.natural")).toBe(9);
  expect(cell("t3.carriedNext.natural")).toBe(1);
  expect(cell("t4.review.upheld")).toBe(2);
  expect(cell("t2.fees.amount")).toBe(0.5);
  expect(cell("t3.new.commercial")).toBeNull();
  expect(wb.getWorksheet("汇总看板")!.getCell("A1").value).toBe("汇总看板：2023 年度 · 2021年格式（国办公开办函〔2021〕30号） · 计入 2 个单位，共 4 个文件");

  const html = readFileSync(join(dir, "board.html"), "utf8");
  expect(html).toContain("丙镇人民政府");
  expect(html).toContain("有错误，未计入");

  // The total validates like any report.
  r = nianbao(["validate", "total.xlsx", "--json"]);
  expect(JSON.parse(r.stdout).summary.errors).toBe(0);

  // --include-failing adds 丙镇 too; --json lists every unit.
  r = nianbao(["aggregate", "units/a.xlsx", "units/b.xlsx", "units/c.xlsx", "--out", "total2.xlsx", "--include-failing", "--json"]);
  const out = JSON.parse(r.stdout);
  expect(out.totals["t3.new.natural"]).toBe(11);
  expect(out.units.map((u: { status: string }) => u.status)).toEqual(["included", "included", "includedFailing"]);
  expect(r.status).toBe(1);

  r = nianbao(["aggregate", "units/a.xlsx", "units/b.xlsx", "--out", "total3.xlsx"]);
  expect(r.status).toBe(0);
});

test("bad arguments and nothing to sum: exit 2 with a zh-CN message", () => {
  let r = nianbao(["aggregate", "--out", "x.xlsx"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/请指定要汇总的单位报表/);
  r = nianbao(["aggregate", "units/a.xlsx"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/缺少 --out/);
  writeFileSync(join(dir, "junk.xlsx"), "not a workbook");
  r = nianbao(["aggregate", "junk.xlsx", "missing.xlsx", "--out", "x.xlsx"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("没有可汇总的单位");
  expect(r.stderr).not.toMatch(/^\s{4}at /m);
});
