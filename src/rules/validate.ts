import { narrativeFindings } from "../narrative/check";
import type { Snapshot } from "../workbook/snapshot";
import { VERDICT } from "./compile";
import { crossYearChecks } from "./crossYear";
import { ledgerChecks } from "./ledgerCheck";
import { tableFindings, withRunMemo, type Finding, type InstanceResult } from "./evaluate";
import { groupFindings, type FindingGroup } from "./groups";
import { attachExplanations } from "./review";

export interface ValidationReport {
  results: InstanceResult[];
  findings: Finding[];
  /** Findings grouped by cause: every finding's `group` is one of these ids. */
  groups: FindingGroup[];
  summary: { errors: number; warnings: number; passed: number; accepted: number };
}

/** Run every rule of the format over a snapshot: the table rules, the cross-year rules and the 正文 rules (composed here so that none of them imports another). */
export function validateSnapshot(snapshot: Snapshot): ValidationReport {
  return withRunMemo(snapshot, () => validateWith(snapshot));
}

function validateWith(snapshot: Snapshot): ValidationReport {
  const { results, findings } = tableFindings(snapshot);
  const crossYear = crossYearChecks(snapshot);
  findings.push(...crossYear.findings);
  const ledger = ledgerChecks(snapshot);
  findings.push(...ledger.findings);
  findings.push(...narrativeFindings(snapshot));
  attachExplanations(snapshot, findings);
  const groups = groupFindings(snapshot, results, findings);
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  return {
    results,
    findings,
    groups,
    summary: {
      errors,
      warnings,
      passed: results.filter((r) => r.verdict === VERDICT.pass).length + crossYear.passed + ledger.passed,
      accepted: findings.filter((f) => f.explanation && !f.reconfirm).length,
    },
  };
}
