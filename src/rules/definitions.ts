import type { Severity } from "../format/schema";

/**
 * The reconciliation rules are format data (FormatVersion.rules, format/versions/common.ts):
 * each compiles twice, to Excel formulas on the 校验 sheet (compile.ts) and to a JS check
 * (evaluate.ts). The identities of derived cells are generated from their sumOf (instances.ts).
 */

export type { BalanceRule, CrossYearRule, InputRule, Rule, Severity, SumRule } from "../format/schema";

export const SEVERITY_LABEL: Record<Severity, string> = { error: "错误", warning: "提示" };
