import type { CellInfo, FormatModel } from "../format/layout";
import { displayRaw, type RawValue, type Snapshot } from "../workbook/snapshot";
import { derivedFormula, derivedFormulaText, sameFormula, VERDICT } from "./compile";
import { SEVERITY_LABEL, type Severity } from "./definitions";
import { unparse } from "./formula";
import { ruleInstances, type RuleInstance } from "./instances";
import { parseLooseNumber, roundTo } from "./number";
import { fillTemplate as fill } from "../format/describe";

/** What a rule instance computes: the same three figures the 校验 sheet shows. */
export interface InstanceResult {
  instance: RuleInstance;
  verdict: (typeof VERDICT)[keyof typeof VERDICT];
  left: number | null;
  right: number | null;
  diff: number | null;
  /** Cells that make the instance fail (input rules) or take part in it (balance rules). */
  cells: CellInfo[];
  /** False when a cell of the instance could not be located (reported by S-1 instead). */
  evaluated: boolean;
  /** Balance rules: blank cells each side carries (a derived cell carries the blanks of its parts). */
  blanksLeft: number;
  blanksRight: number;
  /** The blank cells behind a 无法判断 (or a 不通过 the blanks could not clear), in sheet order. */
  blanks: CellInfo[];
}

export interface FindingCell {
  id: string;
  sheet: string;
  address: string;
}

export interface Finding {
  /** Stable key: the instance key, or F-1@<cell id>. 说明 are stored against it. */
  key: string;
  rule: string;
  severity: Severity;
  severityLabel: string;
  title: string;
  message: string;
  cells: FindingCell[];
  left: number | string | null;
  right: number | null;
  diff: number | null;
  /** F-1: the value the cell most likely means, when there is one. */
  fix?: number | null;
  explanation?: string;
  /** Set on a 提示 that could not be decided because cells are blank. */
  verdict?: (typeof VERDICT)["unknown"];
  /** 无法判断: the rule instances the blank cells leave open. */
  blocks?: string[];
  /** The group of findings sharing one cause (rules/groups.ts). */
  group?: string;
  /** The 说明 was written for other cells or values: 需重新确认 (blocks export until confirmed). */
  reconfirm?: boolean;
}

const ERR = Symbol("error");
type Num = number | typeof ERR;

const normaliseFormula = (f: string) => f.replace(/^=/, "").replace(/[\s$]/g, "").toUpperCase();

/** Each derived cell's own formula, normalised (computed once per cell: validate runs per unit when aggregating). */
const ownFormula = new WeakMap<CellInfo, string>();

/**
 * Per-run memo of the SUM() view and the carried blanks (the 总计 column and row are summed by many
 * rule instances): set by validateSnapshot for its run only, so an edited snapshot is never stale.
 */
let memo: { snapshot: Snapshot; sums: Map<string, Num | null>; blanks: Map<string, CellInfo[]> } | null = null;

/** The SUM() view of a cell: numbers count, text/blank/booleans are ignored, errors poison. */
function sumValue(snapshot: Snapshot, cell: CellInfo, depth = 0): Num | null {
  if (memo?.snapshot === snapshot && depth === 0) {
    const hit = memo.sums.get(cell.id);
    if (hit !== undefined) return hit;
    const v = sumValueOf(snapshot, cell, 0);
    memo.sums.set(cell.id, v);
    return v;
  }
  return sumValueOf(snapshot, cell, depth);
}

/** Whether a derived cell holds our own SUM formula (so it stands for its parts). */
export function isOwnFormula(snapshot: Snapshot, cell: CellInfo): boolean {
  const raw = snapshot.values.get(cell.id);
  if (!raw || raw.type !== "formula" || !cell.sumOf) return false;
  const known = ownVerdict.get(raw);
  if (known && known.cell === cell) return known.own;
  let expected = ownFormula.get(cell);
  if (expected === undefined) {
    const f = derivedFormula(cell);
    expected = f ? normaliseFormula(unparse(f)) : "";
    ownFormula.set(cell, expected);
  }
  const own = expected !== "" && normaliseFormula(raw.formula) === expected;
  ownVerdict.set(raw, { cell, own });
  return own;
}

/** Per value read (a snapshot's values are not mutated in place): whether it is the cell's own formula. */
const ownVerdict = new WeakMap<RawValue, { cell: CellInfo; own: boolean }>();

