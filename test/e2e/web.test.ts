import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import type { Server } from "node:http";
import { parseA1 } from "../../src/format/address";
import { getFormat } from "../../src/format/registry";
import { readWithExcelJS, readXlsx } from "../support/read";
import { validateSnapshot } from "../../src/rules/validate";
import { CHECK_FIRST_ROW, CHECK_SHEET } from "../../src/workbook/plan";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import { ARTIFACTS, offsite } from "../support/browser";
import { initialJsGzip, libreOfficeResave, openWeb } from "../support/web";

/**
 * The browser edition (dist/web/) as a staff member uses it: open a workbook the CLI built and
 * LibreOffice re-saved, type with the keyboard only, paste a row copied from Excel, undo, watch
 * 校验 follow, accept a 提示 with a 说明, save; then the saved file is checked by the CLI and
 * recalculated by LibreOffice. Also: offline after the first visit, and the layout at two widths.
 */
jest.setTimeout(300_000);

const ROOT = join(__dirname, "../..");
const YEAR = 2024;
const ORG = "某某区科学技术局";
const model = getFormat("2021");
const at = (id: string) => model.cellById.get(id)!.address;
/** Typed in the browser; everything else is 0 but one 表二 cell left blank (a 提示 to accept). */
const TYPED = ["t3.new.natural", "t3.new.commercial", "t3.granted.natural", "t3.granted.commercial", "t3.partial.natural"];
const BLANK = model.cells.find((c) => c.tableKey === "t2" && c.kind === "input")!.id;

let work: string;
let close: () => Promise<void>;
let base: string;
let page: Page;
let requests: string[];
let server: Server;
const dialogs: string[] = [];
/** How the next confirmations are answered (yes unless a test says otherwise). */
let answer = true;
/** Requests that left the page's own origin (http://127.0.0.1:<port>): none may. */
const offOrigin = () => offsite(requests).concat(requests.filter((u) => /^https?:/.test(u) && new URL(u).origin !== new URL(base).origin));

