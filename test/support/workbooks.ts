import type { FormatModel } from "../../src/format/layout";
import { MemoryWorkbook } from "../../src/host/memory";
import { derivedFormula } from "../../src/rules/compile";
import { formulaText } from "../../src/rules/formula";
import { buildPlan, CHECK_FIRST_ROW, CHECK_SHEET } from "../../src/workbook/plan";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";

export function emptyEntered(year: number, values = new Map<string, RawValue>()) {
  return { year, cover: { orgName: "测试局" }, values, explanations: new Map<string, string>() };
}

/** A memory workbook holding the generated plan for a format. */
export async function memoryFor(model: FormatModel, year: number, values = new Map<string, RawValue>()) {
  const mem = new MemoryWorkbook();
  await mem.write(buildPlan(model, emptyEntered(year, values)));
  return mem;
}

/** Type a whole value set into the statutory cells, as a user would; derived cells not in the set get their formula back. */
export function typeValues(mem: MemoryWorkbook, model: FormatModel, values: Map<string, RawValue>) {
  mem.hf.batch(() => {
    for (const cell of model.cells) {
      const v = values.get(cell.id);
      if (v) mem.setCell(cell.sheet, cell.address, v);
      else if (cell.kind === "formula")
        mem.setCell(cell.sheet, cell.address, { type: "formula", formula: formulaText(derivedFormula(cell)!), result: { type: "blank" } });
      else mem.setCell(cell.sheet, cell.address, { type: "blank" });
    }
  });
}

export interface SheetVerdict {
  key: string;
  left: RawValue;
  right: RawValue;
  diff: RawValue;
  verdict: string;
  blanksLeft: RawValue;
  blanksRight: RawValue;
}

/** What the 校验 sheet's formulas computed, row by row. */
export function sheetVerdicts(mem: MemoryWorkbook): SheetVerdict[] {
  const out: SheetVerdict[] = [];
  for (let row = CHECK_FIRST_ROW; ; row++) {
    const key = mem.display(CHECK_SHEET, `B${row}`);
    if (key.type !== "text") break;
    const verdict = mem.display(CHECK_SHEET, `H${row}`);
    out.push({
      key: key.value,
      left: mem.display(CHECK_SHEET, `E${row}`),
      right: mem.display(CHECK_SHEET, `F${row}`),
      diff: mem.display(CHECK_SHEET, `G${row}`),
      blanksLeft: mem.display(CHECK_SHEET, `I${row}`),
      blanksRight: mem.display(CHECK_SHEET, `J${row}`),
      verdict: verdict.type === "text" ? verdict.value : JSON.stringify(verdict),
    });
  }
  return out;
}

export async function snapshotOf(mem: MemoryWorkbook) {
  return snapshotFromData(await mem.read(sheetsToRead()));
}
