import type { CellInfo } from "../format/layout";
import { definedName } from "../format/names";
import { bin, call, formulaText, num, ref, str, type Formula } from "./formula";
import type { RuleInstance } from "./instances";

/** The four formulas of a 校验 sheet row: left, right, difference and verdict. */
export interface CompiledInstance {
  left: Formula;
  right: Formula;
  diff: Formula;
  verdict: Formula;
}

export const VERDICT = { pass: "通过", fail: "不通过", warn: "提示" } as const;

const sumOf = (cells: CellInfo[]): Formula => call("SUM", ...cells.map((c) => ref(definedName(c.id))));

/** The value-kind test behind F-1; mirrored by wellFormed() in evaluate.ts. */
function wellFormedFormula(cell: CellInfo): Formula {
  const n = ref(definedName(cell.id));
  const tests: Formula[] = [call("ISNUMBER", n), call("NOT", call("ISFORMULA", n))];
  if (cell.valueKind !== "signedCount") tests.push(bin(">=", n, num(0)));
  if (cell.valueKind === "amount") tests.push(bin("=", call("ROUND", n, num(cell.decimals)), n));
  else tests.push(bin("=", n, call("INT", n)));
  return call("AND", ...tests);
}

export function derivedFormula(cell: CellInfo): Formula | null {
  if (!cell.sumOf) return null;
  return call("SUM", ...cell.sumOf.map((id) => ref(definedName(id))));
}

const derivedTexts = new WeakMap<CellInfo, string>();

/** A derived cell's formula as text ("=SUM(NB_…)"), compiled once per cell: rebuild, read and validate all compare against it. */
export function derivedFormulaText(cell: CellInfo): string {
  let text = derivedTexts.get(cell);
  if (text === undefined) {
    const f = derivedFormula(cell);
    text = f ? formulaText(f) : "";
    derivedTexts.set(cell, text);
  }
  return text;
}

/** Formula texts compared as Excel would store them: no "=", no spaces or "$", any case. */
export const sameFormula = (a: string, b: string) => a.replace(/^=/, "").replace(/[\s$]/g, "").toUpperCase() === b.replace(/^=/, "").replace(/[\s$]/g, "").toUpperCase();

export function compileInstance(instance: RuleInstance): CompiledInstance {
  const { rule } = instance;
  const failWord = str(rule.severity === "error" ? VERDICT.fail : VERDICT.warn);
  if (rule.form !== "input") {
    const left = sumOf(instance.left);
    const right = sumOf(instance.right);
    const diff = call("ROUND", bin("-", left, right), num(6));
    const verdict = call("IFERROR", call("IF", bin("=", diff, num(0)), str(VERDICT.pass), failWord), failWord);
    return { left, right, diff, verdict };
  }
  const terms = instance.left.map((cell) => {
    const n = ref(definedName(cell.id));
    if (rule.test === "filled") return call("IF", call("ISBLANK", n), num(1), num(0));
    return call("IFERROR", call("IF", call("ISBLANK", n), num(0), call("IF", wellFormedFormula(cell), num(0), num(1))), num(1));
  });
  const left = call("SUM", ...terms);
  const right = num(0);
  const diff = bin("-", left, right);
  const verdict = call("IF", bin("=", left, num(0)), str(VERDICT.pass), failWord);
  return { left, right, diff, verdict };
}
