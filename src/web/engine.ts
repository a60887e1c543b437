import { MemoryWorkbook } from "../host/memory";
import type { WorkbookData } from "../host/port";
import { formatForYear } from "../format/registry";
import { planFor } from "../workbook/operations";
import { reportYear, sheetsToRead, snapshotFromData } from "../workbook/read";
import { NotNianbaoWorkbookError } from "../errors";
import type { RawValue } from "../workbook/snapshot";

/**
 * The browser edition's workbook: the memory workbook (HyperFormula stands in for Excel) that
 * opens and saves real .xlsx files. Loaded after the page shows (HyperFormula is most of its weight);
 * ExcelJS is loaded only when a file is opened or saved.
 */
export class WebWorkbook extends MemoryWorkbook {
  /** The opened file: its own sheets are saved with the formatting they had. Not kept across a reload (their values are). */
  source: ArrayBuffer | null = null;

  async file(): Promise<Uint8Array> {
    return saveXlsx(this);
  }
}

const loadXlsx = () => import(/* webpackChunkName: "exceljs" */ "../host/xlsx");

/** What the CLI says of a file that is not an .xlsx. */
export const notXlsx = (name: string) => `无法读取 ${name}：不是有效的 .xlsx 文件（或文件已损坏、加密）。`;

export class OpenError extends Error {}

/**
 * A Nianbao .xlsx (from the CLI, the add-in, or re-saved by Excel, WPS or LibreOffice) as a memory
 * workbook: read, then planned again from what it holds, so every value, 说明, 正文 paragraph and
 * carried mark comes back with the formulas, validation and protection of its format.
 */
export async function openXlsx(name: string, bytes: ArrayBuffer): Promise<{ mem: WebWorkbook; year: number; orgName: string; orphans: number; kept: number }> {
  const [{ readWorkbook }, { NianbaoError }] = await Promise.all([import(/* webpackChunkName: "reader" */ "../host/xlsxReader"), import("../errors")]);
  let data: WorkbookData;
  try {
    // The one bounded reader, every sheet: the user's own are kept and saved with the workbook.
    data = readWorkbook(new Uint8Array(bytes), { file: name, sheets: [], probe: () => true, alsoRead: (others) => others.map((o) => o.name) });
  } catch (e) {
    // A bomb or a damaged file gets the reader's own message naming the file and the limit.
    throw new OpenError(e instanceof NianbaoError ? e.message : notXlsx(name));
  }
  let year: number | null;
  let orgName: string;
  try {
    const snapshot = snapshotFromData(data);
    year = reportYear(snapshot);
    orgName = snapshot.cover.orgName ?? "";
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) throw new OpenError(`${name} ${e.message}`);
    throw e;
  }
  if (year === null) throw new OpenError(`${name}：封面缺少报告年度，无法打开。请在 Excel 或 WPS 中于“封面”填写报告年度后再打开。`);
  const { plan, orphans } = planFor({ year }, data);
  const mem = new WebWorkbook();
  await mem.write(plan);
  const planned = new Set(plan.sheets.map((sh) => sh.name));
  const own = data.sheets.filter((sh) => !planned.has(sh.name));
  mem.addOwnSheets(own);
  mem.source = bytes;
  mem.revision = 0;
  return { mem, year, orgName, orphans: orphans.size, kept: own.length };
}

/** A new workbook for a year (新建). */
export async function newWorkbook(year: number, orgName: string, values?: Map<string, RawValue>): Promise<WebWorkbook> {
  const mem = new WebWorkbook();
  const { plan } = planFor({ year, orgName, values }, null);
  await mem.write(plan);
  mem.revision = 0;
  return mem;
}

/** 示例: the playground's demo, a filled workbook whose tables reconcile (5 applications, all granted). */
export async function exampleWorkbook(year: number): Promise<WebWorkbook> {
  const model = formatForYear(year);
  const values = new Map<string, RawValue>();
  for (const cell of model.cellById.values()) if (cell.kind === "input") values.set(cell.id, { type: "number", value: 0 });
  for (const id of ["t3.new.natural", "t3.granted.natural"]) if (values.has(id)) values.set(id, { type: "number", value: 5 });
  return newWorkbook(year, "示例区科学技术局", values);
}

/** The workbook as a .xlsx (ExcelJS in the browser), planned from what it holds: what `nianbao build` would write. */
export async function saveXlsx(mem: MemoryWorkbook): Promise<Uint8Array> {
  const data = await mem.read(sheetsToRead());
  const year = reportYear(snapshotFromData(data));
  if (year === null) throw new Error("封面缺少报告年度，无法保存。请在“封面”填写报告年度。");
  const { planToWorkbook, addKeptSheets } = await loadXlsx();
  const { plan } = planFor({ year }, data);
  const wb = await planToWorkbook(plan);
  // Nothing the user typed is lost: sheets outside the plan are saved after it.
  const planned = new Set(plan.sheets.map((sh) => sh.name));
  const others = mem.sheetNames().filter((n) => !planned.has(n));
  if (others.length) await addKeptSheets(wb, (await mem.read(others)).sheets, mem instanceof WebWorkbook ? mem.source : null);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export { MemoryWorkbook };
