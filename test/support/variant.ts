import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FormatModel } from "../../src/format/layout";
import { formatFromText } from "../../src/format/variant";

/** The provincial variant of the 2021 format that exists only as data (test/fixtures/format). */
export const VARIANT_FILE = join(__dirname, "../fixtures/format/variant-2021.json");
/** Its fourth sub-row under （六）其他处理. */
export const NEW_ROW = "other.withdrawn";
export const NEW_ROW_LABEL = "4.申请人主动撤回申请";
/** Its renamed 表二 column (本年处理决定数量). */
export const RENAMED_COLUMN = "处理决定数量（本年办件量）";

export function variantModel(): FormatModel {
  return formatFromText(readFileSync(VARIANT_FILE, "utf8"), "variant-2021.json");
}
