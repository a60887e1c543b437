import { parseA1 } from "../format/address";
import { a1 } from "../format/address";
import type { FormatModel, GridCell } from "../format/layout";
import { coverName, definedName } from "../format/names";
import { FORMAT_IDS, getFormat, isBuiltInFormatId } from "../format/registry";
import { formatFromStored } from "../format/variant";
import { isProbed, type SheetData, type SheetProbe, type WorkbookData } from "../host/port";
import { paragraphOf, templateSchema, type Paragraph } from "../narrative/model";
import { paragraphFormula } from "../narrative/render";
import { formulaText } from "../rules/formula";
import {
  COVER_SHEET,
  COVER_TITLE,
  dateText,
  isOurFormula,
  LEDGER_IGNORED,
  META_KEYS,
  META_SHEET,
  TEXT_CONTINUATION_MARK,
  TEXT_FIRST_ROW,
  TEXT_HEADER,
  TEXT_SHEET,
  TEXT_TEMPLATE_MARK,
} from "./plan";
import { locateTable, normLabel } from "./locate";
import type { CoverPlacement, Position, WorkbookPlacement } from "./placement";
import { BLANK, displayRaw, type LastYearFigures, type Location, type RawValue, type Snapshot, type StructureProblem } from "./snapshot";
import { FormatFileError, NotNianbaoWorkbookError } from "../errors";

/** Every sheet any format version uses; what a host reads to take a snapshot. */
export function sheetsToRead(): string[] {
  const names = new Set<string>([META_SHEET, COVER_SHEET, TEXT_SHEET]);
  for (const id of FORMAT_IDS) for (const t of getFormat(id).tables) names.add(t.name);
  return [...names];
}

function metaRows(sheet: SheetData | undefined): string[][] {
  if (!sheet) return [];
  const rows: string[][] = [];
  for (const [address, raw] of sheet.cells) {
    const at = parseA1(address);
    if (!at || at.col > 3) continue;
    (rows[at.row - 1] ??= ["", "", ""])[at.col - 1] = displayRaw(raw);
  }
  const out: string[][] = [];
  for (const r of rows) {
    if (!r) continue;
    // 续: the rest of the text above, longer than a cell holds.
    if (r[0] === META_KEYS.continued && out.length) out[out.length - 1][2] += r[2];
    else out.push(r);
  }
  return out;
}

function detectFormat(data: WorkbookData, meta: string[][], cover: SheetData | undefined): FormatModel {
  const marked = meta.find((r) => r[0] === META_KEYS.formatId)?.[1];
  // A definition loaded from a file at build time (a provincial variant) travels in the workbook.
  const chunks = meta.filter((r) => r[0] === META_KEYS.definition && /^\d+$/.test(r[1])).sort((a, b) => Number(a[1]) - Number(b[1]));
  if (chunks.length) {
    try {
      return formatFromStored(chunks.map((r) => r[2] ?? "").join(""));
    } catch (e) {
      if (!(e instanceof FormatFileError)) throw e;
      throw new NotNianbaoWorkbookError(
        `隐藏表 _nianbao 中保存的格式定义无法读取（${e.problems.join("；")}）。请用原来的格式文件重新生成，或在命令行加 --format-file 指定格式。`,
      );
    }
  }
  if (marked && isBuiltInFormatId(marked)) return getFormat(marked);
  // Meta sheet lost (e.g. a copy made by hand): fall back to the cover's 格式版本 text.
  if (cover) {
    for (const raw of cover.cells.values()) {
      const t = displayRaw(raw);
      for (const id of FORMAT_IDS) if (t.includes(getFormat(id).version.document)) return getFormat(id);
    }
  }
  if (marked)
    throw new NotNianbaoWorkbookError(`工作簿使用的格式“${marked}”不是内置格式，且工作簿中没有保存它的定义。请在命令行加 --format-file 指定格式文件。`);
  const hasTables = data.sheets.some((s) => s.name === "表三");
  throw new NotNianbaoWorkbookError(
    hasTables
      ? "找不到格式版本标记（隐藏表 _nianbao 与封面“格式版本”均缺失）。请在加载项中重新生成报表。"
      : "缺少“封面”“表三”等年报工作表。请先用加载项或 nianbao build 生成报表。",
  );
}

