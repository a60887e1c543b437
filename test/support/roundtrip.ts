import { formatForYear } from "../../src/format/registry";
import { paragraphOf } from "../../src/narrative/model";
import type { ImportResult } from "../../src/import/report";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "./generate";
import { snapshotFor } from "./reports";

/**
 * Reports made by our own export, to be read back by 导入 (Word, LibreOffice's Word and PDF):
 * one per format version, with values that reconcile, negative 本年增/减, decimals, and (in the
 * "blanks" variant) cells left blank, which a PDF does not print at all.
 */

export const ROUND_TRIP_YEARS = [2020, 2023];

export async function roundTripReport(year: number, seed: number, blanks = false) {
  const model = formatForYear(year);
  const values = consistentValues(model, rng(seed));
  if (blanks) {
    // Some rows' 法人或其他组织 columns published blank (the CMS page in ../shared leaves all five blank).
    for (const c of model.cells)
      if (c.tableKey === "t3" && c.kind === "input" && c.columnKey !== "natural" && ["granted", "withheld.safety", "carriedNext"].includes(c.rowKey))
        values.set(c.id, { type: "blank" });
  }
  const org = year <= 2020 ? "某某县自然资源局" : "某某市某某区教育局";
  const narrative = [
    paragraphOf(0, `本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为${year}年1月1日至${year}年12月31日。`),
    paragraphOf(4, "一是公开内容的规范性有待加强；二是解读形式较为单一。"),
    paragraphOf(5, "本年度未收取信息处理费。"),
  ];
  const { snapshot } = await snapshotFor(year, org, values, narrative, year <= 2020 ? { cover: { procurementUnit: "万元" } } : {});
  return { model, values, snapshot, org };
}

/** Cells whose import differs from what the report was made from (input cells; blank stays blank). */
export function differences(values: Map<string, RawValue>, result: ImportResult, model = formatForYear(result.year ?? 2021)): string[] {
  const out: string[] = [];
  for (const cell of model.cells) {
    if (cell.kind !== "input") continue;
    const want = values.get(cell.id) ?? { type: "blank" };
    const got = result.values.get(cell.id);
    const same =
      want.type === "blank" ? got === undefined || got.type === "blank" : got?.type === "number" && want.type === "number" && got.value === want.value;
    if (!same) out.push(`${cell.id}: ${JSON.stringify(want)} → ${JSON.stringify(got)}`);
  }
  return out;
}