function sumValueOf(snapshot: Snapshot, cell: CellInfo, depth: number): Num | null {
  const raw = snapshot.values.get(cell.id);
  if (!raw) return null;
  if (raw.type === "formula" && cell.sumOf && depth < 4) {
    if (isOwnFormula(snapshot, cell)) {
      // Our own formula: compute it; never trust a cached result.
      let total = 0;
      for (const id of cell.sumOf) {
        const part = snapshot.model.cellById.get(id);
        const v = part ? sumValue(snapshot, part, depth + 1) : null;
        if (v === null) return null;
        if (v === ERR) return ERR;
        total += v;
      }
      return total;
    }
  }
  return plainSumValue(raw);
}

/**
 * The blank cells a cell carries: a blank input is one unknown whole number ≥ 0; a derived cell
 * holding a formula carries the blanks of its parts; a derived cell typed over carries none.
 * Mirrors the 校验 sheet's helper column (compile.ts blankCountFormula), which tests ISFORMULA.
 */
export function blanksOf(snapshot: Snapshot, cell: CellInfo, out: CellInfo[] = [], depth = 0): CellInfo[] {
  if (memo?.snapshot === snapshot && depth === 0) {
    let own = memo.blanks.get(cell.id);
    if (!own) {
      own = blanksOfCell(snapshot, cell, [], 0);
      memo.blanks.set(cell.id, own);
    }
    for (const c of own) out.push(c);
    return out;
  }
  return blanksOfCell(snapshot, cell, out, depth);
}

/** The blanks a side of a rule carries (read-only: one cell's list is the memo's own). */
function blanksOfAll(snapshot: Snapshot, cells: CellInfo[]): readonly CellInfo[] {
  if (cells.length === 1 && memo?.snapshot === snapshot) {
    const cell = cells[0];
    let own = memo.blanks.get(cell.id);
    if (!own) memo.blanks.set(cell.id, (own = blanksOfCell(snapshot, cell, [], 0)));
    return own;
  }
  const out: CellInfo[] = [];
  for (const c of cells) blanksOf(snapshot, c, out);
  return out;
}

function blanksOfCell(snapshot: Snapshot, cell: CellInfo, out: CellInfo[], depth: number): CellInfo[] {
  const raw = snapshot.values.get(cell.id);
  if (!raw) return out;
  // A derived cell left blank (its formula cleared) is itself one unknown.
  if (raw.type === "blank") {
    out.push(cell);
    return out;
  }
  if (raw.type === "formula" && cell.sumOf && depth < 4) {
    for (const id of cell.sumOf) {
      const part = snapshot.model.cellById.get(id);
      if (part) blanksOfCell(snapshot, part, out, depth + 1);
    }
  }
  return out;
}

/** The three verdicts of a balance rule over unknowns ≥ 0: diff = known left − known right. */
function balanceVerdict(diff: number, blanksLeft: number, blanksRight: number): "pass" | "fail" | "unknown" {
  if (blanksLeft === 0 && blanksRight === 0) return diff === 0 ? "pass" : "fail";
  // Blanks only add: the side without blanks must not already be the smaller one.
  if ((blanksRight === 0 && diff > 0) || (blanksLeft === 0 && diff < 0)) return "fail";
  return "unknown";
}

/** A cell's value as SUM() sees it; null when the cell was not found or holds an error value. */
export function cellNumber(snapshot: Snapshot, id: string): number | null {
  const cell = snapshot.model.cellById.get(id);
  const v = cell ? sumValue(snapshot, cell) : null;
  return v === null || v === ERR ? null : v;
}

function plainSumValue(raw: RawValue): Num {
  switch (raw.type) {
    case "number":
      return raw.value;
    case "error":
      return ERR;
    case "formula":
      return plainSumValue(raw.result);
    default:
      return 0;
  }
}

/** Mirror of wellFormedFormula(): a typed number of the right kind. */
export function isWellFormed(cell: CellInfo, raw: RawValue): boolean {
  if (raw.type !== "number") return false;
  const v = raw.value;
  if (cell.valueKind !== "signedCount" && v < 0) return false;
  if (cell.valueKind === "amount") return roundTo(v, cell.decimals) === v;
  return Number.isInteger(v);
}

const KIND_WORDS: Record<CellInfo["valueKind"], string> = {
  count: "不小于 0 的整数",
  signedCount: "整数（减少填负数，如 -8）",
  amount: "不小于 0 的金额",
};

