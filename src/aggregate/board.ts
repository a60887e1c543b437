import { formatLabel } from "../format/registry";
import type { WorkbookData } from "../host/port";
import { planFor, type GenerateRequest } from "../workbook/operations";
import { planRebuild, type RebuildResult } from "../workbook/rebuild";
import type { PlannedCell, SheetPlan, WorkbookPlan } from "../workbook/plan";
import type { RawValue } from "../workbook/snapshot";
import type { StyleKey } from "../workbook/styles";
import { BOARD_SHEET, STATUS_LABEL, type AggregateResult, type UnitRow } from "./aggregate";

/** The 汇总看板: each unit's name, year, status, rule failures and contributed cells, as a sheet and as HTML. */

export { BOARD_SHEET };
const UNIT_COLUMNS = ["序号", "文件", "机关名称", "报告年度", "格式版本", "状态", "错误", "提示", "未通过的规则", "计入的单元格", "说明"];
const SKIPPED_COLUMNS = ["文件", "机关名称", "单元格", "值", "原因"];

function headline(result: AggregateResult): string {
  return `${result.year} 年度 · ${formatLabel(result.model.version)} · 计入 ${result.included} 个单位，共 ${result.units.length} 个文件`;
}

/** "表二 8、表三 96、表四 15（共 119 格）" */
function contributedSummary(result: AggregateResult, unit: UnitRow): string {
  if (unit.contributed.length === 0) return "—";
  const byTable = new Map<string, number>();
  for (const i of unit.contributed) {
    const t = result.model.cells[i].table;
    byTable.set(t, (byTable.get(t) ?? 0) + 1);
  }
  return `${[...byTable].map(([t, n]) => `${t} ${n}`).join("、")}（共 ${unit.contributed.length} 格）`;
}

const failuresText = (unit: UnitRow) => unit.failures.map((f) => `${f.rule} ${f.severityLabel} ${f.count} 处：${f.messages[0]}`).join("\n") || "—";

/** The board as an extra sheet of the total's workbook. */
function boardSheet(result: AggregateResult): SheetPlan {
  const cells: PlannedCell[] = [];
  const text = (row: number, col: number, value: string, style: StyleKey) => cells.push({ row, col, content: { type: "text", value }, style });
  const number = (row: number, col: number, value: number | null, style: StyleKey) =>
    cells.push({ row, col, content: value === null ? { type: "blank" } : { type: "number", value }, style });
  const width = UNIT_COLUMNS.length;
  text(1, 1, `汇总看板：${headline(result)}`, "title");
  text(2, 1, result.notes.join("\n") || "全部单位通过校验并已计入。", "note");
  UNIT_COLUMNS.forEach((h, i) => text(4, i + 1, h, "checkHeader"));
  result.units.forEach((u, i) => {
    const row = 5 + i;
    number(row, 1, i + 1, "checkNumber");
    text(row, 2, u.file, "checkText");
    text(row, 3, u.orgName || "（未填）", "checkText");
    number(row, 4, u.year, "checkNumber");
    text(row, 5, u.formatName || "—", "checkText");
    text(row, 6, STATUS_LABEL[u.status], "checkVerdict");
    number(row, 7, u.status === "unreadable" ? null : u.errors, "checkNumber");
    number(row, 8, u.status === "unreadable" ? null : u.warnings, "checkNumber");
    text(row, 9, failuresText(u), "checkText");
    text(row, 10, contributedSummary(result, u), "checkText");
    text(row, 11, u.reason || "", "checkText");
  });
  let row = 5 + result.units.length + 1;
  if (result.skipped.length) {
    text(row, 1, "未计入的数值（计入的单位中不规范的值，未加到汇总数里）", "caption");
    row++;
    SKIPPED_COLUMNS.forEach((h, i) => text(row, i + 1, h, "checkHeader"));
    for (const s of result.skipped) {
      row++;
      [s.file, s.orgName, s.address ? `${s.sheet}!${s.address}` : "—", s.value || "—", s.reason].forEach((v, i) => text(row, i + 1, v, "checkText"));
    }
  }
  return {
    name: BOARD_SHEET,
    role: "board",
    visible: true,
    cells,
    merges: [
      { row: 1, col: 1, rowSpan: 1, colSpan: width },
      { row: 2, col: 1, rowSpan: 1, colSpan: width },
    ],
    validations: [],
    columnWidths: [6, 24, 24, 8, 22, 12, 6, 6, 60, 28, 30],
    rowHeights: { 1: 28, 2: Math.max(18, 15 * (result.notes.length || 1)) },
    protect: false,
    // A second 汇总 with fewer units must not leave the first one's rows behind.
    clearBeyond: true,
    print: { landscape: true, titleRows: [4, 4] },
    freeze: { rows: 4, cols: 3 },
  };
}

