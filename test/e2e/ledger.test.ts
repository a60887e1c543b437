import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { formatForYear, SUPPORTED_YEARS } from "../../src/format/registry";
import { table3Of } from "../../src/ledger/table3";
import { ARTIFACTS, offsite, openPlayground } from "../support/browser";

/**
 * 从台账生成表三 in the playground, as a user does it: a register whose 收到日期 column has a header
 * no synonym knows is chosen, that column is mapped by hand, a cell typed before is shown beside
 * the register's count before it is replaced, the unclassified row is listed; then selecting
 * 表三 （一）予以公开 · 自然人 lists exactly the applications behind it, and one jumps to its 台账 row.
 * After a reload the mapping comes from the workbook. `npm run test:e2e` builds dist/ first.
 */
const DIST = join(__dirname, "../../dist");
jest.setTimeout(180_000);

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

// The pane's default year (last year), so no dropdown needs changing.
const Y = Math.min(new Date().getFullYear() - 1, SUPPORTED_YEARS.last);

/** Sheet rows 3–10 (title on 1, header on 2); 来文时间 is this register's own word for 收到日期. */
const REGISTER = [
  `某局${Y}年政府信息公开申请登记台账`,
  "序号,编号,来文时间,申请人,申请人类型,答复日期,办理结果,是否区分处理",
  `1,YS-001,${Y}-01-05,张三,公民,${Y}-01-20,予以公开,否`,
  `2,YS-002,${Y}-02-03,某某科技有限公司,企业,${Y}-02-20,予以公开,否`,
  `3,YS-003,${Y}-03-10,李四,个人,${Y}-03-25,同意公开,否`,
  `4,YS-004,${Y}-04-01,王五,公民,${Y}-04-15,予以公开,是`,
  `5,YS-005,${Y}-05-06,赵六,公民,${Y}-05-20,信息不存在,否`,
  `6,YS-006,${Y}-12-20,钱七,公民,,,否`,
  `7,YS-007,${Y}-07-01,孙八,公民,${Y}-07-10,已阅,否`,
  `8,YS-008,${Y}-08-01,周九,公民,${Y}-08-20,予以公开,否`,
].join("\r\n");

