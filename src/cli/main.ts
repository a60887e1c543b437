import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { formatLabel } from "../format/registry";
import type { FormatModel } from "../format/layout";
import { XlsxWorkbook } from "../host/xlsxFile";
import type { ValidationReport } from "../rules/validate";
import { readSnapshot, validate } from "../workbook/operations";
import { generate } from "../workbook/rebuild";
import { rawFromJs, type RawValue } from "../workbook/snapshot";
import { cellsJson } from "./cells";
import { FORMAT_FILE_OPTION, FORMAT_FILE_USAGE, formatFileArg, formatFor, formatSummary } from "./formatFile";
import { withLastYear } from "./lastYear";
import { AGGREGATE_USAGE, cmdAggregate } from "./aggregate";
import { EXPORT_USAGE, LEDGER_USAGE } from "./usage";
import { cmdImport, IMPORT_USAGE } from "./import";
import { narrativeText } from "./narrative";
import { formatReport } from "./report";
import { draftNarrative } from "../narrative/draft";
import { textToNarrative } from "../narrative/text";
import { renderParagraph } from "../narrative/render";
import { reportError, UsageError } from "../errors";
import { decodeReport } from "../import/decode";
import { checkOutputs, readInputFile, writeOutputFile } from "./files";
import { yearArg } from "./workbookFile";
import { cmdRebuild, REBUILD_USAGE } from "./rebuild";
import { CELL_TEXT_LIMIT } from "../workbook/cellText";

/** Exit codes: 0 ok / no 错误, 1 at least one 错误, 2 bad input (unreadable or not a Nianbao workbook): errors.ts. */

const USAGE = `用法：
  nianbao format --year <年度> ${FORMAT_FILE_USAGE} [--json]
  nianbao cells --year <年度> ${FORMAT_FILE_USAGE} [--json]
  nianbao build --year <年度> --org <机关名称> ${FORMAT_FILE_USAGE} [--data values.json] [--last-year 上年.xlsx|上年.txt] [--text 正文.txt | --draft] --out report.xlsx
  nianbao validate report.xlsx ${FORMAT_FILE_USAGE} [--json]
  nianbao narrative report.xlsx ${FORMAT_FILE_USAGE} [--json]
${REBUILD_USAGE}
${AGGREGATE_USAGE}
${EXPORT_USAGE}
  ${IMPORT_USAGE}
${LEDGER_USAGE}`;

const cellValue = z.union([z.number(), z.string().max(CELL_TEXT_LIMIT, `文本超过单元格 ${CELL_TEXT_LIMIT} 字符的上限`), z.null()], {
  error: "应为数值、文本或 null",
});
const valuesFile = z.record(z.string(), z.unknown(), { error: "应为“单元格编号 → 数值、文本或 null”的对象" });
const orgArg = z.string().trim().max(200, "--org 机关名称过长（超过 200 字）");

/** A formula in --data that reaches outside the workbook (DDE, another file, the web) is refused. */
const OUTSIDE = /\||\[|\b(WEBSERVICE|FILTERXML|CALL|REGISTER|EXEC|RTD|HYPERLINK|IMPORTDATA|IMPORTXML)\s*\(/i;

function parse(argv: string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`参数有误：${(e as Error).message}\n${USAGE}`);
  }
}

