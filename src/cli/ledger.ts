import { basename } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { isSupportedYear, UnsupportedYearError } from "../format/registry";
import { UsageError } from "../errors";
import { deriveTable4, type CaseDerivation } from "../ledger/cases";
import type { Comparison } from "../ledger/compare";
import { applicationsBehind, deriveTable3, type ApplicationRecord, type LedgerDerivation, type ParsedRegister } from "../ledger/derive";
import type { ColumnOverrides } from "../ledger/header";
import { cellPlace, openTableBytes, recordPlace, rememberedMapping, REQUIRED_REGISTER, writeLedger } from "../ledger/workflow";
import type { ParsedTable } from "../ledger/register";
import { resultPath, table3Of } from "../ledger/table3";
import { CASE_FIELDS, CASE_HEADERS, IGNORE_WORDS, REGISTER_FIELDS, REGISTER_HEADERS, type CaseField, type RegisterField } from "../ledger/vocabulary";
import { deadlineMessage } from "../ledger/workdays";
import { LEDGER_USAGE } from "./usage";
import { XlsxWorkbook } from "../host/xlsxFile";
import { checkOutputs, readInputFile, writeOutputFile } from "./files";

/**
 * nianbao ledger 台账.xlsx|台账.csv --year Y (--into report.xlsx | --org NAME --out report.xlsx)
 *   [--sheet NAME] [--last-year 上年台账] [--cases 复议诉讼案件.xlsx] [--map 列名=字段 …]
 *   [--confirm-suggestions] [--replace] [--json]
 * Exit 0: every application classified and written; 1: something is listed for the user (unclassified
 * rows, suggestions to confirm, typed cells not replaced); 2: unreadable register or bad arguments.
 */

const fail = (message: string): never => {
  throw new UsageError(`${message}\n用法：\n${LEDGER_USAGE}`);
};

const fieldNames = [
  ...Object.keys(REGISTER_FIELDS),
  ...Object.values(REGISTER_FIELDS),
  ...Object.keys(CASE_FIELDS),
  ...Object.values(CASE_FIELDS),
  ...IGNORE_WORDS,
];
const mapEntry = z
  .string()
  .regex(/^[^=]+=[^=]+$/, "--map 的写法是 列名=字段，如 --map 来文时间=收到日期")
  .transform((s, ctx) => {
    const at = s.indexOf("=");
    const entry = { column: s.slice(0, at).trim(), field: s.slice(at + 1).trim() };
    if (!fieldNames.includes(entry.field)) {
      ctx.addIssue({
        code: "custom",
        message: `--map ${s}：没有“${entry.field}”这个字段。可用的字段：${Object.values(REGISTER_FIELDS).join("、")}；表四案件清单：${Object.values(CASE_FIELDS).join("、")}；或“忽略”`,
      });
      return z.NEVER;
    }
    return entry;
  });

const args = z
  .object({
    file: z.string({ message: "请指定申请台账文件（.xlsx 或 .csv）" }),
    year: z.coerce.number({ message: "--year 须为四位年度数字，如 2024" }).int("--year 须为整数年度"),
    into: z.string().optional(),
    out: z
      .string()
      .regex(/\.xlsx$/i, "--out 须为 .xlsx 文件")
      .optional(),
    org: z.string().trim().min(1, "--org 不能为空").optional(),
    sheet: z.string().min(1).optional(),
    "last-year": z.string().optional(),
    cases: z.string().optional(),
    map: z.array(mapEntry).default([]),
    "confirm-suggestions": z.boolean().default(false),
    replace: z.boolean().default(false),
    json: z.boolean().default(false),
  })
  .refine((a) => !(a.out !== undefined && a.into === undefined && a.org === undefined), { message: "--out 新建报表时须同时给出 --org 机关名称" })
  .refine((a) => !(a.org !== undefined && a.into !== undefined), { message: "--into 写入已有报表时不用 --org（机关名称取自报表）" });
type Args = z.infer<typeof args>;

