import { z } from "zod";
import type { WorkbookData } from "../host/port";
import { readStatutoryWorkbook } from "../host/statutoryRead";
import { nodeCodec } from "../host/zipCodecNode";
import { readInputFile } from "./files";

/** A workbook file read by the one bounded reader: the statutory sheets, and a renamed one recognised by its title. */
export async function readWorkbookFile(path: string, what = "工作簿"): Promise<{ bytes: Buffer; data: WorkbookData }> {
  const bytes = await readInputFile(path, what);
  return { bytes, data: readStatutoryWorkbook(bytes, path, nodeCodec) };
}

/** --year: exactly four digits ("0x7E5", "2021e0" and " 2021" are not years). */
export const yearArg = z
  .string({ message: "--year 须为四位年度数字，如 2021" })
  .regex(/^\d{4}$/, "--year 须为四位年度数字，如 2021")
  .transform(Number);
