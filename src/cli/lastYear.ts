import { carryForward, type LastYearReport } from "../carry/carry";
import { lastYearFromFile } from "../carry/lastYearFile";
import type { FormatModel } from "../format/layout";
import { nodeCodec } from "../host/zipCodecNode";
import type { GenerateRequest } from "../workbook/operations";
import { readInputFile } from "./files";

/** `build --last-year last.xlsx|last.txt|last.html`: last year's report for the report year `year`, read by its kind (a published text also against this year's variant, when there is one). */
async function loadLastYear(path: string, year: number, format?: FormatModel): Promise<LastYearReport> {
  // Bounded and regular files only, like every input; the message names the file.
  const bytes = await readInputFile(path, "上年文件");
  return lastYearFromFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, year, format, nodeCodec);
}

/** The build request with last year carried into it, and what to tell the user. */
export async function withLastYear(
  request: GenerateRequest & { values: NonNullable<GenerateRequest["values"]> },
  path: string,
): Promise<{ request: GenerateRequest; messages: string[] }> {
  const last = await loadLastYear(path, request.year, request.format);
  const carry = carryForward(last, request.year, {
    values: request.values,
    cover: { ...(request.cover ?? {}), orgName: request.orgName ?? "" },
    model: request.format,
  });
  const merged: GenerateRequest = {
    ...request,
    ...carry.request,
    values: new Map([...request.values, ...carry.request.values]),
    cover: { ...(request.cover ?? {}), ...carry.request.cover },
  };
  const from = last.year !== null ? ` ${last.year} 年度报告` : "上年报告";
  return { request: merged, messages: [`从${from}结转 ${carry.filled} 项，已标记“来自上年，待确认”。`, ...carry.notes] };
}
