import type { CellInfo } from "../format/layout";
import type { Snapshot } from "../workbook/snapshot";
import { SEVERITY_LABEL, type Severity } from "./definitions";
import { cellNumber, type Finding, type FindingCell } from "./evaluate";
import { roundTo } from "./number";

/**
 * The cross-year rules (product.md): they compare this year's cells with last year's figures,
 * which the workbook keeps in _nianbao once last year has been carried forward. They have no
 * formula on the 校验 sheet (last year is not a sheet), so they run in JS only.
 */

interface CrossYearRule {
  id: "X-1" | "X-2";
  severity: Severity;
  title: string;
}

export const crossYearRules: CrossYearRule[] = [
  { id: "X-1", severity: "error", title: "跨年度：上年结转＝上年报告的结转下年度继续办理" },
  { id: "X-2", severity: "warning", title: "跨年度：现行有效件数＝上年现行有效件数＋本年制发－本年废止" },
];

const [X1, X2] = crossYearRules;
const last = (path: string[]) => path[path.length - 1] ?? "";

function at(snapshot: Snapshot, cell: CellInfo): FindingCell {
  const where = snapshot.locations.get(cell.id);
  return { id: cell.id, sheet: where?.sheet ?? cell.sheet, address: where?.address ?? cell.address };
}

function finding(rule: CrossYearRule, key: string, message: string, cells: FindingCell[], left: number, right: number, diff: number): Finding {
  return { key, rule: rule.id, severity: rule.severity, severityLabel: SEVERITY_LABEL[rule.severity], title: rule.title, message, cells, left, right, diff };
}

/** over a snapshot; nothing to check (and nothing passed) when last year is not loaded. */
export function crossYearChecks(snapshot: Snapshot): { findings: Finding[]; passed: number } {
  const ly = snapshot.lastYear;
  const findings: Finding[] = [];
  let passed = 0;
  if (!ly) return { findings, passed };
  const model = snapshot.model;
  const source = ly.year !== null ? `${ly.year} 年度报告` : "上年报告";
  const located = (c: CellInfo) => snapshot.values.has(c.id);

  // each input column of 表三.
  for (const cell of model.cells) {
    if (cell.tableKey !== "t3" || cell.rowKey !== "carried" || cell.kind !== "input" || !located(cell)) continue;
    const lastId = `t3.carriedNext.${cell.columnKey}`;
    const right = ly.values.get(lastId);
    const left = cellNumber(snapshot, cell.id);
    if (right === undefined || left === null) continue;
    const diff = roundTo(left - right, 6);
    if (diff === 0) {
      passed++;
      continue;
    }
    const lastRow = last(model.cellById.get(lastId)?.rowPath ?? []);
    findings.push(
      finding(
        X1,
        `X-1@${cell.columnKey}`,
        `表三“${last(cell.columnPath)}”列：本年“${last(cell.rowPath)}”为 ${left}，${source}“${lastRow}”为 ${right}，相差 ${diff}。本年的上年结转应等于上年报告的结转下年度继续办理。`,
        [at(snapshot, cell)],
        left,
        right,
        diff,
      ),
    );
  }

  // 2021 format, 表二 第二十条第（一）项, for each row with a 现行有效件数.
  if (model.version.id === "2021") {
    for (const cell of model.cells) {
      if (cell.tableKey !== "t2" || cell.columnKey !== "inForce" || !located(cell)) continue;
      const base = ly.values.get(cell.id);
      const issued = model.cellById.get(`t2.${cell.rowKey}.issued`);
      const repealed = model.cellById.get(`t2.${cell.rowKey}.repealed`);
      if (base === undefined || !issued || !repealed || !located(issued) || !located(repealed)) continue;
      const [left, plus, minus] = [cell, issued, repealed].map((c) => cellNumber(snapshot, c.id));
      if (left === null || plus === null || minus === null) continue;
      const right = roundTo(base + plus - minus, 6);
      const diff = roundTo(left - right, 6);
      if (diff === 0) {
        passed++;
        continue;
      }
      findings.push(
        finding(
          X2,
          `X-2@${cell.rowKey}`,
          `表二“${last(cell.rowPath)}”：${last(cell.columnPath)}为 ${left}；${source}${last(cell.columnPath)} ${base} ＋ ${last(issued.columnPath)} ${plus} － ${last(repealed.columnPath)} ${minus} ＝ ${right}，相差 ${diff}。如有其他原因（如清理、修订），请填写说明。`,
          [cell, issued, repealed].map((c) => at(snapshot, c)),
          left,
          right,
          diff,
        ),
      );
    }
  }
  return { findings, passed };
}