/** The zh-CN explanation of an F-1 problem, and the value the user most likely meant. */
function describeInputProblem(cell: CellInfo, raw: RawValue): { problem: string; fix: number | null } {
  const want = KIND_WORDS[cell.valueKind];
  const fits = (v: number) => isWellFormed(cell, { type: "number", value: v });
  switch (raw.type) {
    case "number": {
      if (cell.valueKind !== "signedCount" && raw.value < 0) return { problem: `填写了负数 ${raw.value}，应填写${want}`, fix: null };
      if (cell.valueKind === "amount") return { problem: `金额 ${raw.value} 超过 ${cell.decimals} 位小数`, fix: roundTo(raw.value, cell.decimals) };
      return { problem: `填写了小数 ${raw.value}，件数应为整数`, fix: null };
    }
    case "formula": {
      const result = raw.result.type === "number" ? raw.result.value : null;
      return {
        problem: `填报单元格中输入了公式“${raw.formula}”，请直接填写数值${result !== null ? `（当前结果 ${result}）` : ""}`,
        fix: result !== null && fits(result) ? result : null,
      };
    }
    case "error":
      return { problem: `单元格为错误值 ${raw.value}，应填写${want}`, fix: null };
    case "boolean":
      return { problem: `“${displayRaw(raw)}”不是数字，应填写${want}`, fix: null };
    case "text": {
      const parsed = parseLooseNumber(raw.value);
      if (!parsed) {
        if (raw.value.trim() === "") return { problem: `单元格只有空格，如为零请填 0`, fix: null };
        return { problem: `“${raw.value}”不是数字，应填写${want}`, fix: null };
      }
      const reasons: string[] = [];
      if (parsed.fullWidth) reasons.push("使用了全角数字");
      if (parsed.unit) reasons.push(`带有单位“${parsed.unit}”`);
      if (parsed.spaces) reasons.push("含有空格");
      if (parsed.separators) reasons.push("含有千分位逗号");
      if (reasons.length === 0) reasons.push("数字以文本形式存储，公式不会计入");
      const ok = fits(parsed.value);
      return {
        problem: `“${raw.value}”${reasons.join("、")}，${ok ? `应改为数值 ${parsed.value}` : `且 ${parsed.value} 不是${want}`}`,
        fix: ok ? parsed.value : null,
      };
    }
    case "blank":
      return { problem: "未填写", fix: null };
  }
}

function evaluateInstance(snapshot: Snapshot, instance: RuleInstance): InstanceResult {
  const { rule } = instance;
  const failVerdict = rule.severity === "error" ? VERDICT.fail : VERDICT.warn;
  const all = [...instance.left, ...instance.right];
  if (all.some((c) => !snapshot.values.has(c.id))) {
    return { instance, verdict: failVerdict, left: null, right: null, diff: null, cells: all, evaluated: false, blanksLeft: 0, blanksRight: 0, blanks: [] };
  }
  if (rule.form === "input") {
    const bad = instance.left.filter((cell) => {
      const raw = snapshot.values.get(cell.id)!;
      if (rule.test === "filled") return raw.type === "blank";
      return raw.type !== "blank" && !isWellFormed(cell, raw);
    });
    return {
      instance,
      verdict: bad.length === 0 ? VERDICT.pass : failVerdict,
      left: bad.length,
      right: 0,
      diff: bad.length,
      cells: bad,
      evaluated: true,
      blanksLeft: 0,
      blanksRight: 0,
      blanks: rule.test === "filled" ? bad : [],
    };
  }
  const total = (cells: CellInfo[]): Num => {
    let s = 0;
    for (const c of cells) {
      const v = sumValue(snapshot, c);
      if (v === null || v === ERR) return ERR;
      s += v;
    }
    return s;
  };
  const left = total(instance.left);
  const right = total(instance.right);
  const leftBlanks = blanksOfAll(snapshot, instance.left);
  const rightBlanks = blanksOfAll(snapshot, instance.right);
  // Most instances carry no blank: skip the de-duplication then.
  const blanks = leftBlanks.length + rightBlanks.length === 0 ? [] : [...new Set([...leftBlanks, ...rightBlanks])];
  const counts = { blanksLeft: leftBlanks.length, blanksRight: rightBlanks.length, blanks };
  if (left === ERR || right === ERR) {
    return { instance, verdict: failVerdict, left: null, right: null, diff: null, cells: all, evaluated: true, ...counts };
  }
  const diff = roundTo(left - right, 6);
  const v = balanceVerdict(diff, counts.blanksLeft, counts.blanksRight);
  const verdict = v === "pass" ? VERDICT.pass : v === "fail" ? failVerdict : VERDICT.unknown;
  return { instance, verdict, left, right, diff, cells: all, evaluated: true, ...counts };
}

export function findingCell(snapshot: Snapshot, cell: CellInfo): FindingCell {
  const at = snapshot.locations.get(cell.id);
  return { id: cell.id, sheet: at?.sheet ?? cell.sheet, address: at?.address ?? cell.address };
}

