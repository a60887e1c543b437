import { removeXmlIllegal } from "../workbook/cellText";
import {
  AlignmentType,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  BorderStyle,
  type IRunOptions,
} from "docx";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { ReportDocument } from "./report";
import type { ExportCell, ExportTable } from "./tables";

/**
 * The report as .docx, laid out the way 公文 usually are (GB/T 9704 page): A4, 版心 156 mm,
 * title in 方正小标宋简体 二号, part titles in 黑体 三号, body in 仿宋 三号 with 28 pt lines.
 * Fonts are named, never embedded; the font table gives each an alternative and its charset so
 * Word (or WPS, LibreOffice) substitutes a similar installed face.
 */

const TWIPS_PER_MM = 56.6929;
const mm = (v: number) => Math.round(v * TWIPS_PER_MM);

export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
};
/** 210 − 28 − 26 = 156 mm. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

export const FONTS = {
  title: "方正小标宋简体",
  heading: "黑体",
  body: "仿宋",
  table: "宋体",
  latin: "Times New Roman",
};

/** Sizes in points: 二号 22, 三号 16, 小五 9. */
const SIZE = { title: 22, body: 16, table: 9 };
const half = (pt: number) => pt * 2;

const font = (eastAsia: string) => ({ eastAsia, ascii: FONTS.latin, hAnsi: FONTS.latin, cs: FONTS.latin, hint: "eastAsia" });

/** The font table: each name with the installed face Word falls back to, and the GB2312 charset. */
function fontTableXml(): string {
  const entries: [string, string, string, string][] = [
    // name, alternative, family, panose
    [FONTS.title, "宋体", "roman", "02000000000000000000"],
    [FONTS.heading, "SimHei", "modern", "02010609060101010101"],
    [FONTS.body, "FangSong", "modern", "02010609060101010101"],
    [FONTS.table, "SimSun", "auto", "02010600030101010101"],
  ];
  const xml = entries
    .map(
      ([name, alt, family, panose]) =>
        `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:panose1 w:val="${panose}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join("");
  const latin = `<w:font w:name="${FONTS.latin}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${xml}${latin}</w:fonts>`;
}

export const FONT_TABLE_OVERRIDE = [{ path: "word/fontTable.xml", data: fontTableXml() }];

/** Characters XML cannot hold would make the .docx unreadable: they are dropped (export says so). */
const run = (text: string, face: string, size: number, extra: Partial<IRunOptions> = {}) =>
  new TextRun({ text: removeXmlIllegal(text).text, font: font(face), size: half(size), ...extra });

/** Exact 28 pt line pitch, as on a 22-line 公文 page. */
const BODY_SPACING = { line: 560, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

export function titleParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 560 },
    children: [run(text, FONTS.title, SIZE.title)],
  });
}

export function headingParagraph(text: string): Paragraph {
  return new Paragraph({ keepNext: true, indent: { firstLine: half(SIZE.body) * 20 }, spacing: BODY_SPACING, children: [run(text, FONTS.heading, SIZE.body)] });
}

export function bodyParagraph(text: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.JUSTIFIED): Paragraph {
  return new Paragraph({ alignment, indent: { firstLine: half(SIZE.body) * 20 }, spacing: BODY_SPACING, children: [run(text, FONTS.body, SIZE.body)] });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const BORDERS = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };
/** Small cell margins (twips) so narrow value columns keep room for their text. */
const CELL_MARGINS = { top: 20, bottom: 20, left: 40, right: 40 };

/** One character of 小五 (9 pt) in twips. */
const TABLE_CHAR = 180;

/**
 * Column widths in twips, summing to the text width. Label columns above the innermost one are
 * narrow (their labels span many rows) but hold four characters a line, so a numbered label
 * such as （三）不予公开 wraps after its number (（三）不 / 予公开), never inside it; value columns
 * are two characters of 小五 wide, so 表四's 15 columns fit the page and headers such as 结果维持
 * wrap to two lines.
 */
export function columnWidths(table: ExportTable): number[] {
  const values = table.width - table.labelColumns;
  if (table.labelColumns === 0) return spread(TEXT_WIDTH, values);
  const outer = table.labelColumns - 1;
  const outerWidth = 4 * TABLE_CHAR + CELL_MARGINS.left + CELL_MARGINS.right;
  const valueWidth = table.labelColumns > 1 ? 560 : Math.floor((TEXT_WIDTH * 0.62) / values);
  const inner = TEXT_WIDTH - outer * outerWidth - values * valueWidth;
  return [...Array<number>(outer).fill(outerWidth), inner, ...spread(values * valueWidth, values)];
}

function spread(total: number, n: number): number[] {
  const each = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? total - each * (n - 1) : each));
}

const TABLE_SPACING = { line: 260, lineRule: LineRuleType.AT_LEAST, before: 0, after: 0 };