function overridesFor<F extends string>(entries: Args["map"], fields: Record<F, string>): ColumnOverrides<F> {
  const byName = new Map<string, F>();
  for (const [key, label] of Object.entries(fields) as [F, string][]) {
    byName.set(key, key);
    byName.set(label, key);
  }
  const out: ColumnOverrides<F> = new Map();
  for (const e of entries) {
    if (IGNORE_WORDS.includes(e.field)) out.set(e.column, null);
    const f = byName.get(e.field);
    if (f !== undefined) out.set(e.column, f);
  }
  return out;
}

async function readTable<F extends string>(
  path: string,
  what: string,
  headers: Record<F, string[]>,
  labels: Record<F, string>,
  required: F[],
  overrides: ColumnOverrides<F>,
  sheet?: string,
): Promise<{ parsed: ParsedTable<F>; others: string[]; encoding?: string }> {
  const opened = await openTableBytes(await readInputFile(path, what), path, { headers, labels, required, overrides, sheet });
  if (!opened.ok) {
    if (opened.columns.length === 0 && !opened.mappable) return fail(`${what} ${path}：${opened.message}。`);
    const hint = opened.missing ? `请用 --map 列名=${labels[opened.missing[0]]} 指定。` : opened.mappable ? "列名不同的，可用 --map 列名=字段 指定。" : "";
    return fail(`${what} ${path} ${opened.message}。${hint}`);
  }
  return { parsed: opened.parsed, others: opened.others, encoding: opened.encoding };
}

const STATUS: Record<ApplicationRecord["status"], string> = {
  counted: "已计入",
  unclassified: "未能分类",
  suggested: "待确认",
  outOfYear: "不属于本年度",
  superseded: "以本年台账为准",
};

const where = recordPlace;

function rowSummary(fields: Record<string, string | undefined>, labels: Record<string, string>): string {
  const order = [
    "id",
    "received",
    "applicant",
    "applicantType",
    "caseType",
    "litigationType",
    "filed",
    "answered",
    "closed",
    "result",
    "resultDetail",
    "outcome",
    "partial",
    "status",
  ];
  return order
    .filter((f) => fields[f])
    .map((f) => `${labels[f] ?? f}“${fields[f]}”`)
    .join(" ");
}

const placeOf = (d: LedgerDerivation | CaseDerivation, id: string) => cellPlace(d.model, id);

