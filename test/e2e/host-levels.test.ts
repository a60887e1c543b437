import { spawnSync } from "node:child_process";
import { mkdtempSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { BrowserContext, Page } from "playwright-core";
import { getFormat } from "../../src/format/registry";
import { TEXT_FIRST_ROW } from "../../src/workbook/plan";
import { ARTIFACTS, launch, offsite } from "../support/browser";
import { loadSurface } from "../support/officeSurface";
import { serveStatic } from "../support/static-server";

/**
 * The real task pane in Chromium over the fake Excel, restricted to each host level of the README's
 * support matrix (ExcelApi version and platform): what the pane says and does there. The pane's
 * own entry point runs unchanged (test/e2e/harness/fakeHost.tsx sets up the Office globals). Also:
 * the built taskpane.html, loaded outside Office, asks for nothing beyond its own origin.
 */

jest.setTimeout(240_000);

const DIST = join(__dirname, "../../dist");
let dir: string;
let close: () => Promise<void>;
let base: string;
let context: BrowserContext;
let page: Page;
let requests: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-fakehost-"));
  await build({
    entryPoints: [join(__dirname, "harness", "fakeHost.tsx")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2019",
    jsx: "automatic",
    outfile: join(dir, "fakeHost.js"),
    define: { "process.env.NODE_ENV": '"production"', __NIANBAO_VERSION__: '"e2e"' },
    logLevel: "warning",
  });
  copyFileSync(join(__dirname, "harness", "fakeHost.html"), join(dir, "fakeHost.html"));
  const served = await serveStatic(dir);
  const browser = await launch();
  ({ context, page, requests } = browser);
  const surface = loadSurface();
  await context.addInitScript((s) => {
    (window as unknown as { __nbSurface: unknown }).__nbSurface = s;
  }, surface);
  base = served.url;
  close = async () => {
    await context.close();
    served.server.close();
  };
});

afterAll(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

const pane = () => page.locator("#container");
const open = async (query: string) => {
  await page.goto(`${base}/fakeHost.html?${query}`);
  await pane().getByRole("heading", { name: /年报/ }).first().waitFor();
};
const status = async () => (await page.getByTestId("status").waitFor(), page.getByTestId("status").textContent());
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `host-${name}.png`), fullPage: true });

async function generateReport() {
  await pane().getByLabel("机关名称").fill("某某区人民政府办公室");
  await pane()
    .getByRole("button", { name: /生成或更新报表/ })
    .click();
  expect(await status()).toContain("已生成");
}

const INPUTS = getFormat("2021")
  .cells.filter((c) => c.kind === "input")
  .map((c) => [c.sheet, c.address] as const);

/**
 * A finished 正文 (export refuses one never started, or with an empty 一): parts 一, 五 and 六 written
 * into the 正文 sheet's paragraph cells (each part's title row, then its first paragraph).
 */
const TEXT: [string, string, string][] = [
  ["正文", `B${TEXT_FIRST_ROW + 1}`, "本年度，我办认真贯彻落实《中华人民共和国政府信息公开条例》。"],
  ["正文", `B${TEXT_FIRST_ROW + 9}`, "政策解读形式较为单一，下一步将增加图解和视频解读。"],
  ["正文", `B${TEXT_FIRST_ROW + 11}`, "本年度未收取信息处理费。"],
];

/** Type into the fake Excel as a user would: every input 0, then the given cells, and the 正文. */
async function typeValues(values: [string, string, number][] = []) {
  await page.evaluate(
    ({ inputs, values, text }) => {
      const fake = (window as unknown as { __nbFake: { doc: { type(s: string, a: string, v: number | string): void } } }).__nbFake;
      for (const [sheet, address] of inputs) fake.doc.type(sheet, address, 0);
      for (const [sheet, address, v] of values) fake.doc.type(sheet, address, v);
      for (const [sheet, address, v] of text) fake.doc.type(sheet, address, v);
    },
    { inputs: INPUTS, values, text: TEXT },
  );
}
/** 新收 2 and 予以公开 3 for 自然人: T3-1 fails. */
const typeUnbalanced = () =>
  typeValues([
    ["表三", "D5", 2],
    ["表三", "D7", 3],
  ]);