function tableCell(cell: ExportCell, widths: number[], keepNext: boolean): TableCell {
  const alignment = cell.role === "rowHeader" || cell.role === "caption" ? AlignmentType.LEFT : AlignmentType.CENTER;
  const width = widths.slice(cell.col - 1, cell.col - 1 + cell.colSpan).reduce((a, b) => a + b, 0);
  return new TableCell({
    rowSpan: cell.rowSpan,
    columnSpan: cell.colSpan,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: CELL_MARGINS,
    children: [
      new Paragraph({
        alignment,
        keepNext: keepNext || undefined,
        spacing: TABLE_SPACING,
        children: [run(cell.text, FONTS.table, SIZE.table, { bold: cell.role === "caption" })],
      }),
    ],
  });
}

/**
 * Rows kept on the page of the row below them: every caption and header row, and the first row of
 * values after them, so a caption and header never stand alone at the foot of a page (Word and
 * LibreOffice keep a table row with the next one when its paragraphs are "keep with next").
 */
export function keptWithNext(table: ExportTable): boolean[] {
  const hasValues = table.rows.map((r) => r.some((c) => c.role === "value"));
  return hasValues.map((values, i) => !values || (i > 0 && !hasValues[i - 1] && i < table.rows.length - 1));
}

export function docxTable(table: ExportTable): Table {
  const widths = columnWidths(table);
  const firstValueRow = table.rows.findIndex((r) => r.some((c) => c.role === "value"));
  const keep = keptWithNext(table);
  // Repeat the header on a new page only for single-block tables (表二's blocks each carry their own).
  const repeat = table.rows.some((r) => r.some((c) => c.role === "caption")) ? 0 : firstValueRow;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: BORDERS,
    rows: table.rows.map((r, i) => new TableRow({ cantSplit: true, tableHeader: i < repeat, children: r.map((c) => tableCell(c, widths, keep[i])) })),
  });
}

function tableNotes(table: ExportTable): Paragraph[] {
  return table.notes.map((n) => new Paragraph({ spacing: TABLE_SPACING, children: [run(n, FONTS.table, SIZE.table)] }));
}

export function reportSections(doc: ReportDocument): (Paragraph | Table)[] {
  const children: (Paragraph | Table)[] = [titleParagraph(doc.title)];
  for (const part of doc.parts) {
    children.push(headingParagraph(part.title));
    for (const p of part.paragraphs) children.push(bodyParagraph(p));
    if (part.table) {
      children.push(docxTable(part.table), ...tableNotes(part.table));
      // A blank line after a table keeps the next heading off its border.
      children.push(new Paragraph({ spacing: BODY_SPACING, children: [] }));
    }
  }
  return children;
}

export function newDocument(title: string, children: (Paragraph | Table)[]): Document {
  return new Document({
    creator: "年报 Nianbao",
    title,
    styles: { default: { document: { run: { font: font(FONTS.body), size: half(SIZE.body) } } } },
    sections: [{ properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } }, children }],
  });
}

/** Paragraph properties that follow w:kinsoku in the schema's order (CT_PPrBase), for the insertion below. */
const AFTER_KINSOKU =
  /<w:(?:wordWrap|overflowPunct|topLinePunct|autoSpaceDE|autoSpaceDN|bidi|adjustRightInd|snapToGrid|spacing|ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|tabs|textDirection|textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)\b|<\/w:pPr>/;

/**
 * Chinese line breaking (禁则, w:kinsoku) written on every paragraph, so no line starts with a
 * closing bracket or a full stop (and none ends with an opening bracket) in Word, WPS and
 * LibreOffice alike, whatever the reader's defaults. The docx package has no option for it.
 */
export function withKinsoku(documentXml: string): string {
  return documentXml.replace(/<w:pPr>([\s\S]*?)<\/w:pPr>|<w:p>(?!<w:pPr>)/g, (whole: string, inner: string | undefined) => {
    if (inner === undefined) return "<w:p><w:pPr><w:kinsoku/></w:pPr>";
    if (inner.includes("<w:kinsoku")) return whole;
    const at = AFTER_KINSOKU.exec(inner);
    const cut = at ? at.index : inner.length;
    return `<w:pPr>${inner.slice(0, cut)}<w:kinsoku/>${inner.slice(cut)}</w:pPr>`;
  });
}

/**
 * The paragraphs of a kept table row all say "keep with next": the docx package gives the empty
 * cells that continue a vertical merge a paragraph of their own, without the option.
 */
export function withWholeRowsKept(documentXml: string): string {
  return documentXml.replace(/<w:tr>[\s\S]*?<\/w:tr>/g, (row) =>
    row.includes("<w:keepNext/>") ? row.replace(/<w:pPr>(?!<w:keepNext\/>)/g, "<w:pPr><w:keepNext/>") : row,
  );
}

/** Bytes of a .docx; works in Node and in the browser. */
export async function packDocx(document: Document): Promise<Uint8Array> {
  const packed = new Uint8Array(await Packer.toArrayBuffer(document, false, FONT_TABLE_OVERRIDE));
  const files = unzipSync(packed);
  files["word/document.xml"] = strToU8(withKinsoku(withWholeRowsKept(strFromU8(files["word/document.xml"]))));
  return zipSync(files, { level: 6 });
}

export function reportDocx(doc: ReportDocument): Promise<Uint8Array> {
  return packDocx(newDocument(doc.title, reportSections(doc)));
}
