import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "node-html-parser";
import type { BrowserContext, Page } from "playwright-core";
import { formatForYear } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import { buildPlan } from "../../src/workbook/plan";
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

/** A 2021 workbook the preparer filled earlier, saved in the playground's storage; 表三 自然人 new is off by 5. */
async function savedWorkbook(): Promise<string> {
  const model = formatForYear(2021);
  const values = consistentValues(model, rng(2021));
  const good = values.get("t3.new.natural")!;
  values.set("t3.new.natural", { type: "number", value: (good.type === "number" ? good.value : 0) + 5 });
  const mem = new MemoryWorkbook();
  await mem.write(
    buildPlan(model, {
      year: 2021,
      cover: { orgName: ORG },
      values,
      explanations: new Map(),
      narrative: [
        { part: 0, segments: [{ kind: "text", text: "本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。" }] },
        { part: 4, segments: [{ kind: "text", text: "政策解读形式较为单一，下一步将增加图解和视频解读。" }] },
        { part: 5, segments: [{ kind: "text", text: "本年度未收取信息处理费。" }] },
      ],
    }),
  );
  return JSON.stringify({ dump: mem.dump(), natural: good.type === "number" ? good.value : 0 });
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
  const { dump, natural } = JSON.parse(await savedWorkbook()) as { dump: unknown; natural: number };
  await page.goto(`${base}/playground.html`);
  await page.evaluate(([key, value]) => window.localStorage.setItem(key, value), [STORAGE_KEY, JSON.stringify(dump)]);
  await page.reload();

  // Blocked: the T3-1 errors are listed, and one jumps to its cells.
  await pane().getByRole("tab", { name: "导出" }).click();
  await pane().getByRole("button", { name: /^检查能否导出/ }).click();
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
  await pane().getByRole("button", { name: /^检查能否导出/ }).click();
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
    return (await (await items[0].getType("text/html")).text()) as string;
  });
  const table = parse(copied).querySelector("table")!;
  expect(table.getAttribute("data-table")).toBe("t3");
  expect(table.querySelectorAll("[rowspan]").length).toBeGreaterThan(3);
  await shot("3-copied");

  // The downloaded .docx opens: LibreOffice converts it to a PDF with the title and the tables.
  const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-"));
  const r = spawnSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", ARTIFACTS, join(ARTIFACTS, "pane-report.docx")], { encoding: "utf8", timeout: 120_000 });
  rmSync(profile, { recursive: true, force: true });
  expect(r.status).toBe(0);
  const text = spawnSync("pdftotext", [join(ARTIFACTS, "pane-report.pdf"), "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
  expect(text).toContain(title);
  expect(text).toContain("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");

  expect(offsite(requests)).toEqual([]);
});
