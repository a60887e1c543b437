import { a1 } from "../format/address";
import type { FormatModel } from "../format/layout";
import type { WorkbookData, WorkbookPort } from "../host/port";
import { ARCHIVE_SHEET, CHECK_SHEET, COVER_SHEET, META_SHEET, TEXT_SHEET, type PlannedCell, type SheetPlan, type WorkbookPlan } from "./plan";
import { planFor, readWorkbookData, type GenerateRequest } from "./operations";
import { resolveName, snapshotFromData } from "./read";
import { NotNianbaoWorkbookError } from "../errors";
import { definedName } from "../format/names";
import { displayRaw, type RawValue, type Snapshot } from "./snapshot";
import type { Position } from "./placement";

/**
 * 生成/更新报表 over a workbook the user has worked in. Every statutory cell is found by its
 * labels (locate.ts) and written where it is now, so values stay with their labels after rows or
 * columns were inserted, deleted or sorted, and a renamed sheet keeps its name. Cells, rows,
 * columns, sheets and comments of the user's own are not touched. When a label cannot be found,
 * nothing is written: the result says what is missing and what would be kept, and the user may
 * rebuild anyway, which keeps the old sheet under another name beside a new one.
 */

interface PlacedValue {
  id: string;
  /** 表三“一、本年新收…·自然人”. */
  place: string;
  sheet: string;
  address: string;
  /** Where the workbook's defined name put the value before, when that was elsewhere. */
  from?: string;
  value: RawValue;
}

interface UnplacedItem {
  sheet: string;
  message: string;
  /** Statutory cells that cannot be placed without it. */
  cellIds: string[];
}

interface ReplacedFormula {
  sheet: string;
  address: string;
  formula: string;
  /** What is written instead, zh-CN. */
  now: string;
}

export interface RebuildReport {
  /** False: nothing may be written (see unplaced). */
  ok: boolean;
  kept: PlacedValue[];
  moved: PlacedValue[];
  unplaced: UnplacedItem[];
  /** Cells of the user's own in the statutory sheets, left as they are. */
  own: { sheet: string; count: number }[];
  /** Sheets that are not Nianbao's, left as they are. */
  ownSheets: string[];
  formulas: ReplacedFormula[];
  renamed: { from: string; to: string }[];
  /** Values with no cell in the new format, kept on the 原格式数据 sheet. */
  archived: number;
  notices: string[];
}

export interface RebuildOptions {
  /** Rebuild even though labels are missing: old sheets are kept under another name. */
  acceptMissing?: boolean;
}

export interface RebuildResult {
  /** Null when nothing may be written. */
  plan: WorkbookPlan | null;
  model: FormatModel;
  report: RebuildReport;
}

const place = (model: FormatModel, id: string) => {
  const c = model.cellById.get(id)!;
  return `${c.table}“${[...c.rowPath.slice(-1), ...c.columnPath.slice(-1)].join("·")}”`;
};

/** A free sheet name: `base`, else `base（2）`… (Excel allows 31 characters). */
function freeName(base: string, taken: Set<string>): string {
  const cut = (s: string) => s.slice(0, 31);
  let name = cut(base);
  for (let i = 2; taken.has(name); i++) name = cut(`${base.slice(0, 27)}（${i}）`);
  taken.add(name);
  return name;
}

const ourSheets = (plan: WorkbookPlan) => new Set(plan.sheets.map((s) => s.name));

