import { parseA1 } from "../format/address";
import { a1 } from "../format/address";
import type { FormatModel, TableLayout } from "../format/layout";
import { coverName, definedName } from "../format/names";
import { FORMAT_IDS, getFormat, isBuiltInFormatId } from "../format/registry";
import { formatFromStored } from "../format/variant";
import type { SheetData, WorkbookData } from "../host/port";
import { paragraphOf, templateSchema, type Paragraph } from "../narrative/model";
import { paragraphFormula } from "../narrative/render";
import { formulaText } from "../rules/formula";
import { COVER_SHEET, dateText, isOurFormula, META_KEYS, META_SHEET, TEXT_CONTINUATION_MARK, TEXT_FIRST_ROW, TEXT_SHEET, TEXT_TEMPLATE_MARK } from "./plan";
import { BLANK, displayRaw, type LastYearFigures, type Location, type RawValue, type Snapshot, type StructureProblem } from "./snapshot";
import { FormatFileError, NotNianbaoWorkbookError } from "../errors";


/** Every sheet any format version uses; what a host reads to take a snapshot. */
export function sheetsToRead(): string[] {
  const names = new Set<string>([META_SHEET, COVER_SHEET, TEXT_SHEET]);
  for (const id of FORMAT_IDS) for (const t of getFormat(id).tables) names.add(t.name);
  return [...names];
}

const clean = (s: string) => s.replace(/\s+/g, "");

function metaRows(sheet: SheetData | undefined): string[][] {
  if (!sheet) return [];
  const rows: string[][] = [];
  for (const [address, raw] of sheet.cells) {
    const at = parseA1(address);
    if (!at || at.col > 3) continue;
    (rows[at.row - 1] ??= ["", "", ""])[at.col - 1] = displayRaw(raw);
  }
  return rows.filter(Boolean);
}

function detectFormat(data: WorkbookData, meta: string[][]): FormatModel {
  const marked = meta.find((r) => r[0] === META_KEYS.formatId)?.[1];
  // A definition loaded from a file at build time (a provincial variant) travels in the workbook.
  const chunks = meta.filter((r) => r[0] === META_KEYS.definition && /^\d+$/.test(r[1])).sort((a, b) => Number(a[1]) - Number(b[1]));
  if (chunks.length) {
    try {
      return formatFromStored(chunks.map((r) => r[2] ?? "").join(""));
    } catch (e) {
      if (!(e instanceof FormatFileError)) throw e;
      throw new NotNianbaoWorkbookError(`隐藏表 _nianbao 中保存的格式定义无法读取（${e.problems.join("；")}）。请用原来的格式文件重新生成，或在命令行加 --format-file 指定格式。`);
    }
  }
  if (marked && isBuiltInFormatId(marked)) return getFormat(marked);
  // Meta sheet lost (e.g. a copy made by hand): fall back to the cover's 格式版本 text.
  const cover = data.sheets.find((s) => s.name === COVER_SHEET);
  if (cover) {
    for (const raw of cover.cells.values()) {
      const t = displayRaw(raw);
      for (const id of FORMAT_IDS) if (t.includes(getFormat(id).version.document)) return getFormat(id);
    }
  }
  if (marked) throw new NotNianbaoWorkbookError(`工作簿使用的格式“${marked}”不是内置格式，且工作簿中没有保存它的定义。请在命令行加 --format-file 指定格式文件。`);
  const hasTables = data.sheets.some((s) => s.name === "表三");
  throw new NotNianbaoWorkbookError(
    hasTables ? "找不到格式版本标记（隐藏表 _nianbao 与封面“格式版本”均缺失）。请在加载项中重新生成报表。" : "缺少“封面”“表三”等年报工作表。请先用加载项或 nianbao build 生成报表。",
  );
}

/** Names by lower-case name (the first of equal ones, as Excel resolves them); rebuilt for each snapshot. */
const nameIndex = new WeakMap<WorkbookData, Map<string, WorkbookData["names"][number]>>();

