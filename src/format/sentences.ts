import { z } from "zod";

/**
 * 起草 sentence templates, as format data. A template is a phrase over cell keys; the engine
 * (narrative/draft.ts) turns it into a paragraph whose numbers stay bound to their cells.
 *
 * - A string is literal text; an array is a sequence.
 * - {sum: ref} is a bound number; {share: ref, of: ref} a bound percentage.
 * - {label: {table, row|col}} prints a row's or column's label ({core: true}: without its numbering).
 * - {unit: ref} prints a cell's unit (or the cover setting that names it).
 * - {prompt: "…"} is a 【请填写…】 placeholder for what only the preparer can write.
 * - {if: cond, then, else} picks its wording by the figures, or by which rows and columns exist.
 * - {list: [...], sep} joins the non-empty items with 、/，/；; before/after wrap a non-empty list, empty replaces an empty one.
 * - {each: {table, axis, of|with, except}, as: "$x", do} repeats a phrase for each row or column
 *   (derived 总计 nodes are skipped); "$x" may then stand in any key, also inside one ("$g.total").
 *
 * A ref is {table, row?, col?} (a group key stands for its leaves; a missing axis means all of it), or a list of them.
 */

const tableKey = z.enum(["t2", "t3", "t4"]);
const keyOrVariable = z.string().regex(/^\$?[a-zA-Z][a-zA-Z0-9]*(\.\$?[a-zA-Z][a-zA-Z0-9]*)*$/, "键名只能由英文字母、数字和点组成（可用 $变量）");

const cellRefSchema = z.object({ table: tableKey, row: keyOrVariable.optional(), col: keyOrVariable.optional() }).strict();
export type CellRef = z.infer<typeof cellRefSchema>;
const refsSchema = z.union([cellRefSchema, z.array(cellRefSchema).min(1)]);
export type Refs = z.infer<typeof refsSchema>;

export type Condition = { exists: Refs } | { positive: Refs } | { zero: Refs } | { not: Condition } | { all: Condition[] } | { any: Condition[] };

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ exists: refsSchema }).strict(),
    z.object({ positive: refsSchema }).strict(),
    z.object({ zero: refsSchema }).strict(),
    z.object({ not: conditionSchema }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
  ]),
);

export interface EachSpec {
  table: "t2" | "t3" | "t4";
  axis: "row" | "column";
  /** The children of this group. */
  of?: string;
  /** The leaves of every block that has this key on the other axis (表二: the rows with a 现行有效件数 column). */
  with?: string;
  except?: string[];
}

export type Phrase =
  | string
  | Phrase[]
  | { sum: Refs }
  | { share: Refs; of: Refs }
  | { label: CellRef; core?: boolean }
  | { unit: CellRef }
  | { prompt: string }
  | { if: Condition; then: Phrase; else?: Phrase }
  | { list: Phrase[]; sep: string; before?: Phrase; after?: Phrase; empty?: Phrase }
  | { each: EachSpec; as: string; do: Phrase };

const eachSchema: z.ZodType<EachSpec> = z
  .object({
    table: tableKey,
    axis: z.enum(["row", "column"]),
    of: keyOrVariable.optional(),
    with: keyOrVariable.optional(),
    except: z.array(keyOrVariable).optional(),
  })
  .strict();

export const phraseSchema: z.ZodType<Phrase> = z.lazy(() =>
  z.union([
    z.string(),
    z.array(phraseSchema),
    z.object({ sum: refsSchema }).strict(),
    z.object({ share: refsSchema, of: refsSchema }).strict(),
    z.object({ label: cellRefSchema, core: z.boolean().optional() }).strict(),
    z.object({ unit: cellRefSchema }).strict(),
    z.object({ prompt: z.string().min(1) }).strict(),
    z.object({ if: conditionSchema, then: phraseSchema, else: phraseSchema.optional() }).strict(),
    z
      .object({ list: z.array(phraseSchema), sep: z.string(), before: phraseSchema.optional(), after: phraseSchema.optional(), empty: phraseSchema.optional() })
      .strict(),
    z.object({ each: eachSchema, as: z.string().regex(/^\$[a-zA-Z][a-zA-Z0-9]*$/, "变量名应以 $ 开头"), do: phraseSchema }).strict(),
  ]),
);

export const sentenceSchema = z
  .object({
    /** Stable id, for a variant to replace or switch off one template. */
    id: z.string().regex(/^[a-z][a-zA-Z0-9.]*$/, "模板编号只能由英文字母、数字和点组成"),
    /** 0 = 一、总体情况 … 5 = 六、其他需要报告的事项 */
    part: z.number().int().min(0).max(5),
    enabled: z.boolean().optional(),
    text: phraseSchema,
  })
  .strict();
export type Sentence = z.infer<typeof sentenceSchema>;
