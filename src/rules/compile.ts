import type { CellInfo } from "../format/layout";
import { definedName } from "../format/names";
import { bin, call, formulaText, num, ref, str, type Formula } from "./formula";
import type { RuleInstance } from "./instances";

/** The formulas of a 校验 sheet row: left, right, difference, verdict and the blanks each side carries. */
export interface CompiledInstance {
  left: Formula;
  right: Formula;
  diff: Formula;
  verdict: Formula;
  blanksLeft: Formula;
  blanksRight: Formula;
}

/** 无法判断: a balance that blanks (unknown whole numbers ≥ 0) could still make hold, or break. */
export const VERDICT = { pass: "通过", fail: "不通过", warn: "提示", unknown: "无法判断" } as const;

/** Where the row's own figures and the derived cells' blank counts live on the 校验 sheet. */
export interface CheckRefs {
  diff: string;
  blanksLeft: string;
  blanksRight: string;
  /** A1 reference of the helper cell counting the blanks a derived cell carries. */
  derivedBlanks: (cellId: string) => string;
}

/** Blanks a cell carries: 1 for a blank input; a derived cell's helper cell (see derivedBlankFormula). */
function blankCountFormula(cell: CellInfo, refs: Pick<CheckRefs, "derivedBlanks">): Formula {
  if (cell.sumOf) return ref(refs.derivedBlanks(cell.id));
  return call("IF", call("ISBLANK", ref(definedName(cell.id))), num(1), num(0));
}

/**
 * The helper of a derived cell: with a formula in it, the blanks of its parts; typed over, none;
 * cleared, itself. Mirrored by blanksOf() in evaluate.ts.
 */
export function derivedBlankFormula(cell: CellInfo, parts: CellInfo[], refs: Pick<CheckRefs, "derivedBlanks">): Formula {
  const n = ref(definedName(cell.id));
  const sum = parts.length === 1 ? blankCountFormula(parts[0], refs) : call("SUM", ...parts.map((p) => blankCountFormula(p, refs)));
  return call("IF", call("ISFORMULA", n), sum, call("IF", call("ISBLANK", n), num(1), num(0)));
}

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
export const sameFormula = (a: string, b: string) =>
  a.replace(/^=/, "").replace(/[\s$]/g, "").toUpperCase() === b.replace(/^=/, "").replace(/[\s$]/g, "").toUpperCase();

export function compileInstance(instance: RuleInstance, refs: CheckRefs): CompiledInstance {
  const { rule } = instance;
  const failWord = str(rule.severity === "error" ? VERDICT.fail : VERDICT.warn);
  if (rule.form !== "input") {
    const left = sumOf(instance.left);
    const right = sumOf(instance.right);
    const diff = call("ROUND", bin("-", left, right), num(6));
    const blanks = (cells: CellInfo[]) =>
      cells.length === 1 ? blankCountFormula(cells[0], refs) : call("SUM", ...cells.map((c) => blankCountFormula(c, refs)));
    const [g, bl, br] = [ref(refs.diff), ref(refs.blanksLeft), ref(refs.blanksRight)];
    // Mirrors balanceVerdict(): blanks only add, so the side without blanks must not be the larger.
    const certain = call("OR", call("AND", bin("=", br, num(0)), bin(">", g, num(0))), call("AND", bin("=", bl, num(0)), bin("<", g, num(0))));
    const verdict = call(
      "IFERROR",
      call(
        "IF",
        bin("=", bin("+", bl, br), num(0)),
        call("IF", bin("=", g, num(0)), str(VERDICT.pass), failWord),
        call("IF", certain, failWord, str(VERDICT.unknown)),
      ),
      failWord,
    );
    return { left, right, diff, verdict, blanksLeft: blanks(instance.left), blanksRight: blanks(instance.right) };
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
  return { left, right, diff, verdict, blanksLeft: num(0), blanksRight: num(0) };
}
