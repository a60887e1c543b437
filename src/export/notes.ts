import { AlignmentType, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType, BorderStyle, TextRun, VerticalAlign } from "docx";
import type { Finding } from "../rules/evaluate";
import type { Snapshot } from "../workbook/snapshot";
import { bodyParagraph, FONTS, newDocument, packDocx, TEXT_WIDTH, titleParagraph } from "./docx";
import { reportDocument } from "./report";
import { removeXmlIllegal } from "../workbook/cellText";

/** The 填报说明 (.docx): every accepted 提示 with the 说明 the preparer wrote, for the reviewer. */

export const NOTES_TITLE_SUFFIX = "填报说明";
const COLUMNS = [
  { label: "序号", share: 0.07 },
  { label: "规则", share: 0.09 },
  { label: "位置", share: 0.16 },
  { label: "提示内容", share: 0.38 },
  { label: "说明", share: 0.3 },
];

export function notesTitle(snapshot: Snapshot): string {
  return `${reportDocument(snapshot).title}${NOTES_TITLE_SUFFIX}`;
}

function findingPlace(f: Finding): string {
  if (f.cells.length === 0) return "";
  const sheets = [...new Set(f.cells.map((c) => c.sheet))];
  return sheets
    .map(
      (s) =>
        `${s} ${f.cells
          .filter((c) => c.sheet === s)
          .map((c) => c.address)
          .join("、")}`,
    )
    .join("；");
}

const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const text = (t: string, bold = false) =>
  new Paragraph({
    alignment: AlignmentType.LEFT,
    children: [
      new TextRun({
        text: removeXmlIllegal(t).text,
        bold,
        size: 21,
        font: { eastAsia: FONTS.table, ascii: FONTS.latin, hAnsi: FONTS.latin, hint: "eastAsia" },
      }),
    ],
  });

function notesTable(accepted: Finding[]): Table {
  const widths = COLUMNS.map((c) => Math.floor(c.share * TEXT_WIDTH));
  const row = (cells: string[], header = false) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (c, i) =>
          new TableCell({
            width: { size: widths[i], type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            margins: { left: 60, right: 60, top: 30, bottom: 30 },
            children: [text(c, header)],
          }),
      ),
    });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      row(
        COLUMNS.map((c) => c.label),
        true,
      ),
      ...accepted.map((f, i) => row([String(i + 1), f.rule, findingPlace(f), f.message, f.explanation ?? ""])),
    ],
  });
}

/** Who prepared, reviewed and signed off, with the cover's own labels. */
function signatures(snapshot: Snapshot): string {
  return snapshot.model.version.cover
    .filter((f) => ["preparer", "reviewer", "principal", "filledOn"].includes(f.key))
    .map((f) => `${f.label}：${snapshot.cover[f.key] || "　　　　"}`)
    .join("　");
}

export function notesDocx(snapshot: Snapshot, accepted: Finding[]): Promise<Uint8Array> {
  const title = notesTitle(snapshot);
  const children = [
    titleParagraph(title),
    bodyParagraph(`以下 ${accepted.length} 处提示经填报人核对后接受，说明如下。`),
    notesTable(accepted),
    bodyParagraph(""),
    bodyParagraph(signatures(snapshot), AlignmentType.LEFT),
  ];
  return packDocx(newDocument(title, children));
}