/** Names by lower-case name (the first of equal ones, as Excel resolves them); rebuilt for each snapshot. */
const nameIndex = new WeakMap<WorkbookData, Map<string, WorkbookData["names"][number]>>();

export function resolveName(data: WorkbookData, name: string): Location | null {
  let index = nameIndex.get(data);
  if (!index) {
    index = new Map();
    for (const n of data.names) if (!index.has(n.name.toLowerCase())) index.set(n.name.toLowerCase(), n);
    nameIndex.set(data, index);
  }
  const entry = index.get(name.toLowerCase());
  if (!entry) return null;
  const m = /^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)(:.*)?$/.exec(entry.ref.replace(/^=/, ""));
  if (!m || m[4]) return null;
  return { sheet: m[1].replace(/''/g, "'"), address: `${m[2]}${m[3]}` };
}

/** What a statutory sheet is recognised by when it has been renamed. */
function sheetTitles(model: FormatModel | null): Map<string, string[]> {
  const titles = new Map<string, string[]>([
    [COVER_SHEET, [normLabel(COVER_TITLE)]],
    [TEXT_SHEET, [normLabel(TEXT_HEADER)]],
  ]);
  for (const t of model ? model.tables : FORMAT_IDS.flatMap((id) => getFormat(id).tables))
    titles.set(t.name, [...new Set([...(titles.get(t.name) ?? []), normLabel(t.title)])]);
  return titles;
}

const probeTexts = (sheet: SheetData) =>
  [...sheet.cells].filter(([a]) => isProbed(a)).map(([, raw]) => normLabel(displayRaw(raw.type === "formula" ? raw.result : raw)));

/** Whether a statutory sheet is missing from these (so another sheet may be it, renamed). */
export function needsRecognition(present: string[]): boolean {
  const has = new Set(present);
  return [COVER_SHEET, TEXT_SHEET].some((n) => !has.has(n)) || !FORMAT_IDS.some((id) => getFormat(id).tables.every((t) => has.has(t.name)));
}

/** The sheets (not read) that are statutory sheets under another name: read them too. */
export function recognisedSheets(present: string[], others: SheetProbe[]): string[] {
  const out: string[] = [];
  for (const [name, titles] of sheetTitles(null)) {
    if (present.includes(name)) continue;
    const hit = others.find((o) => !out.includes(o.name) && o.texts.some((t) => titles.includes(normLabel(t))));
    if (hit) out.push(hit.name);
  }
  return out;
}

/** Each statutory sheet's sheet: by name when it holds its title, else another sheet that does, else by name. */
function resolveSheets(data: WorkbookData, model: FormatModel | null): Map<string, SheetData> {
  const statutory = new Set(sheetsToRead());
  const out = new Map<string, SheetData>();
  const taken = new Set<string>();
  for (const [name, titles] of sheetTitles(model)) {
    const named = data.sheets.find((s) => s.name === name);
    const holds = (s: SheetData) => probeTexts(s).some((t) => titles.includes(t));
    const chosen = named && holds(named) ? named : (data.sheets.find((s) => !statutory.has(s.name) && !taken.has(s.name) && holds(s)) ?? named);
    if (chosen) {
      out.set(name, chosen);
      taken.add(chosen.name);
    }
  }
  const meta = data.sheets.find((s) => s.name === META_SHEET);
  if (meta) out.set(META_SHEET, meta);
  return out;
}

