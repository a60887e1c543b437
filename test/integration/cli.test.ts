import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";

/**
 * The `nianbao` CLI driven as a user drives it: a separate node process, run from a temp
 * directory, reading and writing real files, through `bin/nianbao.js` (what `npx nianbao` runs):
 * the precompiled CLI, or with NIANBAO_CLI=source the TypeScript sources (test/integration/cli-shell.test.ts
 * covers npx, .bin links and pipes).
 */

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-cli-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function nianbao(args: string[], via: "build" | "source" = "build"): Run {
  const env = { ...process.env, NO_COLOR: "1", NIANBAO_CLI: via === "source" ? "source" : "" };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000, env });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const at = (file: string) => join(dir, file);
const HAN = /[\u4e00-\u9fff]/;
const STACK = /^\s{4}at /m;

/** A usage error: exit 2, a Chinese message on stderr, nothing on stdout, no stack trace. */
function expectUsageError(r: Run, fragment: string | RegExp) {
  const context = `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  expect(`${r.status} ${context}`).toBe(`2 ${context}`);
  expect(r.stderr).toMatch(HAN);
  expect(r.stderr).toMatch(fragment);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/\b(TypeError|ReferenceError|SyntaxError|ZodError)\b/);
  expect(r.stdout).toBe("");
}

interface CellJson {
  id: string;
  sheet: string;
  address: string;
  table: string;
  row: string[];
  column: string[];
  kind: "input" | "formula";
  unit: string;
}

interface FindingJson {
  rule: string;
  severity: "error" | "warning";
  message: string;
  cells: { id: string; sheet: string; address: string }[];
  left: number | string | null;
  right: number | null;
  diff: number | null;
  key: string;
  fix?: number | null;
  group: string;
}

interface GroupJson {
  id: string;
  lead: { id: string; sheet: string; address: string } | null;
  fix: number | null;
  findings: string[];
}

interface ReportJson {
  findings: FindingJson[];
  groups: GroupJson[];
  summary: { errors: number; warnings: number; passed: number; accepted: number };
}

function build(name: string, values: Record<string, number | string | null>): string {
  writeFileSync(at(`${name}.json`), JSON.stringify(values));
  const r = nianbao(["build", "--year", "2021", "--org", "某某局", "--data", `${name}.json`, "--out", `${name}.xlsx`]);
  expect(`${r.status} ${r.stderr}`).toMatch(/^0 /);
  expect(r.stderr).toContain(`已生成 ${name}.xlsx`);
  return `${name}.xlsx`;
}

function validateJson(file: string): { status: number | null; report: ReportJson } {
  const r = nianbao(["validate", file, "--json"]);
  expect(r.stderr).not.toMatch(STACK);
  const report = JSON.parse(r.stdout) as ReportJson;
  // The stable --json shape.
  expect(Array.isArray(report.findings)).toBe(true);
  for (const f of report.findings) {
    for (const k of ["rule", "severity", "message", "cells", "left", "right", "diff"]) expect(f).toHaveProperty(k);
    expect(["error", "warning"]).toContain(f.severity);
    expect(f.message).toMatch(HAN);
    for (const c of f.cells) expect(Object.keys(c).sort()).toEqual(["address", "id", "sheet"]);
  }
  for (const k of ["errors", "warnings", "passed", "accepted"] as const) expect(Number.isInteger(report.summary[k])).toBe(true);
  expect(report.summary.errors).toBe(report.findings.filter((f) => f.severity === "error").length);
  expect(report.summary.warnings).toBe(report.findings.filter((f) => f.severity === "warning").length);
  expect(r.status).toBe(report.summary.errors > 0 ? 1 : 0);
  return { status: r.status, report };
}

let cells2021: CellJson[];
/** All input cells 0, plus a few that keep every table balanced. */
let consistent: Record<string, number | string | null>;

describe("nianbao cells", () => {
  test("--year 2021 --json prints every statutory cell with the stable keys", () => {
    const r = nianbao(["cells", "--year", "2021", "--json"], "source");
    expect(r.status).toBe(0);
    cells2021 = JSON.parse(r.stdout) as CellJson[];
    expect(Array.isArray(cells2021)).toBe(true);
    expect(cells2021.length).toBeGreaterThan(150);
    for (const c of cells2021) {
      expect(Object.keys(c).sort()).toEqual(["address", "column", "id", "kind", "row", "sheet", "table", "unit"]);
      expect(["input", "formula"]).toContain(c.kind);
      expect(c.address).toMatch(/^[A-Z]+\d+$/);
      expect(Array.isArray(c.row) && Array.isArray(c.column)).toBe(true);
    }
    expect(new Set(cells2021.map((c) => c.id)).size).toBe(cells2021.length);
    expect(cells2021.find((c) => c.id === "t3.granted.natural")).toMatchObject({ sheet: "表三", table: "表三", kind: "input" });
    expect(cells2021.find((c) => c.id === "t3.new.total")).toMatchObject({ sheet: "表三", kind: "formula" });
  });

  test.each(["2018", "2099"])("--year %s is refused with exit 2 and a zh-CN message", (year) => {
    const r = nianbao(["cells", "--year", year]);
    expectUsageError(r, "不支持的报告年度");
    expect(r.stderr).toContain(year);
  });
});

describe("nianbao build + validate", () => {
  beforeAll(() => {
    if (!cells2021) cells2021 = JSON.parse(nianbao(["cells", "--year", "2021", "--json"]).stdout) as CellJson[];
    consistent = Object.fromEntries(cells2021.filter((c) => c.kind === "input").map((c) => [c.id, 0]));
    Object.assign(consistent, {
      "t3.new.natural": 5,
      "t3.granted.natural": 3,
      "t3.carriedNext.natural": 2,
      "t3.new.commercial": 4,
      "t3.carried.commercial": 1,
      "t3.partial.commercial": 5,
      "t4.review.upheld": 1,
      "t4.direct.pending": 2,
      "t2.regulations.issued": 7,
    });
    for (const id of Object.keys(consistent)) expect(cells2021.find((c) => c.id === id)?.kind).toBe("input");
  });

  test("a consistent, fully filled report exits 0 with no 错误", () => {
    const file = build("ok", consistent);
    const { status, report } = validateJson(file);
    expect(status).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
    expect(report.summary.passed).toBeGreaterThan(50);

    const human = nianbao(["validate", file]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain("某某局 2021 年度");
    expect(human.stdout).toContain("错误 0");
    expect(human.stdout).toContain("全部规则通过");
  });

  test("表三 off by one exits 1 with a T3-1 finding naming 表三 cells", () => {
    const file = build("off", { ...consistent, "t3.granted.natural": 4 });
    const { status, report } = validateJson(file);
    expect(status).toBe(1);
    const t31 = report.findings.filter((f) => f.rule === "T3-1");
    // The 自然人 column and, through the derived totals, the 总计 column.
    expect(t31.map((f) => f.key).sort()).toEqual(["T3-1@natural", "T3-1@total"]);
    const f = t31.find((x) => x.key === "T3-1@natural")!;
    expect(f.severity).toBe("error");
    expect(f.message).toContain("表三");
    expect(f.message).toContain("自然人");
    expect({ left: f.left, right: f.right, diff: f.diff }).toEqual({ left: 5, right: 6, diff: -1 });
    expect(f.cells.length).toBeGreaterThan(0);
    for (const c of f.cells) expect(c.sheet).toBe("表三");
    expect(f.cells.map((c) => c.id)).toEqual(expect.arrayContaining(["t3.new.natural", "t3.carriedNext.natural", "t3.total.natural"]));
    expect(f.cells.find((c) => c.id === "t3.new.natural")?.address).toBe(cells2021.find((c) => c.id === "t3.new.natural")!.address);
  });

  describe("badly typed values", () => {
    const typed = {
      "t3.partial.research": "１２",
      "t3.withheld.safety.legalService": "12件",
      "t4.review.corrected": " 12 ",
      "t2.regulations.repealed": "12",
    } as const;
    let report: ReportJson;
    let status: number | null;
    let file: string;

    beforeAll(() => {
      file = build("typed", { ...consistent, ...typed, "t3.new.total": 99, "t3.other.other.natural": null });
      ({ status, report } = validateJson(file));
    });

    test("exits 1", () => expect(status).toBe(1));

    test.each(Object.entries(typed))("%s = %j gives F-1 on that cell with fix 12", (id, value) => {
      const f1 = report.findings.filter((f) => f.rule === "F-1" && f.cells.some((c) => c.id === id));
      expect(f1).toHaveLength(1);
      const [f] = f1;
      const cell = cells2021.find((c) => c.id === id)!;
      expect(f.severity).toBe("error");
      expect(f.cells).toEqual([{ id, sheet: cell.sheet, address: cell.address }]);
      expect(f.fix).toBe(12);
      expect(f.left).toBe(value);
      expect(f.message).toContain(cell.address);
      expect(f.message).toContain(`“${value}”`);
    });

    test("F-1 names only the badly typed cells", () => {
      const named = report.findings.filter((f) => f.rule === "F-1").flatMap((f) => f.cells.map((c) => c.id));
      expect(named.sort()).toEqual(Object.keys(typed).sort());
    });

    test("a value typed over a derived cell replaces its formula and T3-3 judges it", () => {
      const t33 = report.findings.filter((f) => f.rule === "T3-3" && f.cells.some((c) => c.id === "t3.new.total"));
      expect(t33).toHaveLength(1);
      expect(t33[0]).toMatchObject({ severity: "error", left: 9, right: 99, diff: -90 });
      expect(t33[0].message).toContain("一、本年新收政府信息公开申请数量");
      // Only the row with the overwritten total fails T3-3: every other total is still a formula.
      expect(report.findings.filter((f) => f.rule === "T3-3")).toHaveLength(1);
    });

    test("the findings one typed-over total causes are one group led by that cell, in --json and in the text", () => {
      const total = cells2021.find((c) => c.id === "t3.new.total")!;
      const led = report.groups.filter((g) => g.lead?.id === total.id);
      expect(led).toHaveLength(1);
      const [group] = led;
      expect(group.lead).toEqual({ id: total.id, sheet: "表三", address: total.address });
      expect(group.fix).toBe(9);
      // Its row's T3-3 (the 总计 column's T3-1 is broken by the text typed into other cells as well).
      expect(group.findings).toContain("T3-3@new");
      for (const key of group.findings) expect(report.findings.find((f) => f.key === key)?.group).toBe(group.id);
      // Every finding has a group; the others are groups of their own.
      for (const f of report.findings) expect(report.groups.find((g) => g.id === f.group)?.findings).toContain(f.key);
      const text = nianbao(["validate", file]).stdout;
      expect(text).toContain("按原因分组：");
      expect(text).toContain(`${group.id} 同一原因的 ${group.findings.length} 处问题：表三 ${total.address}（汇总单元格的公式被数值覆盖，应为 9）`);
    });

    test("null leaves the cell blank: an F-2 提示 (warning), not an error", () => {
      const f2 = report.findings.filter((f) => f.rule === "F-2");
      expect(f2).toHaveLength(1);
      expect(f2[0].severity).toBe("warning");
      expect(f2[0].cells.map((c) => c.id)).toEqual(["t3.other.other.natural"]);
      expect(f2[0].message).toContain("未填写");
    });

    test("human output is Chinese and groups findings under one heading per rule", () => {
      const r = nianbao(["validate", file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("");
      const lines = r.stdout.split("\n");
      expect(lines[0]).toMatch(/^年报校验：某某局 2021 年度/);
      expect(lines[1]).toMatch(new RegExp(`^错误 ${report.summary.errors} · 提示 ${report.summary.warnings} · 通过 \\d+$`));
      const rules = [...new Set(report.findings.map((f) => f.rule))];
      expect(rules.length).toBeGreaterThanOrEqual(3);
      const headings = lines.filter((l) => /^(S|F|T\d)-\d /.test(l));
      expect(headings.map((h) => h.split(" ")[0])).toEqual(rules);
      for (const rule of rules) {
        const heading = headings.find((h) => h.startsWith(`${rule} `))!;
        const count = report.findings.filter((f) => f.rule === rule).length;
        expect(heading).toMatch(new RegExp(` — (错误|提示) ${count} 处$`));
        expect(heading).toMatch(HAN);
      }
      // Every finding is printed under its heading, with a ✗ (错误) or ! (提示) mark.
      expect(lines.filter((l) => /^ {2}[✗!] /.test(l))).toHaveLength(report.findings.length);
      expect(r.stdout).toContain("“１２”使用了全角数字");
      expect(r.stdout).toContain("提示");
    });
  });
});

describe("bad input: exit 2 with a clear zh-CN message", () => {
  test("validate a missing file", () => {
    expectUsageError(nianbao(["validate", "no-such-report.xlsx"]), /无法读取工作簿 no-such-report\.xlsx：文件不存在/);
  });

  test("validate a text file renamed .xlsx", () => {
    writeFileSync(at("notes.xlsx"), "这不是 Excel 文件，只是一段文字。\n");
    expectUsageError(nianbao(["validate", "notes.xlsx"]), /不是有效的 \.xlsx 文件/);
  });

  test("validate a workbook Nianbao did not make", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(["姓名", "件数"]);
    ws.addRow(["张三", 12]);
    wb.addWorksheet("Data").getCell("A1").value = { formula: "Sheet1!B2*2", result: 24 };
    await wb.xlsx.writeFile(at("foreign.xlsx"));
    expectUsageError(nianbao(["validate", "foreign.xlsx", "--json"]), /不是年报（Nianbao）工作簿/);
  });

  test("build with an unknown cell id in values.json", () => {
    writeFileSync(at("unknown.json"), JSON.stringify({ "t3.new.natural": 1, "t9.nonsense.cell": 2 }));
    const r = nianbao(["build", "--year", "2021", "--org", "某某局", "--data", "unknown.json", "--out", "unknown.xlsx"]);
    expectUsageError(r, /不存在的单元格编号：t9\.nonsense\.cell/);
    expect(r.stderr).not.toContain("t3.new.natural");
    expect(r.stderr).toContain("nianbao cells --year 2021");
  });

  test("build with invalid JSON", () => {
    writeFileSync(at("broken.json"), '{"t3.new.natural": 1,');
    expectUsageError(nianbao(["build", "--year", "2021", "--data", "broken.json", "--out", "broken.xlsx"]), /broken\.json 不是有效的 JSON/);
  });

  test("build without --out", () => {
    const r = nianbao(["build", "--year", "2021", "--org", "某某局"]);
    expectUsageError(r, /缺少 --out/);
    expect(r.stderr).toContain("用法");
  });

  test("an unknown command", () => {
    const r = nianbao(["check", "r.xlsx"]);
    expectUsageError(r, /未知命令：check/);
    expect(r.stderr).toContain("nianbao validate");
  });
});
