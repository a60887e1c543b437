import { extname } from "node:path";
import { carryForward, CarryError, lastYearFromWorkbook, type LastYearReport } from "../import/carry";
import { lastYearFromImport } from "../import/carryText";
import { readReportFile } from "../import/file";
import { importLines } from "../import/report";
import type { GenerateRequest } from "../workbook/operations";
import { readInputFile } from "./files";
import { readWorkbookFile } from "./workbookFile";

/** `build --last-year last.xlsx|last.txt|last.html`: last year's report for the report year `year`, read by its kind. */
export async function loadLastYear(path: string, year: number): Promise<LastYearReport> {
  const kind = extname(path).toLowerCase();
  if (kind === ".xlsx") return lastYearFromWorkbook((await readWorkbookFile(path, "上年文件")).data, path);
  if ([".txt", ".html", ".htm", ".md", ".pdf", ".docx", ".doc"].includes(kind)) {
    const bytes = await readInputFile(path, "上年文件");
    const read = await readReportFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
    if (!read.ok) throw new CarryError(`上年文件 ${path}：${read.message}`);
    return lastYearFromImport(importLines(read.read, { file: path }), path, year - 1);
  }
  throw new CarryError(`上年文件 ${path} 须为 .xlsx（上年的年报工作簿），或已发布的上年年报（.pdf、.docx、.html、.txt）。`);
}

/** The build request with last year carried into it, and what to tell the user. */
export async function withLastYear(request: GenerateRequest & { values: NonNullable<GenerateRequest["values"]> }, path: string): Promise<{ request: GenerateRequest; messages: string[] }> {
  const last = await loadLastYear(path, request.year);
  const carry = carryForward(last, request.year, { values: request.values, cover: { ...(request.cover ?? {}), orgName: request.orgName ?? "" } });
  const merged: GenerateRequest = {
    ...request,
    ...carry.request,
    values: new Map([...request.values, ...carry.request.values]),
    cover: { ...(request.cover ?? {}), ...carry.request.cover },
  };
  const from = last.year !== null ? ` ${last.year} 年度报告` : "上年报告";
  return { request: merged, messages: [`从${from}结转 ${carry.filled} 项，已标记“来自上年，待确认”。`, ...carry.notes] };
}
