import { z } from "zod";
import { compileFormat, pathTo, type FormatModel } from "./layout";
import { FORMAT_IDS, getFormat, isBuiltInFormatId } from "./registry";
import { axisNodeSchema, formatVersionSchema, severitySchema, versionIdSchema, type AxisNode, type FormatVersion, type Table } from "./schema";
import { phraseSchema } from "./sentences";
import { FormatDefinitionError, FormatFileError } from "../errors";

/**
 * Provincial variants, loaded at run time. A variant file is a national version (`base`) plus
 * overrides: rows added, labels changed, rules switched off or re-graded, messages and sentences
 * replaced. It is checked by the same zod schemas as the built-in data, then applied and checked
 * again as a whole definition. A file may also hold a whole definition (what
 * `nianbao format --json` prints). Every problem is a zh-CN message naming the field.
 */

const key = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/, "键名只能由英文字母、数字和点组成");
const tableKey = z.enum(["t2", "t3", "t4"]);

const addRows = z
  .object({
    table: tableKey,
    /** Append the rows as sub-rows of this row (a leaf becomes a group). */
    under: key.optional(),
    /** Or insert them right after this row, as its siblings. */
    after: key.optional(),
    rows: z.array(axisNodeSchema).min(1),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.under === undefined) === (v.after === undefined))
      ctx.addIssue({ code: "custom", path: ["under"], message: "须指定 under（作为其下的子行）或 after（排在其后），二者取一" });
  });

const labelChange = z.object({ table: tableKey, key, axis: z.enum(["row", "column"]).optional(), label: z.string().min(1) }).strict();

const ruleChange = z
  .object({
    id: z.string().min(1),
    enabled: z.boolean().optional(),
    severity: severitySchema.optional(),
    title: z.string().min(1).optional(),
    check: z.string().min(1).optional(),
    message: z.string().min(1).optional(),
  })
  .strict();

const sentenceChange = z
  .object({
    id: z.string().regex(/^[a-z][a-zA-Z0-9.]*$/, "模板编号只能由英文字母、数字和点组成"),
    enabled: z.boolean().optional(),
    part: z.number().int().min(0).max(5).optional(),
    text: phraseSchema.optional(),
  })
  .strict();

