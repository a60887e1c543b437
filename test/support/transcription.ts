import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { FormatModel } from "../../src/format/layout";
import type { RawValue } from "../../src/workbook/snapshot";

/**
 * The hand transcriptions of the real reports (test/fixtures/real/<name>.json, copied from
 * ../shared/fixtures/real) as cell ids of the format, and an import compared with them cell by cell.
 */

const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/), z.null()]);
const transcriptionSchema = z.object({
  agency: z.string(),
  report_year: z.number().int(),
  format: z.enum(["2019", "2021"]),
  table2: z.record(z.string(), z.record(z.string(), z.record(z.string(), num))),
  table3: z.record(z.string(), z.array(num).length(7)),
  table4: z.record(z.string(), z.array(num).length(5)),
});
export type Transcription = z.infer<typeof transcriptionSchema>;

export const REAL = join(__dirname, "../fixtures/real");

export function readTranscription(name: string): Transcription {
  return transcriptionSchema.parse(JSON.parse(readFileSync(join(REAL, `${name}.json`), "utf8")));
}

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");
/** The transcriber writes 规范性文件 where the 2021 format says 行政规范性文件. */
const sameRow = (printed: string, label: string) => norm(printed) === norm(label) || norm(`行政${printed}`) === norm(label);
const toNumber = (v: z.infer<typeof num>) => (v === null ? null : Number(v));

/** cell id → published number, or null for a cell published blank. */
export function expectedCells(t: Transcription, model: FormatModel): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const put = (id: string | undefined, v: z.infer<typeof num>, what: string) => {
    if (!id) throw new Error(`transcription: no cell for ${what}`);
    out.set(id, toNumber(v));
  };
  const t2 = model.tables.find((t) => t.key === "t2")!;
  for (const [caption, rows] of Object.entries(t.table2)) {
    for (const [row, cols] of Object.entries(rows)) {
      for (const [col, v] of Object.entries(cols)) {
        const cell = t2.cells.find(
          (c) => norm(c.columnPath[0]) === norm(caption) && sameRow(row, c.rowPath[0]) && norm(c.columnPath[c.columnPath.length - 1]) === norm(col),
        );
        put(cell?.id, v, `${caption} ${row} ${col}`);
      }
    }
  }
  const t3 = model.tables.find((t) => t.key === "t3")!;
  // "三、（三）1.属于国家秘密": a group is written by its number only; "三、（二）部分公开" drops the parenthetical.
  const keyOf = (path: string[]) =>
    path.map((l, i) => (i < path.length - 1 ? (/^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)/.exec(l)?.[1] ?? l) : l)).join("");
  for (const [row, values] of Object.entries(t.table3)) {
    const data = t3.dataRows.find((d) => {
      const cell = t3.cells.find((c) => c.id === d.cellIds[0])!;
      return norm(keyOf(cell.rowPath)).startsWith(norm(row));
    });
    if (!data) throw new Error(`transcription: no 表三 row for ${row}`);
    data.cellIds.forEach((id, k) => put(id, values[k], `${row} ${k}`));
  }
  const t4 = model.tables.find((t) => t.key === "t4")!;
  for (const [group, values] of Object.entries(t.table4)) {
    const cells = t4.cells.filter((c) => c.columnPath.some((p) => norm(p) === norm(group)));
    if (cells.length !== 5) throw new Error(`transcription: 表四 ${group} has ${cells.length} cells`);
    cells.forEach((c, k) => put(c.id, values[k], `${group} ${k}`));
  }
  return out;
}

export interface Comparison {
  /** Cells with a published number. */
  published: number;
  placed: number;
  /** Published blank and left blank (or not written). */
  blankAsPublished: number;
  wrong: string[];
  unplaced: string[];
}

export function compareCells(expected: Map<string, number | null>, values: Map<string, RawValue>): Comparison {
  const c: Comparison = { published: 0, placed: 0, blankAsPublished: 0, wrong: [], unplaced: [] };
  for (const [id, want] of expected) {
    const got = values.get(id);
    if (want === null) {
      if (got && got.type !== "blank") c.wrong.push(`${id}: published blank, imported ${JSON.stringify(got)}`);
      else c.blankAsPublished += 1;
      continue;
    }
    c.published += 1;
    if (!got) c.unplaced.push(id);
    else if (got.type === "number" && got.value === want) c.placed += 1;
    else c.wrong.push(`${id}: published ${want}, imported ${JSON.stringify(got)}`);
  }
  return c;
}
