import type { Snapshot } from "../workbook/snapshot";
import { SEVERITY_LABEL } from "./definitions";
import { cellNumber, type Finding } from "./evaluate";

/**
 * L-1: a 表三 (or 表四) input filled 从台账 and edited since, so that it no longer holds the
 * register's count. The counts written are kept in _nianbao (snapshot.ledger); like the cross-year
 * rules it compares with figures that are no sheet, so it runs in JS only (no 校验 formula).
 */
const LEDGER_RULE = "L-1";

export function ledgerChecks(snapshot: Snapshot): { findings: Finding[]; passed: number } {
  const counts = snapshot.ledger?.counts;
  const findings: Finding[] = [];
  let passed = 0;
  if (!counts) return { findings, passed };
  for (const [id, count] of counts) {
    const cell = snapshot.model.cellById.get(id);
    if (!cell || cell.kind !== "input" || !snapshot.values.has(id)) continue;
    const value = cellNumber(snapshot, id);
    if (value === count) {
      passed++;
      continue;
    }
    const where = snapshot.locations.get(id);
    const sheet = where?.sheet ?? cell.sheet;
    const address = where?.address ?? cell.address;
    const place = [...cell.rowPath.slice(-1), cell.columnPath[cell.columnPath.length - 1]].filter((l) => l !== "").join(" · ");
    const now = value === null ? "现为空" : `现为 ${value}`;
    findings.push({
      key: `${LEDGER_RULE}@${id}`,
      rule: LEDGER_RULE,
      severity: "warning",
      severityLabel: SEVERITY_LABEL.warning,
      title: "与台账计数一致：从台账生成后改动过的单元格",
      message: `${sheet}!${address}（${place}）${now}，台账计数为 ${count}：从台账生成后改动过。请核对台账，或在“台账”页重新生成。`,
      cells: [{ id, sheet, address }],
      left: value,
      right: count,
      diff: value === null ? null : value - count,
    });
  }
  return { findings, passed };
}
