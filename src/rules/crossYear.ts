import { fillTemplate, labelCore } from "../format/describe";
import { cellIdOf, leavesOf, pathTo, type CellInfo, type FormatModel, type TableLayout } from "../format/layout";
import type { AxisNode } from "../format/schema";
import type { Snapshot } from "../workbook/snapshot";
import { SEVERITY_LABEL, type CrossYearRule } from "./definitions";
import { cellNumber, type Finding, type FindingCell } from "./evaluate";
import { isEnabled } from "./instances";
import { roundTo } from "./number";

/**
 * The cross-year rules (form "crossYear" in the format's rules): they compare this year's cells
 * with last year's figures, which the workbook keeps in _nianbao once last year has been carried
 * forward. They have no formula on the 校验 sheet (last year is not a sheet), so they run in JS
 * only. 从上年结转 fills the same cells by the same data (carry/carry.ts).
 */

/** One statement: this year's `cell` = last year's `lastId` + `plus` − `minus` (this year's cells). */
export interface CrossYearInstance {
  rule: CrossYearRule;
  key: string;
  table: TableLayout;
  cell: CellInfo;
  /** Last year's cell id (last year's figures are kept by id). */
  lastId: string;
  plus: CellInfo[];
  minus: CellInfo[];
  vars: Record<string, string>;
  title: string;
}

const leafLabel = (path: AxisNode[]) =>
  path
    .map((n) => n.label)
    .filter((l) => l !== "")
    .at(-1) ?? "";

const cache = new WeakMap<FormatModel, CrossYearInstance[]>();

/** Every cross-year instance of a format, switched-off rules included (carrying forward still follows them). */
export function crossYearInstances(model: FormatModel): CrossYearInstance[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const out: CrossYearInstance[] = [];
  for (const rule of model.version.rules) {
    if (rule.form !== "crossYear") continue;
    const def = model.version.tables.find((t) => t.key === rule.table)!;
    const table = model.tables.find((t) => t.key === rule.table)!;
    const [along, across] = rule.each === "column" ? (["rows", "columns"] as const) : (["columns", "rows"] as const);
    for (const block of def.blocks) {
      // Only where the table has the keys: the 2019 表二 has no 现行有效件数, so X-2 has no instance there.
      const current = pathTo(block[along], rule.current).at(-1);
      if (!current) continue;
      const lastNode = pathTo(block[along], rule.last).at(-1);
      const label = (k: string) => pathTo(block[along], k).at(-1)?.label ?? k;
      const plusMinus = [...(rule.plus ?? []).map((k) => `＋${label(k)}`), ...(rule.minus ?? []).map((k) => `－${label(k)}`)].join("");
      for (const line of leavesOf(block[across])) {
        const id = (k: string) => (rule.each === "column" ? cellIdOf(def.key, { key: k, label: "x" }, line.node) : cellIdOf(def.key, line.node, { key: k }));
        const cell = model.cellById.get(id(rule.current));
        if (!cell || cell.kind !== "input") continue;
        const plus = (rule.plus ?? []).map((k) => model.cellById.get(id(k)));
        const minus = (rule.minus ?? []).map((k) => model.cellById.get(id(k)));
        if ([...plus, ...minus].some((c) => !c)) continue;
        const vars = {
          table: table.name,
          where: leafLabel(line.path),
          axis: rule.each === "column" ? "列" : "行",
          current: current.label,
          currentCore: labelCore(current.label),
          last: lastNode?.label ?? rule.last,
          lastCore: labelCore(lastNode?.label ?? rule.last),
          plusMinus,
        };
        out.push({
          rule,
          key: `${rule.id}@${line.node.key}`,
          table,
          cell,
          lastId: id(rule.last),
          plus: plus as CellInfo[],
          minus: minus as CellInfo[],
          vars,
          title: fillTemplate(rule.title, vars),
        });
      }
    }
  }
  cache.set(model, out);
  return out;
}

/** The cells of a report that next year's cross-year rules read (表三 结转下年度继续办理, 表二 现行有效件数). */
export function crossYearSources(model: FormatModel): CellInfo[] {
  const rules = model.version.rules.filter((r): r is CrossYearRule => r.form === "crossYear");
  return model.cells.filter(
    (c) => c.kind === "input" && rules.some((r) => c.tableKey === r.table && (r.each === "column" ? c.rowKey === r.last : c.columnKey === r.last)),
  );
}

function at(snapshot: Snapshot, cell: CellInfo): FindingCell {
  const where = snapshot.locations.get(cell.id);
  return { id: cell.id, sheet: where?.sheet ?? cell.sheet, address: where?.address ?? cell.address };
}

const leaf = (path: string[]) => path[path.length - 1] ?? "";

/** The cross-year rules over a snapshot; nothing to check (and nothing passed) when last year is not loaded. */
export function crossYearChecks(snapshot: Snapshot): { findings: Finding[]; passed: number } {
  const ly = snapshot.lastYear;
  const findings: Finding[] = [];
  let passed = 0;
  if (!ly) return { findings, passed };
  const source = ly.year !== null ? `${ly.year} 年度报告` : "上年报告";
  const located = (c: CellInfo) => snapshot.values.has(c.id);

  for (const x of crossYearInstances(snapshot.model)) {
    if (!isEnabled(x.rule)) continue;
    const base = ly.values.get(x.lastId);
    const involved = [x.cell, ...x.plus, ...x.minus];
    if (base === undefined || !involved.every(located)) continue;
    const [left, ...rest] = involved.map((c) => cellNumber(snapshot, c.id));
    if (left === null || rest.some((v) => v === null)) continue;
    const plus = rest.slice(0, x.plus.length) as number[];
    const minus = rest.slice(x.plus.length) as number[];
    const right = roundTo(base + plus.reduce((s, v) => s + v, 0) - minus.reduce((s, v) => s + v, 0), 6);
    const diff = roundTo(left - right, 6);
    if (diff === 0) {
      passed++;
      continue;
    }
    const name = (c: CellInfo) => leaf(x.rule.each === "row" ? c.columnPath : c.rowPath);
    const terms = [`${x.vars.last} ${base}`, ...x.plus.map((c, i) => ` ＋ ${name(c)} ${plus[i]}`), ...x.minus.map((c, i) => ` － ${name(c)} ${minus[i]}`)].join(
      "",
    );
    const message = fillTemplate(x.rule.message, { ...x.vars, source, left, right, diff, terms });
    findings.push({
      key: x.key,
      rule: x.rule.id,
      severity: x.rule.severity,
      severityLabel: SEVERITY_LABEL[x.rule.severity],
      title: x.title,
      message,
      cells: involved.map((c) => at(snapshot, c)),
      left,
      right,
      diff,
    });
  }
  return { findings, passed };
}
