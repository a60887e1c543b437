import { parseArgs } from "node:util";
import { z } from "zod";
import { isSupportedYear, UnsupportedYearError } from "../format/registry";
import type { FormatModel } from "../format/layout";
import { planToXlsx } from "../host/xlsx";
import { readReportFile } from "../import/file";
import { importLines, importRequest } from "../import/report";
import { importComplete, importCounts, importSummary } from "../import/summary";
import { planFor } from "../workbook/operations";
import { displayRaw } from "../workbook/snapshot";
import { FORMAT_FILE_OPTION, loadFormatFile } from "./formatFile";
import { FormatFileError, NianbaoError, UsageError } from "../errors";
import { checkOutputs, readInputFile, writeOutputFile } from "./files";
import { yearArg } from "./workbookFile";

/**
 * nianbao import report.txt|report.html --out report.xlsx [--year Y] [--org NAME] [--json]
 * Exit 0: everything placed; 1: something could not be placed (the workbook is still written);
 * 2: unreadable input or bad arguments.
 */

export const IMPORT_USAGE =
  "nianbao import 年报.pdf|年报.docx|年报.html|年报.txt|年报.md --out report.xlsx [--year <年度>] [--org <机关名称>] [--format-file 省级格式.json] [--json]";

const args = z.object({
  file: z.string({ message: "请指定要导入的年报文件（.pdf、.docx、.html、.txt 或 .md）" }),
  out: z.string({ message: "缺少 --out 输出文件" }).regex(/\.xlsx$/i, "--out 须为 .xlsx 文件"),
  year: yearArg.optional(),
  org: z.string().trim().min(1, "--org 不能为空").optional(),
  json: z.boolean().optional(),
  "format-file": z.string().min(1, "--format-file 不能为空").optional(),
});

/** Bad arguments or input: main prints the message (and the usage) in zh-CN, exit 2. */
function fail(message: string): never {
  throw new UsageError(`${message}\n用法：${IMPORT_USAGE}`);
}

export async function cmdImport(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: "string" }, year: { type: "string" }, org: { type: "string" }, json: { type: "boolean" }, ...FORMAT_FILE_OPTION },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return fail(`参数有误：${(e as Error).message}`);
  }
  if (parsed.positionals.length > 1) return fail("只能指定一个要导入的文件。");
  const a = args.safeParse({ file: parsed.positionals[0], ...parsed.values });
  if (!a.success) return fail(a.error.issues.map((i) => i.message).join("；"));
  const { file, out, year, org, json } = a.data;
  if (year !== undefined && !isSupportedYear(year)) return fail(new UnsupportedYearError(year).message);
  let format: FormatModel | undefined;
  try {
    format = a.data["format-file"] === undefined ? undefined : await loadFormatFile(a.data["format-file"]);
  } catch (e) {
    if (e instanceof FormatFileError) return fail(e.message);
    throw e;
  }

  let bytes: Buffer;
  let target: string;
  try {
    target = (await checkOutputs([{ path: out, flag: "--out" }], [file, ...(a.data["format-file"] ? [a.data["format-file"]] : [])])).get(out)!;
    bytes = await readInputFile(file, "年报文件");
  } catch (e) {
    if (e instanceof NianbaoError) return fail(e.message);
    throw e;
  }
  const read = await readReportFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
  if (!read.ok) return fail(`${file}：${read.message}`);
  const result = importLines(read.read, { year, formats: format ? [format] : undefined });
  if (!result.recognised) return fail(`${file} 中没有找到年报的表格或正文（应为政府信息公开工作年度报告的文本或网页）。`);
  if (year === undefined && result.year === null) return fail(`${file} 的标题中没有找到报告年度，请用 --year 指定。`);

  const request = importRequest(result, { year, orgName: org });
  let plan;
  try {
    plan = planFor(request, null).plan;
  } catch (e) {
    if (e instanceof UnsupportedYearError) return fail(e.message);
    throw e;
  }
  try {
    await writeOutputFile(target, await planToXlsx(plan), "--out");
  } catch (e) {
    if (e instanceof NianbaoError) return fail(e.message);
    throw e;
  }

  if (json) {
    const body = {
      year: request.year,
      orgName: request.orgName ?? null,
      formatId: result.formatId,
      values: Object.fromEntries(
        [...result.values].map(([id, raw]) => [id, raw.type === "number" ? raw.value : raw.type === "blank" ? null : displayRaw(raw)]),
      ),
      units: result.units,
      blanks: result.blanks,
      cover: result.cover,
      paragraphs: result.paragraphs.length,
      counts: importCounts(result),
      unplaced: result.unplaced,
      missing: result.missing,
      parents: result.parents.map((p) => ({ table: p.table, label: p.label, rowKeys: p.rowKeys, where: p.where, values: p.values.map((v) => v.token.text) })),
      totalsDiffer: result.totalsDiffer,
      notes: result.notes,
      out,
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    const lines = importSummary(result);
    if (org !== undefined) lines.push(`按 --org 取机关名称“${org}”。`);
    lines.push(...(plan.notices ?? []));
    lines.push(`已写入 ${out}${importComplete(result) ? "。" : "（未能放置的数值未写入，请对照原文补填后再校验）。"}`);
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  return importComplete(result) ? 0 : 1;
}