/** Plan a rebuild of `existing` (null: a new workbook) for the request. */
export function planRebuild(request: GenerateRequest, existing: WorkbookData | null, options: RebuildOptions = {}): RebuildResult {
  const report: RebuildReport = { ok: true, kept: [], moved: [], unplaced: [], own: [], ownSheets: [], formulas: [], renamed: [], archived: 0, notices: [] };
  const allSheets = existing ? (existing.order ?? [...existing.sheets.map((s) => s.name), ...(existing.others ?? []).map((o) => o.name)]) : [];
  const taken = new Set(allSheets);
  let snapshot: Snapshot | null = null;
  if (existing && existing.sheets.length) {
    try {
      snapshot = snapshotFromData(existing);
    } catch (e) {
      if (!(e instanceof NotNianbaoWorkbookError)) throw e;
    }
  }

  if (!snapshot) {
    // Not a Nianbao workbook (or an empty one): new sheets beside the user's, never over one of theirs.
    const { plan, model } = planFor(request, null);
    const renames: { from: string; to: string }[] = [];
    for (const s of plan.sheets) {
      if (!taken.has(s.name)) continue;
      if (options.acceptMissing) renames.push({ from: s.name, to: freeName(`${s.name}（原有）`, taken) });
      else
        report.unplaced.push({
          sheet: s.name,
          cellIds: [],
          message: `工作簿中已有名为“${s.name}”的工作表，但它不是年报表格：为免覆盖，未写入任何内容。请先给它改名，或选择“仍然重建”（原表改名为“${s.name}（原有）”保留）。`,
        });
    }
    report.ownSheets = allSheets.filter((n) => !ourSheets(plan).has(n));
    report.renamed = renames;
    report.notices = plan.notices ?? [];
    for (const [id, raw] of request.values ?? [])
      if (raw.type !== "blank" && model.cellById.has(id))
        report.kept.push({ id, place: place(model, id), sheet: model.cellById.get(id)!.sheet, address: model.cellById.get(id)!.address, value: raw });
    report.ok = report.unplaced.length === 0;
    return { plan: report.ok ? { ...plan, renames } : null, model, report };
  }

  const { plan: planned, orphans, formulas, model } = planFor(request, existing, snapshot);
  const old = snapshot.model;
  // The same definition, not only the same id: a variant may add a row to its national format.
  const sameFormat = old === model || JSON.stringify(old.version) === JSON.stringify(model.version);
  const placement = snapshot.placement!;
  // What cannot be placed: a statutory sheet, row, column or cover field whose label is gone.
  for (const table of old.tables) {
    const p = placement.tables.get(table.key);
    if (!p) {
      report.unplaced.push({
        sheet: table.name,
        cellIds: table.cells.map((c) => c.id),
        message: `找不到工作表“${table.name}”（被删除，或改名且表题也被改动）。`,
      });
      continue;
    }
    for (const m of p.missing) {
      if (m.kind === "title") continue;
      report.unplaced.push({
        sheet: p.sheet,
        cellIds: m.cellIds,
        message: `${table.name} 找不到“${m.label}”${m.kind === "row" ? "一行" : "一列"}（标题被删除或改动）。`,
      });
    }
  }
  if (!placement.cover) report.unplaced.push({ sheet: COVER_SHEET, cellIds: [], message: "找不到工作表“封面”（被删除，或改名且标题也被改动）。" });
  else
    for (const key of placement.cover.missing)
      report.unplaced.push({
        sheet: placement.cover.sheet,
        cellIds: [],
        message: `封面 找不到“${old.version.cover.find((f) => f.key === key)!.label}”一行（标题被删除或改动）。`,
      });

  report.archived = orphans.size;
  report.notices = planned.notices ?? [];
  const statutory = new Set([...planned.sheets.map((s) => s.name), ...placement.sheets.values()]);
  report.ownSheets = allSheets.filter((n) => !statutory.has(n));
  for (const p of placement.tables.values()) if (p.own.length) report.own.push({ sheet: p.sheet, count: p.own.length });
  if (placement.cover?.own.length) report.own.push({ sheet: placement.cover.sheet, count: placement.cover.own.length });

  const blocked = report.unplaced.length > 0;
  report.ok = !blocked || options.acceptMissing === true;

  // Relocate the plan sheet by sheet: patch the sheets whose labels were all found, rebuild the others.
  const sheets: SheetPlan[] = [];
  const renames: { from: string; to: string }[] = [];
  const positions = new Map<string, { sheet: string; at: Position }>(); // planned "sheet!A1" → where it goes
  const keepAside = (actual: string, suffix: string) => {
    const to = freeName(`${actual}（${suffix}）`, taken);
    renames.push({ from: actual, to });
  };
  for (const sheet of planned.sheets) {
    const table = model.tables.find((t) => t.name === sheet.name);
    if (table) {
      const p = placement.tables.get(table.key);
      const complete = p && !p.missing.some((m) => m.kind !== "title");
      if (sameFormat && p && complete) {
        const at = new Map(table.cells.map((c) => [`${c.row},${c.col}`, c.id]));
        for (const c of table.cells) if (c.unitSetting) at.set(`${c.row},${table.width + 1}`, `note:${c.id}`);
        sheets.push(
          patchSheet(
            sheet,
            p.sheet,
            (row, col) => {
              const id = at.get(`${row},${col}`);
              if (!id) return null;
              return (id.startsWith("note:") ? p.notes.get(id.slice(5)) : p.cells.get(id)) ?? null;
            },
            positions,
          ),
        );
        continue;
      }
      // Rebuilt afresh: the old sheet is set aside when something on it could not be carried over
      // (a missing label, or rows and cells of the user's own); otherwise the new one takes its place.
      if (p && (!complete || p.own.length)) keepAside(p.sheet, sameFormat ? "重建前" : old.version.name);
      else if (p && p.sheet !== sheet.name) renames.push({ from: p.sheet, to: sheet.name });
      sheets.push(sheet);
      continue;
    }
    if (sheet.name === COVER_SHEET && placement.cover) {
      const cover = placement.cover;
      const complete = cover.missing.length === 0 && model.version.cover.every((f) => cover.fields.has(f.key));
      if (sameFormat && complete) {
        sheets.push(
          patchSheet(
            sheet,
            cover.sheet,
            (row, col) => {
              const field = model.version.cover[row - 3];
              if (!field || row < 3) return null;
              const at = cover.fields.get(field.key)!;
              if (col === 2) return at;
              // The date hint beside 填报日期.
              if (col === 3) return { row: at.row, col: at.col + 1 };
              return null;
            },
            positions,
          ),
        );
        continue;
      }
      if (!complete || cover.own.length) keepAside(cover.sheet, sameFormat ? "重建前" : old.version.name);
      else if (cover.sheet !== sheet.name) renames.push({ from: cover.sheet, to: sheet.name });
      sheets.push(sheet);
      continue;
    }
    if (sheet.name === TEXT_SHEET && placement.sheets.has(TEXT_SHEET)) {
      // 正文 is rewritten in its columns A–C (where it keeps its paragraphs); columns of the user's own stay.
      const actual = placement.sheets.get(TEXT_SHEET)!;
      const current = existing?.sheets.find((s) => s.name === actual);
      const patched = patchSheet(sheet, actual, (row, col) => ({ row, col }), positions);
      const written = new Set(patched.cells.map((c) => a1(c.row, c.col)));
      for (const [address] of current?.cells ?? []) {
        const m = /^([A-C])(\d+)$/.exec(address);
        if (m && !written.has(address)) patched.cells.push({ row: Number(m[2]), col: m[1].charCodeAt(0) - 64, content: { type: "blank" }, style: "paragraph" });
      }
      sheets.push(patched);
      continue;
    }
    // 校验, _nianbao, 原格式数据: wholly ours.
    if (![CHECK_SHEET, META_SHEET, ARCHIVE_SHEET].includes(sheet.name)) throw new Error(`unplanned sheet ${sheet.name}`);
    sheets.push(sheet);
  }
  // A sheet of the user's own that happens to bear a name a new sheet needs is set aside, never written over.
  const asideFirst: { from: string; to: string }[] = [];
  for (const sheet of sheets) {
    if (sheet.mode === "patch" || !taken.has(sheet.name) || [CHECK_SHEET, META_SHEET, ARCHIVE_SHEET].includes(sheet.name)) continue;
    const statutory = placement.sheets.get(sheet.name);
    if (statutory === sheet.name || renames.some((r) => r.from === sheet.name)) continue;
    asideFirst.push({ from: sheet.name, to: freeName(`${sheet.name}（原有）`, taken) });
  }
  renames.unshift(...asideFirst);
  const names = planned.names.map((n) => {
    const to = positions.get(`${n.sheet}!${a1(n.row, n.col)}`);
    return to ? { ...n, sheet: to.sheet, row: to.at.row, col: to.at.col } : n;
  });

  // What is kept, and what moved: statutory values as they will be written, against where they were read.
  for (const table of model.tables) {
    const sheetPlan = planned.sheets.find((s) => s.name === table.name)!;
    const byPos = new Map(sheetPlan.cells.map((c) => [`${c.row},${c.col}`, c]));
    for (const cell of table.cells) {
      const written = byPos.get(`${cell.row},${cell.col}`);
      // Blanks, and our own formulas in derived cells, are not values the user entered.
      if (!written || written.content.type === "blank" || (cell.kind === "formula" && written.content.type === "formula")) continue;
      const to = positions.get(`${table.name}!${cell.address}`) ?? { sheet: table.name, at: { row: cell.row, col: cell.col } };
      const address = a1(to.at.row, to.at.col);
      // Moved: the workbook's own name for the cell pointed elsewhere (a renamed sheet alone is not a move).
      const named = sameFormat ? namedAt(existing!, cell.id) : null;
      const namedSheet = named?.slice(0, named.lastIndexOf("!"));
      const namedCell = named?.slice(named.lastIndexOf("!") + 1);
      const before = snapshot.locations.get(cell.id);
      const from =
        named && (namedCell !== address || (namedSheet !== to.sheet && namedSheet !== table.name))
          ? named
          : before && (before.sheet !== to.sheet || before.address !== address)
            ? `${before.sheet}!${before.address}`
            : undefined;
      const entry: PlacedValue = { id: cell.id, place: place(model, cell.id), sheet: to.sheet, address, value: written.content, ...(from ? { from } : {}) };
      report.kept.push(entry);
      if (from) report.moved.push(entry);
    }
  }
  for (const f of formulas) {
    const at = snapshot.locations.get(f.id);
    report.formulas.push({ sheet: at?.sheet ?? model.cellById.get(f.id)?.sheet ?? "", address: at?.address ?? "", formula: f.formula, now: f.now });
  }
  report.renamed = renames;
  if (!report.ok) return { plan: null, model, report };
  return { plan: { ...planned, sheets, names, renames }, model, report };
}

