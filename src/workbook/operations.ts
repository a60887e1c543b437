import type { FormatModel } from "../format/layout";
import { formatForYear } from "../format/registry";
import type { WorkbookData, WorkbookPort } from "../host/port";
import { validateSnapshot, type ValidationReport } from "../rules/evaluate";
import { buildPlan, META_KEYS, META_SHEET, type EnteredData, type WorkbookPlan } from "./plan";
import { NotNianbaoWorkbookError, reportYear, sheetsToRead, snapshotFromData } from "./read";
import type { Paragraph } from "../narrative/model";
import type { RawValue, Snapshot } from "./snapshot";

/** The workflows shared by the task pane and the CLI, written against the host port only. */

export interface GenerateRequest {
  year: number;
  orgName?: string;
  cover?: Record<string, string>;
  values?: Map<string, RawValue>;
  restoreFormulas?: boolean;
  /** Replaces the 正文 (e.g. from `build --text`). */
  narrative?: Paragraph[];
  lastYearText?: Paragraph[];
}

/** What a workbook already holds, in the shape a new plan takes. Values the new format has no cell for are returned apart. */
export function enteredFromSnapshot(snapshot: Snapshot, target: FormatModel): { entered: Omit<EnteredData, "year">; orphans: Map<string, RawValue> } {
  const values = new Map<string, RawValue>();
  const orphans = new Map<string, RawValue>();
  for (const [id, raw] of snapshot.values) {
    if (raw.type === "blank") continue;
    if (target.cellById.has(id)) values.set(id, raw);
    else orphans.set(id, raw);
  }
  return {
    entered: { cover: { ...snapshot.cover }, values, explanations: new Map(snapshot.explanations), narrative: snapshot.narrative, lastYearText: snapshot.lastYearText },
    orphans,
  };
}

/** Plan a workbook for the request, keeping everything the existing workbook holds (if it is a Nianbao one). */
export function planFor(request: GenerateRequest, existing: WorkbookData | null): { plan: WorkbookPlan; model: FormatModel; kept: number; orphans: Map<string, RawValue> } {
  const model = formatForYear(request.year);
  let entered: EnteredData = { year: request.year, cover: {}, values: new Map(), explanations: new Map(), restoreFormulas: request.restoreFormulas };
  let orphans = new Map<string, RawValue>();
  if (existing) {
    try {
      const snap = snapshotFromData(existing);
      const kept = enteredFromSnapshot(snap, model);
      entered = { ...entered, ...kept.entered };
      orphans = kept.orphans;
      if (orphans.size) {
        const rows = [...orphans].map(([id, value]) => {
          const cell = snap.model.cellById.get(id)!;
          return { table: cell.table, row: cell.rowPath.join("·"), column: cell.columnPath.join("·"), value: value.type === "formula" ? value.result : value };
        });
        entered.archive = { fromFormat: `${snap.model.version.name}（${snap.model.version.document}）`, rows };
      }
    } catch (e) {
      if (!(e instanceof NotNianbaoWorkbookError)) throw e;
    }
  }
  entered.cover = { ...entered.cover, ...(request.cover ?? {}) };
  if (request.orgName !== undefined && request.orgName.trim() !== "") entered.cover.orgName = request.orgName.trim();
  for (const [id, raw] of request.values ?? []) entered.values.set(id, raw);
  if (request.narrative) entered.narrative = request.narrative;
  if (request.lastYearText) entered.lastYearText = request.lastYearText;
  return { plan: buildPlan(model, entered), model, kept: entered.values.size, orphans };
}

/** 生成/更新报表 (and 恢复公式): one read, one write. */
export async function generate(port: WorkbookPort, request: GenerateRequest) {
  const existing = await port.read(sheetsToRead());
  const result = planFor(request, existing.sheets.length ? existing : null);
  await port.write(result.plan);
  return result;
}

/** 校验: one read; the rules run in JS over the snapshot. */
export async function validate(port: WorkbookPort): Promise<{ snapshot: Snapshot; report: ValidationReport; year: number | null }> {
  const data = await port.read(sheetsToRead());
  const snapshot = snapshotFromData(data);
  return { snapshot, report: validateSnapshot(snapshot), year: reportYear(snapshot) };
}

/** Store the 说明 for an accepted 提示 in the hidden meta sheet (it survives save and reopen). */
export async function saveExplanation(port: WorkbookPort, snapshot: Snapshot, key: string, note: string) {
  const explanations = new Map(snapshot.explanations);
  if (note.trim()) explanations.set(key, note.trim());
  else explanations.delete(key);
  const first = 4;
  const cells: { address: string; content: RawValue }[] = [];
  const rows = [...explanations];
  // Rewrite the whole 说明 block, plus one blank row to clear a deleted entry.
  rows.forEach(([k, v], i) => {
    cells.push({ address: `A${first + i}`, content: { type: "text", value: META_KEYS.explanation } });
    cells.push({ address: `B${first + i}`, content: { type: "text", value: k } });
    cells.push({ address: `C${first + i}`, content: { type: "text", value: v } });
  });
  for (const col of ["A", "B", "C"]) cells.push({ address: `${col}${first + rows.length}`, content: { type: "blank" } });
  await port.writeCells(META_SHEET, cells);
  snapshot.explanations = explanations;
}

/** What the open workbook already is (for the pane's defaults and its format-mismatch warning). */
export async function inspect(port: WorkbookPort): Promise<{ formatId: string; formatName: string; year: number | null; orgName: string } | null> {
  const data = await port.read(sheetsToRead());
  try {
    const snap = snapshotFromData(data);
    return { formatId: snap.model.version.id, formatName: `${snap.model.version.name}（${snap.model.version.document}）`, year: reportYear(snap), orgName: snap.cover.orgName ?? "" };
  } catch (e) {
    if (e instanceof NotNianbaoWorkbookError) return null;
    throw e;
  }
}
