import { notStartedFinding } from "../narrative/check";
import type { Finding } from "../rules/evaluate";
import type { ValidationReport } from "../rules/validate";
import type { Snapshot } from "../workbook/snapshot";

/**
 * Whether a report may be exported: every 错误 blocks, and so does a 提示 without its 说明.
 * Accepted 提示 (with a 说明) go into the 填报说明 for the reviewer.
 */
export interface ExportGate {
  ok: boolean;
  blockers: Finding[];
  accepted: Finding[];
}

export function exportGate(report: ValidationReport, snapshot?: Snapshot): ExportGate {
  const blockers = report.findings.filter((f) => f.severity === "error" || !f.explanation?.trim() || f.reconfirm);
  // A report whose 正文 was never started is not finished (校验 stays quiet about it until the 正文 step).
  const notStarted = snapshot ? notStartedFinding(snapshot) : null;
  if (notStarted && !blockers.some((f) => f.key === notStarted.key)) blockers.unshift(notStarted);
  const accepted = report.findings.filter((f) => f.severity === "warning" && f.explanation?.trim() && !f.reconfirm);
  return { ok: blockers.length === 0, blockers, accepted };
}

/** Why export is refused, in one line (CLI and pane). */
export function gateSummary(gate: ExportGate): string {
  const errors = gate.blockers.filter((f) => f.severity === "error").length;
  const reconfirm = gate.blockers.filter((f) => f.severity === "warning" && f.reconfirm).length;
  const unexplained = gate.blockers.length - errors - reconfirm;
  const parts = [
    errors ? `${errors} 处错误` : "",
    unexplained ? `${unexplained} 处提示未填写说明` : "",
    reconfirm ? `${reconfirm} 处说明需重新确认（相关单元格已改动）` : "",
  ].filter(Boolean);
  return `不能导出：${parts.join("，")}。请先改正错误；提示须在“校验”中接受并填写说明。`;
}
