import { join } from "node:path";
import type { Page } from "playwright-core";
import { getFormat } from "../../src/format/registry";
import { planToXlsx } from "../../src/host/xlsx";
import { planFor } from "../../src/workbook/operations";
import type { RawValue } from "../../src/workbook/snapshot";
import { ARTIFACTS, offsite, openPlayground } from "../support/browser";

/**
 * 结转/汇总 in the browser playground: carry last year's workbook into this year's (marked cells,
 * then 确认), then sum three unit workbooks picked in one file dialog (one fails and is left out).
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

const n = (value: number): RawValue => ({ type: "number", value });
const xlsx = async (year: number, org: string, values: Record<string, number | string>, cover: Record<string, string> = {}) =>
  planToXlsx(
    planFor(
      { year, orgName: org, cover, values: new Map(Object.entries(values).map(([k, v]) => [k, typeof v === "number" ? n(v) : { type: "text", value: v }])) },
      null,
    ).plan,
  );

const pane = () => page.getByTestId("pane");
const grid = () => page.getByTestId("grid");
const cell = (address: string) => grid().locator(`td[data-address="${address}"]`);

test("从上年结转 marks the carried cells until 确认; 汇总 sums the units and shows the board", async () => {
  await page.goto(`${base}/playground.html`);
  const year = Math.min(new Date().getFullYear() - 1, 2035);
  const model = getFormat("2021");
  const at = (id: string) => model.cellById.get(id)!.address;

  await pane().getByLabel("机关名称").fill("某某区科学技术局");
  await pane()
    .getByRole("button", { name: /生成或更新报表/ })
    .click();
  await page.getByTestId("status").waitFor();

  // 从上年结转: 自然人 and 商业企业 结转下年度, 行政规范性文件 现行有效 and 填报人 are filled (机关名称 is already set; blank cells carry nothing).
  const last = await xlsx(
    year - 1,
    "某某区科学技术局",
    { "t3.carriedNext.natural": 3, "t3.carriedNext.commercial": 1, "t3.new.natural": 3, "t3.new.commercial": 1, "t2.normative.inForce": 12 },
    { preparer: "张三" },
  );
  await pane().getByRole("tab", { name: "结转/汇总" }).click();
  await pane()
    .getByTestId("last-year-file")
    .setInputFiles({ name: `${year - 1}年报.xlsx`, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: last });
  await page.getByText(/已从.*结转 \d+ 项/).waitFor();
  expect(await page.getByTestId("status").textContent()).toContain(`已从 ${year - 1} 年度报告结转 4 项`);
  expect(await pane().getByTestId("carried-pending").textContent()).toBe("有 4 项结转数据待确认。");
  await grid().getByRole("tab", { name: "表三" }).click();
  expect(await cell(at("t3.carried.natural")).textContent()).toBe("3");
  expect(await cell(at("t3.carried.natural")).getAttribute("class")).toContain("s-carried");
  expect(await cell(at("t3.new.natural")).getAttribute("class")).toContain("s-input");
  await page.screenshot({ path: join(ARTIFACTS, "units-1-carried.png"), fullPage: true });

  await pane().getByTestId("confirm-carried").click();
  await page.getByText("已确认 4 项结转数据。").waitFor();
  expect(await cell(at("t3.carried.natural")).getAttribute("class")).toContain("s-input");
  expect(await cell(at("t3.carried.natural")).textContent()).toBe("3");

  // 汇总下级单位: two units reconcile, the third does not and is left out.
  const units = [
    { name: "甲镇.xlsx", buffer: await xlsx(year, "甲镇人民政府", { "t3.new.natural": 4, "t3.granted.natural": 4, "t4.review.upheld": 1 }) },
    { name: "乙镇.xlsx", buffer: await xlsx(year, "乙镇人民政府", { "t3.new.natural": 2, "t3.granted.natural": 1, "t3.carriedNext.natural": 1 }) },
    { name: "丙镇.xlsx", buffer: await xlsx(year, "丙镇人民政府", { "t3.new.natural": "5件", "t3.granted.natural": 9 }) },
  ];
  await pane()
    .getByTestId("unit-files")
    .setInputFiles(units.map((u) => ({ ...u, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })));
  await pane().getByTestId("aggregate-run").click();
  await page.getByText(/已汇总 2 个单位（共 3 个文件）/).waitFor();
  const board = await pane().getByTestId("units-board").textContent();
  expect(board).toContain("甲镇人民政府");
  expect(board).toMatch(/丙镇人民政府.*有错误，未计入/);
  expect(await cell(at("t3.new.natural")).textContent()).toBe("6");
  expect(await cell(at("t3.granted.natural")).textContent()).toBe("5");
  await grid().getByRole("tab", { name: "汇总看板" }).click();
  expect(await cell("A1").textContent()).toMatch(/^汇总看板：\d{4} 年度/);
  await page.screenshot({ path: join(ARTIFACTS, "units-2-aggregated.png"), fullPage: true });
  expect(offsite(requests)).toEqual([]);
});