/** Where the workbook's defined name for a cell points ("表三!D5"), or null. */
function namedAt(data: WorkbookData, id: string): string | null {
  const at = resolveName(data, definedName(id));
  return at ? `${at.sheet}!${at.address}` : null;
}

/**
 * The planned sheet as a patch of the existing one named `actual`: only the cells `to` gives a
 * position for are written there (content, style, validation, note); nothing else is touched.
 */
function patchSheet(
  sheet: SheetPlan,
  actual: string,
  to: (row: number, col: number) => Position | null,
  positions: Map<string, { sheet: string; at: Position }>,
): SheetPlan {
  const cells: PlannedCell[] = [];
  for (const c of sheet.cells) {
    const at = to(c.row, c.col);
    if (!at) continue;
    positions.set(`${sheet.name}!${a1(c.row, c.col)}`, { sheet: actual, at });
    cells.push({ ...c, row: at.row, col: at.col });
  }
  const validations = sheet.validations.flatMap((v) => {
    const at = to(v.row, v.col);
    return at ? [{ ...v, row: at.row, col: at.col }] : [];
  });
  return {
    ...sheet,
    name: actual,
    mode: "patch",
    cells,
    validations,
    merges: [],
    columnWidths: [],
    rowHeights: {},
    hiddenColumns: [],
    print: null,
    freeze: null,
    clearBeyond: false,
  };
}

