import { a1 } from "../format/address";
import { MemoryWorkbook } from "../host/memory";
import type { WorkbookPlan } from "../workbook/plan";

/**
 * A plan whose formula cells carry their computed results (HyperFormula), so a clean copy written
 * by ExcelJS shows the 校验 sheet's verdicts and the totals even in a viewer that does not
 * recalculate. Excel and LibreOffice still recalculate on load (fullCalcOnLoad).
 */
export async function withComputedResults(plan: WorkbookPlan): Promise<WorkbookPlan> {
  const mem = new MemoryWorkbook();
  await mem.write(plan);
  return {
    ...plan,
    sheets: plan.sheets.map((sheet) => ({
      ...sheet,
      cells: sheet.cells.map((cell) => {
        if (cell.content.type !== "formula") return cell;
        const result = mem.display(sheet.name, a1(cell.row, cell.col));
        return { ...cell, content: { ...cell.content, result: result.type === "formula" ? cell.content.result : result } };
      }),
    })),
  };
}