function locateCover(model: FormatModel, sheet: SheetData, data: WorkbookData): CoverPlacement {
  const fields = new Map<string, Position>();
  const labels = new Map<string, Position>();
  const missing: string[] = [];
  const seen = new Set<string>();
  const occurrences = new Map<string, Position[]>();
  for (const [address, raw] of sheet.cells) {
    const at = parseA1(address);
    if (!at || raw.type !== "text") continue;
    const k = normLabel(raw.value);
    occurrences.set(
      k,
      [...(occurrences.get(k) ?? []), at].sort((x, y) => x.row - y.row || x.col - y.col),
    );
  }
  for (const field of model.version.cover) {
    const at = (occurrences.get(normLabel(field.label)) ?? []).find((p) => !seen.has(a1(p.row, p.col)));
    if (!at) {
      missing.push(field.key);
      continue;
    }
    seen.add(a1(at.row, at.col));
    labels.set(field.key, at);
    // The value beside its label; the defined name says which column when the user put one between.
    const named = resolveName(data, coverName(field.key));
    const namedAt = named && named.sheet === sheet.name ? parseA1(named.address) : null;
    fields.set(field.key, namedAt && namedAt.row === at.row && namedAt.col > at.col ? namedAt : { row: at.row, col: at.col + 1 });
  }
  const taken = new Set([...fields.values(), ...labels.values()].map((p) => a1(p.row, p.col)));
  const title = [...sheet.cells].find(([, raw]) => raw.type === "text" && normLabel(raw.value) === normLabel(COVER_TITLE))?.[0];
  if (title) taken.add(title);
  for (const [k, p] of fields) {
    // The date hint beside 填报日期 is ours.
    if (model.version.cover.find((f) => f.key === k)?.kind === "date") taken.add(a1(p.row, p.col + 1));
  }
  const own = [...sheet.cells.keys()].filter((k) => !taken.has(k));
  return { sheet: sheet.name, fields, labels, missing, own };
}

const describeLabel = (g: GridCell) => (g.role === "caption" ? "区块标题" : g.role === "corner" ? "表头" : g.role === "columnHeader" ? "列标题" : "行标题");

/**
 * Read a Nianbao workbook into a snapshot: raw values where their labels are, with the structure
 * checked. The format is the one the workbook carries, unless `format` says otherwise
 * (`--format-file`: read it against a provincial variant).
 */
