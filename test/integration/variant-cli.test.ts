import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import JSZip from "jszip";
import { readXlsx } from "../support/read";
import { snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";
import { NEW_ROW, NEW_ROW_LABEL, RENAMED_COLUMN, VARIANT_FILE, variantModel } from "../support/variant";

/**
 * A provincial variant that exists only as a data file (test/fixtures/format/variant-2021.json)
 * goes through every command of the spawned CLI: format, cells, build (+ --draft), validate,
 * narrative, export (docx, HTML), import from its own HTML, build --last-year, aggregate. Only
 * build and import are given the file; everything after reads the variant from the workbook.
 */

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");
const STACK = /^\s{4}at /m;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-variant-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nianbao(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 90_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const at = (file: string) => join(dir, file);
const model = variantModel();
const numberOf = (raw: RawValue | undefined) => (raw?.type === "number" ? raw.value : null);

/** A filled report in the variant: the new row holds cases in two columns. */
function values(seed: number): Record<string, number> {
  const v = consistentValues(model, rng(seed));
  const out: Record<string, number> = {};
  for (const [id, raw] of v) if (raw.type === "number") out[id] = raw.value;
  for (const col of ["natural", "legalService"]) {
    const id = `t3.${NEW_ROW}.${col}`;
    out[`t3.new.${col}`] += 3 + seed - out[id];
    out[id] = 3 + seed;
  }
  return out;
}

async function snapshotOfFile(file: string) {
  return snapshotFromData(await readXlsx(readFileSync(at(file))));
}

describe("a variant defined only as data, through the CLI", () => {
  const data = values(1);

  test("nianbao format prints the effective definition; --json loads back as a whole definition", () => {
    const r = nianbao("format", "--year", "2023", "--format-file", VARIANT_FILE, "--json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const def = JSON.parse(r.stdout);
    expect(Object.keys(def)).toEqual(expect.arrayContaining(["id", "tables", "rules", "narrative"]));
    expect(JSON.stringify(def.tables)).toContain(NEW_ROW_LABEL);
    expect(JSON.stringify(def.tables)).toContain(RENAMED_COLUMN);
    expect(def.rules.find((x: { id: string }) => x.id === "T3-3").enabled).toBe(false);
    expect(def.rules.find((x: { id: string }) => x.id === "X-2").severity).toBe("error");
    expect(def.narrative.map((s: { id: string }) => s.id)).toContain("three.requests");
    writeFileSync(at("whole.json"), r.stdout);
    expect(nianbao("format", "--format-file", "whole.json", "--json").stdout).toBe(r.stdout);

    const human = nianbao("format", "--year", "2023", "--format-file", VARIANT_FILE);
    expect(human.stdout).toContain("某省补充格式（测试用）（国办公开办函〔2021〕30号；某政公开办〔2025〕1号）：编号 2021-sheng，基于 2021");
    expect(human.stdout).toContain("T3-3 错误（已停用）");
    expect(human.stdout).toMatch(/X-2 错误 跨年度：现行有效件数＝上年现行有效件数＋本年制发件数－本年废止件数/);
    // The national definition: nothing to load.
    expect(JSON.parse(nianbao("format", "--year", "2023", "--json").stdout).id).toBe("2021");
  });

  test("cells lists the new row's cells with their label paths", () => {
    const r = nianbao("cells", "--year", "2023", "--format-file", VARIANT_FILE, "--json");
    expect(r.status).toBe(0);
    const cells = JSON.parse(r.stdout) as { id: string; row: string[]; column: string[] }[];
    expect(cells.find((c) => c.id === `t3.${NEW_ROW}.natural`)!.row).toEqual(["三、本年度办理结果", "（六）其他处理", NEW_ROW_LABEL]);
    expect(cells.find((c) => c.id === "t2.licensing.decisions")!.column).toEqual(["第二十条第（五）项", RENAMED_COLUMN]);
  });

  test("build (generated and drafted), then validate and narrative without the file: the workbook carries the variant", async () => {
    writeFileSync(at("a.json"), JSON.stringify(data));
    const b = nianbao(
      "build",
      "--year",
      "2023",
      "--org",
      "甲县人民政府办公室",
      "--format-file",
      VARIANT_FILE,
      "--data",
      "a.json",
      "--draft",
      "--out",
      "draft.xlsx",
    );
    expect(b.status).toBe(0);
    expect(b.stderr).toContain("已生成 draft.xlsx：2023 年度，某省补充格式（测试用）");
    // The report as staff finish it (parts 五 and 六 written), for export.
    writeFileSync(
      at("正文.txt"),
      [
        "一、总体情况",
        "本县认真贯彻落实条例。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "主动公开的深度还不够，明年将加强政策解读。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
      ].join("\n"),
    );
    expect(
      nianbao(
        "build",
        "--year",
        "2023",
        "--org",
        "甲县人民政府办公室",
        "--format-file",
        VARIANT_FILE,
        "--data",
        "a.json",
        "--text",
        "正文.txt",
        "--out",
        "a.xlsx",
      ).status,
    ).toBe(0);

    const v = nianbao("validate", "a.xlsx", "--json");
    expect(v.status).toBe(0);
    expect(JSON.parse(v.stdout).summary.errors).toBe(0);

    const snap = await snapshotOfFile("a.xlsx");
    expect(snap.model.version.id).toBe("2021-sheng");
    expect(numberOf(snap.values.get(`t3.${NEW_ROW}.natural`))).toBe(data[`t3.${NEW_ROW}.natural`]);

    const n = nianbao("narrative", "draft.xlsx", "--json");
    expect(n.status).toBe(0);
    const three = JSON.parse(n.stdout).parts[2].paragraphs.join("");
    const other = ["noCorrection", "noFee", "other", "withdrawn"].reduce(
      (s, k) =>
        s + ["natural", "commercial", "research", "publicWelfare", "legalService", "otherOrg"].reduce((t, c) => t + (data[`t3.other.${k}.${c}`] ?? 0), 0),
      0,
    );
    expect(three).toContain(`其他处理${other}件`);

    // A total typed over: F-3 (a derived cell holds its formula) and T3-1 name it; T3-3 is switched off in this variant.
    writeFileSync(at("bad.json"), JSON.stringify({ ...data, "t3.new.total": 999 }));
    expect(nianbao("build", "--year", "2023", "--org", "甲县", "--format-file", VARIANT_FILE, "--data", "bad.json", "--out", "typed.xlsx").status).toBe(0);
    const typed = nianbao("validate", "typed.xlsx", "--json");
    expect(typed.status).toBe(1);
    const rules = new Set(JSON.parse(typed.stdout).findings.map((f: { rule: string }) => f.rule));
    expect([...rules]).toEqual(["F-3", "T3-1"]);
  });

  test("export to docx and HTML prints the new row and the renamed column; import from that HTML gives back every value", async () => {
    const e = nianbao("export", "a.xlsx", "--docx", "a.docx", "--html", "a.html");
    expect(e.stderr).toContain("已导出");
    expect(e.status).toBe(0);
    const html = readFileSync(at("a.html"), "utf8");
    const docx = await (await JSZip.loadAsync(readFileSync(at("a.docx")))).file("word/document.xml")!.async("string");
    for (const text of [html, docx]) {
      expect(text).toContain(NEW_ROW_LABEL);
      expect(text).toContain(RENAMED_COLUMN);
    }

    const i = nianbao("import", "a.html", "--format-file", VARIANT_FILE, "--out", "b.xlsx", "--json");
    expect(i.status).toBe(0);
    const body = JSON.parse(i.stdout);
    expect(body).toMatchObject({ year: 2023, orgName: "甲县人民政府办公室", formatId: "2021-sheng", unplaced: [], missing: [] });
    const again = await snapshotOfFile("b.xlsx");
    for (const c of model.cells.filter((x) => x.kind === "input")) expect(`${c.id} ${numberOf(again.values.get(c.id))}`).toBe(`${c.id} ${data[c.id] ?? null}`);
    expect(nianbao("validate", "b.xlsx").status).toBe(0);
  });

  test("carried forward into 2024: 上年结转 from the variant's workbook; a wrong 现行有效件数 is an X-2 错误 (exit 1)", async () => {
    writeFileSync(
      at("2024.json"),
      JSON.stringify({ "t2.regulations.issued": 2, "t2.regulations.repealed": 1, "t2.regulations.inForce": data["t2.regulations.inForce"] + 5 }),
    );
    const b = nianbao(
      "build",
      "--year",
      "2024",
      "--org",
      "甲县人民政府办公室",
      "--format-file",
      VARIANT_FILE,
      "--last-year",
      "a.xlsx",
      "--data",
      "2024.json",
      "--out",
      "c.xlsx",
    );
    expect(b.status).toBe(0);
    expect(b.stderr).toMatch(/从 2023 年度报告结转 \d+ 项/);
    const snap = await snapshotOfFile("c.xlsx");
    expect(snap.model.version.id).toBe("2021-sheng");
    expect(numberOf(snap.values.get("t3.carried.natural"))).toBe(data["t3.carriedNext.natural"]);
    const v = nianbao("validate", "c.xlsx", "--json");
    expect(v.status).toBe(1);
    const x2 = JSON.parse(v.stdout).findings.filter((f: { rule: string }) => f.rule === "X-2");
    expect(x2).toEqual([
      expect.objectContaining({
        key: "X-2@regulations",
        severity: "error",
        left: data["t2.regulations.inForce"] + 5,
        right: data["t2.regulations.inForce"] + 1,
        diff: 4,
      }),
    ]);
  });

  test("aggregated: two units of the variant sum cell by cell, the new row included, and the total is a variant workbook", async () => {
    const units = [values(2), values(3)];
    units.forEach((u, k) => {
      writeFileSync(at(`u${k}.json`), JSON.stringify(u));
      expect(
        nianbao(
          "build",
          "--year",
          "2023",
          "--org",
          `${k ? "乙" : "甲"}镇人民政府`,
          "--format-file",
          VARIANT_FILE,
          "--data",
          `u${k}.json`,
          "--out",
          `u${k}.xlsx`,
        ).status,
      ).toBe(0);
    });
    const r = nianbao("aggregate", "u0.xlsx", "u1.xlsx", "--out", "total.xlsx", "--json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.formatId).toBe("2021-sheng");
    for (const id of [`t3.${NEW_ROW}.natural`, `t3.${NEW_ROW}.legalService`, "t3.new.natural"]) expect(body.totals[id]).toBe(units[0][id] + units[1][id]);
    const total = await snapshotOfFile("total.xlsx");
    expect(total.model.version.id).toBe("2021-sheng");
    expect(nianbao("validate", "total.xlsx").status).toBe(0);
  });
});

describe("a bad format file: exit 2, a zh-CN message naming the field, no stack trace", () => {
  beforeAll(() => {
    const variant = JSON.parse(readFileSync(VARIANT_FILE, "utf8"));
    variant.overrides.rules[1].severity = "严重";
    writeFileSync(at("broken.json"), JSON.stringify(variant, null, 2));
    writeFileSync(at("truncated.json"), readFileSync(VARIANT_FILE, "utf8").slice(0, 200));
  });

  test.each([
    ["format", ["format", "--year", "2023", "--format-file", "broken.json"]],
    ["cells", ["cells", "--year", "2023", "--format-file", "broken.json"]],
    ["build", ["build", "--year", "2023", "--org", "甲县", "--format-file", "broken.json", "--out", "x.xlsx"]],
    ["validate", ["validate", "a.xlsx", "--format-file", "broken.json"]],
    ["narrative", ["narrative", "a.xlsx", "--format-file", "broken.json"]],
    ["export", ["export", "a.xlsx", "--html", "x.html", "--format-file", "broken.json"]],
    ["import", ["import", "a.html", "--out", "x.xlsx", "--format-file", "broken.json"]],
    ["aggregate", ["aggregate", "u0.xlsx", "--out", "x.xlsx", "--format-file", "broken.json"]],
  ])("%s", (_command, args) => {
    const r = nianbao(...args);
    expect(`${r.status} ${r.stderr}`).toMatch(/^2 /);
    expect(r.stderr).toContain("格式文件 broken.json 有误");
    expect(r.stderr).toContain("字段 overrides.rules[1].severity：无效选项");
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe("");
  });

  test("a file cut short, and a file that is not there", () => {
    const cut = nianbao("build", "--year", "2023", "--org", "甲县", "--format-file", "truncated.json", "--out", "x.xlsx");
    expect(cut.status).toBe(2);
    expect(cut.stderr).toMatch(/格式文件 truncated\.json 有误：\s+不是有效的 JSON：第 \d+ 行第 \d+ 列附近有语法错误/);
    const missing = nianbao("validate", "a.xlsx", "--format-file", "nothere.json");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("格式文件 nothere.json 有误：\n  无法读取：文件不存在");
    expect(missing.stderr).not.toMatch(STACK);
  });

  test("a variant for years it does not cover is refused by name", () => {
    writeFileSync(at("from2025.json"), JSON.stringify({ ...JSON.parse(readFileSync(VARIANT_FILE, "utf8")), firstYear: 2025 }));
    const r = nianbao("build", "--year", "2023", "--org", "甲县", "--format-file", "from2025.json", "--out", "x.xlsx");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("适用于 2025 年度起，不适用于 2023 年度");
  });
});
