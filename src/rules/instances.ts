import { expandKeys, leavesOf, type CellInfo, type FormatModel, type TableLayout } from "../format/layout";
import { reconciliationRules, type BalanceRule, type InputRule, type Rule } from "./definitions";

/** One checkable statement: a rule applied to one column, row or group of a table. */
export interface RuleInstance {
  key: string;
  rule: Rule;
  table: TableLayout;
  where: string;
  /** Balance rules: sum(left) = sum(right). Input rules: the row's input cells in `left`. */
  left: CellInfo[];
  right: CellInfo[];
}

function cellsOf(model: FormatModel, ids: string[]): CellInfo[] {
  return ids.map((id) => {
    const c = model.cellById.get(id);
    if (!c) throw new Error(`规则引用了不存在的单元格 ${id}`);
    return c;
  });
}

const joinPath = (path: string[]) => (path.length > 1 ? path.slice(1) : path).join("·");

function balanceInstances(model: FormatModel, rule: BalanceRule): RuleInstance[] {
  const def = model.version.tables.find((t) => t.key === rule.table);
  const table = model.tables.find((t) => t.key === rule.table);
  if (!def || !table) return [];
  const block = def.blocks[0];
  const problems: string[] = [];
  const out: RuleInstance[] = [];
  const idOf = (rowKey: string | null, colKey: string) => (rowKey === null ? `${rule.table}.${colKey}` : `${rule.table}.${rowKey}.${colKey}`);
  const singleRow = block.rows.length === 1 && block.rows[0].label === "" ? null : undefined;
  if (rule.each === "column") {
    const leftRows = expandKeys(block.rows, rule.left, problems, rule.id);
    const rightRows = expandKeys(block.rows, rule.right, problems, rule.id);
    for (const col of leavesOf(block.columns)) {
      out.push({
        key: `${rule.id}@${col.node.key}`,
        rule,
        table,
        where: joinPath(col.path.map((n) => n.label)),
        left: cellsOf(model, leftRows.map((r) => idOf(r, col.node.key))),
        right: cellsOf(model, rightRows.map((r) => idOf(r, col.node.key))),
      });
    }
  } else if (rule.each === "row") {
    const leftCols = expandKeys(block.columns, rule.left, problems, rule.id);
    const rightCols = expandKeys(block.columns, rule.right, problems, rule.id);
    for (const row of leavesOf(block.rows)) {
      out.push({
        key: `${rule.id}@${row.node.key}`,
        rule,
        table,
        where: joinPath(row.path.map((n) => n.label)),
        left: cellsOf(model, leftCols.map((c) => idOf(row.node.key, c))),
        right: cellsOf(model, rightCols.map((c) => idOf(row.node.key, c))),
      });
    }
  } else {
    const rowKey = singleRow === null ? null : block.rows[0].key;
    for (const group of rule.groups ?? []) {
      const leaf = leavesOf(block.columns).find((l) => l.node.key.startsWith(`${group}.`));
      const groupPath = leaf ? leaf.path.slice(0, -1).map((n) => n.label) : [group];
      out.push({
        key: `${rule.id}@${group}`,
        rule,
        table,
        where: groupPath.join("·"),
        left: cellsOf(model, rule.left.map((k) => idOf(rowKey, `${group}.${k}`))),
        right: cellsOf(model, rule.right.map((k) => idOf(rowKey, `${group}.${k}`))),
      });
    }
  }
  if (problems.length) throw new Error(problems.join("；"));
  return out;
}

function inputInstances(model: FormatModel, rule: InputRule): RuleInstance[] {
  return model.tables.flatMap((table) =>
    table.dataRows.flatMap((dataRow) => {
      const inputs = dataRow.cellIds.map((id) => model.cellById.get(id)!).filter((c) => c.kind === "input");
      if (inputs.length === 0) return [];
      const first = inputs[0];
      const where = first.rowPath.length ? joinPath(first.rowPath) : table.title.replace(/^[一二三四五六]、/, "");
      const caption = first.columnPath.length > 1 && table.key === "t2" ? `${first.columnPath[0]}·` : "";
      return [{ key: `${rule.id}@${table.key}.${dataRow.rowKey}`, rule, table, where: caption + where, left: inputs, right: [] }];
    }),
  );
}

const cache = new WeakMap<FormatModel, RuleInstance[]>();

/** Every rule instance of a format, in 校验 sheet order. */
export function ruleInstances(model: FormatModel): RuleInstance[] {
  let list = cache.get(model);
  if (!list) {
    list = reconciliationRules.flatMap((rule) => {
      if (rule.form === "balance") return balanceInstances(model, rule);
      return inputInstances(model, rule);
    });
    cache.set(model, list);
  }
  return list;
}
