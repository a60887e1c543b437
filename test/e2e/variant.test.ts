import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ARTIFACTS, offsite, openPlayground } from "../support/browser";
import { NEW_ROW_LABEL, RENAMED_COLUMN, VARIANT_FILE } from "../support/variant";

/**
 * A province distributes one file: the pane loads it in 生成 (no new add-in build), generates
 * the workbook in that format, and shows which format the workbook uses. A bad file is refused
 * with the field named. `npm run test:e2e` builds dist/ first.
 */
const DIST = join(__dirname, "../../dist");
jest.setTimeout(120_000);

let close: () => Promise<void>;
let base: string;
let page: Page;
let requests: string[];

beforeAll(async () => {
  ({ base, page, requests, close } = await openPlayground(DIST));
});
afterAll(async () => {
  await close?.();
});

const pane = () => page.getByTestId("pane");
const grid = () => page.getByTestId("grid");
const json = (name: string, text: string) => ({ name, mimeType: "application/json", buffer: Buffer.from(text, "utf8") });

test("生成 loads a provincial format file, builds its rows and labels, and says which format the workbook uses", async () => {
  await page.goto(`${base}/playground.html`);
  await pane().getByTestId("format-name").waitFor();

  // A bad file first: refused, the field named, nothing loaded.
  const broken = JSON.parse(readFileSync(VARIANT_FILE, "utf8"));
  broken.overrides.rules[1].severity = "严重";
  await pane()
    .getByTestId("variant-file")
    .setInputFiles(json("坏格式.json", JSON.stringify(broken)));
  await pane().getByTestId("variant-error").waitFor();
  const error = await pane().getByTestId("variant-error").textContent();
  expect(error).toContain("格式文件 坏格式.json 有误");
  expect(error).toContain("字段 overrides.rules[1].severity：无效选项");
  expect(await pane().getByTestId("format-name").textContent()).toBe("2021年格式（国办公开办函〔2021〕30号）");

  await pane()
    .getByTestId("variant-file")
    .setInputFiles(json("某省格式.json", readFileSync(VARIANT_FILE, "utf8")));
  await pane().getByTestId("variant-loaded").waitFor();
  expect(await pane().getByTestId("variant-error").count()).toBe(0);
  expect(await pane().getByTestId("format-name").textContent()).toBe("某省补充格式（测试用）（国办公开办函〔2021〕30号；某政公开办〔2025〕1号）");

  await pane().getByLabel("机关名称").fill("某县人民政府办公室");
  await pane()
    .getByRole("button", { name: /生成或更新报表/ })
    .click();
  await page.getByTestId("status").waitFor();
  expect(await page.getByTestId("status").textContent()).toContain("已生成");
  expect(await pane().getByTestId("workbook-format").textContent()).toBe(
    "本工作簿使用：某省补充格式（测试用）（国办公开办函〔2021〕30号；某政公开办〔2025〕1号）（省级格式）",
  );

  await grid().getByRole("tab", { name: "表三" }).click();
  expect(await grid().locator('td[data-address="C28"]').textContent()).toBe(NEW_ROW_LABEL);
  expect(await grid().locator('td[data-address="B29"]').textContent()).toBe("（七）总计");
  await grid().getByRole("tab", { name: "表二" }).click();
  expect(await grid().getByText(RENAMED_COLUMN).count()).toBe(2);
  await page.screenshot({ path: join(ARTIFACTS, "playground-variant.png"), fullPage: true });

  // 校验 follows the variant: no T3-3 (switched off), and the new row is checked by F-2 like any other.
  await pane().getByRole("tab", { name: "校验" }).click();
  await pane()
    .getByRole("button", { name: /^校验：/ })
    .click();
  await pane().getByTestId("summary").waitFor();
  expect(await pane().locator('[data-testid="rule-group"][data-rule="T3-3"]').count()).toBe(0);
  expect(await pane().getByText(`（六）其他处理·${NEW_ROW_LABEL}`, { exact: false }).count()).toBeGreaterThan(0);
  expect(offsite(requests)).toEqual([]);
});