export function snapshotFromData(data: WorkbookData, options: { format?: FormatModel } = {}): Snapshot {
  nameIndex.delete(data);
  const byName = new Map(data.sheets.map((s) => [s.name, s]));
  const meta = metaRows(byName.get(META_SHEET));
  const model = options.format ?? detectFormat(data, meta, resolveSheets(data, null).get(COVER_SHEET));
  const sheets = resolveSheets(data, model);
  const values = new Map<string, RawValue>();
  const locations = new Map<string, Location>();
  const structure: StructureProblem[] = [];
  const placement: WorkbookPlacement = { sheets: new Map([...sheets].map(([k, s]) => [k, s.name])), tables: new Map(), cover: null };

  for (const table of model.tables) {
    const sheet = sheets.get(table.name);
    if (!sheet) {
      structure.push({
        message: `找不到工作表“${table.name}”（被删除，或改名且表题也被改动）。请改回原名，或在加载项中点“生成/更新报表”重建。`,
        cellIds: table.cells.map((c) => c.id),
      });
      continue;
    }
    const p = locateTable(table, sheet);
    placement.tables.set(table.key, p);
    const here = sheet.name === table.name ? table.name : `${table.name}（工作表“${sheet.name}”）`;
    for (const m of p.missing) {
      if (m.kind === "title")
        structure.push({
          message: `${here} 找不到表题“${table.title}”（被删除或改动）。请改回原文。`,
          cellIds: [],
          location: { sheet: sheet.name, address: "A1" },
        });
      else
        structure.push({
          message: `${here} 找不到“${m.label}”${m.kind === "row" ? "一行" : "一列"}（${m.kind === "row" ? "行" : "列"}标题被删除或改动）；${m.kind === "row" ? "该行" : "该列"}数据未参与校验。请恢复标题，或在加载项中点“生成/更新报表”查看可保留的数据。`,
          cellIds: m.cellIds,
        });
    }
    // Labels that place no value (groups, captions) but are part of the printed format.
    for (const g of table.grid) {
      if (g.role === "value" || g.role === "title" || g.text === "" || p.labels.has(g)) continue;
      if (g.role === "rowHeader" && g.rowKey) continue;
      if (
        g.role === "columnHeader" &&
        table.grid.some((v) => v.role === "value" && v.col === g.col && v.block === g.block) &&
        !table.grid.some((c) => c.role === "columnHeader" && c.block === g.block && c.row > g.row && c.col === g.col)
      )
        continue;
      structure.push({ message: `${here} 找不到${describeLabel(g)}“${g.text}”（被删除或改动）。请改回原文。`, cellIds: [] });
    }
    const moved: string[] = [];
    for (const cell of table.cells) {
      const at = p.cells.get(cell.id);
      if (!at) continue;
      const address = a1(at.row, at.col);
      values.set(cell.id, sheet.cells.get(address) ?? BLANK);
      locations.set(cell.id, { sheet: sheet.name, address });
      const named = resolveName(data, definedName(cell.id));
      if (!named || named.sheet !== sheet.name || named.address !== address) moved.push(cell.id);
    }
    if (moved.length) {
      const first = model.cellById.get(moved[0])!;
      const named = resolveName(data, definedName(first.id));
      const where = [...first.rowPath.slice(-1), ...first.columnPath.slice(-1)].join("·");
      const at = locations.get(first.id)!;
      structure.push({
        message:
          `${here} 有 ${moved.length} 个单元格的定义名称与其标题所在位置不一致（如 ${definedName(first.id)} ${named ? `指向 ${named.sheet}!${named.address}` : "不存在"}，而“${where}”在 ${named && named.sheet === at.sheet ? at.address : `${at.sheet}!${at.address}`}）：` +
          `工作簿自带的合计公式和“校验”表会算错。本次校验按标题读取数据；请在加载项中点“生成/更新报表”修复名称（数据不会丢失）。`,
        cellIds: moved,
        location: locations.get(first.id),
      });
    }
  }

  const cover: Record<string, string> = {};
  const coverSheet = sheets.get(COVER_SHEET);
  if (coverSheet) placement.cover = locateCover(model, coverSheet, data);
  model.version.cover.forEach((field, i) => {
    const found = placement.cover?.fields.get(field.key);
    const named = resolveName(data, coverName(field.key));
    const at = found
      ? { sheet: coverSheet!.name, address: a1(found.row, found.col) }
      : (named ?? { sheet: coverSheet?.name ?? COVER_SHEET, address: a1(3 + i, 2) });
    const raw = byName.get(at.sheet)?.cells.get(at.address);
    const value = raw?.type === "formula" ? raw.result : raw;
    // A date typed on the cover is a serial number in the file: read it as the date it shows.
    const date = field.kind === "date" && value?.type === "number" ? dateText(value.value) : null;
    cover[field.key] = date ?? (value ? displayRaw(value).trim() : "");
  });

  const explanations = new Map<string, string>();
  const explanationBasis = new Map<string, string>();
  const lastYearText: Paragraph[] = [];
  let lastYear: LastYearFigures | null = null;
  const lastYearValues = new Map<string, number>();
  const carried = new Map<string, string>();
  const ledgerColumns: [string, string | null][] = [];
  const ledgerCounts = new Map<string, number>();
  let ledgerSheet: string | undefined;
  for (const r of meta) {
    if (r[0] === META_KEYS.explanation && r[1] && r[2]) explanations.set(r[1], r[2]);
    if (r[0] === META_KEYS.explanationBasis && r[1] && r[2]) explanationBasis.set(r[1], r[2]);
    if (r[0] === META_KEYS.lastYear && /^[0-5]$/.test(r[1]) && r[2]) lastYearText.push(paragraphOf(Number(r[1]), r[2]));
    if (r[0] === META_KEYS.lastYearReport) lastYear = { year: /^\d{4}$/.test(r[1]) ? Number(r[1]) : null, formatId: r[2], values: lastYearValues };
    if (r[0] === META_KEYS.lastYearValue && r[1] && r[2] !== "" && Number.isFinite(Number(r[2]))) lastYearValues.set(r[1], Number(r[2]));
    if (r[0] === META_KEYS.carried && r[1]) carried.set(r[1], r[2] ?? "");
    if (r[0] === META_KEYS.ledgerColumn && r[1] && r[2]) ledgerColumns.push([r[1], r[2] === LEDGER_IGNORED ? null : r[2]]);
    if (r[0] === META_KEYS.ledgerSheet && r[1]) ledgerSheet = r[1];
    if (r[0] === META_KEYS.ledgerCount && r[1] && /^\d+$/.test(r[2] ?? "")) ledgerCounts.set(r[1], Number(r[2]));
  }
  const ledger =
    ledgerColumns.length || ledgerCounts.size ? { columns: ledgerColumns, counts: ledgerCounts, ...(ledgerSheet ? { sheet: ledgerSheet } : {}) } : null;
  const narrative = readNarrative(sheets.get(TEXT_SHEET), model.version.sections);
  return { model, values, locations, cover, explanations, explanationBasis, structure, narrative, lastYearText, lastYear, carried, placement, ledger };
}

