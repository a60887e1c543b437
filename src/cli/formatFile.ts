import { readFile } from "node:fs/promises";
import type { FormatModel } from "../format/layout";
import { formatCovers, formatForYear, formatLabel, UnsupportedYearError } from "../format/registry";
import { formatFromText } from "../format/variant";
import { crossYearInstances } from "../rules/crossYear";
import { ruleInstances } from "../rules/instances";
import { FormatFileError } from "../errors";

/** `--format-file variant.json`, the same option for every command. */
export const FORMAT_FILE_OPTION = { "format-file": { type: "string" } } as const;
export const FORMAT_FILE_USAGE = "[--format-file 省级格式.json]";

/** The --format-file path among parsed arguments. */
export const formatFileArg = (values: Record<string, unknown>): string | undefined =>
  typeof values["format-file"] === "string" ? values["format-file"] : undefined;

/** A provincial variant (or a whole definition) from a file; FormatFileError (exit 2) names what is wrong. */
export async function loadFormatFile(path: string): Promise<FormatModel> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new FormatFileError(path, [`无法读取：${(e as NodeJS.ErrnoException).code === "ENOENT" ? "文件不存在" : (e as Error).message}`]);
  }
  return formatFromText(text, path);
}

/** The format a command works in: the file's when given (it must fit the year), else the national one for the year. */
export async function formatFor(path: string | undefined, year: number | undefined): Promise<FormatModel> {
  if (path === undefined) return formatForYear(year);
  const model = await loadFormatFile(path);
  if (year !== undefined && !formatCovers(model.version, year)) throw new UnsupportedYearError(year, model.version);
  return model;
}

/** `nianbao format` without --json: what the definition holds, in a few lines. */
export function formatSummary(model: FormatModel): string {
  const v = model.version;
  // Titles as users see them: filled from the labels of the rule's first instance.
  const titles = new Map<string, string>();
  for (const i of [...ruleInstances(model), ...crossYearInstances(model)]) if (!titles.has(i.rule.id)) titles.set(i.rule.id, i.title);
  const lines = [
    `${formatLabel(v)}：编号 ${v.id}${v.variant ? `，基于 ${v.variant.base}` : ""}，适用于 ${v.firstYear}${v.lastYear === null ? " 年度起" : `—${v.lastYear} 年度`}`,
    ...model.tables.map(
      (t) =>
        `  ${t.name} ${t.title}：${t.dataRows.length} 行，${t.cells.filter((c) => c.kind === "input").length} 个填报单元格，${t.cells.filter((c) => c.kind === "formula").length} 个合计`,
    ),
    "  规则：",
    ...v.rules.map(
      (r) =>
        `    ${r.id} ${r.severity === "error" ? "错误" : "提示"}${r.enabled === false ? "（已停用）" : ""} ${titles.get(r.id) ?? (r.enabled === false ? "" : "（本格式中没有适用的单元格）")}`,
    ),
    `  起草模板：${v.narrative.filter((s) => s.enabled !== false).length} 条（${v.narrative.map((s) => s.id).join("、")}）`,
  ];
  return `${lines.join("\n")}\n`;
}