/** The applications behind 表三 （一）予以公开 · 自然人, counted by hand: 予以公开/同意公开 from 公民/个人, not 区分处理. */
const GRANTED_NATURAL = [
  `第 3 行 YS-001 · 张三 · 公民 · ${Y}年1月5日 · 答复 ${Y}年1月20日 · 予以公开`,
  `第 5 行 YS-003 · 李四 · 个人 · ${Y}年3月10日 · 答复 ${Y}年3月25日 · 同意公开`,
  `第 10 行 YS-008 · 周九 · 公民 · ${Y}年8月1日 · 答复 ${Y}年8月20日 · 予以公开`,
];

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ledger-${name}.png`), fullPage: true });
const pane = () => page.getByTestId("pane");
const grid = () => page.getByTestId("grid");
const cell = (address: string) => grid().locator(`td[data-address="${address}"]`);

async function chooseRegister() {
  await pane()
    .getByTestId("ledger-file")
    .setInputFiles({ name: "申请台账.csv", mimeType: "text/csv", buffer: Buffer.from(REGISTER, "utf8") });
}

test("register → mapping → side by side → 表三; drill-down from （一）予以公开 · 自然人 to the 台账 rows; the mapping remembered", async () => {
  await page.goto(`${base}/playground.html`);
  await pane().getByLabel("机关名称").fill("某某区科学技术局");
  await pane()
    .getByRole("button", { name: /生成或更新报表/ })
    .click();
  await page.getByTestId("status").waitFor();
  await grid().getByRole("tab", { name: "表三" }).click();
  // Typed by hand before the register is counted: 5 granted to natural persons.
  await cell("D7").dblclick();
  await page.getByLabel("表三 D7").fill("5");
  await page.getByLabel("表三 D7").press("Enter");
  expect(await cell("D7").textContent()).toBe("5");

  await pane().getByRole("tab", { name: "台账" }).click();
  await chooseRegister();
  const problem = pane().getByTestId("ledger-open-problem");
  await problem.waitFor();
  expect(await problem.textContent()).toContain("中没有找到“收到日期”列");
  expect(
    await pane()
      .getByRole("button", { name: /从台账生成表三/ })
      .isDisabled(),
  ).toBe(true);
  await shot("1-unmapped");

  // The mapping step: column C “来文时间” is 收到日期.
  await pane().getByTestId("ledger-column-C").click();
  await page.getByRole("option", { name: "收到日期" }).click();
  await pane().getByTestId("ledger-file-info").waitFor();
  expect(await pane().getByTestId("ledger-file-info").textContent()).toBe("台账：申请台账.csv（UTF-8），工作表“申请台账”，表头在第 2 行。");
  expect(await pane().getByTestId("ledger-column-C").textContent()).toContain("收到日期 · 手动指定");

  await pane()
    .getByRole("button", { name: /从台账生成表三/ })
    .click();
  // Before anything is overwritten: the typed cell beside the register's count.
  const compare = pane().getByTestId("ledger-compare");
  await compare.waitFor();
  const rows = await compare.locator("tbody tr").allTextContents();
  expect(rows).toEqual(["表三!D7 （一）予以公开 · 自然人53"]);
  expect(await cell("D7").textContent()).toBe("5");
  await shot("2-compare");
  await pane()
    .getByRole("button", { name: /以台账计数替换/ })
    .click();
  await page.getByTestId("status").filter({ hasText: "已从台账生成表三" }).waitFor();
  expect(await page.getByTestId("status").textContent()).toContain("计入 7 件申请，每件申请的归类见“台账”工作表。未能分类 1 行，均未计入。");
  expect(await pane().getByTestId("ledger-counts").textContent()).toBe("本年新收 7 件，上年结转 0 件；本年办结 6 件，结转下年度 1 件。");
  const unclassified = await pane().getByTestId("ledger-unclassified").locator("li").allTextContents();
  expect(unclassified).toHaveLength(1);
  expect(unclassified[0]).toContain("第 9 行：");
  expect(unclassified[0]).toContain("已阅");

  // 表三 now holds the register's counts.
  await grid().getByRole("tab", { name: "表三" }).click();
  expect(await cell("D5").textContent()).toBe("6");
  expect(await cell("D7").textContent()).toBe("3");

  // Drill-down: select （一）予以公开 · 自然人.
  await cell("D7").click();
  const drill = pane().getByTestId("ledger-drill");
  await drill.waitFor();
  expect(await pane().getByTestId("ledger-drill-cell").textContent()).toBe("表三!D7 （一）予以公开 · 自然人：3 件");
  const items = drill.locator("button.nb-drill-item");
  expect(await items.allTextContents()).toEqual(GRANTED_NATURAL);
  await shot("3-drill");
  // The README's 使用说明 shows this step (viewport-sized, like the other pictures there).
  mkdirSync(join(ARTIFACTS, "docs"), { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "docs", "8-ledger.png") });

  // Another cell, another list: （二）部分公开 · 自然人 holds the one handled by 区分处理.
  await cell("D8").click();
  await pane().getByTestId("ledger-drill-cell").filter({ hasText: "部分公开" }).waitFor();
  expect(await items.allTextContents()).toEqual([`第 6 行 YS-004 · 王五 · 公民 · ${Y}年4月1日 · 答复 ${Y}年4月15日 · 予以公开`]);

  // Each entry jumps to its row on the 台账 sheet.
  await cell("D7").click();
  await pane().getByTestId("ledger-drill-cell").filter({ hasText: "予以公开 · 自然人" }).waitFor();
  await items.nth(1).click();
  await grid().getByRole("tab", { name: "台账", selected: true }).waitFor();
  const row = await grid().locator("td.nb-highlight").allTextContents();
  expect(row.slice(0, 4)).toEqual(["第 5 行", "YS-003", `${Y}年3月10日`, "李四"]);
  expect(row).toContain("（一）予以公开");
  await shot("4-jumped");

  // L-1: a cell edited after derivation no longer matches the register, named with the register's count.
  await grid().getByRole("tab", { name: "表三" }).click();
  await cell("D7").dblclick();
  await page.getByLabel("表三 D7").fill("4");
  await page.getByLabel("表三 D7").press("Enter");
  await pane().getByRole("tab", { name: "校验" }).click();
  await pane()
    .getByRole("button", { name: /^校验：/ })
    .click();
  const l1 = pane().locator(`[data-key="L-1@${table3Of(formatForYear(Y)).cell("granted", "natural").id}"]`);
  await l1.waitFor();
  expect(await l1.textContent()).toContain("表三!D7（（一）予以公开 · 自然人）现为 4，台账计数为 3：从台账生成后改动过。");
  await shot("5-l1");

  // Reloaded: the drill-down reads the 台账 sheet, so it answers with nothing derived in this session.
  await page.reload();
  await pane().getByRole("tab", { name: "台账" }).click();
  await pane().getByTestId("ledger-drilldown").waitFor();
  await cell("D7").click();
  await pane().getByTestId("ledger-drill-cell").filter({ hasText: "予以公开 · 自然人：3 件" }).waitFor();
  expect(await items.allTextContents()).toEqual(GRANTED_NATURAL);

  // And the workbook remembers the mapping, so the same register opens with no mapping step.
  await chooseRegister();
  await pane().getByTestId("ledger-file-info").waitFor();
  expect(await pane().getByTestId("ledger-open-problem").count()).toBe(0);
  expect(await pane().getByTestId("ledger-column-C").textContent()).toContain("收到日期 · 手动指定");
  await shot("6-remembered");

  expect(offsite(requests)).toEqual([]);
});