const normTitle = (s: string) => s.replace(/\s+/g, "").replace(/^[一二三四五六][、.．]/, "");

/**
 * The 正文 sheet, part by part. A row whose text is a part title starts that part (rows the user
 * inserts belong to the part above them). A paragraph keeps its bound numbers while its cell
 * still holds the formula compiled from its template; text typed over it in Excel wins.
 */
function readNarrative(sheet: SheetData | undefined, sections: string[]): Paragraph[] {
  if (!sheet) return [];
  const rows = new Map<number, { a: RawValue; b: RawValue; c: RawValue }>();
  for (const [address, raw] of sheet.cells) {
    const at = parseA1(address);
    if (!at || at.row < TEXT_FIRST_ROW || at.col > 3) continue;
    const row = rows.get(at.row) ?? { a: BLANK, b: BLANK, c: BLANK };
    row[(["a", "b", "c"] as const)[at.col - 1]] = raw;
    rows.set(at.row, row);
  }
  const titles = sections.map(normTitle);
  const out: Paragraph[] = [];
  let part = 0;
  for (const r of [...rows.keys()].sort((x, y) => x - y)) {
    const { b, c } = rows.get(r)!;
    const shown = displayRaw(b.type === "formula" ? b.result : b).trim();
    const mark = displayRaw(c);
    if (mark === TEXT_CONTINUATION_MARK) {
      // The rest of a paragraph longer than one cell holds: joined back onto it.
      const last = out[out.length - 1];
      if (last && last.segments.every((x) => x.kind === "text")) {
        out[out.length - 1] = paragraphOf(
          last.part,
          last.segments.map((x) => (x.kind === "text" ? x.text : "")).join("") + displayRaw(b.type === "formula" ? b.result : b),
        );
        continue;
      }
    }
    const titleIndex = mark.startsWith(TEXT_TEMPLATE_MARK) ? Number(mark.slice(1)) : titles.indexOf(normTitle(shown));
    if (titleIndex >= 0 && titleIndex <= 5 && (mark.startsWith(TEXT_TEMPLATE_MARK) || shown !== "")) {
      part = titleIndex;
      continue;
    }
    if (b.type === "formula" && mark.startsWith("[")) {
      const template = templateSchema.safeParse(safeJson(mark));
      const f = template.success ? paragraphFormula(template.data) : null;
      if (template.success && f && isOurFormula(b.formula, formulaText(f))) {
        out.push({ part, segments: template.data });
        continue;
      }
    }
    if (shown !== "") out.push(paragraphOf(part, shown));
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function reportYear(snapshot: Snapshot): number | null {
  const y = Number(snapshot.cover.year);
  return Number.isInteger(y) ? y : null;
}
