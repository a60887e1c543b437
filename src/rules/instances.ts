import { fillTemplate, ordinalTerm, partsPhrase, partsPlus, partsSum, placeOf, shortTerm } from "../format/describe";
import { cellIdOf, expandKeys, leavesOf, pathTo, type CellInfo, type FormatModel, type TableLayout } from "../format/layout";
import type { AxisNode, Block, Table } from "../format/schema";
import type { BalanceRule, InputRule, Rule, SumRule } from "./definitions";

/** One checkable statement: a rule applied to one column, row or group of a table. */
export interface RuleInstance {
  key: string;
  rule: BalanceRule | SumRule | InputRule;
  table: TableLayout;
  where: string;
  /** Balance rules: sum(left) = sum(right). Input rules: the row's input cells in `left`. */
  left: CellInfo[];
  right: CellInfo[];
  /** The rule's templates filled from the labels of the cells involved ({where}, {parts}, {total}…). */
  vars: Record<string, string>;
  title: string;
  /** What the 校验 sheet's 检查内容 column says. */
  check: string;
}

function cellsOf(model: FormatModel, ids: string[]): CellInfo[] {
  return ids.map((id) => {
    const c = model.cellById.get(id);
    if (!c) throw new Error(`规则引用了不存在的单元格 ${id}`);
    return c;
  });
}

const labels = (path: AxisNode[]) => path.map((n) => n.label).filter((l) => l !== "");
const isSingleRow = (block: Block) => block.rows.length === 1 && !block.rows[0].children && block.rows[0].label === "";
const AXIS_WORD = { rows: "行", columns: "列" } as const;

function instance(
  model: FormatModel,
  rule: RuleInstance["rule"],
  table: TableLayout,
  key: string,
  where: string,
  ids: { left: string[]; right: string[] },
  vars: Record<string, string>,
): RuleInstance {
  const all = { table: table.name, where, ...vars };
  return {
    key,
    rule,
    table,
    where,
    left: cellsOf(model, ids.left),
    right: cellsOf(model, ids.right),
    vars: all,
    title: fillTemplate(rule.title, all),
    check: fillTemplate(rule.check, all),
  };
}

function tablesOf(model: FormatModel, key?: Table["key"]): { def: Table; layout: TableLayout }[] {
  return model.version.tables.filter((t) => key === undefined || t.key === key).map((def) => ({ def, layout: model.tables.find((t) => t.key === def.key)! }));
}

/** T3-1: for each leaf column (or row), the sum of the left keys equals the sum of the right keys. */
function balanceInstances(model: FormatModel, rule: BalanceRule): RuleInstance[] {
  const out: RuleInstance[] = [];
  const [along, across] = rule.each === "column" ? (["rows", "columns"] as const) : (["columns", "rows"] as const);
  for (const { def, layout } of tablesOf(model, rule.table)) {
    for (const block of def.blocks) {
      const nodes = block[along];
      if (![...rule.left, ...rule.right].every((k) => pathTo(nodes, k).length)) continue;
      const problems: string[] = [];
      const leftKeys = expandKeys(nodes, rule.left, problems, rule.id);
      const rightKeys = expandKeys(nodes, rule.right, problems, rule.id);
      const terms = (keys: string[], how: (path: string[]) => string, sep: string) => keys.map((k) => how(labels(pathTo(nodes, k)))).join(sep);
      const vars = {
        axis: AXIS_WORD[across],
        leftTerms: terms(rule.left, ordinalTerm, "加"),
        rightTerms: terms(rule.right, ordinalTerm, "加"),
        leftShort: terms(rule.left, shortTerm, "＋"),
        rightShort: terms(rule.right, shortTerm, "＋"),
      };
      for (const leaf of leavesOf(block[across])) {
        const id = (k: string) => (rule.each === "column" ? cellIdOf(def.key, { key: k, label: "x" }, leaf.node) : cellIdOf(def.key, leaf.node, { key: k }));
        out.push(
          instance(model, rule, layout, `${rule.id}@${leaf.node.key}`, placeOf(labels(leaf.path)), { left: leftKeys.map(id), right: rightKeys.map(id) }, vars),
        );
      }
    }
  }
  return out;
}

