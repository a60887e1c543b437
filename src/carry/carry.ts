import type { CellInfo, FormatModel } from "../format/layout";
import { formatForYear, formatLabel } from "../format/registry";
import type { FormatVersion } from "../format/schema";
import type { WorkbookData, WorkbookPort } from "../host/port";
import { paragraphOf, type Paragraph } from "../narrative/model";
import { renderParagraph } from "../narrative/render";
import { crossYearInstances, crossYearSources } from "../rules/crossYear";
import { isWellFormed } from "../rules/evaluate";
import { validateSnapshot } from "../rules/validate";
import { readWorkbookData, type GenerateRequest } from "../workbook/operations";
import { planRebuild, rebuildSummary, type RebuildResult } from "../workbook/rebuild";
import type { WorkbookPlan } from "../workbook/plan";
import { META_KEYS } from "../workbook/plan";
import { reportYear, snapshotFromData } from "../workbook/read";
import { displayRaw, type LastYearFigures, type RawValue, type Snapshot } from "../workbook/snapshot";
import { COVER_MARK } from "../workbook/marks";
import { CarryError, NotNianbaoWorkbookError } from "../errors";

/**
 * 从上年结转: last year's report (a Nianbao workbook, or a published text through the importer)
 * seeds this year's 上年结转, the 现行有效件数 baseline, the 机关名称 and 填报人 block, and keeps
 * last year's text and figures for P-1, X-1 and X-2. Carried cells stay marked until confirmed.
 */

/** Last year's report, reduced to what this year needs. */
export interface LastYearReport {
  /** The file it came from, for messages. */
  source: string;
  year: number | null;
  formatId: FormatVersion["id"];
  /** Last year's format (a variant travels in its workbook). */
  model: FormatModel;
  cover: Record<string, string>;
  /** Checked numbers by last year's cell id: 表三 结转下年度继续办理 columns, 2021 表二 现行有效件数. */
  figures: Map<string, number>;
  /** Last year's text, as literal paragraphs. */
  text: Paragraph[];
  /** What could not be taken over, in zh-CN. */
  notes: string[];
}

/** The cover fields that carry over: 机关名称 and the 填报人 block. */
const CARRIED_COVER = ["orgName", "preparer", "reviewer", "principal"];

const label = (c: CellInfo) => [...c.rowPath.slice(-1), ...c.columnPath.slice(-1)].join("·");

/** Last year's report from its workbook snapshot. Bad values are named in the notes and not carried. */
export function lastYearFromSnapshot(snapshot: Snapshot, source: string, placeOf?: (cell: CellInfo) => string | undefined): LastYearReport {
  const notes: string[] = [];
  const figures = new Map<string, number>();
  for (const cell of crossYearSources(snapshot.model)) {
    const raw = snapshot.values.get(cell.id);
    const place = placeOf?.(cell) ?? `${cell.table} ${snapshot.locations.get(cell.id)?.address ?? cell.address}`;
    const where = `上年${place}（${label(cell)}）`;
    if (!raw) notes.push(`${where}无法定位（表格结构被改动），未结转。`);
    else if (raw.type === "blank") notes.push(`${where}未填写，未结转。`);
    else if (isWellFormed(cell, raw)) figures.set(cell.id, (raw as { value: number }).value);
    else notes.push(`${where}为“${displayRaw(raw)}”，不是有效数值，未结转。`);
  }
  const errors = validateSnapshot(snapshot).summary.errors;
  if (errors > 0) notes.push(`上年报告校验有 ${errors} 处错误，结转的数字请与上年报告核对。`);
  const cover: Record<string, string> = {};
  for (const key of CARRIED_COVER) if (snapshot.cover[key]) cover[key] = snapshot.cover[key];
  const text = snapshot.narrative
    .map((p) => paragraphOf(p.part, renderParagraph(snapshot, p).trim()))
    .filter((p) => p.segments.some((s) => s.kind === "text" && s.text !== ""));
  return { source, year: reportYear(snapshot), formatId: snapshot.model.version.id, model: snapshot.model, cover, figures, text, notes };
}

/** Last year's report from a workbook's cells (an .xlsx read by any host). */
export function lastYearFromWorkbook(data: WorkbookData, source: string): LastYearReport {
  try {
    return lastYearFromSnapshot(snapshotFromData(data), source);
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) throw new CarryError(`上年文件 ${source} ${e.message}如上年报告只有发布的文本，请选用 .txt 文件。`);
    throw e;
  }
}

export interface CarryPlan {
  /** Merge into the generate request. */
  request: Required<Pick<GenerateRequest, "values" | "cover" | "lastYear" | "carried" | "lastYearText">>;
  /** Cells (and cover fields) filled. */
  filled: number;
  notes: string[];
}

const num = (value: number): RawValue => ({ type: "number", value });

function currentNumber(cell: CellInfo | undefined, raw: RawValue | undefined): number | null {
  return cell && raw && isWellFormed(cell, raw) ? (raw as { value: number }).value : null;
}

/**
 * What carrying last year into `year` fills, given what the workbook already holds (and its
 * format, the national one for the year by default). Only blank cells are filled: a value the
 * user typed is never overwritten (a different one is named in the notes). What is carried follows
 * the cross-year rules' data: 上年结转 ← 结转下年度继续办理, 现行有效件数 ← last year's + 制发 − 废止.
 */