const variantSchema = z
  .object({
    id: versionIdSchema,
    name: z.string().min(1),
    base: versionIdSchema,
    /** The province's own 通知, shown beside the national document. */
    notice: z.string().min(1).optional(),
    firstYear: z.number().int().optional(),
    lastYear: z.number().int().nullable().optional(),
    overrides: z
      .object({
        addRows: z.array(addRows).optional(),
        labels: z.array(labelChange).optional(),
        rules: z.array(ruleChange).optional(),
        sentences: z.array(sentenceChange).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** ["overrides", "rules", 0, "severity"] → overrides.rules[0].severity */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "");
}

type Issue = z.core.$ZodIssue;

/** A union that matched no branch says only "无效输入": name the branch that got furthest instead (the deepest field). */
function specific(issue: Issue, base: PropertyKey[] = []): { path: PropertyKey[]; message: string } {
  const path = [...base, ...issue.path];
  if (issue.code !== "invalid_union" || !issue.errors.length) return { path, message: issue.message };
  const candidates = issue.errors.flatMap((branch) => branch.map((i) => specific(i, path)));
  return candidates.reduce((a, b) => (b.path.length > a.path.length ? b : a), { path, message: issue.message });
}

function issues(error: z.ZodError, prefix = ""): string[] {
  return error.issues.map((issue) => {
    const { path, message } = specific(issue);
    const at = fieldPath(path);
    return `${prefix}${at ? `字段 ${at}` : "文件"}：${message}`;
  });
}

const zhCN = z.locales.zhCN();

function walk(nodes: AxisNode[], visit: (n: AxisNode, siblings: AxisNode[], index: number) => void) {
  nodes.forEach((n, i) => {
    visit(n, nodes, i);
    if (n.children) walk(n.children, visit);
  });
}

function allKeys(nodes: AxisNode[]): string[] {
  const out: string[] = [];
  walk(nodes, (n) => out.push(n.key));
  return out;
}

/** Apply a variant's overrides to a copy of its base; problems are named by the variant's fields. */
function applyVariant(file: z.output<typeof variantSchema>, problems: string[]): FormatVersion {
  const base = getFormat(file.base).version;
  const v: FormatVersion = structuredClone(base);
  v.id = file.id;
  v.name = file.name;
  v.variant = { base: base.id, ...(file.notice ? { notice: file.notice } : {}) };
  if (file.firstYear !== undefined) v.firstYear = file.firstYear;
  if (file.lastYear !== undefined) v.lastYear = file.lastYear;
  const table = (k: Table["key"]) => v.tables.find((t) => t.key === k)!;
  const o = file.overrides;

  o.addRows?.forEach((add, i) => {
    const at = `字段 overrides.addRows[${i}]`;
    const t = table(add.table);
    const target = (add.under ?? add.after)!;
    const block = t.blocks.find((b) => pathTo(b.rows, target).length > 0);
    if (!block) {
      problems.push(`${at}.${add.under !== undefined ? "under" : "after"}：${t.name}没有键为“${target}”的行`);
      return;
    }
    const existing = new Set(t.blocks.flatMap((b) => allKeys(b.rows)));
    const added = add.rows.flatMap((r) => allKeys([r]));
    const clash = added.filter((k, j) => existing.has(k) || added.indexOf(k) !== j);
    if (clash.length) {
      problems.push(`${at}.rows：${t.name}已有键为“${clash.join("、")}”的行，新增的行请另取键名`);
      return;
    }
    const rows = structuredClone(add.rows);
    if (add.under !== undefined) {
      const node = pathTo(block.rows, add.under).at(-1)!;
      if (node.sumOf) {
        problems.push(`${at}.under：“${node.label}”是合计行，不能在其下增加子行`);
        return;
      }
      node.children = [...(node.children ?? []), ...rows];
    } else {
      walk(block.rows, (n, siblings, index) => {
        if (n.key === add.after) siblings.splice(index + 1, 0, ...rows);
      });
    }
  });

  o.labels?.forEach((change, i) => {
    const t = table(change.table);
    let found = 0;
    for (const block of t.blocks) {
      const axes = change.axis === "row" ? [block.rows] : change.axis === "column" ? [block.columns] : [block.rows, block.columns];
      for (const nodes of axes)
        walk(nodes, (n) => {
          if (n.key !== change.key) return;
          n.label = change.label;
          found++;
        });
    }
    if (found === 0)
      problems.push(
        `字段 overrides.labels[${i}].key：${t.name}没有键为“${change.key}”的${change.axis === "row" ? "行" : change.axis === "column" ? "列" : "行或列"}`,
      );
  });

  o.rules?.forEach((change, i) => {
    const index = v.rules.findIndex((r) => r.id === change.id);
    if (index < 0) {
      problems.push(`字段 overrides.rules[${i}].id：没有编号为“${change.id}”的规则（${base.name}的规则：${v.rules.map((r) => r.id).join("、")}）`);
      return;
    }
    const { id: _id, ...fields } = change;
    if (fields.check !== undefined && v.rules[index].form === "crossYear") {
      problems.push(`字段 overrides.rules[${i}].check：跨年度规则 ${change.id} 不在校验表中，没有“检查内容”`);
      return;
    }
    v.rules[index] = { ...v.rules[index], ...fields };
  });

  o.sentences?.forEach((change, i) => {
    const index = v.narrative.findIndex((s) => s.id === change.id);
    if (index >= 0) v.narrative[index] = { ...v.narrative[index], ...change };
    else if (change.text !== undefined && change.part !== undefined) {
      // A new sentence goes after the last one of its part, so the parts stay in order.
      const part = change.part;
      const at = v.narrative.reduce((last, x, j) => (x.part <= part ? j + 1 : last), 0);
      v.narrative.splice(at, 0, { id: change.id, part, text: change.text, ...(change.enabled === false ? { enabled: false } : {}) });
    } else problems.push(`字段 overrides.sentences[${i}].id：没有编号为“${change.id}”的起草模板；新增模板须同时给出 part 和 text`);
  });
  return v;
}

function compile(version: FormatVersion, source: string, prefix: string): FormatModel {
  try {
    return compileFormat(version);
  } catch (e) {
    if (e instanceof FormatDefinitionError)
      throw new FormatFileError(
        source,
        [...new Set(e.problems)].map((p) => `${prefix}${p}`),
      );
    throw e;
  }
}

/**
 * A format definition from a file's parsed JSON: a variant (has `base`) or a whole definition.
 * Throws FormatFileError naming the bad fields.
 */
export function formatFromJson(json: unknown, source: string): FormatModel {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new FormatFileError(source, ["文件：应为一个 JSON 对象（省级格式：id、name、base、overrides；或完整的格式定义）"]);
  if ("base" in json) {
    const parsed = variantSchema.safeParse(json, { error: zhCN.localeError });
    if (!parsed.success) throw new FormatFileError(source, issues(parsed.error));
    const problems: string[] = [];
    if (isBuiltInFormatId(parsed.data.id)) problems.push(`字段 id：“${parsed.data.id}”是内置格式的编号，省级格式请另取编号（如 ${parsed.data.base}-hubei）`);
    if (!isBuiltInFormatId(parsed.data.base)) problems.push(`字段 base：没有编号为“${parsed.data.base}”的内置格式（可用：${FORMAT_IDS.join("、")}）`);
    if (problems.length) throw new FormatFileError(source, problems);
    const version = applyVariant(parsed.data, problems);
    if (problems.length) throw new FormatFileError(source, problems);
    const whole = formatVersionSchema.safeParse(version, { error: zhCN.localeError });
    if (!whole.success) throw new FormatFileError(source, issues(whole.error, "应用覆盖后，"));
    return compile(whole.data, source, "应用覆盖后：");
  }
  const parsed = formatVersionSchema.safeParse(json, { error: zhCN.localeError });
  if (!parsed.success) throw new FormatFileError(source, issues(parsed.error));
  if (isBuiltInFormatId(parsed.data.id)) {
    // The national definition as printed by `nianbao format --json`: that is the built-in one.
    const builtIn = getFormat(parsed.data.id);
    if (JSON.stringify(builtIn.version) === JSON.stringify(parsed.data)) return builtIn;
    throw new FormatFileError(source, [`字段 id：“${parsed.data.id}”是内置格式的编号，修改过的格式定义请另取编号`]);
  }
  return compile(parsed.data, source, "");
}

/** A format file's text: JSON (a UTF-8 BOM is allowed), then formatFromJson. */
export function formatFromText(text: string, source: string): FormatModel {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const before = at
      ? text
          .replace(/^\uFEFF/, "")
          .slice(0, Number(at[1]))
          .split("\n")
      : null;
    throw new FormatFileError(source, [
      before
        ? `不是有效的 JSON：第 ${before.length} 行第 ${before[before.length - 1].length + 1} 列附近有语法错误`
        : "不是有效的 JSON（文件不完整或有语法错误）",
    ]);
  }
  return formatFromJson(json, source);
}

/** The definition a workbook carries (in _nianbao), compiled once per distinct text: aggregating many units of one variant compiles it once. */
const stored = new Map<string, FormatModel>();
const STORED_KEPT = 16;

export function formatFromStored(text: string): FormatModel {
  const hit = stored.get(text);
  if (hit) return hit;
  const model = formatFromText(text, "（工作簿中保存的格式定义）");
  if (stored.size >= STORED_KEPT) stored.delete(stored.keys().next().value!);
  stored.set(text, model);
  return model;
}
