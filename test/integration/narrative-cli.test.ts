import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";

/** `nianbao narrative` and `build --draft/--text`, run as a user runs them, on real files. */
const ROOT = resolve(__dirname, "../..");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-narrative-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nianbao(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "nianbao.js"), ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

test("drafted numbers follow a cell changed in the workbook", async () => {
  writeFileSync(join(dir, "v.json"), JSON.stringify({ "t3.new.natural": 12, "t3.granted.natural": 12 }));
  expect(nianbao(["build", "--year", "2023", "--org", "某某区科学技术局", "--data", "v.json", "--draft", "--out", "r.xlsx"]).status).toBe(0);
  const before = nianbao(["narrative", "r.xlsx"]);
  expect(before.status).toBe(0);
  expect(before.stdout.split("\n")[0]).toBe("某某区科学技术局2023年政府信息公开工作年度报告");
  expect(before.stdout).toContain("三、收到和处理政府信息公开申请情况\n本年度共收到政府信息公开申请12件。");
  for (const title of [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
  ])
    expect(before.stdout).toContain(`\n${title}\n`);

  // A user changes 表三 in Excel (here: ExcelJS) and saves.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, "r.xlsx"));
  wb.getWorksheet("表三")!.getCell("D5").value = 20;
  wb.getWorksheet("表三")!.getCell("D7").value = 20;
  await wb.xlsx.writeFile(join(dir, "edited.xlsx"));
  const after = nianbao(["narrative", "edited.xlsx", "--json"]);
  const parts = (JSON.parse(after.stdout) as { parts: { title: string; paragraphs: string[] }[] }).parts;
  expect(parts.map((p) => p.title)[2]).toBe("三、收到和处理政府信息公开申请情况");
  expect(parts[2].paragraphs[0]).toMatch(/^本年度共收到政府信息公开申请20件。其中，自然人申请20件。本年度办结20件，其中予以公开20件（占100%）/);
});

test("build --text fills the 正文 from the report as staff keep it", () => {
  copyFileSync(join(ROOT, "test/fixtures/yuanzhou-keji-2020.txt"), join(dir, "report.txt"));
  expect(nianbao(["build", "--year", "2020", "--org", "原州区科学技术局", "--text", "report.txt", "--out", "t.xlsx"]).status).toBe(0);
  const out = nianbao(["narrative", "t.xlsx"]).stdout;
  expect(out).toContain("一是主动公开。2020年区科技局共主动公开政府信息39条；严格按照《条例》规定公开政府信息，没有收取任何费用。");
  expect(out).toContain("六、其他需要报告的事项\n无\n");
});