export function carryForward(
  last: LastYearReport,
  year: number,
  current: { values: Map<string, RawValue>; cover: Record<string, string>; model?: FormatModel },
): CarryPlan {
  const model = current.model ?? formatForYear(year);
  if (last.year !== null && last.year !== year - 1) {
    throw new CarryError(`上年报告（${last.source}）为 ${last.year} 年度，本年报告为 ${year} 年度：只能从 ${year - 1} 年度报告结转。`);
  }
  const notes: string[] = [];
  if (last.year === null) notes.push(`上年报告（${last.source}）未注明报告年度，按 ${year - 1} 年度结转。`);
  const lastModel = last.model;
  const values = new Map<string, RawValue>();
  const carried = new Map<string, string>();
  const fill = (cell: CellInfo, value: number, from: string) => {
    const raw = current.values.get(cell.id);
    if (!raw || raw.type === "blank") {
      values.set(cell.id, num(value));
      carried.set(cell.id, String(value));
    } else if (currentNumber(cell, raw) !== value) {
      notes.push(`${cell.table} ${cell.address}（${label(cell)}）已填写“${displayRaw(raw)}”，与${from} ${value} 不同，未覆盖。`);
    }
  };

  const instances = crossYearInstances(model);
  for (const rule of new Set(instances.map((x) => x.rule))) {
    const mine = instances.filter((x) => x.rule === rule);
    for (const x of mine) {
      const base = last.figures.get(x.lastId);
      if (base === undefined || !lastModel.cellById.has(x.lastId)) continue;
      const sum = (cells: CellInfo[]) => cells.reduce((s, c) => s + (currentNumber(c, current.values.get(c.id)) ?? 0), 0);
      const value = base + sum(x.plus) - sum(x.minus);
      fill(x.cell, value, x.plus.length + x.minus.length ? `上年${x.vars.last}推算的` : `上年“${x.vars.last}”`);
    }
    // The rule has cells this year but last year's format has none to carry from (the 2019 表二 has no 现行有效件数).
    if (mine.length && !mine.some((x) => lastModel.cellById.has(x.lastId))) {
      const column = mine[0].vars.last;
      notes.push(
        `上年报告使用${formatLabel(lastModel.version)}，其${mine[0].table.name}没有“${column}”，无法结转${column}基数，跨年度规则 ${rule.id} 不检查；` +
          `本年${mine[0].table.name}“${column}”请按实际填写。`,
      );
    }
  }

  // 机关名称 and the 填报人 block.
  const cover: Record<string, string> = {};
  for (const key of CARRIED_COVER) {
    const value = last.cover[key]?.trim();
    if (!value || !model.version.cover.some((f) => f.key === key)) continue;
    const now = (current.cover[key] ?? "").trim();
    if (now === "") {
      cover[key] = value;
      carried.set(`${COVER_MARK}${key}`, value);
    } else if (now !== value && key === "orgName") {
      notes.push(`机关名称“${now}”与上年报告的“${value}”不同，未覆盖。`);
    }
  }

  const figures: LastYearFigures = { year: last.year ?? year - 1, formatId: last.formatId, values: new Map(last.figures) };
  return { request: { values, cover, lastYear: figures, carried, lastYearText: last.text }, filled: carried.size, notes: [...last.notes, ...notes] };
}

/** 从上年结转 in the open workbook: one read, one write. */
export async function carryIntoWorkbook(port: WorkbookPort, lastYear: LastYearReport): Promise<{ year: number; filled: number; notes: string[] }> {
  const existing = await readWorkbookData(port);
  const snapshot = openReport(existing);
  const year = reportYear(snapshot)!;
  const carry = carryForward(lastYear, year, { values: snapshot.values, cover: snapshot.cover, model: snapshot.model });
  await port.write(rebuiltOrRefused(planRebuild({ year, format: snapshot.model, ...carry.request }, existing)));
  return { year, filled: carry.filled, notes: carry.notes };
}

/** 确认: clear the 来自上年，待确认 marks (all, or these ids), keeping every value. */
export async function confirmCarried(port: WorkbookPort, ids: string[] | true = true): Promise<number> {
  const existing = await readWorkbookData(port);
  const snapshot = openReport(existing);
  const before = snapshot.carried?.size ?? 0;
  const plan = rebuiltOrRefused(planRebuild({ year: reportYear(snapshot)!, confirmCarried: ids }, existing));
  await port.write(plan);
  return (
    before -
    (plan.sheets.find((s) => s.role === "meta")?.cells.filter((c) => c.col === 1 && c.content.type === "text" && c.content.value === META_KEYS.carried)
      .length ?? 0)
  );
}

/** The plan written into the open workbook, or the reason it cannot be (a label the user removed). */
function rebuiltOrRefused(result: RebuildResult): WorkbookPlan {
  if (!result.plan) throw new CarryError(rebuildSummary(result.report).join("\n"));
  return result.plan;
}

/** What the open workbook holds from last year: the marks still to confirm, and whether can run. */
export async function carryStatus(port: WorkbookPort): Promise<{ pending: number; lastYear: number | null; loaded: boolean } | null> {
  try {
    const snapshot = snapshotFromData(await readWorkbookData(port));
    return { pending: snapshot.carried?.size ?? 0, lastYear: snapshot.lastYear?.year ?? null, loaded: Boolean(snapshot.lastYear) };
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) return null;
    throw e;
  }
}

function openReport(data: WorkbookData): Snapshot {
  let snapshot: Snapshot;
  try {
    snapshot = snapshotFromData(data);
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) throw new CarryError("当前工作簿还不是年报报表，请先在“生成”页生成本年度报表。");
    throw e;
  }
  if (reportYear(snapshot) === null) throw new CarryError("封面“报告年度”未填写，无法确定从哪一年结转。");
  return snapshot;
}