async function exportReady() {
  await pane().getByRole("tab", { name: "导出" }).click();
  await pane()
    .getByRole("button", { name: /检查能否导出/ })
    .click();
  await page.getByTestId("export-ready").waitFor();
}

test("Office 2016 (ExcelApi 1.1): the pane says which Office versions work and what to use instead, and touches nothing", async () => {
  await open("level=1.1");
  const text = await page.getByTestId("unsupported").textContent();
  expect(text).toContain("本机 Excel 的加载项接口为 ExcelApi 1.1，年报加载项需要 ExcelApi 1.7 及以上");
  for (const way of ["Office 2019", "年报工作簿", "WPS", "浏览器版", "nianbao validate"]) expect(text).toContain(way);
  expect(await page.evaluate(() => (window as unknown as { __nbFake: { runs: number } }).__nbFake.runs)).toBe(0);
  await shot("1.1");
});

test("Office 2019 (ExcelApi 1.7): four features degrade, each said; 生成, 校验 and 定位 work", async () => {
  await open("level=1.7");
  const notices = page.getByTestId("host-notices");
  expect(await notices.textContent()).toContain("本机 Excel 为 ExcelApi 1.7，以下功能降级");
  expect(await notices.locator("li").evaluateAll((items) => items.map((li) => li.getAttribute("data-feature")))).toEqual([
    "dataValidation",
    "rangeAreas",
    "pageLayout",
    "comments",
  ]);
  await generateReport();
  await typeUnbalanced();
  await pane().getByRole("tab", { name: "校验" }).click();
  await pane()
    .getByRole("button", { name: /校验：检查勾稽关系/ })
    .click();
  const finding = pane().locator('[data-testid="finding"][data-key="T3-1@natural"]');
  await finding.waitFor();
  await finding.locator(".nb-finding-jump").click();
  await page.waitForFunction(() => (window as unknown as { __nbFake: { doc: { selection: unknown } } }).__nbFake.doc.selection !== null);
  const state = await page.evaluate(() => {
    const doc = (
      window as unknown as { __nbFake: { doc: { selection: unknown; sheet(s: string): { conditionalFormats: unknown[]; validations: Map<string, unknown> } } } }
    ).__nbFake.doc;
    return { selection: doc.selection, overlays: doc.sheet("表三").conditionalFormats.length, validations: doc.sheet("表三").validations.size };
  });
  expect(state).toEqual({ selection: { sheet: "表三", areas: ["D5"] }, overlays: 4, validations: 0 });
  await shot("1.7");
});

test("Office 2021 (ExcelApi 1.14), Office 2024 (1.17) and Microsoft 365: no notice, data validation and one overlay for all cells", async () => {
  for (const level of ["1.14", "1.17", ""]) {
    await open(level ? `level=${level}` : "");
    expect(await page.getByTestId("host-notices").count()).toBe(0);
    await generateReport();
    const validations = await page.evaluate(
      () =>
        (window as unknown as { __nbFake: { doc: { sheet(s: string): { validations: Map<string, unknown> } } } }).__nbFake.doc.sheet("表三").validations.size,
    );
    expect(validations).toBeGreaterThan(50);
  }
});

test("a highlight a closed pane left in the workbook is gone once the pane has started again", async () => {
  await open("stale=1");
  await pane().getByLabel("机关名称").waitFor();
  await page.waitForFunction(
    () =>
      (window as unknown as { __nbFake: { doc: { sheet(s: string): { conditionalFormats: unknown[] } } } }).__nbFake.doc.sheet("表三").conditionalFormats
        .length === 0,
  );
  const formats = await page.evaluate(
    () =>
      (window as unknown as { __nbFake: { doc: { sheet(s: string): { conditionalFormats: unknown[] } } } }).__nbFake.doc.sheet("表三").conditionalFormats
        .length,
  );
  expect(formats).toBe(0);
});

test("Excel for Mac: the pane says it cannot save files, and 导出 offers copying instead of downloads", async () => {
  await open("platform=mac");
  expect(await page.getByTestId("host-notices").textContent()).toContain("本平台的加载项窗口不能保存文件");
  await generateReport();
  await typeValues();
  await exportReady();
  expect(await page.getByTestId("no-download").textContent()).toContain("粘贴到 Word");
  expect(
    await pane()
      .getByRole("button", { name: /下载报告/ })
      .count(),
  ).toBe(0);
  await pane()
    .getByRole("button", { name: /显示网页代码/ })
    .click();
  expect(await page.getByTestId("copy-fallback").inputValue()).toMatch(/^<!DOCTYPE html>[\s\S]*某某区人民政府办公室/i);
  await shot("mac");
});

