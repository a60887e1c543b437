import { basename, dirname, extname, join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { reportDocx } from "../export/docx";
import { exportGate, gateSummary } from "../export/gate";
import { reportHtml } from "../export/html";
import { notesDocx, NOTES_TITLE_SUFFIX } from "../export/notes";
import { reportDocument } from "../export/report";
import { withComputedResults } from "../export/xlsx";
import { planToXlsx } from "../host/xlsx";
import { XlsxWorkbook } from "../host/xlsxFile";
import type { ValidationReport } from "../rules/validate";
import { planFor, validate } from "../workbook/operations";
import { FORMAT_FILE_OPTION, loadFormatFile } from "./formatFile";
import { checkOutputs, readInputFile, writeOutputFile } from "./files";
import { hasXmlIllegal } from "../workbook/cellText";
import { formatReport } from "./report";
import { formatLabel } from "../format/registry";
import { EXPORT_USAGE } from "./usage";
import { NotNianbaoWorkbookError, UsageError } from "../errors";

/**
 * nianbao export report.xlsx [--docx out.docx] [--html out.html] [--xlsx out.xlsx] [--notes notes.docx]
 * Refuses (exit 1, findings printed) while a 错误 or a 提示 without 说明 remains.
 */

const outputPath = z.string().min(1, "输出文件名不能为空");
const argsSchema = z.object({
  input: z.string().regex(/\.xlsx$/i, "输入文件须为 .xlsx 工作簿"),
  docx: outputPath.regex(/\.docx$/i, "--docx 的文件名须以 .docx 结尾").optional(),
  html: outputPath.regex(/\.html?$/i, "--html 的文件名须以 .html 结尾").optional(),
  xlsx: outputPath.regex(/\.xlsx$/i, "--xlsx 的文件名须以 .xlsx 结尾").optional(),
  notes: outputPath.regex(/\.docx$/i, "--notes 的文件名须以 .docx 结尾").optional(),
  "format-file": z.string().min(1, "--format-file 不能为空").optional(),
});
type ExportArgs = z.infer<typeof argsSchema>;

function parse(argv: string[]): ExportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { docx: { type: "string" }, html: { type: "string" }, xlsx: { type: "string" }, notes: { type: "string" }, ...FORMAT_FILE_OPTION },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`参数有误：${(e as Error).message}`);
  }
  if (parsed.positionals.length !== 1) throw new UsageError("请指定一个要导出的 .xlsx 文件。");
  const r = argsSchema.safeParse({ input: parsed.positionals[0], ...parsed.values });
  if (!r.success) throw new UsageError(r.error.issues.map((i) => i.message).join("；"));
  if (!r.data.docx && !r.data.html && !r.data.xlsx) throw new UsageError("请至少指定一个输出：--docx、--html 或 --xlsx。");
  return r.data;
}

/** Where the 填报说明 goes unless --notes says: beside the .docx (or the workbook), named <name>-填报说明.docx. */
export function defaultNotesPath(args: Pick<ExportArgs, "input" | "docx" | "notes">): string {
  if (args.notes) return args.notes;
  const beside = args.docx ?? args.input;
  return join(dirname(beside), `${basename(beside, extname(beside))}-${NOTES_TITLE_SUFFIX}.docx`);
}

function blockedReport(header: string, report: ValidationReport, blockers: ValidationReport["findings"]): string {
  const errors = blockers.filter((f) => f.severity === "error").length;
  return formatReport(header, { ...report, findings: blockers, summary: { ...report.summary, errors, warnings: blockers.length - errors } });
}

export async function cmdExport(argv: string[]): Promise<number> {
  let args: ExportArgs;
  try {
    args = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    throw new UsageError(`${e.message}\n用法：\n${EXPORT_USAGE}`);
  }
  const flags: [keyof ExportArgs, string][] = [
    ["docx", "--docx"],
    ["html", "--html"],
    ["xlsx", "--xlsx"],
  ];
  const named = flags.filter(([k]) => args[k]).map(([k, flag]) => ({ path: String(args[k]), flag }));
  const formatFile = args["format-file"];
  const inputs = [args.input, ...(formatFile === undefined ? [] : [formatFile])];
  // Checked before anything is read: no output is an input, and no two outputs are one file.
  await checkOutputs([...named, { path: defaultNotesPath(args), flag: args.notes ? "--notes" : "填报说明" }], inputs);
  // A variant given by --format-file overrides the one the workbook carries (FormatFileError → exit 2 in main).
  const format = formatFile === undefined ? undefined : await loadFormatFile(formatFile);
  // The pane's 校验 on the file, read through the one bounded reader (an unreadable file or NotNianbaoWorkbookError → exit 2 in main).
  const port = XlsxWorkbook.of(await readInputFile(args.input, "工作簿"), args.input);
  const { snapshot, report, year } = await validate(port, { format });
  const gate = exportGate(report, snapshot);
  const header = `${snapshot.cover.orgName || "（未填机关名称）"} ${year ?? "（未填年度）"} 年度 · ${formatLabel(snapshot.model.version)}`;
  if (!gate.ok) {
    process.stdout.write(blockedReport(header, report, gate.blockers));
    process.stdout.write(`\n${gateSummary(gate)}\n`);
    return 1;
  }
  if (year === null) throw new NotNianbaoWorkbookError("封面缺少报告年度，无法导出。请在“封面”填写报告年度。");

  const outputs = [...named, ...(gate.accepted.length ? [{ path: defaultNotesPath(args), flag: args.notes ? "--notes" : "填报说明" }] : [])];
  const targets = await checkOutputs(outputs, inputs);
  const doc = reportDocument(snapshot);
  const written: string[] = [];
  const notices: string[] = [];
  const texts = [doc.title, ...doc.parts.flatMap((p) => [p.title, ...p.paragraphs, ...(p.table?.rows.flat().map((c) => c.text) ?? [])])];
  if (texts.some(hasXmlIllegal)) notices.push("报告文字中有文件格式无法保存的控制字符，已在导出的 .docx/.html 中删除。");
  if (args.docx) {
    await writeOutputFile(targets.get(args.docx)!, await reportDocx(doc), "--docx");
    written.push(`报告 .docx：${args.docx}`);
  }
  if (args.html) {
    await writeOutputFile(targets.get(args.html)!, reportHtml(doc), "--html");
    written.push(`网页 .html：${args.html}`);
  }
  if (args.xlsx) {
    // A clean copy laid out afresh from the workbook's values: no formula but the plan's own is copied.
    const { plan, formulas } = planFor({ year, format: snapshot.model }, null, snapshot);
    await writeOutputFile(targets.get(args.xlsx)!, await planToXlsx(await withComputedResults(plan)), "--xlsx");
    written.push(`工作簿 .xlsx：${args.xlsx}`);
    notices.push(...(plan.notices ?? []));
    for (const f of formulas)
      notices.push(
        `${snapshot.locations.get(f.id)?.sheet ?? ""} ${snapshot.locations.get(f.id)?.address ?? ""} 的公式“${f.formula}”不是年报的公式，未复制：${f.now}。`,
      );
  }
  if (gate.accepted.length) {
    const notes = defaultNotesPath(args);
    await writeOutputFile(targets.get(notes)!, await notesDocx(snapshot, gate.accepted), "填报说明");
    written.push(`填报说明 .docx（${gate.accepted.length} 处已说明的提示）：${notes}`);
  }
  process.stderr.write(`已导出 ${header}\n${written.map((w) => `  ${w}`).join("\n")}\n${notices.map((n) => `  ${n}\n`).join("")}`);
  return 0;
}