function need<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what}：${r.error.issues.map((i) => i.message).join("；")}`);
  return r.data;
}

/** --year (optional with --format-file, which then needs only to fit it) and the format it means. */
async function formatOf(values: { year?: string | boolean; "format-file"?: string | boolean }): Promise<FormatModel> {
  const file = formatFileArg(values);
  const year = file !== undefined && values.year === undefined ? undefined : need(yearArg, values.year, "--year");
  return formatFor(file, year);
}

/** `nianbao format`: the effective definition (tables, rows, columns, rules, sentence templates); --json prints it whole, loadable again with --format-file. */
async function cmdFormat(argv: string[]): Promise<number> {
  const { values } = parse(argv, { year: { type: "string" }, json: { type: "boolean" }, ...FORMAT_FILE_OPTION });
  const model = await formatOf(values);
  process.stdout.write(values.json ? `${JSON.stringify(model.version, null, 2)}\n` : formatSummary(model));
  return 0;
}

async function cmdCells(argv: string[]): Promise<number> {
  const { values } = parse(argv, { year: { type: "string" }, json: { type: "boolean" }, ...FORMAT_FILE_OPTION });
  const model = await formatOf(values);
  const cells = cellsJson(model);
  if (values.json) process.stdout.write(`${JSON.stringify(cells, null, 2)}\n`);
  else for (const c of cells) process.stdout.write(`${c.id}\t${c.sheet}!${c.address}\t${c.kind}\t${[...c.row, ...c.column].join(" / ")}\n`);
  return 0;
}

async function readValues(path: string, year: number, model: FormatModel): Promise<Map<string, RawValue>> {
  let json: unknown;
  const bytes = await readInputFile(path, "数据文件");
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    throw new UsageError(`${path} 不是有效的 JSON（UTF-8 编码）：${e instanceof SyntaxError ? e.message : "含有无效的字符"}`);
  }
  const data = need(valuesFile, json, path);
  const unknown = Object.keys(data).filter((id) => !model.cellById.has(id));
  if (unknown.length)
    throw new UsageError(`${path} 含有${model.version.name}中不存在的单元格编号：${unknown.slice(0, 10).join("、")}。可用 nianbao cells --year ${year} 查看。`);
  const entered = new Map<string, RawValue>();
  for (const [id, v] of Object.entries(data)) {
    // JSON's 1e400 parses to Infinity, which no cell can hold.
    if (typeof v === "number" && !Number.isFinite(v)) throw new UsageError(`${path} 中 ${id} 的值超出范围（不是有限的数值）。`);
    const ok = cellValue.safeParse(v);
    if (!ok.success)
      throw new UsageError(`${path} 中 ${id} 的值 ${JSON.stringify(v)?.slice(0, 40) ?? String(v)} 不可用：${ok.error.issues.map((i) => i.message).join("；")}`);
    if (typeof ok.data === "string" && ok.data.startsWith("=") && OUTSIDE.test(ok.data))
      throw new UsageError(`${path} 中 ${id} 的公式“${ok.data.slice(0, 60)}”引用了工作簿以外的内容（DDE、外部文件或网络），不写入。`);
    entered.set(id, rawFromJs(ok.data));
  }
  return entered;
}

async function cmdBuild(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    year: { type: "string" },
    org: { type: "string" },
    data: { type: "string" },
    out: { type: "string" },
    draft: { type: "boolean" },
    "last-year": { type: "string" },
    text: { type: "string" },
    ...FORMAT_FILE_OPTION,
  });
  const year = need(yearArg, values.year, "--year");
  const formatFile = formatFileArg(values);
  const model = await formatFor(formatFile, year);
  if (!values.out) throw new UsageError(`缺少 --out 输出文件。\n${USAGE}`);
  const out = String(values.out);
  const inputs = [values.data, values.text, values["last-year"], formatFile].filter((p): p is string => typeof p === "string");
  const targets = await checkOutputs([{ path: out, flag: "--out" }], inputs);
  const org = values.org === undefined ? undefined : need(orgArg, values.org, "--org");
  const entered = values.data ? await readValues(String(values.data), year, model) : new Map<string, RawValue>();
  // --text: the report's text as staff keep it (Word or PDF-extracted), split into the six parts; never bytes that are not text.
  let narrative;
  if (values.text) {
    const path = String(values.text);
    const decoded = decodeReport(await readInputFile(path, "正文文件"), path);
    if (!decoded.ok) throw new UsageError(`--text ${path}：${decoded.message}`);
    narrative = textToNarrative(decoded.text, model.version.sections);
  }
  const typed = { year, format: model, orgName: org, values: entered, narrative };
  const carried = values["last-year"] ? await withLastYear(typed, String(values["last-year"])) : null;
  const request = carried?.request ?? typed;
  // The pane's 生成 and 起草, on a new file.
  const port = XlsxWorkbook.empty();
  const notices = (await generate(port, request)).report.notices;
  if (values.draft) notices.push(...(await generate(port, { ...request, narrative: draftNarrative(await readSnapshot(port)) })).report.notices);
  await writeOutputFile(targets.get(out)!, await port.toBuffer(), "--out");
  process.stderr.write(`已生成 ${out}：${year} 年度，${formatLabel(model.version)}\n`);
  for (const line of [...(carried?.messages ?? []), ...new Set(notices)]) process.stderr.write(`${line}\n`);
  return 0;
}

/** The workbook file as a port (read through the one bounded reader), and the variant `--format-file` reads it against. */
async function openWorkbook(path: string, formatFile?: string): Promise<{ port: XlsxWorkbook; format?: FormatModel }> {
  const format = formatFile === undefined ? undefined : await formatFor(formatFile, undefined);
  return { port: XlsxWorkbook.of(await readInputFile(path, "工作簿"), path), format };
}

async function loadSnapshot(path: string, formatFile?: string) {
  const { port, format } = await openWorkbook(path, formatFile);
  return readSnapshot(port, { format });
}

async function loadReport(path: string, formatFile?: string): Promise<{ report: ValidationReport; header: string }> {
  const { port, format } = await openWorkbook(path, formatFile);
  const { snapshot, report, year } = await validate(port, { format });
  const header = `${snapshot.cover.orgName || "（未填机关名称）"} ${year ?? "（未填年度）"} 年度 · ${formatLabel(snapshot.model.version)}`;
  return { report, header };
}

async function cmdValidate(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: "boolean" }, ...FORMAT_FILE_OPTION });
  if (positionals.length !== 1) throw new UsageError(`请指定一个要校验的 .xlsx 文件。\n${USAGE}`);
  const { report, header } = await loadReport(positionals[0], formatFileArg(values));
  if (values.json) {
    const findings = report.findings.map(({ rule, severity, message, cells, left, right, diff, key, explanation, fix, group, reconfirm }) => ({
      rule,
      severity,
      message,
      cells,
      left,
      right,
      diff,
      key,
      group,
      ...(fix !== undefined ? { fix } : {}),
      ...(explanation ? { explanation } : {}),
      ...(reconfirm ? { reconfirm } : {}),
    }));
    process.stdout.write(`${JSON.stringify({ findings, groups: report.groups, summary: report.summary }, null, 2)}\n`);
  } else {
    process.stdout.write(formatReport(header, report));
  }
  return report.summary.errors > 0 ? 1 : 0;
}

async function cmdNarrative(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: "boolean" }, ...FORMAT_FILE_OPTION });
  if (positionals.length !== 1) throw new UsageError(`请指定一个 .xlsx 文件。\n${USAGE}`);
  const snapshot = await loadSnapshot(positionals[0], formatFileArg(values));
  if (values.json) {
    const parts = snapshot.model.version.sections.map((title, part) => ({
      title,
      paragraphs: snapshot.narrative.filter((p) => p.part === part).map((p) => renderParagraph(snapshot, p)),
    }));
    process.stdout.write(`${JSON.stringify({ parts }, null, 2)}\n`);
  } else {
    process.stdout.write(narrativeText(snapshot));
  }
  return 0;
}

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  format: cmdFormat,
  cells: cmdCells,
  build: cmdBuild,
  validate: cmdValidate,
  narrative: cmdNarrative,
  aggregate: cmdAggregate,
  // docx loads only for export.
  export: async (argv) => (await import("./export")).cmdExport(argv),
  import: cmdImport,
  ledger: async (argv) => (await import("./ledger")).cmdLedger(argv),
  rebuild: cmdRebuild,
};

/**
 * Runs one command and returns its exit code. Results go to stdout, messages to stderr. The caller
 * (bin/nianbao.js) sets process.exitCode and lets stdout drain: a pipe gets the whole output.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(`${command ? `未知命令：${command}\n` : ""}${USAGE}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    return reportError(e, (text) => process.stderr.write(text));
  }
}