function resolveName(data: WorkbookData, name: string): Location | null {
  let index = nameIndex.get(data);
  if (!index) {
    index = new Map();
    for (const n of data.names) if (!index.has(n.name.toLowerCase())) index.set(n.name.toLowerCase(), n);
    nameIndex.set(data, index);
  }
  const entry = index.get(name.toLowerCase());
  if (!entry) return null;
  const m = /^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)(:.*)?$/.exec(entry.ref.replace(/^=/, ""));
  if (!m) return null;
  return { sheet: m[1].replace(/''/g, "'"), address: `${m[2]}${m[3]}` };
}

/** Where the leaf label of a data row is printed (the grid's row header with that rowKey). */
function labelCell(table: TableLayout, rowKey: string, row: number) {
  return table.grid.find((g) => g.role === "rowHeader" && g.rowKey === rowKey && g.row === row);
}

/**
 * Read a Nianbao workbook into a snapshot: raw values at the cells the names point to, with the
 * structure checked. The format is the one the workbook carries, unless `format` says otherwise
 * (`--format-file`: read it against a provincial variant).
 */
export function snapshotFromData(data: WorkbookData, options: { format?: FormatModel } = {}): Snapshot {
  nameIndex.delete(data);
  const sheets = new Map(data.sheets.map((s) => [s.name, s]));
  const meta = metaRows(sheets.get(META_SHEET));
  const model = options.format ?? detectFormat(data, meta);
  const values = new Map<string, RawValue>();
  const locations = new Map<string, Location>();
  const structure: StructureProblem[] = [];

  for (const table of model.tables) {
    const sheet = sheets.get(table.name);
    if (!sheet) {
      structure.push({ message: `找不到工作表“${table.name}”（被删除或改名）。请改回原名，或在加载项中点“生成/更新报表”重建。`, cellIds: table.cells.map((c) => c.id) });
      continue;
    }
    const title = displayRaw(sheet.cells.get("A1") ?? BLANK);
    if (clean(title) !== clean(table.title)) {
      structure.push({ message: `${table.name} A1 的表题应为“${table.title}”，现为“${title}”。`, cellIds: [], location: { sheet: table.name, address: "A1" } });
    }
    for (const dataRow of table.dataRows) {
      // Follow the names (Excel moves them with inserted rows); fall back to the planned address.
      const first = model.cellById.get(dataRow.cellIds[0])!;
      const named = resolveName(data, definedName(first.id));
      const namedAt = named && named.sheet === table.name ? parseA1(named.address) : null;
      const shift = namedAt ? namedAt.row - first.row : 0;
      const label = labelCell(table, dataRow.rowKey, dataRow.row);
      if (label) {
        const found = displayRaw(sheet.cells.get(a1(label.row + shift, label.col)) ?? BLANK);
        if (clean(found) !== clean(label.text)) {
          structure.push({
            message: `${table.name} 第 ${label.row + shift} 行的标题应为“${label.text}”，现为“${found || "（空）"}”。可能删除、插入或移动了行；该行数据未参与校验。`,
            cellIds: dataRow.cellIds,
            location: { sheet: table.name, address: a1(label.row + shift, label.col) },
          });
          continue;
        }
      }
      for (const id of dataRow.cellIds) {
        const cell = model.cellById.get(id)!;
        const address = a1(cell.row + shift, cell.col);
        values.set(id, sheet.cells.get(address) ?? BLANK);
        locations.set(id, { sheet: table.name, address });
      }
    }
    // Column headers, per block, where that block's first data row was found: catches deleted or inserted columns.
    const blocks = new Set(table.grid.filter((g) => g.block !== undefined).map((g) => g.block!));
    for (const block of blocks) {
      const firstValue = table.grid.find((g) => g.role === "value" && g.block === block)!;
      const at = locations.get(firstValue.cellId!);
      const shift = at ? parseA1(at.address)!.row - firstValue.row : 0;
      for (const g of table.grid.filter((x) => x.role === "columnHeader" && x.block === block)) {
        // A row inserted between the header and the data moves the data but not the header: accept either place.
        const found = displayRaw(sheet.cells.get(a1(g.row + shift, g.col)) ?? BLANK);
        if (clean(found) === clean(g.text)) continue;
        if (clean(displayRaw(sheet.cells.get(a1(g.row, g.col)) ?? BLANK)) === clean(g.text)) continue;
        const ids = table.grid.filter((x) => x.role === "value" && x.block === block).map((x) => x.cellId!);
        structure.push({
          message: `${table.name} ${a1(g.row + shift, g.col)} 的列标题应为“${g.text}”，现为“${found || "（空）"}”。表头的行或列可能被删除、插入或移动；该区块数据未参与校验。`,
          cellIds: ids,
          location: { sheet: table.name, address: a1(g.row + shift, g.col) },
        });
        for (const id of ids) values.delete(id);
        break;
      }
    }
    // A derived cell left blank means its row or column was cleared or deleted (表四 has no row labels to check).
    for (const c of table.cells) {
      const raw = values.get(c.id);
      if (c.kind === "formula" && raw?.type === "blank") {
        const at = locations.get(c.id)!;
        structure.push({ message: `${table.name} ${at.address}（${[...c.rowPath.slice(-1), ...c.columnPath.slice(-1)].join("·")}）应为合计公式，现为空。可能删除了行或列；请在加载项中点“恢复公式”。`, cellIds: [c.id], location: at });
      }
    }
  }

  const cover: Record<string, string> = {};
  const coverSheet = sheets.get(COVER_SHEET);
  model.version.cover.forEach((field, i) => {
    const at = resolveName(data, coverName(field.key)) ?? { sheet: COVER_SHEET, address: a1(3 + i, 2) };
    const raw = sheets.get(at.sheet)?.cells.get(at.address) ?? coverSheet?.cells.get(a1(3 + i, 2));
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
  for (const r of meta) {
    if (r[0] === META_KEYS.explanation && r[1] && r[2]) explanations.set(r[1], r[2]);
    if (r[0] === META_KEYS.explanationBasis && r[1] && r[2]) explanationBasis.set(r[1], r[2]);
    if (r[0] === META_KEYS.lastYear && /^[0-5]$/.test(r[1]) && r[2]) lastYearText.push(paragraphOf(Number(r[1]), r[2]));
    if (r[0] === META_KEYS.lastYearReport) lastYear = { year: /^\d{4}$/.test(r[1]) ? Number(r[1]) : null, formatId: r[2], values: lastYearValues };
    if (r[0] === META_KEYS.lastYearValue && r[1] && r[2] !== "" && Number.isFinite(Number(r[2]))) lastYearValues.set(r[1], Number(r[2]));
    if (r[0] === META_KEYS.carried && r[1]) carried.set(r[1], r[2] ?? "");
  }
  const narrative = readNarrative(sheets.get(TEXT_SHEET), model.version.sections);
  return { model, values, locations, cover, explanations, explanationBasis, structure, narrative, lastYearText, lastYear, carried };
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
    const titleIndex = mark.startsWith(TEXT_TEMPLATE_MARK) ? Number(mark.slice(1)) : titles.indexOf(normTitle(shown));
    if (titleIndex >= 0 && titleIndex <= 5 && (mark.startsWith(TEXT_TEMPLATE_MARK) || shown !== "")) {
      part = titleIndex;
      continue;
    }
    // The rest of a paragraph too long for one row (see textSheet).
    const last = out[out.length - 1];
    if (mark === TEXT_CONTINUATION_MARK && last && last.part === part && last.segments.every((seg) => seg.kind === "text")) {
      out[out.length - 1] = paragraphOf(part, last.segments.map((seg) => (seg.kind === "text" ? seg.text : "")).join("") + shown);
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

