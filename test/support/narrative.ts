import type { FormatModel } from "../../src/format/layout";
import { getFormat } from "../../src/format/registry";
import { derivedFormula } from "../../src/rules/compile";
import { formulaText } from "../../src/rules/formula";
import { paragraphOf, type Paragraph } from "../../src/narrative/model";
import type { RawValue, Snapshot } from "../../src/workbook/snapshot";

/**
 * A snapshot as read from a filled workbook, without the workbook: every input cell holds its
 * number (0 unless given), every derived cell its own SUM formula (computed by the rules).
 */
export function snapshotWith(
  formatId: "2019" | "2021",
  values: Record<string, number>,
  narrative: Paragraph[] = [],
  options: { year?: number; lastYearText?: Paragraph[] } = {},
): Snapshot {
  const model: FormatModel = getFormat(formatId);
  const raw = new Map<string, RawValue>();
  const locations = new Map<string, { sheet: string; address: string }>();
  for (const cell of model.cells) {
    if (cell.kind === "formula") raw.set(cell.id, { type: "formula", formula: formulaText(derivedFormula(cell)!), result: { type: "blank" } });
    else raw.set(cell.id, { type: "number", value: values[cell.id] ?? 0 });
    locations.set(cell.id, { sheet: cell.sheet, address: cell.address });
  }
  for (const id of Object.keys(values)) if (!model.cellById.has(id)) throw new Error(`no cell ${id} in the ${formatId} format`);
  return {
    model,
    values: raw,
    locations,
    cover: { orgName: "测试局", year: String(options.year ?? (formatId === "2019" ? 2020 : 2023)) },
    explanations: new Map(),
    structure: [],
    narrative,
    lastYearText: options.lastYearText ?? [],
  };
}

export const textIn = (part: number, ...paragraphs: string[]): Paragraph[] => paragraphs.map((p) => paragraphOf(part, p));