/** A derived cell equals the sum of its parts: one instance per line across each derived node whose `rule` is this one. */
function sumInstances(model: FormatModel, rule: SumRule): RuleInstance[] {
  const out: RuleInstance[] = [];
  for (const { def, layout } of tablesOf(model)) {
    for (const block of def.blocks) {
      for (const along of ["rows", "columns"] as const) {
        const across = along === "rows" ? "columns" : "rows";
        const nodes = block[along];
        const derived = leavesOf(nodes).filter((l) => l.node.sumOf && l.node.rule === rule.id);
        for (const d of derived) {
          const problems: string[] = [];
          const partKeys = expandKeys(nodes, d.node.sumOf!, problems, rule.id);
          const partLabels = d.node.sumOf!.map((k) => pathTo(nodes, k).at(-1)?.label ?? k);
          const parent = d.path.length > 1 ? d.path[d.path.length - 2] : null;
          const vars = {
            parts: partsPhrase(partLabels),
            partsSum: partsSum(partLabels),
            partsPlus: partsPlus(partLabels),
            total: d.node.label,
            group: parent?.label ?? def.name,
          };
          const id = (k: string, line: AxisNode) => (along === "rows" ? cellIdOf(def.key, { key: k, label: "x" }, line) : cellIdOf(def.key, line, { key: k }));
          if (along === "columns" && isSingleRow(block)) {
            // 表四: one row, so one instance per derived node, named by its group.
            const row = block.rows[0];
            const where = labels(d.path.slice(0, -1)).join("·") || d.node.label;
            out.push(
              instance(
                model,
                rule,
                layout,
                `${rule.id}@${parent?.key ?? d.node.key}`,
                where,
                { left: partKeys.map((k) => id(k, row)), right: [id(d.node.key, row)] },
                { axis: "", ...vars },
              ),
            );
            continue;
          }
          for (const line of leavesOf(block[across])) {
            // Several derived nodes under one rule id in a block: the node's key keeps the instance keys apart.
            const key = derived.length > 1 ? `${rule.id}@${d.node.key}.${line.node.key}` : `${rule.id}@${line.node.key}`;
            out.push(
              instance(
                model,
                rule,
                layout,
                key,
                placeOf(labels(line.path)),
                { left: partKeys.map((k) => id(k, line.node)), right: [id(d.node.key, line.node)] },
                { axis: AXIS_WORD[across], ...vars },
              ),
            );
          }
        }
      }
    }
  }
  return out;
}

function inputInstances(model: FormatModel, rule: InputRule): RuleInstance[] {
  return model.tables.flatMap((table) =>
    table.dataRows.flatMap((dataRow) => {
      const inputs = dataRow.cellIds.map((id) => model.cellById.get(id)!).filter((c) => c.kind === "input");
      if (inputs.length === 0) return [];
      const first = inputs[0];
      const where = first.rowPath.length ? placeOf(first.rowPath) : table.title.replace(/^[一二三四五六]、/, "");
      const caption = first.columnPath.length > 1 && table.key === "t2" ? `${first.columnPath[0]}·` : "";
      const all = { table: table.name, where: caption + where };
      return [
        {
          key: `${rule.id}@${table.key}.${dataRow.rowKey}`,
          rule,
          table,
          where: caption + where,
          left: inputs,
          right: [],
          vars: all,
          title: fillTemplate(rule.title, all),
          check: fillTemplate(rule.check, all),
        },
      ];
    }),
  );
}

const cache = new WeakMap<FormatModel, RuleInstance[]>();

export const isEnabled = (rule: Rule) => rule.enabled !== false;

/** Every rule instance of a format that has a 校验 sheet row, in sheet order (switched-off rules left out). */
export function ruleInstances(model: FormatModel): RuleInstance[] {
  let list = cache.get(model);
  if (!list) {
    list = model.version.rules.filter(isEnabled).flatMap((rule) => {
      if (rule.form === "balance") return balanceInstances(model, rule);
      if (rule.form === "sum") return sumInstances(model, rule);
      if (rule.form === "input") return inputInstances(model, rule);
      return [];
    });
    cache.set(model, list);
  }
  return list;
}

/**
 * What people call an instance: "T3-1 · 自然人列", "T2-1 · 规章行", "T4-1 · 行政复议". Its key
 * (T3-1@natural), under which 说明 are stored, is printed beside it.
 */
export function instanceName(instance: RuleInstance): string {
  const { rule, where } = instance;
  const suffix = rule.form === "balance" ? (rule.each === "column" ? "列" : rule.each === "row" ? "行" : "") : "行";
  return `${rule.id} · ${where}${suffix && !where.endsWith(suffix) ? suffix : ""}`;
}
