import { z } from "zod";

/**
 * The statutory format as data. One FormatVersion per 国办 format drives the sheets,
 * names, formulas, validation, rules, exports and the importer's label matching.
 */

const keyPattern = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/;
const key = z.string().regex(keyPattern, "键名只能由英文字母、数字和点组成");

export const valueKindSchema = z.enum(["count", "signedCount", "amount"]);
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
    })
    .strict(),
);

export const blockSchema = z
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

export const tableSchema = z
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

export const coverFieldSchema = z
  .object({
    key,
    label: z.string().min(1),
    kind: z.enum(["text", "year", "date", "choice", "fixed"]),
    choices: z.array(z.string()).optional(),
    defaultValue: z.string().optional(),
  })
  .strict();
export type CoverField = z.infer<typeof coverFieldSchema>;

export const formatVersionSchema = z
  .object({
    id: z.enum(["2019", "2021"]),
    name: z.string().min(1),
    document: z.string().min(1),
    firstYear: z.number().int(),
    lastYear: z.number().int().nullable(),
    sections: z.array(z.string().min(1)).length(6),
    cover: z.array(coverFieldSchema).min(1),
    tables: z.array(tableSchema).length(3),
  })
  .strict();
export type FormatVersion = z.infer<typeof formatVersionSchema>;
