import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readXlsx } from "../support/read";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import { encryptedPdf, hugePdf, scannedPdf } from "../support/pdfs";

/** `nianbao import` run as a user runs it: a separate process in a temp directory, real files. */

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "nianbao.js");
const FIXTURES = join(ROOT, "test", "fixtures");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-import-"));
  copyFileSync(join(FIXTURES, "yuanzhou-keji-2020.txt"), join(dir, "原州区科技局2020年报.txt"));
  copyFileSync(join(FIXTURES, "import", "html-rowspan-2019.html"), join(dir, "report.html"));
  copyFileSync(join(FIXTURES, "import", "damaged-2020.txt"), join(dir, "damaged.txt"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nianbao(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const at = (f: string) => join(dir, f);
const STACK = /^\s{4}at /m;

function expectRefused(r: ReturnType<typeof nianbao>, fragment: string) {
  expect(`${r.status} ${r.stderr}`).toMatch(/^2 错误：/);
  expect(r.stderr).toContain(fragment);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stdout).toBe("");
}

describe("nianbao import", () => {
  test("the real 2020 report text: exit 0, a zh-CN summary, and a workbook that validates clean", async () => {
    const r = nianbao("import", "原州区科技局2020年报.txt", "--out", "原州区科技局2020.xlsx");
    expect(`${r.status} ${r.stderr}`).toBe("0 ");
    expect(r.stdout).toContain("导入：原州区科学技术局 · 2020 年度 · 2019年试行格式（国办公开办函〔2019〕60号）");
    expect(r.stdout).toContain("表格：已放置 198 个单元格（其中空白 0 个）");
    expect(r.stdout).toContain("计数：放置 198 个数值 · 报告中为空白 0 个 · 未放置 0 个");
    expect(r.stdout).toMatch(/正文：10 段（一 7 · 二 0 · 三 0 · 四 0 · 五 2 · 六 1）/);
    expect(r.stdout).toContain("已写入 原州区科技局2020.xlsx。");
    expect(r.stdout).not.toContain("未能放置");

    const snapshot = snapshotFromData(await readXlsx(readFileSync(at("原州区科技局2020.xlsx")), sheetsToRead()));
    expect(snapshot.cover.orgName).toBe("原州区科学技术局");
    expect(snapshot.values.get("t3.granted.natural")).toEqual({ type: "number", value: 0 });
    expect(snapshot.narrative.some((p) => p.part === 0 && p.segments.some((s) => s.kind === "text" && s.text.includes("共主动公开政府信息39条")))).toBe(true);

    const v = nianbao("validate", "原州区科技局2020.xlsx");
    expect(v.status).toBe(0);
    expect(v.stdout).toContain("全部规则通过。");
  });

  test("HTML with --json: the stable shape, units and the cover's 采购总金额 unit", () => {
    const r = nianbao("import", "report.html", "--out", "report.xlsx", "--json");
    expect(r.status).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(Object.keys(body).sort()).toEqual([
      "blanks",
      "counts",
      "cover",
      "formatId",
      "missing",
      "notes",
      "orgName",
      "out",
      "paragraphs",
      "parents",
      "totalsDiffer",
      "units",
      "unplaced",
      "values",
      "year",
    ]);
    expect(body).toMatchObject({ year: 2019, orgName: "上海市某区司法局", formatId: "2019", cover: { procurementUnit: "元" }, unplaced: [], missing: [] });
    expect(body.values["t2.procurement.amount"]).toBe(251000);
    expect(body.units).toEqual([expect.objectContaining({ cellId: "t2.procurement.amount", unit: "元", where: "第 1 个表格第 18 行第 4 列" })]);
    expect(existsSync(at("report.xlsx"))).toBe(true);
  });

  test("a damaged report: exit 1, what could not be placed listed by line, the workbook still written", () => {
    const r = nianbao("import", "damaged.txt", "--out", "damaged.xlsx");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("未能放置 3 处（请对照原文手工填写）：");
    expect(r.stdout).toContain("第 178 行：“（一）予以公开 20 4 0 1 0 26”——“（一）予以公开”一行应有 7 个数值，找到 6 个");
    expect(r.stdout).toContain("第 210 行：“2.其他法律行政法规禁止公开 0 0 0 0 0 0 0 17”");
    expect(r.stdout).toContain("第 220 行：“4.保护笫三者合法杈益 2 1 0 0 0 0 3”");
    expect(r.stdout).toContain("报告中未找到 1 行：\n  表三“4.保护第三方合法权益”");
    expect(r.stdout).toContain("已写入 damaged.xlsx（未能放置的数值未写入");
    expect(existsSync(at("damaged.xlsx"))).toBe(true);
  });

  test("no year in the title: refused until --year says it; --org overrides the title", () => {
    const text = readFileSync(join(FIXTURES, "yuanzhou-keji-2020.txt"), "utf8").replace(
      "原州区科学技术局 2020 年政府信息公开\n工作年度报告",
      "政府信息公开工作年度报告",
    );
    writeFileSync(at("untitled.txt"), text);
    expectRefused(nianbao("import", "untitled.txt", "--out", "u.xlsx"), "没有找到报告年度，请用 --year 指定");
    expect(existsSync(at("u.xlsx"))).toBe(false);
    const r = nianbao("import", "untitled.txt", "--out", "u.xlsx", "--year", "2020", "--org", "原州区科学技术局");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("导入：（未识别机关名称） · 2020 年度");
    expect(r.stdout).toContain("按 --org 取机关名称“原州区科学技术局”。");
  });

  test("unreadable input and bad arguments: exit 2 with a zh-CN message", () => {
    writeFileSync(at("scan.pdf"), Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "latin1"));
    writeFileSync(at("notes.txt"), "会议纪要\n今天讨论了三件事。\n");
    expectRefused(nianbao("import", "missing.txt", "--out", "x.xlsx"), "文件不存在");
    expectRefused(nianbao("import", "scan.pdf", "--out", "x.xlsx"), "PDF 文件不完整");
    expectRefused(nianbao("import", "notes.txt", "--out", "x.xlsx", "--year", "2020"), "没有找到年报的表格或正文");
    expectRefused(nianbao("import", "report.html"), "缺少 --out 输出文件");
    expectRefused(nianbao("import", "report.html", "--out", "x.docx"), "--out 须为 .xlsx 文件");
    expectRefused(nianbao("import", "report.html", "--out", "x.xlsx", "--year", "2099"), "不支持的报告年度");
    expect(existsSync(at("x.xlsx"))).toBe(false);
  });

  test("a scanned, encrypted, cut-off or 50 MB PDF, a .doc: exit 2 with what to do, within seconds, nothing written", () => {
    const real = readFileSync(join(FIXTURES, "real", "2024-huaian-shi.pdf"));
    const files: [string, Buffer, string][] = [
      ["扫描件.pdf", scannedPdf(), "没有文字层（共 2 页，可能是扫描件或图片）"],
      ["加密.pdf", encryptedPdf(), "PDF 文件已加密（需要密码才能打开）"],
      ["下载一半.pdf", real.subarray(0, real.length >> 1), "PDF 文件不完整"],
      ["很大.pdf", hugePdf(), "PDF 文件过大（50.0 MB），超过导入上限 30.0 MB"],
      [
        "旧版.doc",
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
        "请在 Word 或 WPS 中打开，“另存为”Word 文档（.docx）后再导入",
      ],
    ];
    for (const [name, bytes, fragment] of files) {
      writeFileSync(at(name), bytes);
      const started = Date.now();
      const r = nianbao("import", name, "--out", "refused.xlsx");
      process.stdout.write(`IMPORT_REFUSED ${JSON.stringify({ file: name, ms: Date.now() - started, status: r.status })}\n`);
      expectRefused(r, fragment);
    }
    expect(existsSync(at("refused.xlsx"))).toBe(false);
  });

  test("the real WPS PDF: exit 0, every cell placed, the workbook validates", () => {
    copyFileSync(join(FIXTURES, "real", "2024-huaian-shi.pdf"), at("淮安市2024年报.pdf"));
    const r = nianbao("import", "淮安市2024年报.pdf", "--out", "淮安.xlsx");
    expect(`${r.status} ${r.stderr}`).toBe("0 ");
    expect(r.stdout).toContain("导入：淮安市人民政府 · 2024 年度 · 2021年格式（国办公开办函〔2021〕30号）");
    expect(r.stdout).toContain("表格：已放置 200 个单元格（其中空白 0 个）");
    const v = nianbao("validate", "淮安.xlsx");
    expect(v.stdout).not.toContain("T3-");
  });
});