function textReport(
  file: string,
  d: LedgerDerivation,
  cases: CaseDerivation | null,
  comparison: Comparison | null,
  written: string | null,
  refused: boolean,
  others: string[],
  encoding?: string,
): string {
  const t3 = table3Of(d.model);
  const lines: string[] = [];
  const v = d.model.version;
  lines.push(
    `台账：${basename(file)}${encoding ? `（${encoding}）` : ""} 工作表“${d.sheet}”，表头在第 ${d.header.row}${d.header.height > 1 ? `—${d.header.row + 1}` : ""} 行 · ${d.year} 年度 · ${v.name}（${v.document}）`,
  );
  const used = d.header.columns.filter((c) => c.field);
  lines.push(`列：${used.map((c) => `${REGISTER_FIELDS[c.field as RegisterField]}←${c.letter}“${c.header}”${c.by === "map" ? "（--map）" : ""}`).join("，")}`);
  const unused = d.header.columns.filter((c) => !c.field && c.header !== "");
  if (unused.length) lines.push(`未使用的列：${unused.map((c) => `${c.letter}“${c.header}”${c.note ? `（${c.note}）` : ""}`).join("，")}`);
  if (others.length) lines.push(`另有工作表 ${others.map((o) => `“${o}”`).join("、")} 也像台账，未读取（可用 --sheet 指定）。`);
  for (const n of d.notes) lines.push(n);
  const c = d.counts;
  lines.push(
    `申请：本年新收 ${c.new} 件，上年结转 ${c.carried} 件；本年办结 ${c.answered} 件，结转下年度 ${c.open} 件；未能分类 ${c.unclassified} 行，待确认 ${c.suggested} 行${c.outOfYear ? `，不属于本年度 ${c.outOfYear} 行` : ""}`,
  );

  lines.push("表三（非零单元格及其来源）：");
  for (const cell of t3.inputCells) {
    const n = d.values.get(cell.id) ?? 0;
    if (n === 0) continue;
    const rows = applicationsBehind(d, cell.id).map(where);
    lines.push(`  ${placeOf(d, cell.id)} = ${n}：${rows.join("、")}`);
  }
  if (![...d.values.values()].some((n) => n > 0)) lines.push("  （全部为 0）");

  const labels: Record<string, string> = { ...REGISTER_FIELDS };
  const unclassified = d.records.filter((r) => r.status === "unclassified");
  if (unclassified.length) {
    lines.push(`未能分类 ${unclassified.length} 行（不计入任何单元格，请在台账中改正后重新生成）：`);
    for (const r of unclassified) lines.push(`  ${where(r)}：${r.reason ?? ""}。${rowSummary(r.fields, labels)}`);
  }
  const suggested = d.records.filter((r) => r.status === "suggested");
  if (suggested.length) {
    lines.push(`待确认 ${suggested.length} 行（申请人类型按名称建议，确认无误后加 --confirm-suggestions，或在台账中填写申请人类型）：`);
    for (const r of suggested) lines.push(`  ${where(r)}：${r.reason ?? ""}`);
  }
  const noticed = d.records.filter((r) => r.status === "counted" && r.notices.length);
  if (noticed.length) {
    lines.push("已计入，请留意：");
    for (const r of noticed) lines.push(`  ${where(r)}：${r.notices.join("；")}`);
  }
  const late = d.records.filter((r) => r.status === "counted" && (r.deadline?.status === "late" || r.deadline?.status === "overdueOpen"));
  if (late.length) {
    lines.push(`超期答复 ${late.length} 件（条例第三十三条：20 个工作日，延长的再加 20 个工作日）：`);
    for (const r of late) lines.push(`  ${where(r)} ${r.fields.id ?? ""}：${r.deadline ? deadlineMessage(r.deadline) : ""}`);
  }
  const unknown = d.records.filter((r) => r.status === "counted" && r.deadline?.status === "unknown");
  if (unknown.length) {
    const years = [...new Set(unknown.map((r) => (r.deadline?.status === "unknown" ? r.deadline.missingYear : 0)))].sort();
    lines.push(`无法判断是否超期 ${unknown.length} 件：${years.join("、")} 年的法定节假日和调休安排尚未收入数据（${where(unknown[0])}等）。`);
  }
  if (d.skipped.length) {
    lines.push(`跳过 ${d.skipped.length} 行（不是申请记录）：`);
    for (const s of d.skipped) lines.push(`  ${s.source === "lastYear" ? "上年台账" : ""}第 ${s.row} 行：${s.reason}。“${s.text.slice(0, 60)}”`);
  }
  if (cases) {
    lines.push(`表四（案件清单工作表“${cases.sheet}”）：`);
    for (const n of cases.notes) lines.push(`  ${n}`);
    for (const [id, n] of cases.values)
      if (n > 0) lines.push(`  ${placeOf(cases, id)} = ${n}：${(cases.trail.get(id) ?? []).map((i) => `第 ${cases.records[i].row} 行`).join("、")}`);
    const outside = cases.records.filter((r) => r.status === "outOfYear");
    if (outside.length) lines.push(`  不属于本年度 ${outside.length} 行（按收案日期）：${outside.map((r) => `第 ${r.row} 行`).join("、")}`);
    const bad = cases.records.filter((r) => r.status === "unclassified");
    if (bad.length) {
      lines.push(`  未能分类 ${bad.length} 行（不计入）：`);
      for (const r of bad) lines.push(`    第 ${r.row} 行：${r.reason ?? ""}。${rowSummary(r.fields, { ...CASE_FIELDS })}`);
    }
  }
  if (comparison && comparison.conflicts.length) {
    lines.push(`报表中已填写、与台账不同的单元格 ${comparison.conflicts.length} 个：`);
    lines.push("  单元格 | 已填写 | 台账计数");
    for (const r of comparison.conflicts) lines.push(`  ${r.sheet}!${r.address} ${r.place} | ${r.typed} | ${r.derived}`);
    lines.push(refused ? "未写入：确认以台账为准后，加 --replace 重新运行。" : "已按 --replace 以台账计数替换。");
  }
  if (written) lines.push(`已写入 ${written}（表三${cases ? "、表四" : ""}的填报单元格）。`);
  return `${lines.join("\n")}\n`;
}

