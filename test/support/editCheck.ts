import type ExcelJS from "exceljs";
import type { FormatModel } from "../../src/format/layout";
import { definedName } from "../../src/format/names";
import { getFormat } from "../../src/format/registry";
import { planToWorkbook } from "../../src/host/xlsx";
import { XlsxWorkbook } from "../../src/host/xlsxFile";
import { buildPlan, type WorkbookPlan } from "../../src/workbook/plan";
import { readWorkbookData } from "../../src/workbook/operations";
import { snapshotFromData } from "../../src/workbook/read";
import { planRebuild, type RebuildResult } from "../../src/workbook/rebuild";
import type { RawValue } from "../../src/workbook/snapshot";
import { randomEdit, tracker } from "./edits";
import { rng } from "./generate";
import { readXlsx } from "./read";
import { emptyEntered } from "./workbooks";

/**
 * The checks of the real-edit property tests (ExcelJS in npm test, LibreOffice in e2e). Nothing the
 * user typed is lost: random sequences of real edits (insert, delete and sort rows and columns,
 * rename and move sheets, rows, columns, sheets and comments of one's own), then 生成/更新报表
 * through the port. Every statutory input holds a number no other cell
 * holds, so wherever an edit moved it, it names its cell. After the rebuild each value still in
 * the workbook is in its own cell (found through the defined name the rebuild wrote), or the
 * rebuild wrote nothing and listed it; what the user added is still there. Every 20th sequence
 * goes through .xlsx files and the bounded reader, as the CLI does.
 */

export interface Base {
  year: number;
  model: FormatModel;
  plan: WorkbookPlan;
  /** The plan without its 校验 sheet, which no edit touches and every rebuild rewrites whole (two thirds of the write time). */
  lean: WorkbookPlan;
  /** Tag value → the input cell it was typed into. */
  tags: Map<number, string>;
}

const withoutCheckSheet = (plan: WorkbookPlan): WorkbookPlan => ({ ...plan, sheets: plan.sheets.filter((s) => s.role !== "check") });

export function base(formatId: "2019" | "2021", year: number): Base {
  const model = getFormat(formatId);
  const values = new Map<string, RawValue>();
  const tags = new Map<number, string>();
  model.cells
    .filter((c) => c.kind === "input")
    .forEach((c, i) => {
      const tag = 7001 + i;
      values.set(c.id, { type: "number", value: tag });
      tags.set(tag, c.id);
    });
  const plan = buildPlan(model, emptyEntered(year, values));
  return { year, model, plan, lean: withoutCheckSheet(plan), tags };
}

/** Tags (and where) anywhere in the workbook, the user's own texts, notes and sheets. */
function scan(wb: ExcelJS.Workbook, tags: Map<number, string>) {
  const found = new Map<number, string[]>();
  const texts = new Set<string>();
  const notes = new Set<string>();
  const sheets = new Set<string>();
  wb.eachSheet((ws) => {
    if (/^自建表\d+$/.test(ws.name)) sheets.add(ws.name);
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const v = cell.value;
        if (typeof v === "number" && tags.has(v)) found.set(v, [...(found.get(v) ?? []), `${ws.name}!${cell.address}`]);
        if (typeof v === "string" && /^(自有行|自有列|自建表内容)\d+$/.test(v)) texts.add(`${ws.name}|${v}`);
        const note = typeof cell.note === "string" ? cell.note : (cell.note as { texts?: { text: string }[] } | undefined)?.texts?.map((t) => t.text).join("");
        if (note && /^批注\d+$/.test(note)) notes.add(note);
      }),
    );
  });
  return { found, texts, notes, sheets };
}

/** Where each defined name points ("表三!D5"), as ExcelJS reads them. */
function nameTargets(wb: ExcelJS.Workbook): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of wb.definedNames.model) {
    const ref = entry.ranges[0];
    if (!ref) continue;
    const i = ref.lastIndexOf("!");
    out.set(entry.name, `${ref.slice(0, i).replace(/^'|'$/g, "").replace(/''/g, "'")}!${ref.slice(i + 1).replace(/\$/g, "")}`);
  }
  return out;
}

export interface Tally {
  sequences: number;
  edits: Map<string, number>;
  written: number;
  refused: number;
  moved: number;
  files: number;
}

