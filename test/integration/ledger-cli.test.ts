import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatForYear } from "../../src/format/registry";
import { readXlsx } from "../support/read";
import { table3Of } from "../../src/ledger/table3";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import { fixtureXlsx, LEDGER_FIXTURES } from "../support/ledger";

/** `nianbao ledger` as a user runs it: its own process, real files in a temp directory. */

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");
const STACK = /^\s{4}at /m;

let dir: string;
const at = (f: string) => join(dir, f);
const t3 = table3Of(formatForYear(2024));
const id = (row: string, col: string) => t3.cell(row, col).id;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-ledger-"));
  for (const f of ["manual-merged-title", "carry-2023", "carry-2024", "cases-2024"]) writeFileSync(at(`${f}.xlsx`), await fixtureXlsx(`${f}.json`));
  copyFileSync(join(LEDGER_FIXTURES, "gbk-export.csv"), at("台账.csv"));
  writeFileSync(at("junk.csv"), "这不是台账\n只是几行字\n");
  writeFileSync(at("empty.csv"), "");
  writeFileSync(at("old.xls"), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
  writeFileSync(at("header-only.csv"), "申请编号,收到日期,办理结果\n");
  writeFileSync(at("unmapped.csv"), "编号,来文时间,申请人类型,结果,回复时间\n1,2024-03-05,公民,予以公开,2024-03-10\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nianbao(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function valuesOf(file: string) {
  return snapshotFromData(await readXlsx(readFileSync(at(file)), sheetsToRead())).values;
}

function expectRefused(r: ReturnType<typeof nianbao>, fragment: string) {
  expect(`${r.status} ${r.stderr}`).toMatch(/^2 错误：/);
  expect(r.stderr).toContain(fragment);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stdout).toBe("");
}