function findingsOf(snapshot: Snapshot, result: InstanceResult): Finding[] {
  const { instance } = result;
  const { rule } = instance;
  if (result.verdict === VERDICT.pass || !result.evaluated) return [];
  const base = { rule: rule.id, severity: rule.severity, severityLabel: SEVERITY_LABEL[rule.severity], title: instance.title };
  if (rule.form === "input" && rule.test === "wellFormed") {
    return result.cells.map((cell) => {
      const raw = snapshot.values.get(cell.id)!;
      const { problem, fix } = describeInputProblem(cell, raw);
      const at = findingCell(snapshot, cell);
      return {
        ...base,
        key: `F-1@${cell.id}`,
        message: fill(rule.message, {
          table: cell.table,
          address: at.address,
          where: [...cell.rowPath.slice(-1), ...cell.columnPath.slice(-1)].join(" / "),
          problem,
        }),
        cells: [at],
        left: raw.type === "number" ? raw.value : displayRaw(raw),
        right: fix,
        diff: null,
        fix,
      };
    });
  }
  // 无法判断: reported with the blank cells' F-2 提示 (foldUnknowns).
  if (result.verdict === VERDICT.unknown) return [];
  const cells = result.cells.map((c) => findingCell(snapshot, c));
  const fmt = (v: number | null) => (v === null ? "（含错误值，无法计算）" : String(v));
  return [
    {
      ...base,
      key: instance.key,
      message: fill(rule.message, {
        ...instance.vars,
        left: fmt(result.left),
        right: fmt(result.right),
        diff: fmt(result.diff),
        document: `《${snapshot.model.version.document}》`,
        addresses: cells.map((c) => c.address).join("、"),
      }),
      cells,
      left: result.left,
      right: result.right,
      diff: result.diff,
    },
  ];
}

/** Per value read: whether it is the derived cell's formula (F-3 runs on every validation; formulas rarely change). */
const derivedVerdict = new WeakMap<RawValue, { cell: CellInfo; ok: boolean }>();
function holdsDerivedFormula(raw: RawValue & { type: "formula" }, cell: CellInfo): boolean {
  const known = derivedVerdict.get(raw);
  if (known && known.cell === cell) return known.ok;
  const ok = sameFormula(raw.formula, derivedFormulaText(cell));
  derivedVerdict.set(raw, { cell, ok });
  return ok;
}

/**
 * F-3: a derived cell (总计, （七）总计, 表四 总计) holds the plan's formula and nothing else. A value
 * typed over it, a formula of another's (a DDE link, WEBSERVICE, another workbook) or a blank is a
 * 错误 naming the cell; exports and rebuilds never copy such a formula.
 */
function derivedFindings(snapshot: Snapshot): Finding[] {
  const out: Finding[] = [];
  for (const cell of snapshot.model.cells) {
    if (cell.kind !== "formula") continue;
    const raw = snapshot.values.get(cell.id);
    if (!raw) continue;
    if (raw.type === "formula" && holdsDerivedFormula(raw, cell)) continue;
    const at = findingCell(snapshot, cell);
    const where = [...cell.rowPath.slice(-1), ...cell.columnPath.slice(-1)].join(" / ");
    const now = raw.type === "blank" ? "空白" : raw.type === "formula" ? `公式“${raw.formula}”` : `“${displayRaw(raw)}”`;
    out.push({
      key: `F-3@${cell.id}`,
      rule: "F-3",
      severity: "error",
      severityLabel: SEVERITY_LABEL.error,
      title: "合计单元格：只能是年报的合计公式",
      message: `${cell.table} ${at.address}（${where}）应为合计公式，现为${now}。合计由公式计算，请勿改写或删除${raw.type === "formula" ? "；引用外部内容的公式可能带来安全风险" : ""}。请在加载项中点“恢复公式”，或用 nianbao rebuild --restore-formulas。`,
      cells: [at],
      left: raw.type === "number" ? raw.value : displayRaw(raw),
      right: null,
      diff: null,
    });
  }
  return out;
}

/** Cells named in a message: the first few, then how many more. */
export function listAddresses(cells: FindingCell[], max = 8): string {
  const shown = cells
    .slice(0, max)
    .map((c) => c.address)
    .join("、");
  return cells.length > max ? `${shown} 等 ${cells.length} 个单元格` : shown;
}

