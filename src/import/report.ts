import type { CellInfo, FormatModel, TableLayout } from "../format/layout";
import { expectedFormatId, FORMAT_IDS, formatCovers, formatForYear, formatLabel, getFormat, isSupportedYear, yearsOf } from "../format/registry";
import type { FormatVersion } from "../format/schema";
import { paragraphOf, type Paragraph } from "../narrative/model";
import { parseReportText } from "../narrative/text";
import { roundTo } from "../rules/number";
import type { GenerateRequest } from "../workbook/operations";
import { BLANK, type RawValue } from "../workbook/snapshot";
import { LimitError, LIMITS } from "../host/limits";
import { coreOf, normLabel } from "./labels";
import { describePosition, linesFromHtml, linesFromText, type SourceLine, type SourcePosition } from "./source";
import { readTable, type MissingRow, type ParentRow, type TableRead, type Unplaced } from "./table";

/**
 * 导入: a published report (text or HTML) read back into the format model. Labels are matched
 * against the format's own grid (never a copy of them), after normalising whitespace, line
 * breaks, full/half width, quotes and enumeration marks. A value is placed only when its row is
 * recognised and the row holds exactly as many values as the format has columns; everything
 * else is listed with its text and position, never guessed.
 */

export interface CellSource {
  cellId: string;
  text: string;
  position: SourcePosition;
  where: string;
}

interface UnitSource extends CellSource {
  unit: string;
}

interface TotalDiffers {
  cellId: string;
  printed: number;
  computed: number;
}