describe("nianbao ledger", () => {
  test("--org --out: 表三 written from the register, unclassified rows listed (exit 1), and the workbook validates", async () => {
    const r = nianbao("ledger", "manual-merged-title.xlsx", "--year", "2024", "--org", "某某县自然资源局", "--out", "年报.xlsx");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("工作表“2024年台账”，表头在第 3 行 · 2024 年度 · 2021年格式（国办公开办函〔2021〕30号）");
    expect(r.stdout).toContain("申请：本年新收 11 件，上年结转 1 件；本年办结 10 件，结转下年度 2 件；未能分类 5 行，待确认 0 行，不属于本年度 1 行");
    expect(r.stdout).toContain("未能分类 5 行（不计入任何单元格，请在台账中改正后重新生成）：");
    expect(r.stdout).toContain("第 16 行：办理结果“已处理”不在词表中，无法对应到表三的行。申请编号“ZR2024-012”");
    expect(r.stdout).toContain("第 17 行：缺少收到日期。");
    expect(r.stdout).toContain("第 18 行：答复日期（2024年11月4日）早于收到日期（2024年11月11日）。");
    expect(r.stdout).toContain("第 19 行：申请编号“ZR2024-015”重复（第 19、20 行）。");
    expect(r.stdout).toContain("第 12 行 ZR2024-009：超期答复：2024年9月2日起算，期限 20 个工作日至2024年9月30日，2024年10月21日答复");
    expect(r.stdout).toContain(`表三!${t3.cell("granted", "natural").address} （一）予以公开 · 自然人 = 4：第 4 行、第 5 行、第 12 行、第 15 行`);
    expect(r.stdout).toContain("已写入 年报.xlsx（表三的填报单元格）。");

    const values = await valuesOf("年报.xlsx");
    expect(values.get(id("new", "natural"))).toEqual({ type: "number", value: 8 });
    expect(values.get(id("carriedNext", "natural"))).toEqual({ type: "number", value: 2 });
    expect(values.get(id("new", "research"))).toEqual({ type: "number", value: 0 });
    const v = nianbao("validate", "年报.xlsx", "--json");
    const report = JSON.parse(v.stdout) as { findings: { rule: string; severity: string }[] };
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.findings.some((f) => f.rule.startsWith("T3"))).toBe(false);
  });

  test("a GBK CSV whose every row classifies: exit 0", () => {
    const r = nianbao("ledger", "台账.csv", "--year", "2024", "--org", "某局", "--out", "gbk.xlsx");
    expect(`${r.status} ${r.stderr}`).toBe("0 ");
    expect(r.stdout).toContain("台账：台账.csv（GBK）");
    expect(r.stdout).toContain("申请：本年新收 8 件，上年结转 0 件；本年办结 7 件，结转下年度 1 件；未能分类 0 行，待确认 0 行");
    expect(r.stdout).toContain("超期未答复：2024年10月8日起算，期限 20 个工作日至2024年11月4日，截至2024年12月31日仍未答复");
  });

  test("--last-year and --cases: 上年结转 from last year's register, 表四 from the case list", async () => {
    const r = nianbao(
      "ledger",
      "carry-2024.xlsx",
      "--last-year",
      "carry-2023.xlsx",
      "--cases",
      "cases-2024.xlsx",
      "--year",
      "2024",
      "--org",
      "某局",
      "--out",
      "carry.xlsx",
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("上年台账中有 1 条申请也在本年台账中，按本年台账计。");
    expect(r.stdout).toContain("上年台账第 5 行：上年台账中未办结，本年台账中没有这条申请");
    expect(r.stdout).toContain("第 7 行：案件类型“行政诉讼”没有写明是未经复议直接起诉还是复议后起诉。");
    const values = await valuesOf("carry.xlsx");
    expect(values.get(id("carried", "commercial"))).toEqual({ type: "number", value: 1 });
    const t4 = formatForYear(2024).cells.filter((c) => c.tableKey === "t4" && c.kind === "input");
    const t4Values = Object.fromEntries(t4.map((c) => [c.columnKey, values.get(c.id)]));
    expect(t4Values["review.upheld"]).toEqual({ type: "number", value: 1 });
    expect(t4Values["afterReview.pending"]).toEqual({ type: "number", value: 1 });
    expect(t4Values["afterReview.upheld"]).toEqual({ type: "number", value: 0 });
  });

  test("--into: cells typed by hand are shown beside the register's numbers and kept unless --replace", async () => {
    writeFileSync(at("typed.json"), JSON.stringify({ [id("new", "natural")]: 7, [id("granted", "natural")]: 4, "t2.regulations.issued": 3 }));
    const b = nianbao("build", "--year", "2024", "--org", "某某县自然资源局", "--data", "typed.json", "--out", "填好的.xlsx");
    expect(b.status).toBe(0);
    const before = readFileSync(at("填好的.xlsx"));

    const r = nianbao("ledger", "台账.csv", "--year", "2024", "--into", "填好的.xlsx");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("报表中已填写、与台账不同的单元格 2 个：");
    expect(r.stdout).toContain(`表三!${t3.cell("new", "natural").address} 一、本年新收政府信息公开申请数量 · 自然人 | 7 | 5`);
    expect(r.stdout).toContain(`表三!${t3.cell("granted", "natural").address} （一）予以公开 · 自然人 | 4 | 1`);
    expect(r.stdout).toContain("未写入：确认以台账为准后，加 --replace 重新运行。");
    expect(readFileSync(at("填好的.xlsx")).equals(before)).toBe(true);

    const w = nianbao("ledger", "台账.csv", "--year", "2024", "--into", "填好的.xlsx", "--replace");
    expect(`${w.status} ${w.stderr}`).toBe("0 ");
    expect(w.stdout).toContain("已按 --replace 以台账计数替换。");
    const snap = snapshotFromData(await readXlsx(readFileSync(at("填好的.xlsx")), sheetsToRead()));
    expect(snap.values.get(id("new", "natural"))).toEqual({ type: "number", value: 5 });
    // What the register does not cover is kept: 表二, the cover.
    expect(snap.values.get("t2.regulations.issued")).toEqual({ type: "number", value: 3 });
    expect(snap.cover.orgName).toBe("某某县自然资源局");
  });

  test("--into a workbook of another year is refused", () => {
    nianbao("build", "--year", "2023", "--org", "某局", "--out", "2023.xlsx");
    expectRefused(nianbao("ledger", "台账.csv", "--year", "2024", "--into", "2023.xlsx"), "2023.xlsx 是 2023 年度的报表，台账按 2024 年度统计");
  });

  test("--json: applications with their cells, reasons and the trail per cell", () => {
    const r = nianbao("ledger", "manual-merged-title.xlsx", "--year", "2024", "--json");
    expect(r.status).toBe(1);
    const body = JSON.parse(r.stdout) as {
      table3: Record<string, number>;
      trail: Record<string, { source: string; row: number }[]>;
      applications: { row: number; status: string; reason?: string; cellIds: string[]; columnLabel: string | null; resultLabel: string | null }[];
      register: { headerRow: number; columns: { column: string; header: string; field: string | null }[] };
      written: null;
    };
    expect(body.register.headerRow).toBe(3);
    expect(body.table3[id("granted", "natural")]).toBe(4);
    expect(body.trail[id("partial", "natural")]).toEqual([{ source: "register", row: 7 }]);
    const row7 = body.applications.find((a) => a.row === 7);
    expect(row7).toMatchObject({ status: "counted", cellIds: [id("new", "natural"), id("partial", "natural")], columnLabel: "自然人" });
    expect(body.applications.find((a) => a.row === 16)).toMatchObject({
      status: "unclassified",
      reason: "办理结果“已处理”不在词表中，无法对应到表三的行",
      cellIds: [],
    });
    expect(body.written).toBeNull();
  });

  test("--map names a column no synonym knows", () => {
    expectRefused(nianbao("ledger", "unmapped.csv", "--year", "2024"), "中没有找到“收到日期”列。请用 --map 列名=收到日期 指定。");
    const r = nianbao("ledger", "unmapped.csv", "--year", "2024", "--map", "来文时间=收到日期");
    expect(`${r.status} ${r.stderr}`).toBe("0 ");
    expect(r.stdout).toContain("收到日期←B“来文时间”（--map）");
    expectRefused(nianbao("ledger", "unmapped.csv", "--year", "2024", "--map", "来文时间=来文日子"), "没有“来文日子”这个字段");
  });

  test("the mapping is remembered in the report (_nianbao) and used again without --map; the 台账 sheet lists each application", async () => {
    const w = nianbao("ledger", "unmapped.csv", "--year", "2024", "--org", "某局", "--out", "mapped.xlsx", "--map", "来文时间=收到日期");
    expect(`${w.status} ${w.stderr}`).toBe("0 ");
    copyFileSync(at("mapped.xlsx"), at("mapped-again.xlsx"));
    const again = nianbao("ledger", "unmapped.csv", "--year", "2024", "--into", "mapped-again.xlsx");
    expect(`${again.status} ${again.stderr}`).toBe("0 ");
    expect(again.stdout).toContain("收到日期←B“来文时间”（--map）");
    const data = await readXlsx(readFileSync(at("mapped-again.xlsx")), [...sheetsToRead(), "台账"]);
    const snap = snapshotFromData(data);
    expect(snap.ledger?.columns).toEqual([["来文时间", "received"]]);
    expect(snap.ledger?.counts.get(id("granted", "natural"))).toBe(1);
    const sheet = data.sheets.find((s) => s.name === "台账");
    const row = ["A", "B", "C", "H", "I", "J", "K", "L"].map((c) => sheet?.cells.get(`${c}4`));
    expect(row.map((v) => (v?.type === "text" ? v.value : ""))).toEqual([
      "第 2 行",
      "1",
      "2024年3月5日",
      "自然人",
      "（一）予以公开",
      "本年新收",
      `${t3.cell("new", "natural").address}、${t3.cell("granted", "natural").address}`,
      "已计入",
    ]);
  });

  test.each([
    [["junk.csv"], "读不出内容：没有找到表头"],
    [["empty.csv"], "文件是空的"],
    [["old.xls"], "这是旧版 Excel（.xls）或 WPS（.et）文件"],
    [["header-only.csv"], "在表头（第 1 行）下没有任何记录"],
  ])("nothing readable in %s: exit 2 with a zh-CN message", (args, fragment) => {
    expectRefused(nianbao("ledger", ...args, "--year", "2024"), fragment);
  });

  test("bad arguments: exit 2", () => {
    expectRefused(nianbao("ledger", "台账.csv", "--year", "2099"), "不支持的报告年度：2099");
    expectRefused(nianbao("ledger", "台账.csv", "--year", "2024", "--out", "x.xlsx"), "--out 新建报表时须同时给出 --org 机关名称");
    expectRefused(nianbao("ledger", "台账.csv", "--year", "2024", "--into", "台账.csv"), "输出不能覆盖输入");
    expectRefused(nianbao("ledger", "--year", "2024"), "请指定申请台账文件");
  });
});
