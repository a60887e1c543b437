import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "node-html-parser";
import type { BrowserContext, Page } from "playwright-core";
import { formatForYear } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import type { Paragraph } from "../../src/narrative/model";
import { buildPlan } from "../../src/workbook/plan";
import type { RawValue } from "../../src/workbook/snapshot";
import { offsite, openPlayground } from "../support/browser";
import { consistentValues, rng } from "../support/generate";

/**
 * The 导出 tab in the browser playground, as a preparer uses it: a workbook with one mistake is
 * refused and the finding jumps to its cells; once corrected, the report downloads as .docx
 * (which LibreOffice opens) and .html (whose tables parse), and a table's HTML is copied.
 */

const DIST = join(__dirname, "../../dist");
const ARTIFACTS = resolve(__dirname, "../artifacts/export");
const STORAGE_KEY = "nianbao.playground.v1";
const ORG = "某某县自然资源局";
jest.setTimeout(180_000);

let close: () => Promise<void>;
let base: string;
let context: BrowserContext;
let page: Page;
let requests: string[];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ({ base, context, page, requests, close } = await openPlayground(DIST));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
});

afterAll(async () => {
  await close?.();
});

const FINISHED_TEXT: Paragraph[] = [
  { part: 0, segments: [{ kind: "text", text: "本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。" }] },
  { part: 4, segments: [{ kind: "text", text: "政策解读形式较为单一，下一步将增加图解和视频解读。" }] },
  { part: 5, segments: [{ kind: "text", text: "本年度未收取信息处理费。" }] },
];

/**
 * A 2021 workbook the preparer filled earlier, saved in the playground's storage; by default 表三
 * 自然人 new is off by 5.
 */
async function savedWorkbook(edit?: { values?: (values: Map<string, RawValue>) => void; narrative?: Paragraph[] }): Promise<string> {
  const model = formatForYear(2021);
  const values = consistentValues(model, rng(2021));
  const good = values.get("t3.new.natural")!;
  if (edit?.values) edit.values(values);
  else values.set("t3.new.natural", { type: "number", value: (good.type === "number" ? good.value : 0) + 5 });
  const mem = new MemoryWorkbook();
  await mem.write(buildPlan(model, { year: 2021, cover: { orgName: ORG }, values, explanations: new Map(), narrative: edit?.narrative ?? FINISHED_TEXT }));
  return JSON.stringify({ dump: mem.dump(), natural: good.type === "number" ? good.value : 0 });
}

async function openSaved(saved: string) {
  const { dump } = JSON.parse(saved) as { dump: unknown };
  await page.goto(`${base}/playground.html`);
  await page.evaluate(([key, value]) => window.localStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify(dump)]);
  await page.reload();
}

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `pane-${name}.png`), fullPage: true });
const pane = () => page.getByTestId("pane");
const grid = () => page.getByTestId("grid");

async function downloadOf(button: string, file: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), pane().getByRole("button", { name: button }).click()]);
  const path = join(ARTIFACTS, file);
  await download.saveAs(path);
  return download.suggestedFilename();
}

