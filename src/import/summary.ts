import type { FormatModel } from "../format/layout";
import { formatLabel } from "../format/registry";
import { PART_NUMERALS } from "../narrative/model";
import type { CellSource, ImportResult } from "./report";

/** What an import found, in zh-CN, for the CLI and the task pane. */

export function cellName(model: FormatModel, cellId: string): string {
  const cell = model.cellById.get(cellId);
  if (!cell) return cellId;
  return `${cell.table}“${[...cell.rowPath.slice(-1), ...cell.columnPath.slice(-1)].join(" / ")}”`;
}

export function importHeadline(r: ImportResult): string {
  return [r.orgName ?? "（未识别机关名称）", r.year !== null ? `${r.year} 年度` : "（未识别年度）", formatLabel(r.model.version)].join(" · ");
}

function placedCount(r: ImportResult): number {
  return r.values.size;
}

/** Placed numbers, cells published blank, and printed values or missing cells not placed. */
export function importCounts(r: ImportResult): { placed: number; blank: number; unplaced: number } {
  const unplaced =
    r.unplaced.reduce((n, u) => n + u.count, 0) + r.missing.reduce((n, m) => n + m.cellIds.length, 0) + r.parents.reduce((n, p) => n + p.values.length, 0);
  return { placed: r.values.size - r.blanks.length, blank: r.blanks.length, unplaced };
}

/** True when every value found was placed and every row of the format was found. */
export function importComplete(r: ImportResult): boolean {
  return r.unplaced.length === 0 && r.missing.length === 0 && r.parents.length === 0;
}

export function importSummary(r: ImportResult): string[] {
  const name = (s: CellSource) => cellName(r.model, s.cellId);
  const lines = [`导入：${importHeadline(r)}`];
  const missingCells = r.missing.reduce((n, m) => n + m.cellIds.length, 0);
  lines.push(`表格：已放置 ${placedCount(r)} 个单元格（其中空白 ${r.blanks.length} 个）${missingCells ? `，未找到 ${missingCells} 个` : ""}`);
  const counts = importCounts(r);
  lines.push(
    `计数：放置 ${counts.placed} 个数值 · 报告中为空白 ${counts.blank} 个 · 未放置 ${counts.unplaced} 个${r.placedByOrder ? `（另有 ${r.placedByOrder} 个单元格的行标题未印在数值旁，按其在已识别两行之间的位置放置）` : ""}`,
  );
  const perPart = PART_NUMERALS.map((n, i) => `${n} ${r.paragraphs.filter((p) => p.part === i).length}`).join(" · ");
  lines.push(`正文：${r.paragraphs.length} 段（${perPart}）`);
  if (r.units.length) {
    lines.push(`带单位的数值 ${r.units.length} 个（按数值读入）：`);
    for (const u of r.units) lines.push(`  ${name(u)} “${u.text}”（${u.where}）`);
  }
  for (const [key, value] of Object.entries(r.cover)) {
    const field = r.model.version.cover.find((f) => f.key === key);
    lines.push(`${field?.label ?? key}：${value}`);
  }
  if (r.blanks.length) {
    lines.push(`空白 ${r.blanks.length} 个（报告中为“/”“—”或空格，导入后为空白，请核实是否应为 0）：`);
    for (const b of r.blanks) lines.push(`  ${name(b)} “${b.text || "（空）"}”（${b.where}）`);
  }
  if (r.unplaced.length) {
    lines.push(`未能放置 ${r.unplaced.length} 处（请对照原文手工填写）：`);
    for (const u of r.unplaced) lines.push(`  ${u.where}：“${u.text}”——${u.reason}`);
  }
  if (r.parents.length) {
    lines.push(`待确认 ${r.parents.length} 处（报告中合并印为一行，子项留空，数值写在第一个子项的批注中）：`);
    for (const p of r.parents) lines.push(`  ${p.table}“${p.label}”（${p.where}）：${p.values.map((v) => v.token.text || "（空）").join(" ")}`);
  }
  if (r.missing.length) {
    lines.push(`报告中未找到 ${r.missing.length} 行：`);
    for (const m of r.missing) lines.push(`  ${m.table}“${m.label}”——${m.reason}`);
  }
  if (r.notes.length) {
    lines.push("说明：");
    for (const n of r.notes) lines.push(`  ${n}`);
  }
  return lines;
}
