import { Inflate } from "fflate";

/** What 导入 says of a workbook given as a report. */
export const XLSX_NOT_REPORT =
  "这是 Excel 工作簿（.xlsx），不是年报文档。上年的年报工作簿请在“从上年结转”中选择；要导入的已发布年报请选择 PDF、Word（.docx）、网页或文本。";
import { SaxesParser } from "saxes";
import { cellValue, linesFromText, type SourceLine, type SourcePosition, type Token } from "./source";

/**
 * A Word document (.docx, also as WPS and LibreOffice save it) read into the importer's lines:
 * each body paragraph a line of text, each table row a row of cells on the table's real grid
 * (w:gridSpan widens a cell, w:vMerge continues the cell above, as rowspan/colspan do in HTML).
 * The zip is read with budgets: only word/document.xml is inflated, and inflating stops past
 * DOCX_MAX_XML bytes; the XML is parsed by a real parser that refuses DTDs (no entities).
 */

export type DocxRead = { ok: true; lines: SourceLine[]; tables: number; paragraphs: number } | { ok: false; message: string };

const DOCX_MAX_BYTES = 30 * 1024 * 1024;
const DOCX_MAX_XML = 40 * 1024 * 1024;
const DOCX_MAX_ELEMENTS = 2_000_000;

class DocxError extends Error {}

interface ZipEntry {
  method: number;
  offset: number;
  compressed: number;
}

function u16(b: Uint8Array, p: number) {
  return b[p] | (b[p + 1] << 8);
}
function u32(b: Uint8Array, p: number) {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

function zipEntries(b: Uint8Array): Map<string, ZipEntry> {
  let eocd = b.length - 22;
  const stop = Math.max(0, b.length - 22 - 0xffff);
  while (eocd >= stop && u32(b, eocd) !== 0x06054b50) eocd--;
  if (eocd < stop) throw new DocxError("文件不完整或已损坏（不是有效的 .docx 压缩包）");
  const count = u16(b, eocd + 10);
  let p = u32(b, eocd + 16);
  const out = new Map<string, ZipEntry>();
  const names = new TextDecoder("utf-8");
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) throw new DocxError("文件已损坏（压缩包目录有误）");
    const nameLen = u16(b, p + 28);
    const name = names.decode(b.subarray(p + 46, p + 46 + nameLen));
    out.set(name, { method: u16(b, p + 10), compressed: u32(b, p + 20), offset: u32(b, p + 42) });
    p += 46 + nameLen + u16(b, p + 30) + u16(b, p + 32);
  }
  return out;
}

