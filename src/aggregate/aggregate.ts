import type { CellInfo, FormatModel } from "../format/layout";
import { formatCovers, formatForYear, formatLabel, isSupportedYear } from "../format/registry";
import type { WorkbookData } from "../host/port";
import type { Severity } from "../rules/definitions";
import { isWellFormed, type Finding } from "../rules/evaluate";
import { validateSnapshot } from "../rules/validate";
import { roundTo } from "../rules/number";
import { reportYear, snapshotFromData } from "../workbook/read";
import { displayRaw, type RawValue, type Snapshot } from "../workbook/snapshot";
import { AggregateError, NianbaoError } from "../errors";

/**
 * 汇总下级单位: sum the units' workbooks cell by cell. Units are read one at a time and folded into
 * running sums, so memory does not grow with the number of units (only one board row each).
 * Each unit is validated first; a unit with a 错误 is left out unless asked for, and a unit of
 * another year or format is refused. Derived cells are not summed: the plan writes their formulas.
 */

export interface UnitInput {
  /** The file name, shown on the board. */
  name: string;
  read(): Promise<WorkbookData>;
}

export interface AggregateOptions {
  /** Only units of this report year are summed (default: the year most units have). */
  year?: number;
  /** Sum units with a 错误 too (with a warning on the board). */
  includeFailing?: boolean;
  /** Read every unit against this format (`--format-file`: a provincial variant) instead of the one it carries. */
  format?: FormatModel;
}

export type UnitStatus = "included" | "includedFailing" | "excluded" | "refused" | "unreadable" | "duplicate";

export const STATUS_LABEL: Record<UnitStatus, string> = {
  included: "已计入",
  includedFailing: "有错误，仍计入",
  excluded: "有错误，未计入",
  refused: "已拒绝",
  unreadable: "无法读取",
  duplicate: "重复，未计入",
};

/** The sheet a total made by 汇总下级单位 carries: such a workbook is a total, not a unit. */
export const BOARD_SHEET = "汇总看板";

/** Thrown by UnitInput.read for a file already read (the same file by another path, or the same content). */
export class DuplicateUnitError extends NianbaoError {
  constructor(
    readonly of: string,
    readonly sameFile: boolean,
  ) {
    super(sameFile ? `与 ${of} 是同一个文件，只计入一次。` : `与 ${of} 内容完全相同，只计入一次。`);
  }
}

interface RuleFailure {
  rule: string;
  severity: Severity;
  severityLabel: string;
  title: string;
  count: number;
  /** The first few messages. */
  messages: string[];
}

export interface UnitRow {
  file: string;
  orgName: string;
  year: number | null;
  formatId: string | null;
  formatName: string;
  status: UnitStatus;
  /** Why it was refused, could not be read, or what was done to it. */
  reason: string;
  errors: number;
  warnings: number;
  failures: RuleFailure[];
  /** Input cells it gave a number for (0 counts), by index into the format's cells. */
  contributed: Uint16Array;
}

/** A value in an included unit that is not a number of the right kind: reported, not added. */
interface SkippedValue {
  file: string;
  orgName: string;
  cellId: string;
  sheet: string;
  address: string;
  value: string;
  reason: string;
}

export interface AggregateResult {
  year: number;
  model: FormatModel;
  /** Every input cell: the sum, or blank where no included unit has a number. */
  values: Map<string, RawValue>;
  /** Cover fields of the total (the 2019 采购总金额单位). */
  cover: Record<string, string>;
  units: UnitRow[];
  included: number;
  skipped: SkippedValue[];
  notes: string[];
}

const MESSAGES_PER_RULE = 3;
const SKIPPED_KEPT = 500;
const AMOUNT_FACTOR: Record<string, number> = { 元: 1, 万元: 10000 };

interface Group {
  year: number;
  model: FormatModel;
  sums: Float64Array;
  seen: Uint8Array;
  units: number[];
  /** The 2019 采购总金额 unit the sums are in (the first included unit's). */
  amountUnit: Map<string, string>;
  skipped: SkippedValue[];
  skippedCount: number;
}

function failuresOf(findings: Finding[]): RuleFailure[] {
  const byRule = new Map<string, RuleFailure>();
  for (const f of findings) {
    if (f.explanation) continue;
    const r = byRule.get(f.rule) ?? { rule: f.rule, severity: f.severity, severityLabel: f.severityLabel, title: f.title, count: 0, messages: [] };
    r.count++;
    if (r.messages.length < MESSAGES_PER_RULE) r.messages.push(f.message);
    byRule.set(f.rule, r);
  }
  // 错误 before 提示, so the board shows what keeps a unit out first.
  return [...byRule.values()].sort((a, b) => Number(a.severity !== "error") - Number(b.severity !== "error"));
}