function recordJson(d: LedgerDerivation, r: ApplicationRecord) {
  const t3 = table3Of(d.model);
  return {
    source: r.source,
    row: r.row,
    status: r.status,
    statusLabel: STATUS[r.status],
    fields: r.fields,
    received: r.received,
    answered: r.answered,
    column: r.column,
    columnLabel: r.column ? (t3.columns.get(r.column) ?? null) : null,
    resultRow: r.resultRow,
    resultLabel: r.resultRow ? resultPath(t3, r.resultRow) : null,
    yearClass: r.yearClass,
    open: r.open,
    cellIds: r.cellIds,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.suggestion ? { suggestion: { ...r.suggestion, label: t3.columns.get(r.suggestion.column) ?? r.suggestion.column } } : {}),
    notices: r.notices,
    extended: r.extended,
    ...(r.deadline ? { deadline: { ...r.deadline, message: deadlineMessage(r.deadline) } } : {}),
  };
}

function jsonReport(file: string, d: LedgerDerivation, cases: CaseDerivation | null, comparison: Comparison | null, written: string | null, refused: boolean) {
  return {
    year: d.year,
    formatId: d.model.version.id,
    register: {
      file,
      sheet: d.sheet,
      headerRow: d.header.row,
      headerRows: d.header.height,
      columns: d.header.columns
        .filter((c) => c.header !== "" || c.field)
        .map((c) => ({
          column: c.letter,
          header: c.header,
          field: c.field,
          fieldLabel: c.field ? REGISTER_FIELDS[c.field] : null,
          by: c.by,
          ...(c.note ? { note: c.note } : {}),
        })),
    },
    counts: d.counts,
    table3: Object.fromEntries(d.values),
    trail: Object.fromEntries(
      [...d.trail].filter(([, rows]) => rows.length).map(([id, idx]) => [id, idx.map((i) => ({ source: d.records[i].source, row: d.records[i].row }))]),
    ),
    applications: d.records.map((r) => recordJson(d, r)),
    skipped: d.skipped,
    notes: d.notes,
    ...(cases
      ? {
          table4: Object.fromEntries(cases.values),
          cases: cases.records.map((r) => ({
            row: r.row,
            status: r.status,
            fields: r.fields,
            group: r.group,
            outcome: r.outcome,
            cellId: r.cellId,
            ...(r.reason ? { reason: r.reason } : {}),
          })),
          caseNotes: cases.notes,
        }
      : {}),
    comparison: comparison ? { conflicts: comparison.conflicts, same: comparison.rows.filter((r) => r.same).length } : null,
    written,
    refused,
  };
}