function inflateEntry(b: Uint8Array, e: ZipEntry, limit: number): Uint8Array {
  if (e.offset + 30 > b.length || u32(b, e.offset) !== 0x04034b50) throw new DocxError("文件已损坏（压缩包条目有误）");
  const start = e.offset + 30 + u16(b, e.offset + 26) + u16(b, e.offset + 28);
  const data = b.subarray(start, start + e.compressed);
  if (data.length < e.compressed) throw new DocxError("文件不完整（可能下载未完成）");
  if (e.method === 0) {
    if (data.length > limit) throw new DocxError(`文档正文过大（超过 ${limit / 1024 / 1024} MB）`);
    return data;
  }
  if (e.method !== 8) throw new DocxError(`不支持的压缩方式 ${e.method}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflate = new Inflate((chunk) => {
    total += chunk.length;
    // A small file that inflates without end (a zip bomb) stops here.
    if (total > limit) throw new DocxError(`文档正文解压后过大（超过 ${limit / 1024 / 1024} MB）`);
    chunks.push(chunk);
  });
  const step = 1 << 16;
  try {
    for (let k = 0; k < data.length; k += step) inflate.push(data.subarray(k, Math.min(data.length, k + step)), k + step >= data.length);
  } catch (e) {
    if (e instanceof DocxError) throw e;
    throw new DocxError("文件已损坏（正文无法解压）");
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

interface Cell {
  text: string;
  col: number;
  span: number;
  /** w:vMerge without "restart": continues the cell above. */
  continues: boolean;
}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);
const clean = (s: string) => s.replace(/[\s\u00a0\u3000]+/g, " ").trim();

/** The body's paragraphs and tables in order (tables nested in a cell read as that cell's text). */
function parseDocument(xml: string): { blocks: ({ kind: "p"; text: string } | { kind: "table"; rows: Cell[][] })[] } {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const blocks: ({ kind: "p"; text: string } | { kind: "table"; rows: Cell[][] })[] = [];
  let elements = 0;
  let tableDepth = 0;
  let rows: Cell[][] = [];
  let row: Cell[] | null = null;
  let cell: { text: string; span: number; vMerge: string | null; col: number } | null = null;
  let col = 0;
  let para: string | null = null;
  let inText = false;
  parser.on("doctype", () => {
    throw new DocxError("文档含有 DTD 声明，不予读取");
  });
  parser.on("opentag", (tag) => {
    if (++elements > DOCX_MAX_ELEMENTS) throw new DocxError("文档结构过大");
    const name = localName(tag.name);
    const attr = (k: string) => {
      for (const [key, v] of Object.entries(tag.attributes)) if (localName(key) === k) return String(v);
      return null;
    };
    if (name === "tbl") {
      tableDepth += 1;
      if (tableDepth === 1) rows = [];
    } else if (tableDepth === 1 && name === "tr") {
      row = [];
      col = 0;
    } else if (tableDepth === 1 && name === "tc") {
      cell = { text: "", span: 1, vMerge: null, col };
    } else if (tableDepth === 1 && cell && name === "gridSpan") {
      const n = Number.parseInt(attr("val") ?? "1", 10);
      cell.span = Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
    } else if (tableDepth === 1 && cell && name === "vMerge") {
      cell.vMerge = attr("val") ?? "continue";
    } else if (tableDepth === 1 && name === "gridBefore" && row) {
      const n = Number.parseInt(attr("val") ?? "0", 10);
      if (Number.isFinite(n) && n > 0) col += Math.min(n, 1000);
    } else if (name === "p") {
      if (tableDepth === 0) para = "";
      else if (cell && cell.text) cell.text += " ";
    } else if (name === "t") {
      inText = true;
    } else if (name === "tab") {
      if (tableDepth === 0 && para !== null) para += "\t";
      else if (cell) cell.text += " ";
    } else if (name === "br" || name === "cr") {
      if (tableDepth === 0 && para !== null) para += "\n";
      else if (cell) cell.text += " ";
    }
  });
  parser.on("text", (t) => {
    if (!inText) return;
    if (tableDepth > 0) {
      if (cell) cell.text += t;
    } else if (para !== null) para += t;
  });
  parser.on("closetag", (tag) => {
    const name = localName(tag.name);
    if (name === "t") inText = false;
    else if (name === "tc" && tableDepth === 1 && cell && row) {
      row.push({ text: clean(cell.text), col: cell.col, span: cell.span, continues: cell.vMerge !== null && cell.vMerge !== "restart" });
      col = cell.col + cell.span;
      cell = null;
    } else if (name === "tr" && tableDepth === 1 && row) {
      rows.push(row);
      row = null;
    } else if (name === "tbl") {
      if (tableDepth === 1) blocks.push({ kind: "table", rows });
      tableDepth -= 1;
    } else if (name === "p" && tableDepth === 0 && para !== null) {
      for (const line of para.split("\n")) blocks.push({ kind: "p", text: line });
      para = null;
    }
  });
  parser.on("error", (e) => {
    throw e instanceof DocxError ? e : new DocxError(`文档正文不是有效的 XML（${e.message}）`);
  });
  parser.write(xml).close();
  return { blocks };
}

export function readDocx(bytes: Uint8Array): DocxRead {
  if (bytes.length > DOCX_MAX_BYTES)
    return { ok: false, message: `Word 文件过大（${(bytes.length / 1024 / 1024).toFixed(1)} MB），超过导入上限 ${DOCX_MAX_BYTES / 1024 / 1024} MB。` };
  try {
    const entries = zipEntries(bytes);
    const main = entries.get("word/document.xml");
    if (!main) {
      if ([...entries.keys()].some((n) => n.startsWith("xl/"))) return { ok: false, message: XLSX_NOT_REPORT };
      return { ok: false, message: "这不是 Word 文档（.docx 中没有正文 word/document.xml）。" };
    }
    const xml = new TextDecoder("utf-8").decode(inflateEntry(bytes, main, DOCX_MAX_XML));
    const { blocks } = parseDocument(xml);
    const lines: SourceLine[] = [];
    let tables = 0;
    let paragraphs = 0;
    for (const block of blocks) {
      if (block.kind === "p") {
        paragraphs += 1;
        if (!clean(block.text)) continue;
        // A paragraph reads as a line of text does (a table typed as text still has its rows).
        const pos: SourcePosition = { kind: "paragraph", paragraph: paragraphs };
        for (const l of linesFromText(block.text).lines) lines.push({ ...l, pos, tokens: l.tokens.map((t) => ({ ...t, pos })) });
        continue;
      }
      tables += 1;
      block.rows.forEach((cells, r) => {
        const tokens: Token[] = cells
          .filter((c) => !c.continues)
          .map((c) => ({ text: c.text, pos: { kind: "cell", table: tables, row: r + 1, column: c.col + 1 }, value: cellValue(c.text) }));
        if (tokens.length === 0) return;
        lines.push({
          text: tokens.map((t) => t.text).join("\t"),
          tokens,
          pos: { kind: "cell", table: tables, row: r + 1, column: 1 },
          prose: false,
          tableRow: true,
        });
      });
    }
    if (lines.length === 0) return { ok: false, message: "Word 文档中没有文字。" };
    return { ok: true, lines, tables, paragraphs };
  } catch (e) {
    if (e instanceof DocxError) return { ok: false, message: `Word 文件无法读取：${e.message}。` };
    return { ok: false, message: `Word 文件无法读取（${(e as Error).message}）。请在 Word 或 WPS 中重新“另存为”.docx 后再导入。` };
  }
}