const formatName = (model: FormatModel) => formatLabel(model.version);

/** Units are summed together only when their formats are the same definition (a variant read from each unit's workbook is a model of its own). */
const definitionKey = (model: FormatModel) => (model.builtIn ? model.version.id : JSON.stringify(model.version));

/** Fold one unit into its group's sums; returns the cells it contributed. */
function fold(group: Group, snapshot: Snapshot, row: UnitRow): Uint16Array {
  const { model } = group;
  const contributed: number[] = [];
  let unlocated = 0;
  const skip = (cell: CellInfo, value: string, reason: string) => {
    group.skippedCount++;
    if (group.skipped.length < SKIPPED_KEPT) {
      const at = snapshot.locations.get(cell.id);
      group.skipped.push({
        file: row.file,
        orgName: row.orgName,
        cellId: cell.id,
        sheet: at?.sheet ?? cell.sheet,
        address: at?.address ?? cell.address,
        value,
        reason,
      });
    }
  };
  model.cells.forEach((cell, i) => {
    if (cell.kind !== "input") return;
    const raw = snapshot.values.get(cell.id);
    if (!raw) {
      unlocated++;
      return;
    }
    if (raw.type === "blank") return;
    if (!isWellFormed(cell, raw)) {
      skip(cell, displayRaw(raw), "不是规范的数值，未计入");
      return;
    }
    let value = (raw as { value: number }).value;
    if (cell.unitSetting) {
      const unit = snapshot.cover[cell.unitSetting] || (model.version.cover.find((f) => f.key === cell.unitSetting)?.defaultValue ?? "");
      const target = group.amountUnit.get(cell.unitSetting) ?? unit;
      if (!(unit in AMOUNT_FACTOR) || !(target in AMOUNT_FACTOR)) {
        skip(cell, displayRaw(raw), `金额单位“${unit}”无法识别，未计入`);
        return;
      }
      group.amountUnit.set(cell.unitSetting, target);
      if (unit !== target) {
        value = (value * AMOUNT_FACTOR[unit]) / AMOUNT_FACTOR[target];
        row.reason = [row.reason, `金额单位为${unit}，已换算为${target}`].filter(Boolean).join("；");
      }
    }
    group.sums[i] += value;
    group.seen[i] = 1;
    contributed.push(i);
  });
  if (unlocated) {
    group.skippedCount++;
    if (group.skipped.length < SKIPPED_KEPT)
      group.skipped.push({
        file: row.file,
        orgName: row.orgName,
        cellId: "",
        sheet: "",
        address: "",
        value: "",
        reason: `${unlocated} 个单元格因表格结构被改动无法定位，未计入`,
      });
  }
  return Uint16Array.from(contributed);
}

