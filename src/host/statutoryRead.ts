import { needsRecognition, recognisedSheets, sheetsToRead } from "../workbook/read";
import type { WorkbookData } from "./port";
import { readWorkbook } from "./xlsxReader";
import type { ZipCodec } from "./zip";

/**
 * A workbook file's statutory sheets through the one bounded reader, with a statutory sheet the
 * user renamed recognised by its title. Every .xlsx input (validate, export, carry, aggregate,
 * rebuild; CLI and pane) is read here. `codec`: Node's zlib on the command line.
 */
export function readStatutoryWorkbook(bytes: Uint8Array, file: string, codec?: ZipCodec): WorkbookData {
  return readWorkbook(bytes, {
    file,
    sheets: sheetsToRead(),
    alsoRead: (others, present) => recognisedSheets(present, others),
    probe: needsRecognition,
    codec,
  });
}
