import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Dialog, Page } from "playwright-core";
import { ARTIFACTS, offsite, openPlayground } from "../support/browser";

/**
 * The task pane in the browser playground, driven like a user: generate the 2021 workbook, type an
 * inconsistent value into 表三, 校验, jump to the cell, accept a 提示 with a 说明, reload.
 * `npm run test:e2e` builds dist/ first.
 */
const DIST = join(__dirname, "../../dist");
jest.setTimeout(120_000);

let close: () => Promise<void>;
let base: string;
let page: Page;
let requests: string[];

beforeAll(async () => {
  ({ base, page, requests, close } = await openPlayground(DIST));
  mkdirSync(join(ARTIFACTS, "docs"), { recursive: true });
});

afterAll(async () => {
  await close?.();
});

/** Full-page screenshots for inspection; the viewport-sized copies illustrate the README's 使用说明. */
const shot = async (name: string) => {
  await page.screenshot({ path: join(ARTIFACTS, `playground-${name}.png`), fullPage: true });
  await page.screenshot({ path: join(ARTIFACTS, "docs", `${name}.png`) });
};
const pane = () => page.getByTestId("pane");
const grid = () => page.getByTestId("grid");
const cell = (address: string) => grid().locator(`td[data-address="${address}"]`);

test("generate, type, 校验, jump, accept a 提示, reload", async () => {
  await page.goto(`${base}/playground.html`);
  await pane().getByText("格式版本").first().waitFor();

  // 生成: the default year is last year, which uses the 2021 format.
  await expect(pane().getByTestId("format-name").textContent()).resolves.toBe("2021年格式（国办公开办函〔2021〕30号）");
  await pane().getByLabel("机关名称").fill("某某区科学技术局");
  await pane()
    .getByRole("button", { name: /生成或更新报表/ })
    .click();
  await page.getByTestId("status").waitFor();
  expect(await page.getByTestId("status").textContent()).toContain("已生成");
  await grid().getByRole("tab", { name: "表三" }).click();
  expect(await cell("A1").textContent()).toBe("三、收到和处理政府信息公开申请情况");
  expect(await cell("A7").textContent()).toBe("三、本年度办理结果");
  await shot("1-generated");

  // 填写: 5 new applications from natural persons, none carried over, yet 9 granted: 表三 cannot
  // reconcile whatever the blank cells hold (blanks are unknown whole numbers ≥ 0, never 0).
  const type = async (address: string, value: string) => {
    await cell(address).dblclick();
    await page.getByLabel(`表三 ${address}`).fill(value);
    await page.getByLabel(`表三 ${address}`).press("Enter");
  };
  await type("D5", "5");
  await type("D6", "0");
  await type("D7", "9");
  expect(await cell("D5").textContent()).toBe("5");
  expect(await cell("J5").textContent()).toBe("5");

  // Data validation rejects what Excel would reject.
  await cell("E5").dblclick();
  await page.getByLabel("表三 E5").fill("3件");
  await page.getByLabel("表三 E5").press("Enter");
  await expect(
    grid()
      .getByText(/只能填写不小于 0 的整数/)
      .textContent(),
  ).resolves.toContain("表三 E5");
  await page.getByLabel("表三 E5").press("Escape");

  // 校验
  await pane().getByRole("tab", { name: "校验" }).click();
  await pane()
    .getByRole("button", { name: /^校验：/ })
    .click();
  await pane().getByTestId("summary").waitFor();
  const summary = await pane().getByTestId("summary").textContent();
  expect(summary).toMatch(/错误 \d+ \/ 提示 \d+ \/ 通过 \d+/);
  const t31 = pane().locator('[data-key="T3-1@natural"]');
  await t31.waitFor();
  expect(await t31.textContent()).toContain("表三“自然人”列：第一项加第二项之和为 5，第三项（七）总计加第四项之和为 9，相差 -4");
  expect(await pane().locator('[data-testid="rule-group"][data-rule="T3-1"] h3').textContent()).toContain("T3-1");
  await shot("2-findings");

  // Click the finding: 表三 is shown and its cells are selected and highlighted.
  await t31.getByRole("button").first().click();
  await expect(cell("D5").getAttribute("aria-selected")).resolves.toBe("true");
  await expect(cell("D29").getAttribute("aria-selected")).resolves.toBe("true");
  expect(await cell("D5").getAttribute("class")).toContain("nb-highlight");
  await shot("3-jumped");
  // The highlight is temporary.
  await page.waitForFunction(() => !document.querySelector('td[data-address="D5"]')?.className.includes("nb-highlight"), undefined, { timeout: 10_000 });

  // A blank row is a 提示 naming its cells and the checks it leaves open (无法判断), not an error.
  await pane().locator('[data-testid="rule-group"][data-rule="F-2"] summary').click();
  expect(await pane().locator('[data-key="F-2@t3.new"]').textContent()).toContain("E5、F5、G5、H5、I5 未填写，无法核对 T3-1");

  // Keyboard: Tab to a finding, Enter jumps.
  const blankRow = pane().locator('[data-key="F-2@t3.new"] [role="button"]').first();
  await blankRow.focus();
  await page.keyboard.press("Enter");
  await expect(cell("E5").getAttribute("aria-selected")).resolves.toBe("true");

  // Accept a 提示 (a blank row) with a written 说明.
  const warning = pane().locator('[data-key="F-2@t3.partial"]');
  await warning.getByRole("button", { name: "接受提示 F-2 并填写说明" }).click();
  await warning.getByRole("button", { name: "保存说明" }).click();
  await warning.getByText("接受提示须填写说明。").waitFor(); // the refusal appears once React has re-rendered
  expect(await warning.getByText("接受提示须填写说明。").count()).toBe(1);
  await warning.getByRole("textbox", { name: "说明" }).fill("本年度无部分公开的申请，已核对台账");
  await warning.getByRole("button", { name: "保存说明" }).click();
  await pane().locator('[data-key="F-2@t3.partial"] [data-testid="explanation"]').waitFor();
  await shot("4-accepted");

  // Reload: the workbook (and the 说明 stored in it) is still there.
  await page.reload();
  await pane().getByRole("tab", { name: "校验" }).click();
  await pane()
    .getByRole("button", { name: /^校验：/ })
    .click();
  await pane().locator('[data-testid="rule-group"][data-rule="F-2"] summary').click();
  const explanation = pane().locator('[data-key="F-2@t3.partial"] [data-testid="explanation"]');
  await explanation.waitFor();
  expect(await explanation.textContent()).toContain("本年度无部分公开的申请，已核对台账");
  expect(await cell("D5").textContent()).toBe("5");
  await shot("5-reloaded");

  // Nothing left this machine.
  expect(offsite(requests)).toEqual([]);
  expect(requests.length).toBeGreaterThan(3);
});