/** Bad arguments or an unreadable register throw a UsageError: main prints it in zh-CN, exit 2. */
export async function cmdLedger(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        year: { type: "string" },
        into: { type: "string" },
        out: { type: "string" },
        org: { type: "string" },
        sheet: { type: "string" },
        "last-year": { type: "string" },
        cases: { type: "string" },
        map: { type: "string", multiple: true },
        "confirm-suggestions": { type: "boolean" },
        replace: { type: "boolean" },
        json: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return fail(`参数有误：${(e as Error).message}`);
  }
  if (parsed.positionals.length > 1) fail("只能指定一个申请台账文件（上年台账用 --last-year）。");
  const a = args.safeParse({ file: parsed.positionals[0], ...parsed.values });
  if (!a.success) return fail(a.error.issues.map((i) => i.message).join("；"));
  const opts = a.data;
  if (!isSupportedYear(opts.year)) throw new UnsupportedYearError(opts.year);
  const target = opts.into ?? opts.out;
  const inputs = [opts.file, opts["last-year"], opts.cases].filter((p): p is string => p !== undefined);
  // Paths compared after following links: an output is never one of the registers.
  const real = new Map<string, string>();
  if (opts.into !== undefined) for (const [p, r] of await checkOutputs([{ path: opts.into, flag: "--into" }], inputs)) real.set(p, r);
  if (target !== undefined && opts.out !== undefined)
    for (const [p, r] of await checkOutputs([{ path: opts.out, flag: "--out" }], [...inputs, ...(opts.into !== undefined ? [opts.into] : [])])) real.set(p, r);

  // The mapping the report remembers from an earlier derivation; --map on the command line wins.
  const bytes = opts.into !== undefined ? await readInputFile(opts.into, "报表") : null;
  const port = bytes && opts.into !== undefined ? XlsxWorkbook.of(bytes, opts.into) : null;
  const given = overridesFor<RegisterField>(opts.map, REGISTER_FIELDS);
  const registerOverrides: ColumnOverrides<RegisterField> = new Map([...(port ? await rememberedMapping(port) : []), ...given]);
  const register = await readTable(opts.file, "申请台账", REGISTER_HEADERS, REGISTER_FIELDS, REQUIRED_REGISTER, registerOverrides, opts.sheet);
  let lastYear: ParsedRegister | undefined;
  if (opts["last-year"] !== undefined)
    lastYear = (await readTable(opts["last-year"], "上年台账", REGISTER_HEADERS, REGISTER_FIELDS, REQUIRED_REGISTER, registerOverrides)).parsed;
  const derivation = deriveTable3(register.parsed, { year: opts.year, lastYear, confirmSuggestions: opts["confirm-suggestions"] });
  let cases: CaseDerivation | null = null;
  if (opts.cases !== undefined)
    cases = deriveTable4(
      (await readTable<CaseField>(opts.cases, "案件清单", CASE_HEADERS, CASE_FIELDS, ["caseType"], overridesFor<CaseField>(opts.map, CASE_FIELDS))).parsed,
      opts.year,
    );

  let comparison: Comparison | null = null;
  let written: string | null = null;
  let refused = false;
  const notes: string[] = [];
  const out = opts.out ?? opts.into;
  if (out !== undefined) {
    // Written like 生成/更新报表, through the same steps as the pane: the counts go where their labels are; the user's own sheets, rows and comments stay.
    const target = port ?? XlsxWorkbook.empty();
    const result = await writeLedger(target, {
      derivation,
      extraValues: cases?.values,
      mapping: registerOverrides,
      replace: opts.replace,
      name: opts.into ?? opts.out,
      ...(opts.org !== undefined ? { orgName: opts.org } : {}),
    });
    if (result.kind === "blocked") fail(result.message);
    if (result.kind === "refused") {
      comparison = result.comparison;
      refused = true;
    }
    if (result.kind === "written") {
      comparison = result.comparison;
      notes.push(...result.report.notices);
      await writeOutputFile(real.get(out) ?? out, await target.toBuffer(), opts.out !== undefined ? "--out" : "--into");
      written = out;
    }
  }

  if (opts.json) process.stdout.write(`${JSON.stringify(jsonReport(opts.file, derivation, cases, comparison, written, refused), null, 2)}\n`);
  else
    process.stdout.write(
      textReport(opts.file, derivation, cases, comparison, written, refused, register.others, register.encoding) + notes.map((n) => `${n}\n`).join(""),
    );
  const clean =
    derivation.counts.unclassified === 0 &&
    derivation.counts.suggested === 0 &&
    !refused &&
    !(cases?.records.some((r) => r.status === "unclassified") ?? false);
  return clean ? 0 : 1;
}
