import { groupHeading } from "../rules/groups";
import type { ValidationReport } from "../rules/validate";

/** Human-readable validation output: the groups that share a cause first, then the findings by rule. */
export function formatReport(header: string, report: ValidationReport): string {
  const { errors, warnings, passed, accepted } = report.summary;
  const lines = [`年报校验：${header}`, `错误 ${errors} · 提示 ${warnings}${accepted ? `（已说明 ${accepted}）` : ""} · 通过 ${passed}`];
  // A group with a named cause (one cell explains its findings): shown first, so the culprit is fixed first.
  const caused = (report.groups ?? []).filter((g) => groupHeading(g) !== "");
  const tag = new Map(caused.flatMap((g) => g.findings.map((k) => [k, g.id] as const)));
  if (caused.length) {
    lines.push("", "按原因分组：");
    for (const g of caused) lines.push(`  ${g.id} ${groupHeading(g)}：${g.findings.join("、")}`);
  }
  const byRule = new Map<string, typeof report.findings>();
  for (const f of report.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  for (const [rule, list] of byRule) {
    lines.push("", `${rule} ${list[0].title} — ${list[0].severityLabel} ${list.length} 处`);
    for (const f of list) {
      const where = f.cells.length ? ` [${f.cells[0].sheet}!${f.cells.map((c) => c.address).join(",")}]` : "";
      const group = tag.get(f.key);
      lines.push(`  ${f.severity === "error" ? "✗" : "!"} ${f.message}${where}${group ? ` （${group}）` : ""}`);
      if (f.explanation) lines.push(`    说明${f.reconfirm ? "（需重新确认：相关单元格已改动）" : ""}：${f.explanation}`);
    }
  }
  if (report.findings.length === 0) lines.push("", "全部规则通过。");
  return `${lines.join("\n")}\n`;
}