/** Sum the units' workbooks, one at a time. `onUnit` reports progress (the pane shows it). */
export async function aggregateUnits(
  inputs: Iterable<UnitInput> | AsyncIterable<UnitInput>,
  options: AggregateOptions = {},
  onUnit?: (row: UnitRow, done: number) => void,
): Promise<AggregateResult> {
  if (options.year !== undefined && !isSupportedYear(options.year)) throw new AggregateError(`不支持的报告年度：${options.year}。`);
  const groups = new Map<string, Group>();
  const units: UnitRow[] = [];
  const unitGroup: (string | null)[] = [];
  const orgCount = new Map<string, number>();

  for await (const input of inputs) {
    const row: UnitRow = {
      file: input.name,
      orgName: "",
      year: null,
      formatId: null,
      formatName: "",
      status: "unreadable",
      reason: "",
      errors: 0,
      warnings: 0,
      failures: [],
      contributed: new Uint16Array(0),
    };
    let key: string | null = null;
    let snapshot: Snapshot | null = null;
    try {
      const data = await input.read();
      if ((data.order ?? data.sheets.map((s) => s.name)).includes(BOARD_SHEET)) {
        row.status = "refused";
        row.reason = `这是一份汇总结果（含“${BOARD_SHEET}”表），不是单位报表，未计入。`;
      } else snapshot = snapshotFromData(data, { format: options.format });
    } catch (e) {
      if (e instanceof DuplicateUnitError) row.status = "duplicate";
      row.reason = e instanceof NianbaoError ? e.message : `无法读取：${(e as Error).message}`;
    }
    if (snapshot) {
      const year = reportYear(snapshot);
      row.orgName = snapshot.cover.orgName ?? "";
      row.year = year;
      row.formatId = snapshot.model.version.id;
      row.formatName = formatName(snapshot.model);
      const report = validateSnapshot(snapshot);
      row.errors = report.summary.errors;
      row.warnings = report.findings.filter((f) => f.severity === "warning" && !f.explanation).length;
      row.failures = failuresOf(report.findings);
      if (row.orgName) orgCount.set(row.orgName, (orgCount.get(row.orgName) ?? 0) + 1);
      if (year === null || !isSupportedYear(year)) {
        row.status = "refused";
        row.reason = `封面“报告年度”${year === null ? "未填写" : `为 ${year}`}，无法确定年度。`;
      } else if (!formatCovers(snapshot.model.version, year)) {
        row.status = "refused";
        row.reason = `${year} 年度应使用${formatName(formatForYear(year))}，本文件为${row.formatName}。`;
      } else if (options.year !== undefined && year !== options.year) {
        row.status = "refused";
        row.reason = `报告年度为 ${year}，与汇总年度 ${options.year} 不同。`;
      } else {
        key = `${year}|${definitionKey(snapshot.model)}`;
        let group = groups.get(key);
        if (!group) {
          const n = snapshot.model.cells.length;
          group = {
            year,
            model: snapshot.model,
            sums: new Float64Array(n),
            seen: new Uint8Array(n),
            units: [],
            amountUnit: new Map(),
            skipped: [],
            skippedCount: 0,
          };
          groups.set(key, group);
        }
        group.units.push(units.length);
        if (row.errors > 0 && !options.includeFailing) {
          row.status = "excluded";
        } else {
          row.status = row.errors > 0 ? "includedFailing" : "included";
          row.contributed = fold(group, snapshot, row);
        }
      }
    }
    units.push(row);
    unitGroup.push(key);
    onUnit?.(row, units.length);
  }

  if (groups.size === 0) {
    if (units.length === 0) throw new AggregateError("没有选择任何单位的报表。");
    // Say why, file by file: the board is not written when nothing can be summed.
    const why = units.slice(0, 10).map((u) => `  ${u.file}：${STATUS_LABEL[u.status]}${u.reason ? `，${u.reason}` : ""}`);
    throw new AggregateError(
      `没有可汇总的单位：所选文件都无法读取、重复，或年度、格式不符。\n${why.join("\n")}${units.length > 10 ? `\n  ……另有 ${units.length - 10} 个文件` : ""}`,
    );
  }
  // The year most units have (the first seen on a tie), unless one was asked for.
  const chosenKey = [...groups].sort((a, b) => b[1].units.length - a[1].units.length)[0][0];
  const chosen = groups.get(chosenKey)!;
  units.forEach((row, i) => {
    const key = unitGroup[i];
    if (key === null || key === chosenKey) return;
    const other = groups.get(key)!;
    row.status = "refused";
    row.reason =
      other.year === chosen.year
        ? `格式为${formatName(other.model)}，与多数单位的${formatName(chosen.model)}不同。`
        : `报告年度为 ${other.year}（${formatName(other.model)}），与多数单位的 ${chosen.year} 年度不同。`;
    row.contributed = new Uint16Array(0);
  });

  const values = new Map<string, RawValue>();
  chosen.model.cells.forEach((cell, i) => {
    if (cell.kind !== "input") return;
    values.set(cell.id, chosen.seen[i] ? { type: "number", value: roundTo(chosen.sums[i], cell.decimals) } : { type: "blank" });
  });
  const cover: Record<string, string> = Object.fromEntries(chosen.amountUnit);
  const included = units.filter((u) => u.status === "included" || u.status === "includedFailing").length;
  const notes: string[] = [];
  const failingIn = units.filter((u) => u.status === "includedFailing").length;
  const excluded = units.filter((u) => u.status === "excluded").length;
  if (failingIn) notes.push(`注意：${failingIn} 个有错误的单位按要求仍计入汇总，汇总数可能不准确。`);
  if (excluded) notes.push(`${excluded} 个有错误的单位未计入汇总；改正后重新汇总，或选择“有错误的单位也计入”。`);
  const refused = units.filter((u) => u.status === "refused").length;
  if (refused) notes.push(`${refused} 个文件被拒绝（年度或格式不同，或是一份汇总结果）。`);
  const duplicates = units.filter((u) => u.status === "duplicate").length;
  if (duplicates) notes.push(`${duplicates} 个文件与其他文件重复（同一文件或内容完全相同），只计入一次。`);
  const unreadable = units.filter((u) => u.status === "unreadable").length;
  if (unreadable) notes.push(`${unreadable} 个文件无法读取。`);
  if (chosen.skippedCount) notes.push(`计入的单位中有 ${chosen.skippedCount} 处数值不规范，未计入汇总（见“未计入的数值”）。`);
  for (const [org, count] of orgCount) if (count > 1) notes.push(`机关名称“${org}”出现在 ${count} 个文件中，请确认没有重复汇总。`);
  return { year: chosen.year, model: chosen.model, values, cover, units, included, skipped: chosen.skipped, notes };
}
