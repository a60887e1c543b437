import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { planToXlsx } from "../host/xlsx";
import { readXlsxQuick } from "../host/xlsxFast";
import { aggregateUnits, STATUS_LABEL, type AggregateResult, type UnitInput } from "../aggregate/aggregate";
import { BOARD_SHEET, boardHtml, totalPlan } from "../aggregate/board";
import { sheetsToRead } from "../workbook/read";
import { formatLabel } from "../format/registry";
import { FORMAT_FILE_OPTION, loadFormatFile } from "./formatFile";
import { AggregateError } from "../errors";

export const AGGREGATE_USAGE = "  nianbao aggregate 单位1.xlsx 单位2.xlsx …|目录 --out 汇总.xlsx [--report 看板.html] [--include-failing] [--year <年度>] [--org <机关名称>] [--format-file 省级格式.json] [--json]";

const yearArg = z.coerce.number({ message: "--year 须为四位年度数字，如 2023" }).int("--year 须为整数年度");

/** The unit files: files as given, directories expanded to the .xlsx files in them (Excel's ~$ lock files left out). */
async function unitPaths(args: string[], out: string): Promise<string[]> {
  const paths: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = (await stat(arg)).isDirectory();
    } catch {
      // A missing file is reported on the board as unreadable, like a broken one.
    }
    if (isDir) {
      const names = (await readdir(arg)).filter((f) => /\.xlsx$/i.test(f) && !f.startsWith("~$")).sort();
      paths.push(...names.map((f) => join(arg, f)));
    } else {
      paths.push(arg);
    }
  }
  return paths.filter((p) => resolve(p) !== resolve(out));
}

/** Read one file only when the aggregation asks for it, so only one workbook is in memory at a time. */
function* unitInputs(paths: string[]): Generator<UnitInput> {
  for (const path of paths) {
    yield {
      name: path,
      read: async () => {
        let bytes: Buffer;
        try {
          bytes = await readFile(path);
        } catch (e) {
          throw new Error((e as NodeJS.ErrnoException).code === "ENOENT" ? "文件不存在" : (e as Error).message);
        }
        return readXlsxQuick(bytes, sheetsToRead());
      },
    };
  }
}

function summary(result: AggregateResult, out: string, report: string | undefined): string {
  const v = result.model.version;
  const lines = [`汇总：${result.year} 年度 · ${formatLabel(v)} · 计入 ${result.included} 个单位，共 ${result.units.length} 个文件`];
  for (const u of result.units) {
    const ok = u.status === "included";
    const failures = u.failures.filter((f) => f.severity === "error").map((f) => `${f.rule} 错误 ${f.count} 处`);
    const detail = [failures.join("、"), u.reason].filter(Boolean).join("；");
    lines.push(`  ${ok ? "✓" : "✗"} ${u.file} ${u.orgName || "（未填机关名称）"} ${STATUS_LABEL[u.status]}${detail ? `：${detail}` : ""}`);
  }
  for (const s of result.skipped) lines.push(`  ! ${s.file} ${s.orgName} ${s.address ? `${s.sheet}!${s.address} “${s.value}”` : ""}${s.reason}`);
  for (const note of result.notes) lines.push(note);
  lines.push(`已生成 ${out}（汇总数与“${BOARD_SHEET}”表）${report ? `，看板 ${report}` : ""}`);
  return `${lines.join("\n")}\n`;
}

function json(result: AggregateResult) {
  return {
    year: result.year,
    formatId: result.model.version.id,
    included: result.included,
    units: result.units.map((u) => ({
      file: u.file,
      orgName: u.orgName,
      year: u.year,
      formatId: u.formatId,
      status: u.status,
      statusLabel: STATUS_LABEL[u.status],
      errors: u.errors,
      warnings: u.warnings,
      failures: u.failures.map((f) => ({ rule: f.rule, severity: f.severityLabel, count: f.count, messages: f.messages })),
      contributed: [...u.contributed].map((i) => result.model.cells[i].id),
      reason: u.reason,
    })),
    skipped: result.skipped,
    notes: result.notes,
    totals: Object.fromEntries([...result.values].map(([id, raw]) => [id, raw.type === "number" ? raw.value : null])),
  };
}

/** `nianbao aggregate`: exit 0 when every unit was summed cleanly, 1 when a unit was left out, refused, unreadable or had bad values, 2 on bad arguments or nothing to sum. */
export async function cmdAggregate(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: "string" }, report: { type: "string" }, "include-failing": { type: "boolean" }, year: { type: "string" }, org: { type: "string" }, json: { type: "boolean" }, ...FORMAT_FILE_OPTION },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new AggregateError(`参数有误：${(e as Error).message}\n用法：\n${AGGREGATE_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (!values.out) throw new AggregateError(`缺少 --out 汇总输出文件。\n用法：\n${AGGREGATE_USAGE}`);
  if (positionals.length === 0) throw new AggregateError(`请指定要汇总的单位报表（.xlsx 文件或所在目录）。\n用法：\n${AGGREGATE_USAGE}`);
  let year: number | undefined;
  if (values.year !== undefined) {
    const r = yearArg.safeParse(values.year);
    if (!r.success) throw new AggregateError(r.error.issues[0].message);
    year = r.data;
  }
  const out = String(values.out);
  const paths = await unitPaths(positionals, out);
  // --format-file: every unit is read against the province's format (FormatFileError → exit 2 in main).
  const format = values["format-file"] === undefined ? undefined : await loadFormatFile(values["format-file"]);
  const result = await aggregateUnits(unitInputs(paths), { year, includeFailing: values["include-failing"] === true, format });
  await writeFile(out, await planToXlsx(totalPlan(result, values.org ?? "下级单位汇总")));
  if (values.report) await writeFile(values.report, boardHtml(result), "utf8");
  process.stdout.write(values.json ? `${JSON.stringify(json(result), null, 2)}\n` : summary(result, out, values.report));
  const clean = result.units.every((u) => u.status === "included") && result.skipped.length === 0;
  return clean ? 0 : 1;
}
