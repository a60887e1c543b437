import { compileFormat, type FormatModel } from "./layout";
import { formatVersionSchema, type FormatVersion } from "./schema";
import { format2019 } from "./v2019";
import { format2021 } from "./v2021";

/** Report years Nianbao accepts. The upper bound stops typos such as 2099 or 20211. */
export const SUPPORTED_YEARS = { first: 2019, last: 2035 };

export class UnsupportedYearError extends Error {
  constructor(readonly year: unknown) {
    super(
      `不支持的报告年度：${String(year)}。政府信息公开工作年度报告统一格式自 2019 年度起施行：` +
        `2019—2020 年度适用国办公开办函〔2019〕60号格式，2021 年度起适用国办公开办函〔2021〕30号格式` +
        `（本工具支持 ${SUPPORTED_YEARS.first}—${SUPPORTED_YEARS.last} 年度）。`,
    );
    this.name = "UnsupportedYearError";
  }
}

const models = new Map<FormatVersion["id"], FormatModel>();

function load(data: FormatVersion): FormatModel {
  // Validate the data itself at load: a bad edit to a format file fails here, not in a sheet.
  return compileFormat(formatVersionSchema.parse(data));
}

export function getFormat(id: FormatVersion["id"]): FormatModel {
  let model = models.get(id);
  if (!model) {
    model = load(id === "2019" ? format2019 : format2021);
    models.set(id, model);
  }
  return model;
}

export const FORMAT_IDS: FormatVersion["id"][] = ["2019", "2021"];

export function isSupportedYear(year: unknown): year is number {
  return typeof year === "number" && Number.isInteger(year) && year >= SUPPORTED_YEARS.first && year <= SUPPORTED_YEARS.last;
}

/** The format version a report year must use. */
export function formatForYear(year: unknown): FormatModel {
  if (!isSupportedYear(year)) throw new UnsupportedYearError(year);
  return getFormat(year <= 2020 ? "2019" : "2021");
}

export function expectedFormatId(year: number): FormatVersion["id"] | null {
  return isSupportedYear(year) ? (year <= 2020 ? "2019" : "2021") : null;
}