/** 无法判断: a 提示 naming the blank cells; it holds for some values of them and fails for others. */
function unknownFinding(snapshot: Snapshot, result: InstanceResult): Finding {
  const { instance } = result;
  const rule = instance.rule;
  const blanks = result.blanks.map((c) => findingCell(snapshot, c));
  const check = instance.check;
  const filled = result.left !== null && result.right !== null ? `已填写部分：左边 ${result.left}，右边 ${result.right}。` : "";
  return {
    key: instance.key,
    rule: rule.id,
    severity: "warning",
    severityLabel: SEVERITY_LABEL.warning,
    title: `${instance.title}（无法判断）`,
    message: `${instance.table.name} ${listAddresses(blanks)} 未填写，无法核对 ${rule.id}（${check}）。${filled}空白不视为 0：如为零请填 0。`,
    cells: blanks,
    left: result.left,
    right: result.right,
    diff: result.diff,
    verdict: VERDICT.unknown,
  };
}

/**
 * 无法判断 findings fold into the F-2 提示 of the row holding their blank cells, so one blank cell
 * gives one 提示 that names it and every check it leaves open (F-2 is not repeated beside them).
 * A blank the F-2 rows do not cover (a derived cell cleared) keeps its own finding.
 */
function foldUnknowns(snapshot: Snapshot, findings: Finding[], results: InstanceResult[]): Finding[] {
  const unknown = results.filter((r) => r.verdict === VERDICT.unknown);
  if (unknown.length === 0) return findings;
  const f2 = new Map(results.filter((r) => r.instance.rule.form === "input" && r.instance.rule.test === "filled").map((r) => [r.instance.key, r]));
  const covered = new Set<string>();
  // Which open checks each blank cell leaves open (indexed once, not searched per finding).
  const byBlank = new Map<string, Set<InstanceResult>>();
  for (const r of unknown)
    for (const c of r.blanks) {
      let set = byBlank.get(c.id);
      if (!set) byBlank.set(c.id, (set = new Set()));
      set.add(r);
    }
  const out = findings.map((f) => {
    const row = f2.get(f.key);
    if (!row) return f;
    const ids = new Set(f.cells.map((c) => c.id));
    const touched = new Set<InstanceResult>();
    for (const id of ids) for (const r of byBlank.get(id) ?? []) touched.add(r);
    if (touched.size === 0) return f;
    const open = unknown.filter((r) => touched.has(r));
    for (const id of ids) covered.add(id);
    const checks = open.map((r) => `${r.instance.rule.id}（${r.instance.where}）`);
    const shown = checks.length > 4 ? `${checks.slice(0, 4).join("、")} 等 ${checks.length} 项` : checks.join("、");
    return {
      ...f,
      title: `${row.instance.title}（无法判断）`,
      message: `${row.instance.table.name}“${row.instance.where}”行 ${listAddresses(f.cells)} 未填写，无法核对 ${shown}。如为零请填 0，空白不视为 0。`,
      verdict: VERDICT.unknown,
      blocks: open.map((r) => r.instance.key),
    };
  });
  for (const r of unknown) if (!r.blanks.some((c) => covered.has(c.id))) out.push(unknownFinding(snapshot, r));
  return out;
}

/** Run `fn` with a memo of summed and blank-carrying cells of one unchanged snapshot (one validation run). */
export function withRunMemo<T>(snapshot: Snapshot, fn: () => T): T {
  if (memo?.snapshot === snapshot) return fn();
  const outer = memo;
  memo = { snapshot, sums: new Map(), blanks: new Map() };
  try {
    return fn();
  } finally {
    memo = outer;
  }
}

/** The table rules (and S-1) over a snapshot; `validate.ts` adds the cross-year and 正文 rules. */
export function tableFindings(snapshot: Snapshot): { results: InstanceResult[]; findings: Finding[] } {
  return withRunMemo(snapshot, () => tableFindingsWith(snapshot));
}

function tableFindingsWith(snapshot: Snapshot): { results: InstanceResult[]; findings: Finding[] } {
  const model: FormatModel = snapshot.model;
  const results = ruleInstances(model).map((i) => evaluateInstance(snapshot, i));
  const findings: Finding[] = snapshot.structure.map((p, i) => ({
    key: `S-1@${i}`,
    rule: "S-1",
    severity: "error" as const,
    severityLabel: SEVERITY_LABEL.error,
    title: "表格结构：工作表、标题或单元格名称被改动",
    message: p.message,
    cells: p.location ? [{ id: p.cellIds[0] ?? "", ...p.location }] : [],
    left: null,
    right: null,
    diff: null,
  }));
  findings.push(...derivedFindings(snapshot));
  for (const r of results) findings.push(...findingsOf(snapshot, r));
  findings.splice(0, findings.length, ...foldUnknowns(snapshot, findings, results));
  return { results, findings };
}
