import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { ARTIFACTS, offsite } from "../support/browser";
import { openWeb } from "../support/web";

/**
 * 从台账生成表三 in the 网页版: a new workbook, a register mapped by hand, derived, drilled into,
 * saved; then `nianbao ledger --into` the saved file reads the same register with no --map (the
 * mapping travels in the workbook's _nianbao sheet). `npm run test:e2e` builds dist/ first.
 */
jest.setTimeout(180_000);

const ROOT = join(__dirname, "../..");
const YEAR = 2024;
const REGISTER = [
  "收文编号,来文时间,申请人,申请人类型,答复日期,办理结果",
  "W-1,2024-02-01,张三,公民,2024-02-18,予以公开",
  "W-2,2024-05-11,某律师事务所,律师事务所,2024-05-30,予以公开",
  "W-3,2024-06-02,李四,个人,2024-06-20,予以公开",
  "W-4,2024-09-09,王五,公民,2024-09-25,本机关不掌握相关信息",
].join("\n");

/** Last year's register: one application received in 2023 and answered in 2024 (上年结转), as the office updated it. */
const LAST_YEAR = ["收文编号,来文时间,申请人,申请人类型,答复日期,办理结果", "W-0,2023-12-27,赵六,公民,2024-01-12,予以公开"].join("\n");
const CASES = [
  "案号,案件类型,收案日期,结案日期,审理结果",
  "复-1,行政复议,2024-03-01,2024-04-20,维持",
  "诉-1,行政诉讼（未经复议直接起诉）,2024-06-01,,",
  "复-2,行政复议,2024-07-01,2024-08-01,听取意见",
].join("\n");

let work: string;
let close: () => Promise<void>;
let base: string;
let page: Page;
let requests: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "nianbao-ledger-web-"));
  writeFileSync(join(work, "台账.csv"), REGISTER);
  ({ base, page, requests, close } = await openWeb());
  page.on("dialog", (d) => void d.accept().catch(() => undefined));
});
afterAll(async () => {
  await close?.();
});

const pane = () => page.getByTestId("pane");
const grid = () => page.getByTestId("grid");

test("网页版: map, derive, drill down, save; the CLI reuses the mapping from the saved file", async () => {
  await page.goto(`${base}/index.html`);
  await page.getByRole("toolbar").waitFor();
  await page.getByRole("button", { name: "新建年报工作簿" }).click();
  const form = page.getByRole("form", { name: "新建年报工作簿" });
  await form.getByRole("combobox").selectOption(String(YEAR));
  await form.getByRole("textbox").fill("某某县人民政府办公室");
  await form.getByRole("button", { name: "创建" }).click();
  await page.getByTestId("web-status").getByText(`已新建 ${YEAR} 年度工作簿。`).waitFor();

  await pane().getByRole("tab", { name: "台账" }).click();
  await pane()
    .getByTestId("ledger-file")
    .setInputFiles({ name: "台账.csv", mimeType: "text/csv", buffer: Buffer.from(REGISTER, "utf8") });
  await pane().getByTestId("ledger-open-problem").waitFor();
  await pane().getByTestId("ledger-column-B").click();
  await page.getByRole("option", { name: "收到日期" }).click();
  await pane().getByTestId("ledger-file-info").waitFor();
  // 收文编号 is this register's own word for 申请编号: mapped too (optional, yet it shows in the lists).
  await pane().getByTestId("ledger-column-A").click();
  await page.getByRole("option", { name: "申请编号" }).click();
  await pane().getByTestId("ledger-column-A").filter({ hasText: "申请编号 · 手动指定" }).waitFor();
  await pane()
    .getByTestId("ledger-last-year-file")
    .setInputFiles({ name: "2023年台账.csv", mimeType: "text/csv", buffer: Buffer.from(LAST_YEAR, "utf8") });
  await pane().getByTestId("ledger-last-year").waitFor();
  await pane()
    .getByTestId("ledger-cases-file")
    .setInputFiles({ name: "复议诉讼.csv", mimeType: "text/csv", buffer: Buffer.from(CASES, "utf8") });
  await pane().getByTestId("ledger-cases").waitFor();
  await pane()
    .getByRole("button", { name: /从台账生成表三/ })
    .click();
  await page.getByTestId("status").filter({ hasText: "已从台账生成表三" }).waitFor();
  expect(await page.getByTestId("status").textContent()).toContain("计入 5 件申请");
  expect(await pane().getByTestId("ledger-counts").textContent()).toBe("本年新收 4 件，上年结转 1 件；本年办结 5 件，结转下年度 0 件。");
  // 表四 from the case list: the case whose result is not a 表四 outcome is listed, not counted.
  expect(await pane().getByTestId("ledger-cases-counts").textContent()).toBe("表四：案件清单工作表“复议诉讼”，计入 2 件案件。");
  const badCase = await pane().getByTestId("ledger-cases-unclassified").locator("li").allTextContents();
  expect(badCase).toHaveLength(1);
  expect(badCase[0]).toContain("第 4 行：");

  await grid().getByRole("tab", { name: "表三" }).click();
  await grid().locator('td[data-address="D7"]').click();
  await pane().getByTestId("ledger-drill-cell").filter({ hasText: "予以公开 · 自然人：3 件" }).waitFor();
  expect(await pane().getByTestId("ledger-drill").locator("button.nb-drill-item").allTextContents()).toEqual([
    "第 2 行 W-1 · 张三 · 公民 · 2024年2月1日 · 答复 2024年2月18日 · 予以公开",
    "第 4 行 W-3 · 李四 · 个人 · 2024年6月2日 · 答复 2024年6月20日 · 予以公开",
    "上年台账第 2 行 W-0 · 赵六 · 公民 · 2023年12月27日 · 答复 2024年1月12日 · 予以公开",
  ]);
  await grid().locator('td[data-address="D6"]').click();
  await pane().getByTestId("ledger-drill-cell").filter({ hasText: "上年结转" }).waitFor();
  expect(await pane().getByTestId("ledger-drill").locator("button.nb-drill-item").allTextContents()).toEqual([
    "上年台账第 2 行 W-0 · 赵六 · 公民 · 2023年12月27日 · 答复 2024年1月12日 · 予以公开",
  ]);
  await grid().getByRole("tab", { name: "表四" }).click();
  const t4 = await grid().locator("td.s-input").allTextContents();
  expect(t4.filter((v) => v === "1")).toHaveLength(2);
  await pane().getByTestId("ledger-drill").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, "ledger-web-drill.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save").click()]);
  const saved = join(work, "saved.xlsx");
  await download.saveAs(saved);
  const run = spawnSync(process.execPath, [join(ROOT, "bin/nianbao.js"), "ledger", "台账.csv", "--year", String(YEAR), "--into", "saved.xlsx"], {
    cwd: work,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(`${run.status} ${run.stderr}`).toBe("0 ");
  expect(run.stdout).toContain("列：申请编号←A“收文编号”（--map），收到日期←B“来文时间”（--map）");
  expect(run.stdout).toContain("已写入 saved.xlsx");
  expect(offsite(requests)).toEqual([]);
});