test("Excel on the web: downloads work (the file is handed to the browser and arrives)", async () => {
  await open("platform=web");
  expect(await page.getByTestId("host-notices").count()).toBe(0);
  await generateReport();
  await typeValues();
  await exportReady();
  for (const [button, ext] of [
    [/下载网页/, ".html"],
    [/下载工作簿/, ".xlsx"],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), pane().getByRole("button", { name: button }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^某某区人民政府办公室.*\\${ext}$`));
    expect(await status()).toContain(`已开始下载 ${download.suggestedFilename()}`);
  }
});

test("自检 (taskpane.html?selftest=1) runs every step green on the fake, at the newest level and at 1.7", async () => {
  for (const query of ["selftest=1", "selftest=1&level=1.7"]) {
    await open(query);
    await page.getByTestId("selftest").waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="selftest-step"]').length === 8, undefined, { timeout: 120_000 });
    const rows = await page
      .getByTestId("selftest-step")
      .evaluateAll((trs) => trs.map((tr) => `${tr.children[0].textContent}:${tr.getAttribute("data-status")}`));
    expect(rows).toEqual(
      ["检查工作簿", "生成报表", "填写一致的数据", "校验（应全部通过）", "改坏一格", "校验（应报 T3-1）", "定位", "导出"].map((s) => `${s}:pass`),
    );
    expect(await status()).toContain("自检通过：8 项全部通过");
  }
  await shot("selftest");
});

test("the built taskpane.html outside Office requests nothing beyond its own origin (office.js's telemetry is not served)", async () => {
  const served = await serveStatic(DIST);
  try {
    const before = requests.length;
    await page.goto(`${served.url}/taskpane.html`);
    // office.js loads its telemetry page 3 s after it starts outside Office: wait past that.
    await page.waitForTimeout(5000);
    const made = requests.slice(before);
    expect(made.some((u) => u.endsWith("/office-js/office.js"))).toBe(true);
    expect(offsite(made)).toEqual([]);
    expect(made.filter((u) => /telemetry/.test(u))).toEqual([]);
  } finally {
    served.server.close();
  }
  // …and no served file of office.js names a telemetry host (npm run check:dist).
  const check = spawnSync(process.execPath, [join(__dirname, "../../scripts/check-dist.js"), DIST], { encoding: "utf8" });
  expect(check.stderr).toBe("");
  expect(check.stdout).toContain("dist OK: office.js served locally, without its telemetry");
});

test("a webview too old for the pane (Internet Explorer 11: no Proxy, no async functions) gets the zh-CN alternatives, not an empty pane", async () => {
  const served = await serveStatic(DIST);
  const old = await page.context().newPage();
  try {
    // What IE11 lacks, taken away before any script of the page runs.
    await old.addInitScript(() => {
      (window as unknown as { Proxy: unknown }).Proxy = undefined;
    });
    await old.goto(`${served.url}/taskpane.html`);
    const message = old.getByTestId("old-webview");
    await message.waitFor();
    const text = (await message.textContent()) ?? "";
    expect(text).toContain("Internet Explorer 11");
    expect(text).toContain("年报网页版");
    expect(text).toContain("nianbao validate");
    // The bundle, which does load here, leaves the message in place.
    await old.waitForTimeout(1000);
    expect(await old.getByTestId("old-webview").count()).toBe(1);
    await old.screenshot({ path: join(ARTIFACTS, "host-old-webview.png"), fullPage: true });
  } finally {
    await old.close();
    served.server.close();
  }
  // Every bundle parses as ES2017 (Office 2019's EdgeHTML 18), the inline check as ES5.
  const check = spawnSync(process.execPath, [join(__dirname, "../../scripts/check-dist.js"), DIST], { encoding: "utf8" });
  expect(check.stderr).toBe("");
  expect(check.stdout).toMatch(/(\d+) of \1 bundle files parse as ES2017 \(EdgeHTML 18\); 1 inline script\(s\) parse as ES5/);
});