test("the ribbon's 校验 button opens the pane on the findings", async () => {
  await page.goto(`${base}/playground.html?view=validate`);
  await pane().getByTestId("summary").waitFor();
  expect(await pane().locator('[data-key="T3-1@natural"]').count()).toBe(1);
  await shot("6-validate-view");
  expect(offsite(requests)).toEqual([]);
});

test("正文: 起草, save, and a changed cell updates the paragraph", async () => {
  await page.goto(`${base}/playground.html`);
  await pane().getByRole("tab", { name: "正文" }).click();
  await pane()
    .getByRole("button", { name: /^起草：/ })
    .waitFor();
  await pane()
    .getByRole("button", { name: /^起草：/ })
    .click();
  const partThree = pane().locator('[data-testid="narrative-part"][data-part="2"] textarea').first();
  expect(await partThree.inputValue()).toContain("本年度共收到政府信息公开申请5件");
  await pane().getByRole("button", { name: "把正文保存到工作簿的“正文”表" }).click();
  await page.getByTestId("status").waitFor();
  expect(await page.getByTestId("status").textContent()).toContain("正文已保存");

  // The 正文 sheet shows the text, computed by its own formulas.
  await grid().getByRole("tab", { name: "正文" }).click();
  await expect(
    grid()
      .getByText(/本年度共收到政府信息公开申请5件/)
      .count(),
  ).resolves.toBeGreaterThan(0);
  await shot("7-narrative");

  // Change the cell: the sheet's paragraph and the pane's follow.
  await grid().getByRole("tab", { name: "表三" }).click();
  await cell("D5").dblclick();
  await page.getByLabel("表三 D5").fill("8");
  await page.getByLabel("表三 D5").press("Enter");
  await grid().getByRole("tab", { name: "正文" }).click();
  await expect(
    grid()
      .getByText(/本年度共收到政府信息公开申请8件/)
      .count(),
  ).resolves.toBeGreaterThan(0);
  await pane()
    .getByRole("button", { name: /^刷新数字/ })
    .click();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-part="2"] textarea')].some((t) => (t as HTMLTextAreaElement).value.includes("申请8件")),
  );

  // Words typed around the bound number stay, and the number keeps following the cell.
  await partThree.fill((await partThree.inputValue()).replace("本年度共收到", "2025年，我局共收到各类"));
  await pane().getByRole("button", { name: "把正文保存到工作簿的“正文”表" }).click();
  await grid().getByRole("tab", { name: "表三" }).click();
  await cell("D5").dblclick();
  await page.getByLabel("表三 D5").fill("9");
  await page.getByLabel("表三 D5").press("Enter");
  await grid().getByRole("tab", { name: "正文" }).click();
  await expect(
    grid()
      .getByText(/2025年，我局共收到各类政府信息公开申请9件/)
      .count(),
  ).resolves.toBeGreaterThan(0);
  await shot("8-narrative-edited");
  expect(offsite(requests)).toEqual([]);
});

test("every button in the pane has a zh-CN accessible name", async () => {
  await page.goto(`${base}/playground.html?view=validate`);
  await pane().getByTestId("summary").waitFor();
  // Folded groups hide their findings: check every button in the DOM, shown or not.
  const names = await pane()
    .locator('button, [role="button"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") || e.textContent || ""));
  expect(names.length).toBeGreaterThan(10);
  for (const n of names) expect(n).toMatch(/[\u4e00-\u9fff]/);
});

test("清空演示工作簿 asks first: 取消 keeps every cell, 确定 empties it", async () => {
  await page.goto(`${base}/playground.html`);
  await grid().getByRole("tab", { name: "表三" }).click();
  const before = await cell("D5").textContent();
  expect(before).not.toBe("");
  const asked: string[] = [];
  let answer = false;
  const onDialog = (d: Dialog) => {
    asked.push(d.message());
    void (answer ? d.accept() : d.dismiss()).catch(() => undefined);
  };
  page.on("dialog", onDialog);
  await page.getByRole("button", { name: "清空演示工作簿" }).click();
  expect(asked).toEqual(["清空演示工作簿？已填写的数字、说明和正文将全部删除，无法恢复。"]);
  expect(await cell("D5").textContent()).toBe(before);
  answer = true;
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "清空演示工作簿" }).click()]);
  page.off("dialog", onDialog);
  await page.getByText("工作簿为空").waitFor();
});
