import { NianbaoError } from "../errors";
import { compileFormat, type FormatModel } from "./layout";
import { formatVersionSchema, type FormatVersion } from "./schema";
import { format2019 } from "./v2019";
import { format2021 } from "./v2021";

/**
 * The national format versions, each picked by its own firstYear/lastYear. A new 国办 format is
 * one more entry here; a provincial variant is a file loaded at run time (format/variant.ts).
 */
const VERSIONS: FormatVersion[] = [format2019, format2021];

/** Report years Nianbao accepts. The upper bound stops typos such as 2099 or 20211. */
export const SUPPORTED_YEARS = { first: Math.min(...VERSIONS.map((v) => v.firstYear)), last: 2035 };

/** “2019—2020 年度” / “2021 年度起”: the years a version is for. */
export const yearsOf = (v: Pick<FormatVersion, "firstYear" | "lastYear">) =>
  v.lastYear === null ? `${v.firstYear} 年度起` : `${v.firstYear}—${v.lastYear} 年度`;

/** A year no format serves (or, given `format`, a year that format is not meant for). */
export class UnsupportedYearError extends NianbaoError {
  constructor(
    readonly year: unknown,
    format?: Pick<FormatVersion, "name" | "document" | "variant" | "firstYear" | "lastYear">,
  ) {
    const spans = VERSIONS.map((v) => `${yearsOf(v)}适用${v.document}格式`);
    super(
      format && isSupportedYear(year)
        ? `${formatLabel(format)}适用于 ${yearsOf(format)}，不适用于 ${String(year)} 年度。`
        : `不支持的报告年度：${String(year)}。政府信息公开工作年度报告统一格式自 ${SUPPORTED_YEARS.first} 年度起施行：${spans.join("，")}` +
            `（本工具支持 ${SUPPORTED_YEARS.first}—${SUPPORTED_YEARS.last} 年度）。`,
    );
  }
}

const models = new Map<FormatVersion["id"], FormatModel>();

/** The national version ids, oldest first. */
export const FORMAT_IDS: FormatVersion["id"][] = VERSIONS.map((v) => v.id);

export function isBuiltInFormatId(id: string): boolean {
  return VERSIONS.some((v) => v.id === id);
}

/** A national version by id. */
export function getFormat(id: FormatVersion["id"]): FormatModel {
  let model = models.get(id);
  if (!model) {
    const data = VERSIONS.find((v) => v.id === id);
    if (!data) throw new Error(`没有编号为 ${id} 的内置格式`);
    // Validate the data itself at load: a bad edit to a format file fails here, not in a sheet.
    model = compileFormat(formatVersionSchema.parse(data), { builtIn: true });
    models.set(id, model);
  }
  return model;
}

export function isSupportedYear(year: unknown): boolean {
  return typeof year === "number" && Number.isInteger(year) && year >= SUPPORTED_YEARS.first && year <= SUPPORTED_YEARS.last;
}

/** True when the version is meant for this report year (its own firstYear/lastYear). */
export function formatCovers(version: Pick<FormatVersion, "firstYear" | "lastYear">, year: number): boolean {
  return isSupportedYear(year) && year >= version.firstYear && (version.lastYear === null || year <= version.lastYear);
}

/** The national format version a report year must use. */
export function formatForYear(year: unknown): FormatModel {
  const id = typeof year === "number" && isSupportedYear(year) ? expectedFormatId(year) : null;
  if (id === null) throw new UnsupportedYearError(year);
  return getFormat(id);
}

export function expectedFormatId(year: number): FormatVersion["id"] | null {
  return VERSIONS.find((v) => formatCovers(v, year))?.id ?? null;
}

/** How a version is named to users: 名称（文号）, a variant with its own 通知 after the national one. */
export function formatLabel(version: Pick<FormatVersion, "name" | "document" | "variant">): string {
  return `${version.name}（${version.document}${version.variant?.notice ? `；${version.variant.notice}` : ""}）`;
}
