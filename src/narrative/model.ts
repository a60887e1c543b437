import { z } from "zod";

/**
 * The report's text (正文): six parts, each a list of paragraphs. A paragraph is a list of
 * segments: literal words, or numbers bound to table cells, so the text follows the tables.
 */

/** A number computed from cells: their sum, or a percentage of two sums (2 decimals, "66.48%"). */
const boundSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("sum"), ids: z.array(z.string()).min(1) }),
  z.object({ op: z.literal("pct"), num: z.array(z.string()).min(1), den: z.array(z.string()).min(1) }),
]);
export type Bound = z.infer<typeof boundSchema>;

const segmentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({ kind: z.literal("cell"), bound: boundSchema }),
]);
export type Segment = z.infer<typeof segmentSchema>;

export interface Paragraph {
  /** 0 = 一、总体情况 … 5 = 六、其他需要报告的事项 */
  part: number;
  segments: Segment[];
}

export const templateSchema = z.array(segmentSchema);

export const PART_NUMERALS = ["一", "二", "三", "四", "五", "六"];

export const literal = (text: string): Segment => ({ kind: "text", text });
export const cell = (...ids: string[]): Segment => ({ kind: "cell", bound: { op: "sum", ids } });
export const pct = (num: string[], den: string[]): Segment => ({ kind: "cell", bound: { op: "pct", num, den } });

export const paragraphOf = (part: number, text: string): Paragraph => ({ part, segments: [literal(text)] });