/** The total's workbook: the summed inputs (the plan puts the formulas back) and the board. */
/** The total as a new workbook (the CLI's --out). */
export function totalPlan(result: AggregateResult, orgName: string | undefined): WorkbookPlan {
  const { plan } = planFor(totalRequest(result, orgName), null);
  plan.sheets.push(boardSheet(result));
  return plan;
}

const totalRequest = (result: AggregateResult, orgName: string | undefined): GenerateRequest => ({
  year: result.year,
  format: result.model,
  orgName,
  values: new Map<string, RawValue>(result.values),
  cover: result.cover,
});

/** The total written into an open workbook (the pane): placed by labels like 生成/更新报表, or refused with the reason. */
export function totalOverWorkbook(result: AggregateResult, orgName: string | undefined, existing: WorkbookData): RebuildResult {
  const rebuilt = planRebuild(totalRequest(result, orgName), existing.sheets.length ? existing : null);
  rebuilt.plan?.sheets.push(boardSheet(result));
  return rebuilt;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The board as one self-contained HTML page (no scripts, no outside resources); everything from the units is escaped. */
export function boardHtml(result: AggregateResult): string {
  const e = escapeHtml;
  const rows = result.units
    .map((u, i) => {
      const failures = u.failures.length
        ? u.failures
            .map(
              (f) =>
                `<details><summary>${e(f.rule)} ${e(f.severityLabel)} ${f.count} 处 · ${e(f.title)}</summary><ul>${f.messages.map((m) => `<li>${e(m)}</li>`).join("")}${f.count > f.messages.length ? `<li>……另 ${f.count - f.messages.length} 处</li>` : ""}</ul></details>`,
            )
            .join("")
        : "—";
      const cells = u.contributed.length
        ? `<details><summary>${e(contributedSummary(result, u))}</summary><p class="cells">${[...u.contributed]
            .map((k) => {
              const c = result.model.cells[k];
              return e(`${c.sheet}!${c.address}`);
            })
            .join(" ")}</p></details>`
        : "—";
      return `<tr class="${u.status}"><td>${i + 1}</td><td>${e(u.file)}</td><td>${e(u.orgName || "（未填）")}</td><td>${u.year ?? "—"}</td><td>${e(u.formatName || "—")}</td><td class="status">${e(STATUS_LABEL[u.status])}</td><td>${u.status === "unreadable" ? "—" : u.errors}</td><td>${u.status === "unreadable" ? "—" : u.warnings}</td><td>${failures}</td><td>${cells}</td><td>${e(u.reason)}</td></tr>`;
    })
    .join("\n");
  const skipped = result.skipped.length
    ? `<h2>未计入的数值</h2><table><thead><tr>${SKIPPED_COLUMNS.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${result.skipped
        .map(
          (s) =>
            `<tr><td>${e(s.file)}</td><td>${e(s.orgName)}</td><td>${e(s.address ? `${s.sheet}!${s.address}` : "—")}</td><td>${e(s.value || "—")}</td><td>${e(s.reason)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : "";
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>汇总看板</title>
<style>
body { font-family: "Microsoft YaHei", "Noto Sans CJK SC", SimSun, sans-serif; font-size: 14px; margin: 24px; color: #201f1e; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #8a8886; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f2f2f2; } tr.excluded td.status, tr.refused td.status, tr.unreadable td.status { color: #a4262c; font-weight: 600; }
tr.includedFailing td.status { color: #8a5300; font-weight: 600; } tr.included td.status { color: #107c10; }
.cells { font-family: Consolas, monospace; font-size: 12px; word-break: break-all; } ul { margin: 4px 0 4px 18px; padding: 0; }
</style></head><body>
<h1>汇总看板</h1>
<p>${e(headline(result))}</p>
${result.notes.length ? `<ul class="notes">${result.notes.map((n) => `<li>${e(n)}</li>`).join("")}</ul>` : "<p>全部单位通过校验并已计入。</p>"}
<table><thead><tr>${UNIT_COLUMNS.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>
${rows}
</tbody></table>
${skipped}
</body></html>
`;
}
