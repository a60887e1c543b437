import { createHash } from "node:crypto";
import { readdir, realpath, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { planToXlsx } from "../host/xlsx";
import { readStatutoryWorkbook } from "../host/statutoryRead";
import { nodeCodec } from "../host/zipCodecNode";
import { checkOutputs, readInputFile, writeOutputFile } from "./files";
import { yearArg } from "./workbookFile";
import { aggregateUnits, DuplicateUnitError, STATUS_LABEL, type AggregateResult, type UnitInput } from "../aggregate/aggregate";
import { BOARD_SHEET, boardHtml, totalPlan } from "../aggregate/board";
import { formatLabel } from "../format/registry";
import { FORMAT_FILE_OPTION, loadFormatFile } from "./formatFile";
import { AggregateError } from "../errors";

export const AGGREGATE_USAGE =
  "  nianbao aggregate 单位1.xlsx 单位2.xlsx …|目录 --out 汇总.xlsx [--report 看板.html] [--include-failing] [--year <年度>] [--org <机关名称>] [--format-file 省级格式.json] [--json]";

interface UnitPath {
  path: string;
  /** Named on the command line (not found in a directory). */
  explicit: boolean;
}

/** The unit files: files as given, directories expanded to the .xlsx files in them (Excel's ~$ lock files left out). */
async function unitPaths(args: string[]): Promise<UnitPath[]> {
  const paths: UnitPath[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = (await stat(arg)).isDirectory();
    } catch {
      // A missing file is reported on the board as unreadable, like a broken one.
    }
    if (isDir) {
      const names = (await readdir(arg)).filter((f) => /\.xlsx$/i.test(f) && !f.startsWith("~$")).sort();
      paths.push(...names.map((f) => ({ path: join(arg, f), explicit: false })));
    } else {
      paths.push({ path: arg, explicit: true });
    }
  }
  return paths;
}

const sameFile = async (a: string, b: string) => {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
};

/**
 * Read one file only when the aggregation asks for it, so only one workbook is in memory at a time.
 * A file already read (the same file by another path or link, or the same bytes) is a duplicate.
 */
function* unitInputs(paths: string[]): Generator<UnitInput> {
  const byReal = new Map<string, string>();
  const byHash = new Map<string, string>();
  for (const path of paths) {
    yield {
      name: path,
      read: async () => {
        const real = await realpath(path).catch(() => resolve(path));
        const first = byReal.get(real);
        if (first !== undefined) throw new DuplicateUnitError(first, true);
        const bytes = await readInputFile(path, "单位报表");
        byReal.set(real, path);
        const hash = createHash("sha256").update(bytes).digest("hex");
        const twin = byHash.get(hash);
        if (twin !== undefined) throw new DuplicateUnitError(twin, await sameFile(twin, path));
        byHash.set(hash, path);
        return readStatutoryWorkbook(bytes, path, nodeCodec);
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
      options: {
        out: { type: "string" },
        report: { type: "string" },
        "include-failing": { type: "boolean" },
        year: { type: "string" },
        org: { type: "string" },
        json: { type: "boolean" },
        ...FORMAT_FILE_OPTION,
      },
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
  const outputs = [{ path: out, flag: "--out" }, ...(values.report ? [{ path: String(values.report), flag: "--report" }] : [])];
  const found = await unitPaths(positionals);
  // A file named on the command line that is also an output is refused; the output found in a unit directory (a total from last time) is skipped.
  const formatFile = values["format-file"];
  const targets = await checkOutputs(outputs, [...found.filter((p) => p.explicit).map((p) => p.path), ...(formatFile === undefined ? [] : [formatFile])]);
  const skipped: string[] = [];
  const units: string[] = [];
  for (const p of found) {
    const clash = (await Promise.all(outputs.map((o) => sameFile(o.path, p.path)))).some(Boolean) || outputs.some((o) => resolve(o.path) === resolve(p.path));
    if (clash) skipped.push(p.path);
    else units.push(p.path);
  }
  // --format-file: every unit is read against the province's format (FormatFileError → exit 2 in main).
  const format = formatFile === undefined ? undefined : await loadFormatFile(formatFile);
  const result = await aggregateUnits(unitInputs(units), { year, includeFailing: values["include-failing"] === true, format });
  for (const s of skipped) result.notes.push(`已跳过 ${s}：它是本次的输出文件，不作为单位报表。`);
  const plan = totalPlan(result, values.org ?? "下级单位汇总");
  await writeOutputFile(targets.get(out)!, await planToXlsx(plan), "--out");
  if (values.report) await writeOutputFile(targets.get(String(values.report))!, boardHtml(result), "--report");
  result.notes.push(...(plan.notices ?? []));
  process.stdout.write(values.json ? `${JSON.stringify(json(result), null, 2)}\n` : summary(result, out, values.report));
  const clean = result.units.every((u) => u.status === "included" || u.status === "duplicate") && result.skipped.length === 0;
  return clean ? 0 : 1;
}
