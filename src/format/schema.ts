import { z } from "zod";
import { sentenceSchema } from "./sentences";

/**
 * The statutory format as data. One FormatVersion per 国办 format drives the sheets,
 * names, formulas, validation, rules, exports and the importer's label matching.
 */

const keyPattern = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/;
const key = z.string().regex(keyPattern, "键名只能由英文字母、数字和点组成");

const valueKindSchema = z.enum(["count", "signedCount", "amount"]);
export type ValueKind = z.infer<typeof valueKindSchema>;

export interface AxisNode {
  key: string;
  label: string;
  children?: AxisNode[];
  /** Grid columns a leaf column occupies (column axis only). */
  span?: number;
  kind?: ValueKind;
  unit?: string;
  decimals?: number;
  /** Derived leaf: the sum of these nodes (a group stands for its leaves). */
  sumOf?: string[];
  /** Cover field whose value names this column's unit (2019 采购总金额). */
  unitSetting?: string;
  /** Derived node: the id of the rule that checks it equals the sum of its parts (T3-2, T3-3, T4-1). */
  rule?: string;
}

export const axisNodeSchema: z.ZodType<AxisNode> = z.lazy(() =>
  z
    .object({
      key,
      /** Empty only for the single unlabelled row of 表四. */
      label: z.string(),
      children: z.array(axisNodeSchema).min(1).optional(),
      span: z.number().int().min(1).optional(),
      kind: valueKindSchema.optional(),
      unit: z.string().optional(),
      decimals: z.number().int().min(0).max(10).optional(),
      sumOf: z.array(key).min(1).optional(),
      unitSetting: key.optional(),
      rule: z.string().optional(),
    })
    .strict(),
);

const blockSchema = z
  .object({
    /** Caption row merged across the whole grid, e.g. 第二十条第（一）项. */
    caption: z.string().optional(),
    /** Header text above the row labels (表二 信息内容, the 表三 勾稽关系 note). */
    corner: z.string().optional(),
    rows: z.array(axisNodeSchema).min(1),
    columns: z.array(axisNodeSchema).min(1),
  })
  .strict();
export type Block = z.infer<typeof blockSchema>;

const tableSchema = z
  .object({
    key: z.enum(["t2", "t3", "t4"]),
    name: z.enum(["表二", "表三", "表四"]),
    title: z.string().min(1),
    /** Grid columns given to row labels; 0 when the table has none (表四). */
    labelColumns: z.number().int().min(0),
    defaultUnit: z.string(),
    blocks: z.array(blockSchema).min(1),
  })
  .strict();
export type Table = z.infer<typeof tableSchema>;

const coverFieldSchema = z
  .object({
    key,
    label: z.string().min(1),
    kind: z.enum(["text", "year", "date", "choice", "fixed"]),
    choices: z.array(z.string()).optional(),
    defaultValue: z.string().optional(),
  })
  .strict();
export type CoverField = z.infer<typeof coverFieldSchema>;

const tableKey = z.enum(["t2", "t3", "t4"]);
const keys = z.array(key).min(1);
export const severitySchema = z.enum(["error", "warning"]);
export type Severity = z.infer<typeof severitySchema>;
const ruleId = z.string().regex(/^[A-Z][A-Z0-9]*-\d+$/, "规则编号应形如 T3-1");

/**
 * Rules as data, each with an id, a severity and zh-CN templates. Labels are never written in
 * them: {where}, {parts}, {total}, {leftTerms}… are filled from the label paths of the cells involved.
 * `enabled: false` switches a rule off (a provincial variant may).
 */
const ruleText = {
  id: ruleId,
  severity: severitySchema,
  enabled: z.boolean().optional(),
  title: z.string().min(1),
  message: z.string().min(1),
};

/** Every derived node whose `rule` is this id equals the sum of its `sumOf` parts, on each line of the other axis. */
const sumRule = z.object({ form: z.literal("sum"), ...ruleText, check: z.string().min(1) }).strict();

/** For each leaf column (each: column) or row: the sum of the `left` keys equals the sum of the `right` keys. */
const balanceRule = z
  .object({ form: z.literal("balance"), ...ruleText, check: z.string().min(1), table: tableKey, each: z.enum(["column", "row"]), left: keys, right: keys })
  .strict();

/** Input hygiene over every input cell of a data row. */
const inputRule = z.object({ form: z.literal("input"), ...ruleText, check: z.string().min(1), test: z.enum(["wellFormed", "filled"]) }).strict();

/**
 * Against last year's figures (kept in _nianbao once carried forward): for each leaf column
 * (each: column) or row of the blocks that have `current`, this year's `current` cell equals last
 * year's `last` cell plus this year's `plus` minus `minus`. 从上年结转 fills the same cells the same way.
 */
const crossYearRule = z
  .object({
    form: z.literal("crossYear"),
    ...ruleText,
    table: tableKey,
    each: z.enum(["column", "row"]),
    current: key,
    last: key,
    plus: z.array(key).optional(),
    minus: z.array(key).optional(),
  })
  .strict();

const ruleSchema = z.discriminatedUnion("form", [sumRule, balanceRule, inputRule, crossYearRule]);
export type Rule = z.infer<typeof ruleSchema>;
export type SumRule = z.infer<typeof sumRule>;
export type BalanceRule = z.infer<typeof balanceRule>;
export type InputRule = z.infer<typeof inputRule>;
export type CrossYearRule = z.infer<typeof crossYearRule>;

export const versionIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, "格式编号只能由英文字母、数字、点和横线组成");

export const formatVersionSchema = z
  .object({
    id: versionIdSchema,
    name: z.string().min(1),
    document: z.string().min(1),
    /** Set on a provincial variant: the national version it builds on, and its own 通知. */
    variant: z
      .object({ base: versionIdSchema, notice: z.string().min(1).optional() })
      .strict()
      .optional(),
    firstYear: z.number().int(),
    lastYear: z.number().int().nullable(),
    sections: z.array(z.string().min(1)).length(6),
    cover: z.array(coverFieldSchema).min(1),
    tables: z.array(tableSchema).length(3),
    rules: z.array(ruleSchema),
    /** 起草: the standard sentences, in the order they are drafted. */
    narrative: z.array(sentenceSchema),
    /**
     * P-5: what a part of 正文 must state under this format, e.g. the 2021 format's 六 reports the
     * 信息处理费 (国办函〔2020〕109号). The part passes when it contains one of `words`; `why` ends the 提示.
     */
    partMentions: z
      .array(z.object({ part: z.number().int().min(0).max(5), words: z.array(z.string().min(1)).min(1), why: z.string().min(1) }).strict())
      .optional(),
  })
  .strict();
export type FormatVersion = z.infer<typeof formatVersionSchema>;