test("refused with a 错误, jump, correct it, then download .docx and .html and copy 表三", async () => {
  const saved = await savedWorkbook();
  const { natural } = JSON.parse(saved) as { natural: number };
  await openSaved(saved);

  // Blocked: the T3-1 errors are listed, and one jumps to its cells.
  await pane().getByRole("tab", { name: "导出" }).click();
  await pane()
    .getByRole("button", { name: /^检查能否导出/ })
    .click();
  await pane().getByTestId("export-blocked").waitFor();
  expect(await pane().getByTestId("export-blocked").textContent()).toContain("不能导出");
  const blocker = pane().locator('[data-testid="export-blocker"][data-key="T3-1@natural"]');
  expect(await blocker.textContent()).toContain("相差 5");
  expect(await pane().getByRole("button", { name: "下载报告（.docx）" }).count()).toBe(0);
  await shot("1-blocked");
  await blocker.getByRole("button").click();
  await expect(grid().locator('td[data-address="D5"]').getAttribute("aria-selected")).resolves.toBe("true");

  // Correct 表三 D5 in the grid, check again: ready.
  await grid().locator('td[data-address="D5"]').dblclick();
  await page.getByLabel("表三 D5").fill(String(natural));
  await page.getByLabel("表三 D5").press("Enter");
  await pane()
    .getByRole("button", { name: /^检查能否导出/ })
    .click();
  await pane().getByTestId("export-ready").waitFor();
  expect(await pane().getByText("演示页面不能下载工作簿文件").count()).toBe(1);
  await shot("2-ready");

  // .docx (docx is loaded on demand) and .html.
  const title = `${ORG}2021年政府信息公开工作年度报告`;
  expect(await downloadOf("下载报告（.docx）", "pane-report.docx")).toBe(`${title}.docx`);
  expect(await downloadOf("下载网页（.html）", "pane-report.html")).toBe(`${title}.html`);
  expect(requests.some((u) => /docx-export\.[0-9a-f]+\.js$/.test(u))).toBe(true);
  const docxSize = statSync(join(ARTIFACTS, "pane-report.docx")).size;
  expect(docxSize).toBeGreaterThan(5_000);
  expect(docxSize).toBeLessThan(200_000);
  const html = readFileSync(join(ARTIFACTS, "pane-report.html"), "utf8");
  expect(html.length).toBeGreaterThan(10_000);
  const root = parse(html);
  expect(root.querySelector("h1")!.text).toBe(title);
  expect(root.querySelectorAll("table").map((t) => t.getAttribute("data-table"))).toEqual(["t2", "t3", "t4"]);
  expect(root.querySelector('table[data-table="t3"] td')!.text).toBe(String(natural));

  // How the page looks on the website (no network: it has no external resources).
  const preview = await context.newPage();
  await preview.setContent(html);
  await preview.screenshot({ path: join(ARTIFACTS, "pane-report-html.png"), fullPage: true });
  await preview.close();

  // Copy 表三's HTML for the CMS.
  await pane().getByRole("button", { name: "复制表三的 HTML 到剪贴板" }).click();
  await page.getByTestId("status").waitFor();
  expect(await page.getByTestId("status").textContent()).toContain("已复制表三的 HTML");
  const copied = await page.evaluate(async () => {
    const items = await navigator.clipboard.read();
    return await (await items[0].getType("text/html")).text();
  });
  const table = parse(copied).querySelector("table")!;
  expect(table.getAttribute("data-table")).toBe("t3");
  expect(table.querySelectorAll("[rowspan]").length).toBeGreaterThan(3);
  await shot("3-copied");

  // The downloaded .docx opens: LibreOffice converts it to a PDF with the title and the tables.
  const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-"));
  const r = spawnSync(
    "soffice",
    [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", ARTIFACTS, join(ARTIFACTS, "pane-report.docx")],
    { encoding: "utf8", timeout: 120_000 },
  );
  rmSync(profile, { recursive: true, force: true });
  expect(r.status).toBe(0);
  const text = spawnSync("pdftotext", [join(ARTIFACTS, "pane-report.pdf"), "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
  expect(text).toContain(title);
  expect(text).toContain("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");

  expect(offsite(requests)).toEqual([]);
});

test("校验: a total typed over (in another program) gives one group, led by that cell", async () => {
  const model = formatForYear(2021);
  const total = model.cellById.get("t3.granted.total")!;
  await openSaved(await savedWorkbook({ values: (values) => values.set(total.id, { type: "number", value: 999 }) }));
  await pane().getByRole("tab", { name: "校验" }).click();
  await pane()
    .getByRole("button", { name: /^校验：/ })
    .click();
  await pane().getByTestId("cause-groups").waitFor();
  const groups = pane().getByTestId("cause-group");
  expect(await groups.count()).toBe(1);
  expect(await groups.first().getAttribute("data-lead")).toBe(total.address);
  expect(await groups.first().textContent()).toContain(`表三 ${total.address}（汇总单元格的公式被数值覆盖`);
  // Every 错误 of the report belongs to that group, and says so.
  const id = (await groups.first().getAttribute("data-group"))!;
  const errors = pane().locator('[data-testid="finding"].nb-error');
  expect(await errors.count()).toBeGreaterThanOrEqual(2);
  for (const e of await errors.all()) {
    expect(await e.getAttribute("data-group")).toBe(id);
    expect(await e.textContent()).toContain(`同一原因 ${id}`);
  }
  await shot("4-cause-group");
  // The group jumps to its lead.
  await groups.first().getByRole("button").click();
  await expect(grid().locator(`td[data-address="${total.address}"]`).getAttribute("aria-selected")).resolves.toBe("true");
});

test.each([
  [
    "a 【请填写…】 prompt left in 三",
    [...FINISHED_TEXT, { part: 2, segments: [{ kind: "text", text: "【请填写依申请公开工作的做法】" }] }] as Paragraph[],
    "P-2@part3",
    "正文第三部分",
  ],
  ["an empty 一、总体情况", FINISHED_TEXT.filter((p) => p.part !== 0), "P-3@part1", "正文第一部分"],
])("导出 refuses %s, naming the part", async (_what, narrative, key, part) => {
  await openSaved(await savedWorkbook({ values: () => undefined, narrative }));
  await pane().getByRole("tab", { name: "导出" }).click();
  await pane()
    .getByRole("button", { name: /^检查能否导出/ })
    .click();
  await pane().getByTestId("export-blocked").waitFor();
  const blocker = pane().locator(`[data-testid="export-blocker"][data-key="${key}"]`);
  expect(await blocker.textContent()).toContain(part);
  expect(await pane().getByTestId("export-blocker").count()).toBe(1);
  expect(await pane().getByRole("button", { name: "下载报告（.docx）" }).count()).toBe(0);
});