/** The rebuild in a few zh-CN lines, for the CLI and the pane. */
export function rebuildSummary(report: RebuildReport): string[] {
  const lines: string[] = [];
  if (!report.ok) {
    lines.push(`未写入任何内容：有 ${report.unplaced.length} 处找不到对应的标题，无法确定数据的位置。`);
    for (const u of report.unplaced) lines.push(`  ✗ ${u.message}${u.cellIds.length ? `（${u.cellIds.length} 个单元格）` : ""}`);
    lines.push(
      `若仍然重建，将保留：已填写的数据 ${report.kept.length} 项${report.own.length ? `，您自己的内容 ${report.own.reduce((n, o) => n + o.count, 0)} 处` : ""}${report.ownSheets.length ? `，您自己的工作表 ${report.ownSheets.length} 张` : ""}；找不到标题的表将改名保留原样，另建新表。`,
    );
    return lines;
  }
  lines.push(`保留已填写的数据 ${report.kept.length} 项${report.moved.length ? `，其中 ${report.moved.length} 项随标题移动了位置` : ""}。`);
  for (const m of report.moved.slice(0, 20)) lines.push(`  → ${m.place}：${m.from} → ${m.sheet}!${m.address}（${displayRaw(m.value)}）`);
  if (report.moved.length > 20) lines.push(`  → ……另有 ${report.moved.length - 20} 项`);
  if (report.archived) lines.push(`新格式中没有对应单元格的数据 ${report.archived} 项，保存在“${ARCHIVE_SHEET}”表。`);
  for (const o of report.own) lines.push(`工作表“${o.sheet}”中您自己的内容 ${o.count} 处未改动。`);
  if (report.ownSheets.length) lines.push(`您自己的工作表未改动：${report.ownSheets.join("、")}。`);
  for (const r of report.renamed) lines.push(`原工作表“${r.from}”已改名为“${r.to}”保留。`);
  for (const f of report.formulas) lines.push(`  ! ${f.sheet} ${f.address} 的公式“${f.formula}”不是年报的公式，未保留：${f.now}。`);
  if (report.unplaced.length) for (const u of report.unplaced) lines.push(`  ✗ ${u.message}（已按格式新建）`);
  lines.push(...report.notices);
  return lines;
}

/** 生成/更新报表 (and 恢复公式, and 升级 to another year's format): one read (two for a renamed sheet), one write, or none when a label is missing. */
export async function generate(port: WorkbookPort, request: GenerateRequest, options: RebuildOptions = {}): Promise<RebuildResult> {
  const existing = await readWorkbookData(port);
  const result = planRebuild(request, existing.sheets.length || existing.others?.length ? existing : null, options);
  if (result.plan) await port.write(result.plan);
  return result;
}
