import ExcelJS from "exceljs";
import type { WorkbookData } from "../../src/host/port";
import { workbookToData } from "../../src/host/xlsx";
import { readWorkbook } from "../../src/host/xlsxReader";
import { nodeCodec } from "../../src/host/zipCodecNode";
import { needsRecognition, recognisedSheets, sheetsToRead } from "../../src/workbook/read";

/** Read .xlsx bytes as every command does: the one bounded reader (statutory sheets by default, a renamed one recognised). */
export async function readXlsx(buffer: Uint8Array | ArrayBuffer, sheetNames: string[] = sheetsToRead()): Promise<WorkbookData> {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  return readWorkbook(bytes, {
    file: "工作簿.xlsx",
    sheets: sheetNames,
    codec: nodeCodec,
    alsoRead: (others, present) => recognisedSheets(present, others),
    probe: needsRecognition,
  });
}

/** The same file through ExcelJS, the independent reader the property tests compare against. */
export async function readWithExcelJS(buffer: Uint8Array | ArrayBuffer, sheetNames?: string[]): Promise<WorkbookData> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as ArrayBuffer);
  return workbookToData(wb, sheetNames);
}