function nianbao(args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, "bin/nianbao.js"), ...args], { cwd: work, encoding: "utf8", timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "nianbao-web-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  const values: Record<string, number | null> = {};
  for (const c of model.cells) if (c.kind === "input" && !TYPED.includes(c.id) && c.id !== BLANK) values[c.id] = 0;
  writeFileSync(join(work, "values.json"), JSON.stringify(values));
  // A finished 正文 (export refuses one never started): 一, 五 and 六 written.
  const text = [
    "一、总体情况",
    "本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "五、存在的主要问题及改进情况",
    "政策解读形式较为单一，下一步将增加图解和视频解读。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
  ];
  writeFileSync(join(work, "正文.txt"), text.join("\n"));
  const built = nianbao(["build", "--year", String(YEAR), "--org", ORG, "--data", "values.json", "--text", "正文.txt", "--out", "built.xlsx"]);
  expect(built.stderr).toContain("已生成");
  mkdirSync(join(work, "lo"));
  libreOfficeResave(join(work, "built.xlsx"), join(work, "lo"));
  ({ base, page, requests, close, server } = await openWeb());
  // Every confirmation (and a reload's 离开 question) is answered yes, and kept for the tests to read.
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}:${d.message()}`);
    void (answer || d.type() === "beforeunload" ? d.accept() : d.dismiss()).catch(() => undefined);
  });
});

afterAll(async () => {
  await close?.();
});

const pane = () => page.getByTestId("pane");
const grid = () => page.getByTestId("grid");
const cursor = async () => (await grid().locator("td[data-cursor]").getAttribute("data-address"))!;
const summary = () => pane().getByTestId("summary");

/** Arrow keys until the cursor is on the cell (merged blocks count as one step, as in Excel). */
async function goTo(address: string) {
  for (let i = 0; i < 60; i++) {
    const here = parseA1(await cursor())!;
    const there = parseA1(address)!;
    if (here.row === there.row && here.col === there.col) return;
    await page.keyboard.press(here.row < there.row ? "ArrowDown" : here.row > there.row ? "ArrowUp" : here.col < there.col ? "ArrowRight" : "ArrowLeft");
  }
  throw new Error(`cursor never reached ${address} (at ${await cursor()})`);
}

/** Wait until the pane lists these findings and not those (校验 follows the edits). */
const waitFindings = (present: string[], absent: string[] = []) =>
  page.waitForFunction(
    ([p, a]) =>
      p.every((k) => document.querySelector(`[data-testid="finding"][data-key="${k}"]`)) &&
      a.every((k) => !document.querySelector(`[data-testid="finding"][data-key="${k}"]`)),
    [present, absent] as const,
    { timeout: 30_000 },
  );

const waitSummary = (text: string) =>
  page.waitForFunction((t) => document.querySelector('[data-testid="summary"]')?.textContent?.startsWith(t) ?? false, text, { timeout: 30_000 });

test("a whole job: open the LibreOffice-saved workbook, type, paste, undo, 校验 follows, accept a 提示, save", async () => {
  await page.goto(`${base}/index.html?view=validate`);
  await page.getByTestId("welcome").waitFor();
  await page.getByTestId("open-file").setInputFiles(join(work, "lo", "built.xlsx"));
  await page
    .getByTestId("web-status")
    .getByText(/已打开 built\.xlsx/)
    .waitFor();
  // Five cells are blank (F-2) and one 表二 cell: 提示 only, no 错误.
  await summary().waitFor();
  expect(await summary().textContent()).toMatch(/^错误 0 \/ 提示 \d+/);

  // Keyboard only from here: the grid has the focus, the cursor starts on 表三's first input.
  await grid().getByTestId("grid-keys").focus();
  expect(await cursor()).toBe(at("t3.new.natural"));
  await page.keyboard.type("5");
  await page.keyboard.press("Tab");
  await page.keyboard.type("2");
  await page.keyboard.press("Enter");
  expect(await cursor()).toBe(`${at("t3.new.commercial").replace(/\d+$/, "")}${parseA1(at("t3.new.commercial"))!.row + 1}`);
  await goTo(at("t3.granted.natural"));
  await page.keyboard.type("4");
  await page.keyboard.press("Tab");
  await page.keyboard.type("2");
  await page.keyboard.press("Tab");
  expect(
    await grid()
      .locator(`td[data-address="${at("t3.new.natural")}"]`)
      .textContent(),
  ).toBe("5");
  // 自然人: 5 received, 4 granted, 部分公开 still blank: a blank is not 0, so T3-1 cannot be decided.
  // No 错误: the blank row's 提示 names the checks it leaves open (无法判断).
  await waitFindings(["F-2@t3.partial"], ["F-2@t3.new", "F-2@t3.granted"]);
  expect(await pane().locator('[data-testid="finding"][data-key="F-2@t3.partial"]').textContent()).toContain("无法核对 T3-1");
  expect(await summary().textContent()).toMatch(/^错误 0 \//);
  await page.screenshot({ path: join(ARTIFACTS, "web-1-typed.png") });

  // Typing over a filled cell replaces it (10 over 5 is 10, not 510); Esc cancels an edit; F2 edits in place.
  await goTo(at("t3.new.natural"));
  await page.keyboard.type("10");
  await page.keyboard.press("Escape");
  expect(
    await grid()
      .locator(`td[data-address="${at("t3.new.natural")}"]`)
      .textContent(),
  ).toBe("5");
  await page.keyboard.press("F2");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("5");
  await page.keyboard.press("Enter");
  expect(
    await grid()
      .locator(`td[data-address="${at("t3.new.natural")}"]`)
      .textContent(),
  ).toBe("5");

  // A locked cell says why; bad input gets the F-1 message beside the cell.
  await goTo(at("t3.total.natural"));
  await page.keyboard.type("7");
  expect(await grid().getByTestId("cell-alert").textContent()).toContain("由公式自动计算");
  await page.keyboard.press("Escape");
  await goTo(at("t3.partial.natural"));
  await page.keyboard.type("1件");
  await page.keyboard.press("Enter");
  expect(await grid().getByTestId("cell-alert").textContent()).toContain(`表三 ${at("t3.partial.natural")}`);
  await page.keyboard.press("Escape");

  // Paste a row copied from Excel: 部分公开 1 / 0 / 0: both columns balance.
  await grid()
    .getByTestId("grid-keys")
    .evaluate((el) => {
      const data = new DataTransfer();
      data.setData("text/plain", "1\t0\t3\r\n");
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
  expect(await grid().getByTestId("grid-status").textContent()).toContain("已粘贴 3 个单元格");
  const research = model.cells.find((c) => c.rowKey === "partial" && c.tableKey === "t3" && c.col === parseA1(at("t3.partial.natural"))!.col + 2)!;
  expect(await grid().locator(`td[data-address="${research.address}"]`).textContent()).toBe("3");
  await waitSummary("错误 2 /"); // 自然人 fixed, 科研机构 now off by 3 (and 总计 still)
  // Undo once: the whole paste goes.
  await page.keyboard.press("Control+z");
  expect(await grid().locator(`td[data-address="${research.address}"]`).textContent()).toBe("0");
  expect(
    await grid()
      .locator(`td[data-address="${at("t3.partial.natural")}"]`)
      .textContent(),
  ).toBe("");
  // The blank is back: 无法判断 again, no 错误.
  await waitFindings(["F-2@t3.partial"]);
  await waitSummary("错误 0 /");
  await page.keyboard.type("1");
  await page.keyboard.press("Enter");
  await waitSummary("错误 0 /");
  await page.screenshot({ path: join(ARTIFACTS, "web-2-fixed.png") });

  // Accept the 提示 for the blank 表二 cell with a 说明.
  const key = `F-2@${BLANK.split(".").slice(0, 2).join(".")}`;
  const finding = pane().locator(`[data-testid="finding"][data-key="${key}"]`);
  // The group starts open when it holds five findings or fewer; a click on its summary would close it.
  const group = pane().locator('[data-testid="rule-group"][data-rule="F-2"]');
  if ((await group.getAttribute("open")) === null) await group.locator("summary").click();
  await finding.getByRole("button", { name: /接受/ }).click();
  await finding.getByRole("textbox").fill("本年度未制发规章，该项不适用，已核对");
  await finding.getByRole("button", { name: /保存说明/ }).click();
  await finding.getByTestId("explanation").waitFor();

  // Save: the download is the workbook.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save").click()]);
  const saved = join(work, "saved.xlsx");
  await download.saveAs(saved);
  expect(await page.getByTestId("doc-state").textContent()).toContain("已保存");
  const shownKeys = await pane()
    .locator('[data-testid="finding"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-key")).sort());

  // The saved file prints as staff expect: 封面 and 校验 on A4, fitted to one page width.
  const printed = new ExcelJS.Workbook();
  await printed.xlsx.readFile(saved);
  for (const name of ["封面", CHECK_SHEET]) {
    expect([name, printed.getWorksheet(name)!.pageSetup]).toEqual([
      name,
      expect.objectContaining({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
    ]);
  }

  // The CLI reads the same values, findings and 说明.
  const cli = nianbao(["validate", saved, "--json"]);
  const json = JSON.parse(cli.stdout) as { findings: { key: string; explanation?: string }[] };
  expect(json.findings.map((f) => f.key).sort()).toEqual(shownKeys);
  expect(json.findings.find((f) => f.key === key)?.explanation).toBe("本年度未制发规章，该项不适用，已核对");
  const snapshot = snapshotFromData(await readXlsx(readFileSync(saved), sheetsToRead()));
  const typed = { "t3.new.natural": 5, "t3.new.commercial": 2, "t3.granted.natural": 4, "t3.granted.commercial": 2, "t3.partial.natural": 1 };
  for (const [id, v] of Object.entries(typed)) expect([id, snapshot.values.get(id)]).toEqual([id, { type: "number", value: v }]);
  for (const c of model.cells)
    if (c.kind === "input" && !(c.id in typed)) expect([c.id, snapshot.values.get(c.id)?.type ?? "blank"]).toEqual([c.id, c.id === BLANK ? "blank" : "number"]);
  expect(snapshot.cover.orgName).toBe(ORG);

  // LibreOffice recalculates the saved 校验 sheet to the verdicts the JS rules give.
  mkdirSync(join(work, "recalc"));
  const recalculated = libreOfficeResave(saved, join(work, "recalc"));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(recalculated);
  const ws = wb.getWorksheet(CHECK_SHEET)!;
  const sheet = new Map<string, unknown>();
  for (let row = CHECK_FIRST_ROW; ws.getCell(row, 2).value; row++) sheet.set(ws.getCell(row, 2).text, ws.getCell(row, 8).result);
  const js = validateSnapshot(snapshot);
  expect(sheet.size).toBe(js.results.length);
  expect(Object.fromEntries(js.results.map((r) => [r.instance.key, sheet.get(r.instance.key)]))).toEqual(
    Object.fromEntries(js.results.map((r) => [r.instance.key, r.verdict])),
  );
  expect(offOrigin()).toEqual([]);
});

test("导出 works on the opened file: the report's .docx (LibreOffice renders it), the .html and the workbook's .xlsx", async () => {
  await pane().getByRole("tab", { name: "导出" }).click();
  await pane()
    .getByRole("button", { name: /^检查能否导出/ })
    .click();
  await pane().getByTestId("export-ready").waitFor();
  const title = `${ORG}${YEAR}年政府信息公开工作年度报告`;
  const downloadOf = async (button: string, file: string) => {
    const [download] = await Promise.all([page.waitForEvent("download"), pane().getByRole("button", { name: button }).click()]);
    await download.saveAs(join(work, file));
    return download.suggestedFilename();
  };
  expect(await downloadOf("下载报告（.docx）", "web-report.docx")).toBe(`${title}.docx`);
  expect(await downloadOf("下载网页（.html）", "web-report.html")).toBe(`${title}.html`);
  expect(await downloadOf("下载工作簿（.xlsx）", "web-export.xlsx")).toBe(`${title}.xlsx`);
  expect(readFileSync(join(work, "web-report.html"), "utf8")).toContain('class="nb-table-scroll"');

  // The exported workbook is the workbook: the CLI finds no 错误 and the accepted 提示's 说明.
  const cli = JSON.parse(nianbao(["validate", "web-export.xlsx", "--json"]).stdout) as {
    findings: { severity: string; explanation?: string }[];
    summary: { errors: number };
  };
  expect(cli.summary.errors).toBe(0);
  expect(cli.findings.map((f) => f.explanation).filter(Boolean)).toEqual(["本年度未制发规章，该项不适用，已核对"]);

  // The .docx as a reader sees it: LibreOffice makes a PDF, pdftoppm the pages kept in test/artifacts/.
  const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-"));
  const pdf = spawnSync(
    "soffice",
    [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", work, join(work, "web-report.docx")],
    { encoding: "utf8", timeout: 180_000 },
  );
  expect(pdf.status).toBe(0);
  expect(spawnSync("pdftoppm", ["-r", "60", "-png", join(work, "web-report.pdf"), join(ARTIFACTS, "web-report")]).status).toBe(0);
  const text = spawnSync("pdftotext", ["-layout", join(work, "web-report.pdf"), "-"], { encoding: "utf8" }).stdout;
  expect(text).toContain(ORG);
  expect(text).toContain("三、收到和处理政府信息公开申请情况");
  // No closing bracket or comma at a line start (Chinese line breaking).
  expect(text.split("\n").filter((line) => /^\s*[）)，。、；：]/.test(line))).toEqual([]);
  expect(offOrigin()).toEqual([]);
});

test("a file that is not a Nianbao workbook gets the CLI's message; leaving with unsaved changes asks", async () => {
  const other = new ExcelJS.Workbook();
  other.addWorksheet("Sheet1").getCell("A1").value = "别的表格";
  writeFileSync(join(work, "other.xlsx"), Buffer.from(await other.xlsx.writeBuffer()));
  const cli = nianbao(["validate", "other.xlsx"]);
  const message = cli.stderr.replace(/^错误：/, "").trim();
  await page.goto(`${base}/index.html`);
  await page.getByTestId("grid").waitFor();
  // The open workbook has unsaved changes after one typed cell: opening another asks first.
  await grid().getByTestId("grid-keys").focus();
  await page.keyboard.type("3");
  await page.keyboard.press("Enter");
  expect(await page.getByTestId("doc-state").textContent()).toContain("有未保存的修改");
  dialogs.length = 0;
  await page.getByTestId("open-file").setInputFiles(join(work, "other.xlsx"));
  await page.getByTestId("web-status").waitFor();
  expect(dialogs[0]).toMatch(/^confirm:.*有未保存的修改/);
  expect(await page.getByTestId("web-status").textContent()).toBe(`other.xlsx ${message.replace(/^.*?(不是年报)/, "$1")}`);
  // The open workbook is still there; a reload asks (beforeunload).
  await page.getByTestId("grid").waitFor();
  const asked = await page.evaluate(() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(asked).toBe(true);
  // 关闭 asks before it discards the changes; answered no, the workbook stays open as it was.
  answer = false;
  dialogs.length = 0;
  await page.getByRole("button", { name: "关闭工作簿", exact: true }).click();
  expect(dialogs[0]).toMatch(/^confirm:.*有未保存的修改，关闭将丢失这些修改/);
  expect(await page.getByTestId("doc-state").textContent()).toContain("有未保存的修改");
  await page.getByTestId("grid").waitFor();
  answer = true;
});

test("新建 for a year, 从上年结转 and 汇总 in the 网页版; the saved file holds the sums and keeps the 汇总看板 sheet", async () => {
  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const fileOf = (name: string, values: Record<string, number>, year = YEAR, org = ORG) => {
    writeFileSync(join(work, `${name}.json`), JSON.stringify(values));
    const made = nianbao(["build", "--year", String(year), "--org", org, "--data", `${name}.json`, "--out", `${name}.xlsx`]);
    expect(made.stderr).toContain("已生成");
    return { name: `${name}.xlsx`, mimeType: XLSX, buffer: readFileSync(join(work, `${name}.xlsx`)) };
  };
  await page.goto(`${base}/index.html`);
  await page.getByRole("toolbar").waitFor();
  await page.getByRole("button", { name: "新建年报工作簿" }).click();
  const form = page.getByRole("form", { name: "新建年报工作簿" });
  await form.getByRole("combobox").selectOption(String(YEAR));
  await form.getByRole("textbox").fill("某某县人民政府办公室");
  await form.getByRole("button", { name: "创建" }).click();
  await page.getByTestId("web-status").getByText(`已新建 ${YEAR} 年度工作簿。`).waitFor();

  await pane().getByRole("tab", { name: "结转/汇总" }).click();
  await pane()
    .getByTestId("last-year-file")
    .setInputFiles(fileOf("last", { "t3.carriedNext.natural": 3, "t3.new.natural": 3 }, YEAR - 1, "某某县人民政府办公室"));
  await pane()
    .getByText(/有 \d+ 项结转数据待确认/)
    .waitFor();
  await pane()
    .getByTestId("unit-files")
    .setInputFiles([
      fileOf("unitA", { "t3.new.natural": 4, "t3.granted.natural": 4 }, YEAR, "甲镇人民政府"),
      fileOf("unitB", { "t3.new.natural": 2, "t3.granted.natural": 2 }, YEAR, "乙镇人民政府"),
    ]);
  await pane().getByTestId("aggregate-run").click();
  await page.getByText(/已汇总 2 个单位（共 2 个文件）/).waitFor();
  await grid().getByRole("tab", { name: "汇总看板" }).waitFor();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save").click()]);
  const saved = join(work, "county.xlsx");
  await download.saveAs(saved);
  // Every sheet, as ExcelJS reads the file.
  const data = await readWithExcelJS(readFileSync(saved));
  expect(data.sheets.map((sh) => sh.name)).toContain("汇总看板");
  const snapshot = snapshotFromData(data);
  expect(snapshot.values.get("t3.new.natural")).toEqual({ type: "number", value: 6 });
  expect(snapshot.values.get("t3.granted.natural")).toEqual({ type: "number", value: 6 });
  expect(snapshot.cover.orgName).toBe("某某县人民政府办公室");
  expect(offOrigin()).toEqual([]);
});

test("正文: the drafted paragraph's numbers follow a value typed in the grid, with no button pressed", async () => {
  await pane().getByRole("tab", { name: "正文" }).click();
  await pane()
    .getByRole("button", { name: /^起草：/ })
    .click();
  const partThree = pane().locator('[data-testid="narrative-part"][data-part="2"] textarea').first();
  const count = async () => Number(/申请(\d+)件/.exec(await partThree.inputValue())?.[1] ?? NaN);
  const before = await count();
  expect(before).toBeGreaterThan(0);
  await grid().getByRole("tab", { name: "表三" }).click();
  await grid().getByTestId("grid-keys").focus();
  await goTo(at("t3.new.natural"));
  const natural = Number(
    await grid()
      .locator(`td[data-address="${at("t3.new.natural")}"]`)
      .textContent(),
  );
  await page.keyboard.type(String(natural + 4));
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    ({ n }) =>
      new RegExp(`申请${n}件`).test(document.querySelector<HTMLTextAreaElement>('[data-testid="narrative-part"][data-part="2"] textarea')?.value ?? ""),
    { n: before + 4 },
    { timeout: 30_000 },
  );
  expect(await count()).toBe(before + 4);
});

test.each([
  ["1366x768", 1366, 768],
  ["1920x1080", 1920, 1080],
  ["360px", 360, 740],
  ["320px", 320, 640],
])("layout at %s: no horizontal overflow, grid and pane both reachable", async (name, width, height) => {
  await page.setViewportSize({ width, height });
  await page.goto(`${base}/index.html?view=validate`).catch(() => undefined);
  // The workbook of the tests before, or (run alone) the 示例.
  await page.locator('[data-testid="grid"], [data-testid="welcome"]').first().waitFor();
  if (await page.getByTestId("welcome").isVisible()) await page.getByRole("button", { name: "打开示例工作簿（演示数据）" }).click();
  await page.getByTestId("grid").waitFor();
  await summary().waitFor();
  const overflow = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    body: document.body.scrollWidth - document.body.clientWidth,
  }));
  expect(overflow).toEqual({ doc: 0, body: 0 });
  // No button label is cut mid-word: each stays on one line.
  const wrapped = await page.evaluate(() =>
    [...document.querySelectorAll(".ms-Button-label, .ms-Pivot-text")]
      .filter((el) => (el as HTMLElement).offsetHeight > parseFloat(getComputedStyle(el).lineHeight || "20") * 1.5)
      .map((el) => el.textContent),
  );
  expect(wrapped).toEqual([]);
  // The pane does not cover the grid.
  const [g, p] = await Promise.all([grid().boundingBox(), pane().boundingBox()]);
  const overlap = !(g!.x + g!.width <= p!.x || p!.x + p!.width <= g!.x || g!.y + g!.height <= p!.y || p!.y + p!.height <= g!.y);
  expect(overlap).toBe(false);
  await page.screenshot({ path: join(ARTIFACTS, `web-layout-${name}.png`), fullPage: true });
});

test("initial JS of index.html (gzipped) stays within 350 KB", () => {
  const { bytes, files } = initialJsGzip();
  console.log(`web initial JS: ${files.join(", ")} = ${(bytes / 1024).toFixed(1)} KB gzipped`);
  expect(bytes).toBeLessThanOrEqual(350 * 1024);
});

test("after the first visit it opens with the network cut, and no request left the origin", async () => {
  await page.goto(`${base}/index.html`);
  // The worker installs once it has cached every file of the build.
  await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then(() => true),
      new Promise((_r, reject) => setTimeout(() => reject(new Error("service worker not ready after 60 s")), 60_000)),
    ]),
  );
  // Every file is cached once the worker is active; reload so the page is controlled by it.
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await page.context().setOffline(true);
  await page.reload();
  await page.getByRole("toolbar").waitFor();
  await page.getByTestId("grid").waitFor();
  // The engine and ExcelJS (lazy chunks) come from the cache too: 示例 opens and saves.
  await page.getByRole("button", { name: "打开示例工作簿（演示数据）" }).click();
  await page.getByTestId("web-status").getByText("已打开示例工作簿").waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save").click()]);
  expect(await download.failure()).toBeNull();
  expect(offOrigin()).toEqual([]);
  await page.context().setOffline(false);
});
