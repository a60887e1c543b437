import ExcelJS from "exceljs";
import { NianbaoError } from "../errors";
import { needsRecognition, recognisedSheets } from "../workbook/read";
import type { WorkbookPlan } from "../workbook/plan";
import type { RawValue } from "../workbook/snapshot";
import type { CellTarget, WorkbookData, WorkbookPort } from "./port";
import { emptyWorkbook, workbookToData, writeCellValues, writePlan } from "./xlsx";
import { readWorkbook } from "./xlsxReader";
import { nodeCodec } from "./zipCodecNode";

/**
 * An .xlsx file as a WorkbookPort: the CLI hands it to the same workflows (generate, validate…)
 * the pane runs against Excel. Until something is written, reads go through the one bounded
 * reader over the file's bytes. The first write loads the file into ExcelJS and patches it in
 * place, so the user's own sheets, rows and comments stay as they were.
 */
export class XlsxWorkbook implements WorkbookPort {
  private wb: ExcelJS.Workbook | null = null;

  private constructor(
    private readonly bytes: Uint8Array | null,
    /** The file's name, for messages. */
    private readonly name = "工作簿.xlsx",
  ) {}

  /** A new, empty workbook (`build --out`). */
  static empty(): XlsxWorkbook {
    return new XlsxWorkbook(null);
  }

  /** An existing file's bytes; a damaged one fails at the first read, naming the file. */
  static of(bytes: Uint8Array, name: string): XlsxWorkbook {
    return new XlsxWorkbook(bytes, name);
  }

  /** A workbook already in ExcelJS (tests that edit one as a user would). */
  static ofWorkbook(wb: ExcelJS.Workbook): XlsxWorkbook {
    const port = new XlsxWorkbook(null);
    port.wb = wb;
    return port;
  }

  /** The workbook in ExcelJS, loaded from the file when nothing was written yet. */
  excel(): Promise<ExcelJS.Workbook> {
    return this.loaded();
  }

  async read(sheetNames: string[]): Promise<WorkbookData> {
    if (this.wb) return workbookToData(this.wb, sheetNames);
    if (!this.bytes) return { sheets: [], names: [] };
    // A statutory sheet the user renamed is recognised by its title and read in the same pass.
    return readWorkbook(this.bytes, {
      file: this.name,
      sheets: sheetNames,
      codec: nodeCodec,
      probe: needsRecognition,
      alsoRead: (others, present) => recognisedSheets(present, others),
    });
  }

  private async loaded(): Promise<ExcelJS.Workbook> {
    if (this.wb) return this.wb;
    const wb = this.bytes ? new ExcelJS.Workbook() : emptyWorkbook();
    if (this.bytes) {
      try {
        await wb.xlsx.load(this.bytes as unknown as ArrayBuffer);
      } catch {
        throw new NianbaoError(`无法读取 ${this.name}：不是有效的 .xlsx 文件（或文件已损坏、加密）。`);
      }
    }
    this.wb = wb;
    return wb;
  }

  async write(plan: WorkbookPlan): Promise<void> {
    await writePlan(await this.loaded(), plan);
  }

  async writeCells(sheet: string, cells: { address: string; content: RawValue }[]): Promise<void> {
    writeCellValues(await this.loaded(), sheet, cells);
  }

  /** A file has no selection to move: a jump is for a host the user looks at. */
  jump(_target: CellTarget): Promise<void> {
    return Promise.resolve();
  }

  clearHighlight(): Promise<void> {
    return Promise.resolve();
  }

  /** The file as it now stands. */
  async toBuffer(): Promise<Buffer> {
    if (this.wb) return Buffer.from(await this.wb.xlsx.writeBuffer());
    if (this.bytes) return Buffer.from(this.bytes);
    throw new NianbaoError("工作簿尚未写入。");
  }
}
