import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import type { FormatModel } from "../format/layout";
import { FORMAT_IDS, getFormat } from "../format/registry";
import { readXlsx } from "../host/xlsx";
import { carryForward, CarryError, lastYearFromWorkbook, type LastYearReport } from "../import/carry";
import { lastYearFromImport } from "../import/carryText";
import { readReportFile } from "../import/file";
import { importLines } from "../import/report";
import type { GenerateRequest } from "../workbook/operations";
import { sheetsToRead } from "../workbook/read";

/** `build --last-year last.xlsx|last.txt|last.html`: last year's report for the report year `year`, read by its kind (a published text also against this year's variant, when there is one). */
export async function loadLastYear(path: string, year: number, format?: FormatModel): Promise<LastYearReport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CarryError(`无法读取上年文件 ${path}：${(e as NodeJS.ErrnoException).code === "ENOENT" ? "文件不存在" : (e as Error).message}`);
  }
  const kind = extname(path).toLowerCase();
  if (kind === ".xlsx") {
    let data;
    try {
      data = await readXlsx(bytes, sheetsToRead());
    } catch {
      throw new CarryError(`无法读取上年文件 ${path}：不是有效的 .xlsx 文件（或文件已损坏、加密）。`);
    }
    return lastYearFromWorkbook(data, path);
  }
  if ([".txt", ".html", ".htm", ".md", ".pdf", ".docx", ".doc"].includes(kind)) {
    const read = await readReportFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
    if (!read.ok) throw new CarryError(`上年文件 ${path}：${read.message}`);
    const formats = format && !format.builtIn ? [format, ...FORMAT_IDS.map((id) => getFormat(id))] : undefined;
    return lastYearFromImport(importLines(read.read, { formats }), path, year - 1);
  }
  throw new CarryError(`上年文件 ${path} 须为 .xlsx（上年的年报工作簿），或已发布的上年年报（.pdf、.docx、.html、.txt）。`);
}

/** The build request with last year carried into it, and what to tell the user. */
export async function withLastYear(request: GenerateRequest & { values: NonNullable<GenerateRequest["values"]> }, path: string): Promise<{ request: GenerateRequest; messages: string[] }> {
  const last = await loadLastYear(path, request.year, request.format);
  const carry = carryForward(last, request.year, { values: request.values, cover: { ...(request.cover ?? {}), orgName: request.orgName ?? "" }, model: request.format });
  const merged: GenerateRequest = {
    ...request,
    ...carry.request,
    values: new Map([...request.values, ...carry.request.values]),
    cover: { ...(request.cover ?? {}), ...carry.request.cover },
  };
  const from = last.year !== null ? ` ${last.year} 年度报告` : "上年报告";
  return { request: merged, messages: [`从${from}结转 ${carry.filled} 项，已标记“来自上年，待确认”。`, ...carry.notes] };
}
