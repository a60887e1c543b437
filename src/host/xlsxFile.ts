import ExcelJS from "exceljs";
import { NianbaoError } from "../errors";
import type { WorkbookPlan } from "../workbook/plan";
import type { RawValue } from "../workbook/snapshot";
import type { CellTarget, WorkbookData, WorkbookPort } from "./port";
import { planToXlsx } from "./xlsx";
import { readXlsxQuick } from "./xlsxFast";

/**
 * An .xlsx file as a WorkbookPort: the CLI hands it to the same workflows (generate, validate…)
 * the pane runs against Excel. The bytes are the state: a read parses them, a write replaces them
 * with the plan's workbook (sheets outside the plan are not kept: the CLI writes new files).
 */
export class XlsxWorkbook implements WorkbookPort {
  private constructor(
    private bytes: Buffer | null,
    /** The file's name, for the message when it cannot be read. */
    private readonly name = "",
  ) {}

  /** A new, empty workbook (`build --out`). */
  static empty(): XlsxWorkbook {
    return new XlsxWorkbook(null);
  }

  /** An existing file's bytes; a damaged one fails at the first read, naming the file. */
  static of(bytes: Buffer, name: string): XlsxWorkbook {
    return new XlsxWorkbook(bytes, name);
  }

  async read(sheetNames: string[]): Promise<WorkbookData> {
    if (!this.bytes) return { sheets: [], names: [] };
    try {
      return await readXlsxQuick(this.bytes, sheetNames);
    } catch {
      throw new NianbaoError(`无法读取 ${this.name}：不是有效的 .xlsx 文件（或文件已损坏、加密）。`);
    }
  }

  async write(plan: WorkbookPlan): Promise<void> {
    this.bytes = await planToXlsx(plan);
  }

  async writeCells(sheet: string, cells: { address: string; content: RawValue }[]): Promise<void> {
    const wb = new ExcelJS.Workbook();
    if (this.bytes) await wb.xlsx.load(this.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(sheet) ?? wb.addWorksheet(sheet);
    for (const { address, content } of cells) {
      ws.getCell(address).value = content.type === "blank" ? null : content.type === "formula" ? { formula: content.formula.replace(/^=/, ""), date1904: false } : content.type === "error" ? { error: content.value as ExcelJS.CellErrorValue["error"] } : content.value;
    }
    this.bytes = Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** A file has no selection to move: a jump is for a host the user looks at. */
  jump(_target: CellTarget): Promise<void> {
    return Promise.resolve();
  }

  clearHighlight(): Promise<void> {
    return Promise.resolve();
  }

  /** The file as it now stands. */
  toBuffer(): Buffer {
    if (!this.bytes) throw new NianbaoError("工作簿尚未写入。");
    return this.bytes;
  }
}