export async function sequence(b: Base, seed: number, viaFile: boolean, tally: Tally): Promise<string[]> {
  const r = rng(seed);
  const wb = await planToWorkbook(viaFile ? b.plan : b.lean);
  const names = new Map(b.model.tables.map((t) => [t.name, t.name]));
  const own = { texts: [], notes: [], sheets: [] };
  const track = tracker(b.model);
  const done: string[] = [];
  for (let k = 0, n = r.int(1, 6); k < n; k++) {
    const e = randomEdit(wb, b.model, r, track, names, own, seed * 10 + k);
    done.push(e.describe);
    tally.edits.set(e.kind, (tally.edits.get(e.kind) ?? 0) + 1);
  }
  const context = `seed ${seed} [${done.join("; ")}]`;
  let host = XlsxWorkbook.ofWorkbook(wb);
  if (viaFile) {
    tally.files++;
    host = XlsxWorkbook.of(await host.toBuffer(), "工作簿.xlsx");
  }
  const failures = await checkEdited(b, host, viaFile, context, tally);
  tally.sequences++;
  return failures;
}

/**
 * 生成/更新报表 over a workbook the user edited (in memory, or as a file read through the bounded
 * reader as the CLI reads it), and what must hold after it.
 */
export async function checkEdited(b: Base, host: XlsxWorkbook, viaFile: boolean, context: string, tally: Tally): Promise<string[]> {
  const before = scan(await host.excel(), b.tags);
  let data = viaFile ? await readXlsx(await host.toBuffer()) : await readWorkbookData(host);
  const failures: string[] = [];
  const check = async (result: RebuildResult, accepted: boolean) => {
    await host.write(viaFile ? result.plan! : withoutCheckSheet(result.plan!));
    const out = viaFile ? await XlsxWorkbook.of(await host.toBuffer(), "").excel() : await host.excel();
    const after = scan(out, b.tags);
    const targets = nameTargets(out);
    for (const [tag] of before.found) {
      const id = b.tags.get(tag)!;
      const target = targets.get(definedName(id)) ?? null;
      const at = after.found.get(tag) ?? [];
      if (target && at.includes(target)) continue;
      // Rebuilt anyway: a value that could not be placed (and was listed) stays where it was, on the old sheet set aside or left alone.
      if (accepted && at.length) continue;
      failures.push(`${context}: ${id} (${tag}) was at ${before.found.get(tag)!.join(",")}, is at ${at.join(",") || "nowhere"}, its name points to ${target}`);
    }
    for (const t of before.texts) {
      const text = t.slice(t.indexOf("|") + 1);
      if (![...after.texts].some((x) => x.endsWith(`|${text}`))) failures.push(`${context}: the user's own “${text}” is gone`);
    }
    for (const note of before.notes) if (!after.notes.has(note)) failures.push(`${context}: the user's comment “${note}” is gone`);
    for (const sheet of before.sheets) if (!after.sheets.has(sheet)) failures.push(`${context}: the user's sheet ${sheet} is gone`);
    // The count reported is the count kept.
    const keptTags = result.report.kept.filter((k) => k.value.type === "number" && b.tags.get(k.value.value) === k.id).length;
    if (!accepted && keptTags !== before.found.size) failures.push(`${context}: reported ${keptTags} values kept, ${before.found.size} were there`);
    if (!accepted) {
      // The rebuilt workbook's names agree with its labels: no S-1 about names remains.
      const snapshot = snapshotFromData(viaFile ? await readXlsx(await host.toBuffer()) : await readWorkbookData(XlsxWorkbook.ofWorkbook(out)));
      const stale = snapshot.structure.filter((s) => s.message.includes("定义名称"));
      if (stale.length) failures.push(`${context}: after the rebuild: ${stale[0].message}`);
    }
  };
  const result = planRebuild({ year: b.year }, data);
  if (result.plan) {
    tally.written++;
    if (result.report.moved.length) tally.moved++;
    await check(result, false);
  } else {
    tally.refused++;
    if (!result.report.unplaced.length) failures.push(`${context}: nothing written and nothing listed`);
    const listed = new Set(result.report.unplaced.flatMap((u) => u.cellIds));
    const kept = new Map(result.report.kept.map((k) => [k.id, k.value]));
    for (const [tag] of before.found) {
      const id = b.tags.get(tag)!;
      const v = kept.get(id);
      if (!(v?.type === "number" && v.value === tag) && !listed.has(id))
        failures.push(`${context}: nothing written, and ${id} (${tag}) is neither kept nor listed`);
    }
    // The user may rebuild anyway: the old sheet is kept aside, nothing is lost.
    data = viaFile ? await readXlsx(await host.toBuffer()) : await readWorkbookData(host);
    const anyway = planRebuild({ year: b.year }, data, { acceptMissing: true });
    if (!anyway.plan) failures.push(`${context}: rebuild anyway wrote nothing`);
    else await check(anyway, true);
  }
  return failures;
}
