import { removeXmlIllegal } from "../workbook/cellText";
import type { ReportDocument } from "./report";
import type { ExportCell, ExportTable } from "./tables";

/**
 * The report as one self-contained HTML page (no scripts, no external resources) for the
 * website, and a single table's HTML for pasting into a CMS. Every text is escaped.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escaped, and without the control characters HTML forbids (they would reach the page raw). */
export function escapeHtml(text: string): string {
  return removeXmlIllegal(text)
    .text.replace(/[\u007F-\u009F]/g, "")
    .replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

const CELL_STYLE = "border:1px solid #000;padding:2px 4px;";
const ALIGN: Record<ExportCell["role"], string> = {
  title: "center",
  caption: "left",
  corner: "center",
  columnHeader: "center",
  rowHeader: "left",
  value: "center",
};

function cellHtml(cell: ExportCell): string {
  const tag = cell.role === "value" ? "td" : "th";
  const spans = `${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ""}${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ""}`;
  const weight = cell.role === "value" || cell.role === "rowHeader" ? "font-weight:normal;" : "";
  return `<${tag}${spans} style="${CELL_STYLE}${weight}text-align:${ALIGN[cell.role]};vertical-align:middle">${escapeHtml(cell.text)}</${tag}>`;
}

/**
 * The narrowest a table may get, in em of its own text: about four characters a column, so on a
 * phone 表三's labels and 表四's fifteen columns stay readable and the table scrolls sideways
 * inside its wrapper instead of squeezing into one-character columns.
 */
export const tableMinWidthEm = (table: ExportTable) => Math.max(30, table.width * 4);

/**
 * Just the table, with inline styles so it keeps its borders when pasted into a CMS editor,
 * inside a wrapper that scrolls sideways where the screen is narrower than the table.
 */
export function tableHtml(table: ExportTable): string {
  const rows = table.rows.map((r) => `<tr>${r.map(cellHtml).join("")}</tr>`).join("\n");
  const notes = table.notes.map((n) => `<p style="font-size:10.5pt">${escapeHtml(n)}</p>`).join("\n");
  const wrapper = `<div class="nb-table-scroll" style="overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%">`;
  const style = `border-collapse:collapse;width:100%;min-width:${tableMinWidthEm(table)}em;font-size:10.5pt`;
  return `${wrapper}\n<table data-table="${table.key}" style="${style}">\n${rows}\n</table>\n</div>${notes ? `\n${notes}` : ""}`;
}

const PAGE_CSS = [
  "body{max-width:960px;margin:24px auto;padding:0 16px;font-family:FangSong,STFangsong,'仿宋',serif;font-size:16px;line-height:1.8;color:#000}",
  "h1{font-family:'方正小标宋简体','FZXiaoBiaoSong-B05S',STZhongsong,SimSun,serif;font-weight:normal;font-size:22pt;text-align:center;line-height:1.4}",
  "h2{font-family:SimHei,'黑体','Heiti SC',sans-serif;font-weight:normal;font-size:16pt;margin:1em 0 .5em}",
  "p{text-indent:2em;margin:0 0 .5em}",
  "table{margin:0;line-height:1.4}",
  ".nb-table-scroll{margin:.5em 0 1em}",
  ".nb-table-scroll + p{text-indent:0}",
  "@media (max-width:600px){body{margin:12px auto;padding:0 10px}h1{font-size:18pt}}",
].join("\n");

export function reportHtml(doc: ReportDocument): string {
  const body = doc.parts
    .map((part) => {
      const paragraphs = part.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
      return [`<section>`, `<h2>${escapeHtml(part.title)}</h2>`, ...paragraphs, ...(part.table ? [tableHtml(part.table)] : []), `</section>`].join("\n");
    })
    .join("\n");
  return [
    "<!DOCTYPE html>",
    '<html lang="zh-CN">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>\n${PAGE_CSS}\n</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(doc.title)}</h1>`,
    body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