export interface ImportResult {
  year: number | null;
  orgName: string | null;
  formatId: FormatVersion["id"] | null;
  /** The format the report was read against. */
  model: FormatModel;
  /** Every placed cell, derived ones included, as printed (blanks as blank). */
  values: Map<string, RawValue>;
  sources: Map<string, CellSource>;
  units: UnitSource[];
  blanks: CellSource[];
  /** Cover fields read from the report (the 2019 采购总金额 unit). */
  cover: Record<string, string>;
  paragraphs: Paragraph[];
  unplaced: Unplaced[];
  /** Rows of the format not found in the report at all. */
  missing: MissingRow[];
  /** Parent rows printed with values of their own (a 2021 （六）其他处理 as one row): for the user to confirm, their rows left blank. */
  parents: ParentRow[];
  /** Cells placed by their place between labelled rows (their label printed elsewhere or not at all). */
  placedByOrder: number;
  /** False when neither a table nor a part title of a report was found (not a report). */
  recognised: boolean;
  /** Printed totals that differ from the sum of their printed parts. */
  totalsDiffer: TotalDiffers[];
  notes: string[];
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const b = s.slice(i, i + 2);
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

/** Dice similarity of character bigrams, 0..1. */
function similarity(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  for (const [k, n] of x) common += Math.min(n, y.get(k) ?? 0);
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

const PART_NUMBER = /^[一二三四五六七八九十]{1,3},/;

const textOf = (line: SourceLine) =>
  line.tokens
    .filter((t) => t.value === null)
    .map((t) => t.text)
    .join("");

/**
 * A part heading such as 三、收到和处理政府信息公开申请情况, allowing local wordings of it and
 * another number (a report that leaves out a part numbers its tables 一/二/三).
 */
/** Each line's words normalised once (a heading is looked for on every line, for every title). */
const lineNorms = new WeakMap<SourceLine, string>();
const titleNorms = new Map<string, string>();

function isHeading(line: SourceLine, title: string): boolean {
  let n = lineNorms.get(line);
  if (n === undefined) {
    n = normLabel(textOf(line));
    lineNorms.set(line, n);
  }
  let t = titleNorms.get(title);
  if (t === undefined) {
    t = normLabel(title);
    titleNorms.set(title, t);
  }
  // A heading is short: a long line is never one (and is not compared character by character).
  if (n.length > t.length * 2 + 8) return false;
  if (n === t) return true;
  const numbered = PART_NUMBER.exec(n);
  const nc = coreOf(n);
  const tc = coreOf(t);
  if (numbered && nc === tc) return true;
  // A local wording keeps the format's number: 四、政府信息公开行政复议和行政诉讼情况.
  if (!numbered || !t.startsWith(numbered[0]) || n.length > t.length * 2 || line.tokens.some((tok) => tok.value?.number != null)) return false;
  return similarity(nc, tc) >= 0.5;
}

interface Regions {
  byTable: Map<TableLayout["key"], SourceLine[]>;
  notes: string[];
}

function findRegions(model: FormatModel, lines: SourceLine[]): Regions {
  const sections = model.version.sections;
  const isAnyHeading = (line: SourceLine) => sections.some((title) => isHeading(line, title));
  // A table of contents lists the titles too: take the heading that has table values under it.
  const hasValues = (at: number) => {
    for (let i = at + 1; i < lines.length && !isAnyHeading(lines[i]); i++) {
      if (lines[i].tokens.some((t) => t.value !== null && t.value.blank !== "empty")) return true;
    }
    return false;
  };
  const starts: (number | null)[] = [];
  let from = 0;
  for (const layout of model.tables) {
    const matches: number[] = [];
    for (let i = from; i < lines.length; i++) if (isHeading(lines[i], layout.title)) matches.push(i);
    const at = matches.find(hasValues) ?? matches[0] ?? null;
    starts.push(at);
    if (at !== null) from = at + 1;
  }
  const later = model.version.sections.slice(model.tables.length + 1);
  const lastStart = starts.filter((s): s is number => s !== null).pop() ?? -1;
  let end = lines.length;
  for (let i = lastStart + 1; i < lines.length; i++) {
    if (later.some((title) => isHeading(lines[i], title))) {
      end = i;
      break;
    }
  }
  const notes: string[] = [];
  const byTable = new Map<TableLayout["key"], SourceLine[]>();
  model.tables.forEach((layout, k) => {
    const start = starts[k];
    if (start === null) {
      notes.push(`未找到${layout.name}的标题“${layout.title}”，${layout.name}未导入。`);
      return;
    }
    const next = starts.slice(k + 1).find((s): s is number => s !== null);
    byTable.set(layout.key, lines.slice(start + 1, next ?? end));
  });
  return { byTable, notes };
}

interface FormatRead {
  model: FormatModel;
  tables: TableRead[];
  regionNotes: string[];
  score: number;
}

function readFormat(model: FormatModel, lines: SourceLine[]): FormatRead {
  const { byTable, notes } = findRegions(model, lines);
  const tables = model.tables.map((layout) => {
    const region = byTable.get(layout.key);
    if (!region)
      return {
        placements: [],
        unplaced: [],
        missing: layout.dataRows.map((d) => ({ table: layout.name, label: d.label || layout.name, cellIds: d.cellIds, reason: `报告中没有${layout.name}` })),
        parents: [],
        ignoredBlanks: 0,
        lines: [],
        tableLines: [],
      };
    return readTable(model, layout, region);
  });
  const placed = tables.reduce((s, t) => s + t.placements.length, 0);
  const stray = tables.reduce((s, t) => s + t.unplaced.length, 0);
  return { model, tables, regionNotes: notes, score: placed - stray * 3 };
}

/** 年度 and 机关名称 from the title line(s): "原州区科学技术局 2020 年政府信息公开 / 工作年度报告". */
const TITLE_CHARS = 160;

function titleOf(texts: string[]): { year: number | null; orgName: string | null } {
  // A title is short: only the start of each line is looked at (a line of 200,000 "2020年" would make the pattern quadratic).
  const firsts = texts.slice(0, 8).map((t) =>
    t
      .slice(0, TITLE_CHARS * 2)
      .replace(/[\s\u00a0\u3000]+/g, "")
      .slice(0, TITLE_CHARS),
  );
  // The shortest run of lines that holds a title (it may wrap over up to four lines).
  const read = (joined: string) => {
    const m = /^(.*?)(\d{4})年度?(.*?)政府信息公开(?:工作)?年度报告/.exec(joined);
    if (!m) return null;
    const year = Number(m[2]);
    const org = (m[1] || m[3]).replace(/^关于/, "").replace(/关于$/, "").replace(/的$/, "").trim();
    return { year: isSupportedYear(year) ? year : null, orgName: org || null };
  };
  for (let k = 1; k <= 4; k++) {
    for (let i = 0; i + k <= firsts.length; i++) {
      const found = read(firsts.slice(i, i + k).join(""));
      if (!found) continue;
      // "某市市场监督管理局" on the line above "2022年政府信息公开工作年度报告".
      const above = found.orgName === null && i > 0 ? read(firsts.slice(i - 1, i + k).join("")) : null;
      return above?.orgName ? above : found;
    }
  }
  return { year: null, orgName: null };
}

/** The statistics period sentence many reports carry: 统计期限为2020年1月1日至2020年12月31日. */
function periodYear(texts: string[]): number | null {
  for (const t of texts) {
    const m = /统计期限为\s*(\d{4})\s*年\s*1\s*月\s*1\s*日/.exec(t.replace(/[\s\u00a0\u3000]+/g, ""));
    if (m && isSupportedYear(Number(m[1]))) return Number(m[1]);
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A unit printed beside a column whose unit is a setting: "采购总金额（单位：元）" or "（采购总金额单位：万元）". */
function unitFromText(cell: CellInfo, texts: string[], choices: string[]): string | null {
  const label = normLabel(cell.columnPath[cell.columnPath.length - 1]);
  const units = choices
    .map(escapeRegExp)
    .sort((a, b) => b.length - a.length)
    .join("|");
  const patterns = [new RegExp(`${escapeRegExp(label)}\\((?:单位:?)?(${units})\\)`), new RegExp(`\\(${escapeRegExp(label)}单位:?(${units})\\)`)];
  for (const t of texts) {
    const n = normLabel(t);
    for (const p of patterns) {
      const m = p.exec(n);
      if (m) return m[1];
    }
  }
  return null;
}

const COUNT_UNITS = new Set(["件", "条", "项", "个", "次"]);

export type ImportKind = "text" | "html";

/** The six parts' paragraphs; an intro printed before 一、总体情况 is kept as that part's first paragraphs. */
function paragraphsOf(text: string, model: FormatModel, notes: string[]): { paragraphs: Paragraph[]; parts: number } {
  const { parts, preamble } = parseReportText(text, model.version.sections);
  if (parts.length === 0) notes.push("未找到正文各部分的标题（一、总体情况……六、其他需要报告的事项）。");
  else if (preamble.length) notes.push(`标题后、“${model.version.sections[0]}”前的导言 ${preamble.length} 段，已放在该部分开头。`);
  return { paragraphs: [...preamble.map((p) => paragraphOf(0, p)), ...parts], parts: parts.length };
}

export interface ImportOptions {
  /** The report year when the user knows better than the title (the format follows it). */
  year?: number;
  /** The formats the report may be in (`--format-file`: a provincial variant); by default the national ones. */
  formats?: FormatModel[];
  /** The file's name, for messages. */
  file?: string;
}

/** A report read into lines by its own reader (text, HTML, PDF, Word), ready for importLines. */
export interface ReportLines {
  lines: SourceLine[];
  /** HTML: text before the report body (a title printed in the page header), and the page's <title>. */
  before?: string[];
  title?: string | null;
  /** Lines left out (page numbers). */
  skipped?: SourceLine[];
}

/** The formats a report may be in: the variant(s) given, or the national ones. */
const candidatesOf = (options: ImportOptions): FormatModel[] => (options.formats?.length ? options.formats : FORMAT_IDS.map((id) => getFormat(id)));

/** An HTML page's body starts at the newest candidate format's part 一 heading. Input past the text budget is refused, naming the file. */
export function linesOfReport(input: string, kind: ImportKind, options: ImportOptions = {}): ReportLines {
  const candidates = candidatesOf(options);
  if (kind === "html") return linesFromHtml(input, candidates[candidates.length - 1].version.sections[0].replace(/^[一二三四五六]、/, ""), options.file);
  if (input.length > LIMITS.textChars) throw new LimitError(options.file ?? "文本", "textChars");
  return linesFromText(input);
}

export function importReport(input: string, kind: ImportKind, options: ImportOptions = {}): ImportResult {
  return importLines(linesOfReport(input, kind, options), options);
}

export function importLines(read: ReportLines, options: ImportOptions = {}): ImportResult {
  const notes: string[] = [];
  const candidates = candidatesOf(options);
  const lines = read.lines;
  const htmlTitle = read.title ?? null;
  const before = read.before ?? [];
  const skipped = read.skipped ?? [];
  if (skipped.length) notes.push(`已跳过 ${skipped.length} 处页码行（如${describePosition(skipped[0].pos)}“${skipped[0].text}”）。`);

  const lineTexts = lines.filter((l) => !l.tableRow).map((l) => l.text);
  let { year, orgName } = titleOf(lineTexts);
  if ((year === null || orgName === null) && before.length) {
    const t = titleOf(before.slice(-8));
    year ??= t.year;
    orgName ??= t.orgName;
  }
  if ((year === null || orgName === null) && htmlTitle) {
    const t = titleOf([htmlTitle]);
    year ??= t.year;
    orgName ??= t.orgName;
  }
  if (options.year !== undefined && isSupportedYear(options.year)) {
    if (year !== null && year !== options.year) notes.push(`标题中的年度为 ${year}，按指定取 ${options.year} 年度。`);
    year = options.year;
  } else if (year === null) {
    year = periodYear(lineTexts);
    if (year !== null) notes.push(`标题中未找到年度，按“统计期限”取 ${year} 年度。`);
    else notes.push("未能从标题识别报告年度。");
  }
  if (orgName === null) notes.push("未能从标题识别机关名称。");

  const reads = candidates.map((m) => readFormat(m, lines));
  const best = reads.reduce((a, b) => (b.score > a.score ? b : a));
  const yearRead = year !== null ? reads.find((r) => formatCovers(r.model.version, year)) : undefined;
  const expected = yearRead !== undefined;
  const chosen = yearRead ?? best;
  const label = (r: FormatRead) => formatLabel(r.model.version);
  if (year !== null && !expected && options.formats?.length)
    notes.push(`${label(chosen)}适用于 ${yearsOf(chosen.model.version)}，与报告年度 ${year} 不符；仍按它导入。`);
  if (expected && best !== chosen && best.score > chosen.score) {
    notes.push(`${year} 年度应使用${label(chosen)}，但报告中的表格更像${label(best)}；已按${label(chosen)}导入，无法对应的数值列为未能放置。`);
  } else if (!expected) {
    notes.push(`按表格形状判断为${label(chosen)}。`);
  }
  notes.push(...chosen.regionNotes);

  const model = chosen.model;
  const values = new Map<string, RawValue>();
  const sources = new Map<string, CellSource>();
  const units: UnitSource[] = [];
  const blanks: CellSource[] = [];
  const cover: Record<string, string> = {};
  const unplaced: Unplaced[] = chosen.tables.flatMap((t) => t.unplaced);
  const missing = chosen.tables.flatMap((t) => t.missing);
  const parents = chosen.tables.flatMap((t) => t.parents);
  const placedByOrder = chosen.tables.reduce((n, t) => n + t.placements.filter((p) => p.by === "order").length, 0);
  const ignoredBlanks = chosen.tables.reduce((n, t) => n + t.ignoredBlanks, 0);
  if (ignoredBlanks) notes.push(`表格中有 ${ignoredBlanks} 个“-”或空格不属于任何一行（转换工具加入的空行），已忽略。`);
  for (const p of parents) {
    const shown = p.values.map((v) => v.token.text || "（空）").join(" ");
    notes.push(
      `${p.table}“${p.label}”在报告中印为一行（${p.where}：${shown}），${getFormat(chosen.model.version.id).version.name}将其分为 ${p.rowKeys.length} 个子项，无法确定如何分配：子项留空，数值已写在第一个子项的批注中，请确认后填写。`,
    );
  }
  const regionTexts = chosen.tables.flatMap((t) => t.lines.map((l) => l.text));

  for (const { cellId, token } of chosen.tables.flatMap((t) => t.placements)) {
    const cell = model.cellById.get(cellId)!;
    const where = describePosition(token.pos);
    const source = { cellId, text: token.text, position: token.pos, where };
    const v = token.value!;
    const place = `${cell.table}“${[...cell.rowPath.slice(-1), ...cell.columnPath.slice(-1)].join(" / ")}”`;
    const refuse = (reason: string) => unplaced.push({ text: token.text, count: 1, position: token.pos, where, reason: `${place}：${reason}` });
    if (sources.has(cellId)) {
      refuse(`已有数值（${sources.get(cellId)!.where}），此处重复`);
      continue;
    }
    if (v.number === null) {
      values.set(cellId, BLANK);
      blanks.push(source);
      sources.set(cellId, source);
      continue;
    }
    let n = v.number;
    if (v.unit) {
      const setting = cell.unitSetting ? model.version.cover.find((f) => f.key === cell.unitSetting) : undefined;
      if (setting) {
        if (!setting.choices?.includes(v.unit)) {
          refuse(`单位“${v.unit}”不是${setting.label}可选的单位（${setting.choices?.join("、")}）`);
          continue;
        }
        if (cover[setting.key] && cover[setting.key] !== v.unit) {
          refuse(`单位“${v.unit}”与已读到的${setting.label}“${cover[setting.key]}”不一致`);
          continue;
        }
        cover[setting.key] = v.unit;
      } else if (cell.valueKind === "amount") {
        if (v.unit !== cell.unit) {
          if (v.unit === "元" && cell.unit === "万元") {
            n = roundTo(n / 10000, cell.decimals);
            notes.push(`${where}“${token.text}”以元为单位，已换算为 ${n} 万元。`);
          } else {
            refuse(`单位“${v.unit}”与该栏单位“${cell.unit || "（无）"}”不符`);
            continue;
          }
        }
      } else if (!COUNT_UNITS.has(v.unit)) {
        refuse(`单位“${v.unit}”不是件数的单位`);
        continue;
      }
      units.push({ ...source, unit: v.unit });
    }
    values.set(cellId, { type: "number", value: n });
    sources.set(cellId, source);
  }

  for (const cell of model.cells) {
    if (!cell.unitSetting || cover[cell.unitSetting]) continue;
    const setting = model.version.cover.find((f) => f.key === cell.unitSetting);
    const unit = setting?.choices ? unitFromText(cell, regionTexts, setting.choices) : null;
    if (unit && setting) {
      cover[setting.key] = unit;
      notes.push(`${setting.label}按表中注明取“${unit}”。`);
    }
  }

  const totalsDiffer = checkTotals(model, values);
  for (const d of totalsDiffer) {
    const cell = model.cellById.get(d.cellId)!;
    notes.push(
      `${cell.table}“${[...cell.rowPath, ...cell.columnPath.slice(-1)].join(" / ")}”报告中为 ${d.printed}，按分项合计为 ${d.computed}；已按报告原值写入，校验时将显示差额。`,
    );
  }

  // The report text without its tables, so each part's text stops where its table begins.
  const tableLines = new Set(chosen.tables.flatMap((t) => t.tableLines));
  const plainText = lines
    .filter((l) => !tableLines.has(l))
    .map((l) => l.text)
    .join("\n");
  const { paragraphs, parts } = paragraphsOf(plainText, model, notes);
  const recognised = values.size > 0 || parts > 0;
  return {
    year,
    orgName,
    formatId: model.version.id,
    model,
    values,
    sources,
    units,
    blanks,
    cover,
    paragraphs,
    unplaced,
    missing,
    parents,
    placedByOrder,
    recognised,
    totalsDiffer,
    notes,
  };
}

/** Printed totals checked against their printed parts (a blank part is not summed). */
function checkTotals(model: FormatModel, values: Map<string, RawValue>): TotalDiffers[] {
  const sum = (cell: CellInfo): number | null => {
    if (!cell.sumOf) {
      const raw = values.get(cell.id);
      return raw?.type === "number" ? raw.value : null;
    }
    let s = 0;
    for (const id of cell.sumOf) {
      const part = sum(model.cellById.get(id)!);
      if (part === null) return null;
      s += part;
    }
    return roundTo(s, 6);
  };
  const out: TotalDiffers[] = [];
  for (const cell of model.cells) {
    const raw = values.get(cell.id);
    if (!cell.sumOf || raw?.type !== "number") continue;
    const computed = sum(cell);
    if (computed !== null && computed !== raw.value) out.push({ cellId: cell.id, printed: raw.value, computed });
  }
  return out;
}

/** The workbook request for an import: input cells, plus printed totals that disagree (typed over their formula, so 校验 shows them). */
export function importRequest(result: ImportResult, override: { year?: number; orgName?: string } = {}): GenerateRequest {
  const year = override.year ?? result.year;
  if (year === null) throw new Error("未能识别报告年度，请指定年度。");
  // The report's own format while it fits the year (a variant stays a variant), else the national one for the year.
  const model = formatCovers(result.model.version, year) || expectedFormatId(year) === null ? result.model : formatForYear(year);
  const differs = new Set(result.totalsDiffer.map((d) => d.cellId));
  const values = new Map<string, RawValue>();
  for (const [id, raw] of result.values) {
    const cell = model.cellById.get(id);
    if (!cell) continue;
    if (cell.kind === "input" || differs.has(id)) values.set(id, raw);
  }
  const cellNotes = new Map<string, string>();
  for (const p of result.parents) {
    for (const v of p.values) {
      const first = v.columnCellIds.find((id) => model.cellById.get(id)?.kind === "input");
      if (first) cellNotes.set(first, `报告中“${p.label}”印为一行，本列为 ${v.token.text || "（空）"}（${p.where}），未分到各子项：请确认后填写各子项。`);
    }
  }
  return {
    year,
    format: model,
    orgName: override.orgName ?? result.orgName ?? undefined,
    values,
    narrative: result.paragraphs,
    cover: result.cover,
    ...(cellNotes.size ? { cellNotes } : {}),
  };
}
