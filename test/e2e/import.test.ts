import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { reportDocx } from "../../src/export/docx";
import { reportDocument } from "../../src/export/report";
import { ARTIFACTS, offsite, openPlayground } from "../support/browser";
import { roundTripReport } from "../support/roundtrip";

/**
 * 导入 in the browser playground, as a user does it: pick the real 2020 report's text file, then
 * paste a damaged one over it, then paste a web page's HTML. `npm run test:e2e` builds dist/ first.
 */
const DIST = process.env.NIANBAO_DIST ?? join(__dirname, "../../dist");
const FIXTURES = join(__dirname, "../fixtures");
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
const cell = (address: string) => grid().locator(`td[data-address="${address}"]`);
const status = async () => {
  await page.getByTestId("status").waitFor();
  return page.getByTestId("status").textContent();
};
const scripts = () => requests.filter((u) => u.endsWith(".js")).length;

test("导入: a file, a damaged paste, an HTML page", async () => {
  await page.goto(`${base}/playground.html`);
  await pane().getByRole("tab", { name: "导入" }).click();
  const before = scripts();

  // The real 2020 report text, chosen as a file.
  await pane().getByTestId("import-file").setInputFiles(join(FIXTURES, "yuanzhou-keji-2020.txt"));
  expect(await pane().getByTestId("import-file-name").textContent()).toBe("已选择 yuanzhou-keji-2020.txt（UTF-8）");
  await pane()
    .getByRole("button", { name: /^导入年报/ })
    .click();
  expect(await status()).toBe("已导入 198 个单元格，全部放置。");
  // The importer and its HTML parser were fetched only now.
  expect(scripts()).toBeGreaterThan(before);
  expect(await pane().getByTestId("import-headline").textContent()).toBe("原州区科学技术局 · 2020 年度 · 2019年试行格式（国办公开办函〔2019〕60号）");
  expect(await pane().getByTestId("import-unplaced").count()).toBe(0);
  await grid().getByRole("tab", { name: "表三" }).click();
  expect(await cell("D5").textContent()).toBe("0");
  await grid().getByRole("tab", { name: "正文" }).click();
  await expect(grid().textContent()).resolves.toContain("共主动公开政府信息39条");
  await page.screenshot({ path: join(ARTIFACTS, "import-1-file.png"), fullPage: true });

  // 校验 runs on the imported workbook.
  await pane().getByRole("tab", { name: "校验" }).click();
  await pane()
    .getByRole("button", { name: /^校验：/ })
    .click();
  await pane().getByTestId("summary").waitFor();
  expect(await pane().getByTestId("summary").textContent()).toMatch(/^错误 0 \//);

  // A damaged report pasted over it: the pane warns it replaces, then lists what it could not place.
  await pane().getByRole("tab", { name: "导入" }).click();
  expect(await pane().getByTestId("import-replace").textContent()).toContain("当前工作簿已有2020 年度“原州区科学技术局”报表");
  await pane()
    .getByTestId("import-paste")
    .fill(readFileSync(join(FIXTURES, "import", "damaged-2020.txt"), "utf8"));
  await pane()
    .getByRole("button", { name: /^导入年报/ })
    .click();
  await pane().getByTestId("import-warning").waitFor();
  expect(await pane().getByTestId("import-warning").textContent()).toBe("已导入 177 个单元格；另有 4 处未能放置或未找到，见下方列表，请对照原文补填。");
  const unplaced = pane().getByTestId("import-unplaced");
  expect(await unplaced.textContent()).toContain("未能放置 3 处");
  expect(await unplaced.textContent()).toContain("第 178 行：“（一）予以公开 20 4 0 1 0 26”——“（一）予以公开”一行应有 7 个数值，找到 6 个");
  expect(await unplaced.textContent()).toContain("第 220 行：“4.保护笫三者合法杈益 2 1 0 0 0 0 3”");
  expect(await pane().getByTestId("import-missing").textContent()).toContain("表三“4.保护第三方合法权益”");
  await page.screenshot({ path: join(ARTIFACTS, "import-2-damaged.png"), fullPage: true });

  // A web page's HTML (rowspan/colspan tables), pasted: 251000元 is read as 251000 with its unit.
  await pane()
    .getByTestId("import-paste")
    .fill(readFileSync(join(FIXTURES, "import", "html-rowspan-2019.html"), "utf8"));
  await pane()
    .getByRole("button", { name: /^导入年报/ })
    .click();
  expect(await status()).toBe("已导入 198 个单元格，全部放置。");
  expect(await pane().getByTestId("import-headline").textContent()).toBe("上海市某区司法局 · 2019 年度 · 2019年试行格式（国办公开办函〔2019〕60号）");
  expect(await pane().getByTestId("import-units").textContent()).toContain("表二“政府集中采购 / 采购总金额” “251000元”（第 1 个表格第 18 行第 4 列）");
  await grid().getByRole("tab", { name: "表二" }).click();
  await expect(grid().textContent()).resolves.toContain("251000");
  await page.screenshot({ path: join(ARTIFACTS, "import-3-html.png"), fullPage: true });

  expect(offsite(requests)).toEqual([]);
});

test("导入 a real PDF and our own .docx from the file picker: pdf.js loads only then, every cell placed", async () => {
  await page.goto(`${base}/playground.html`);
  await pane().getByRole("tab", { name: "导入" }).click();
  const before = requests.filter((u) => /pdfjs/.test(u)).length;
  expect(before).toBe(0);
  await pane()
    .getByTestId("import-file")
    .setInputFiles(join(FIXTURES, "real", "2024-huaian-shi.pdf"));
  await pane().getByTestId("import-file-name").waitFor();
  expect(await pane().getByTestId("import-file-name").textContent()).toBe("已选择 2024-huaian-shi.pdf（PDF，6 页）");
  expect(requests.filter((u) => /pdfjs/.test(u)).length).toBeGreaterThan(0);
  await pane()
    .getByRole("button", { name: /^导入年报/ })
    .click();
  expect(await status()).toBe("已导入 200 个单元格，全部放置。");
  expect(await pane().getByTestId("import-headline").textContent()).toBe("淮安市人民政府 · 2024 年度 · 2021年格式（国办公开办函〔2021〕30号）");
  expect(await pane().getByTestId("import-counts").textContent()).toBe("已放置 200 个数值，报告中为空白 0 个，未能放置 0 个");
  await grid().getByRole("tab", { name: "表四" }).click();
  await expect(grid().textContent()).resolves.toContain("351");
  await page.screenshot({ path: join(ARTIFACTS, "import-4-pdf.png"), fullPage: true });

  // Our own .docx export of a 2020 (2019-format) report, some 法人 columns published blank.
  const { values, snapshot } = await roundTripReport(2020, 2023, true);
  const docx = Buffer.from(await reportDocx(reportDocument(snapshot)));
  await pane()
    .getByTestId("import-file")
    .setInputFiles({ name: "自然资源局2020年报.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: docx });
  await pane()
    .getByTestId("import-file-name")
    .getByText(/自然资源局2020年报/)
    .waitFor();
  expect(await pane().getByTestId("import-file-name").textContent()).toBe("已选择 自然资源局2020年报.docx（Word 文档，3 个表格）");
  await pane()
    .getByRole("button", { name: /^导入年报/ })
    .click();
  await pane()
    .getByTestId("import-headline")
    .getByText(/某某县自然资源局/)
    .waitFor();
  expect(await pane().getByTestId("import-headline").textContent()).toBe("某某县自然资源局 · 2020 年度 · 2019年试行格式（国办公开办函〔2019〕60号）");
  // Every value it was made from is placed (with the totals the Word file prints); its blanks stay blank.
  const numbers = [...values.values()].filter((v) => v.type === "number").length;
  const blanks = [...values.values()].filter((v) => v.type === "blank").length;
  const counts = (await pane().getByTestId("import-counts").textContent()) ?? "";
  expect(counts).toMatch(new RegExp(`^已放置 \\d+ 个数值，报告中为空白 ${blanks} 个，未能放置 0 个$`));
  expect(Number(/已放置 (\d+)/.exec(counts)![1])).toBeGreaterThanOrEqual(numbers);
  expect(await pane().getByTestId("import-missing").count()).toBe(0);
  expect(await pane().getByTestId("import-unplaced").count()).toBe(0);
  await page.screenshot({ path: join(ARTIFACTS, "import-5-docx.png"), fullPage: true });
  expect(offsite(requests)).toEqual([]);
});

test("a cut-off PDF is refused with what to do", async () => {
  await page.goto(`${base}/playground.html`);
  await pane().getByRole("tab", { name: "导入" }).click();
  await pane()
    .getByTestId("import-file")
    .setInputFiles({ name: "年报.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj") });
  await pane()
    .getByText(/PDF 文件不完整/)
    .waitFor();
  expect(await pane().getByTestId("import-file-error").textContent()).toContain("请重新下载，或使用报告的 Word/WPS 原文件");
  expect(
    await pane()
      .getByRole("button", { name: /^导入年报/ })
      .isDisabled(),
  ).toBe(true);
});
