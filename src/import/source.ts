import { parse, type HTMLElement, type Node } from "node-html-parser";
import { parseLooseNumber } from "../rules/number";

/**
 * A published report, read into lines of tokens. Plain text (PDF-extracted or copied from a
 * web page) gives one line per text line; HTML gives one line per block and one per table row,
 * with each table cell a token placed on the expanded rowspan/colspan grid.
 */

export type SourcePosition =
  | { kind: "line"; line: number; column: number }
  /** A PDF: the page and the line on it, counted from the top. */
  | { kind: "page"; page: number; line: number; column: number }
  /** A Word document's paragraph outside the tables. */
  | { kind: "paragraph"; paragraph: number }
  | { kind: "cell"; table: number; row: number; column: number };

export function describePosition(p: SourcePosition): string {
  switch (p.kind) {
    case "line":
      return `第 ${p.line} 行`;
    case "page":
      return `第 ${p.page} 页第 ${p.line} 行`;
    case "paragraph":
      return `第 ${p.paragraph} 段`;
    default:
      return `第 ${p.table} 个表格第 ${p.row} 行第 ${p.column} 列`;
  }
}

/** Two positions on the same printed line (plain text or a PDF page). */
export function sameLine(a: SourcePosition, b: SourcePosition): boolean {
  if (a.kind === "line" && b.kind === "line") return a.line === b.line;
  if (a.kind === "page" && b.kind === "page") return a.page === b.page && a.line === b.line;
  return false;
}

/** A cell value as printed: a number (maybe with a unit) or a blank mark. */
interface CellValue {
  number: number | null;
  unit: string | null;
  /** "mark" for "/", "—", "-"; "empty" for an empty table cell or tab field. */
  blank: "mark" | "empty" | null;
}

export interface Token {
  text: string;
  pos: SourcePosition;
  value: CellValue | null;
  /** A PDF value's horizontal centre on its page: a row printed with blank cells is matched to the columns by it. */
  x?: number;
}

export interface SourceLine {
  text: string;
  tokens: Token[];
  pos: SourcePosition;
  /** Running prose: its numbers are words of a sentence, not table cells. */
  prose: boolean;
  /** Inside an HTML table. */
  tableRow: boolean;
}

const BLANK_MARK = /^[/／\\\-－—–―─－]+$/;
const UNIT_ONLY = /^(万元|元|件|条|项|个|次)$/;

export function cellValue(text: string): CellValue | null {
  const t = text.replace(/\s+/g, "");
  if (t === "") return { number: null, unit: null, blank: "empty" };
  if (BLANK_MARK.test(t)) return { number: null, unit: null, blank: "mark" };
  const n = parseLooseNumber(t);
  if (!n) return null;
  return { number: n.value, unit: n.unit, blank: null };
}

const CJK = /[\u4e00-\u9fff]/g;

/** Sentence punctuation, or a comma outside brackets in a long line: words, not a table row. */
export function isProse(text: string): boolean {
  if (/[。；！？]/.test(text)) return true;
  const outside = text.replace(/[（(][^）)]*[）)]?/g, "");
  return /[，,]/.test(outside) && (outside.match(CJK)?.length ?? 0) >= 10;
}

/** A page number printed by the PDF ("- 3 -", "— 12 —", "第 3 页"). */
const PAGE_NUMBER = /^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?)\s*$/;

export const isPageNumber = (text: string) => PAGE_NUMBER.test(text);

function splitFields(raw: string): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  if (raw.includes("\t")) {
    // A row copied from a web table: tab-separated fields; an empty field is an empty cell.
    let column = 1;
    for (const field of raw.split("\t")) {
      out.push({ text: field.trim(), column });
      column += field.length + 1;
    }
    while (out.length && out[0].text === "") out.shift();
    return out;
  }
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) out.push({ text: m[0], column: m.index + 1 });
  return out;
}

/** "251000 元": a unit printed apart from its number belongs to it; "指 2019 年事项数": a year is words. */
function attachUnits(tokens: Token[]): Token[] {
  const out: Token[] = [];
  tokens.forEach((t, i) => {
    if (t.value?.number != null && t.value.unit === null && /^[年月日]/.test(tokens[i + 1]?.text ?? "")) t.value = null;
  });
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (prev?.value && prev.value.number !== null && prev.value.unit === null && UNIT_ONLY.test(t.text)) {
      prev.text = `${prev.text}${t.text}`;
      prev.value = { ...prev.value, unit: t.text };
      continue;
    }
    out.push(t);
  }
  return out;
}

/** A Markdown pipe-table row: "| 规章 | 0 | 0 | 0 |". */
const PIPE_ROW = /^\s*\|.*\|\s*$/;
/** Its header separator: "|---|:---:|". */
const PIPE_RULE = /^\s*\|(\s*:?-{2,}:?\s*\|)+\s*$/;
/** A Markdown heading's marks: "## 二、主动公开政府信息情况". */
const MD_HEADING = /^\s{0,3}#{1,6}\s+|\s+#+\s*$/g;

function pipeCells(raw: string, line: number): Token[] {
  const tokens: Token[] = [];
  const inner = raw.trim().slice(1, -1);
  let column = raw.indexOf("|") + 2;
  for (const cell of inner.split("|")) {
    const text = cell.trim();
    tokens.push({ text, pos: { kind: "line", line, column }, value: cellValue(text) });
    column += cell.length + 1;
  }
  return tokens;
}

export function linesFromText(input: string): { lines: SourceLine[]; skipped: SourceLine[] } {
  const lines: SourceLine[] = [];
  const skipped: SourceLine[] = [];
  input
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .forEach((original, i) => {
      const line = i + 1;
      if (original.trim() === "") return;
      if (PIPE_RULE.test(original)) return;
      if (PIPE_ROW.test(original) && !original.includes("\t")) {
        // A Markdown table row: its cells are cells, an empty one an empty cell.
        const tokens = pipeCells(original, line);
        lines.push({ text: tokens.map((t) => t.text).join("\t"), tokens, pos: { kind: "line", line, column: 1 }, prose: false, tableRow: true });
        return;
      }
      const raw = original.replace(MD_HEADING, "");
      if (raw.trim() === "") return;
      const pos: SourcePosition = { kind: "line", line, column: 1 };
      if (PAGE_NUMBER.test(raw)) {
        skipped.push({ text: raw.trim(), tokens: [], pos, prose: false, tableRow: false });
        return;
      }
      const prose = isProse(raw);
      const tokens = attachUnits(
        splitFields(raw).map(({ text, column }) => ({
          text,
          pos: { kind: "line", line, column } as SourcePosition,
          value: prose ? null : cellValue(text),
        })),
      );
      lines.push({ text: raw.trim(), tokens, pos, prose, tableRow: raw.includes("\t") });
    });
  return { lines: ungroupColumns(lines), skipped };
}

const lineNo = (l: SourceLine) => (l.pos.kind === "line" ? l.pos.line : -1);
const indentOf = (l: SourceLine) => (l.tokens[0]?.pos.kind === "line" ? l.tokens[0].pos.column : 1);
const hasNumber = (l: SourceLine) => l.tokens.some((t) => t.value?.number != null);

/**
 * Text copied with its layout (spaces for columns): a group label in a narrow column wraps line by
 * line beside the row label of the next column ("（六）其 / 2、申请人逾期未按收费通知要 / 他处理 /
 * 求缴纳费用… 6 0 0 0 0 0 6"). In a block of adjacent lines with exactly two indents and one line
 * of values, the narrower column's words come first, so each label reads whole.
 */
function ungroupColumns(lines: SourceLine[]): SourceLine[] {
  const out: SourceLine[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i + 1;
    while (j < lines.length && lineNo(lines[j]) === lineNo(lines[j - 1]) + 1) j++;
    const block = lines.slice(i, j);
    i = j;
    const plain = block.length >= 3 && block.every((l) => !l.prose && !l.tableRow && l.tokens.length > 0);
    const indents = [...new Set(block.map(indentOf))].sort((a, b) => a - b);
    if (!plain || indents.length !== 2 || indents[1] - indents[0] < 4 || block.filter(hasNumber).length !== 1) {
      out.push(...block);
      continue;
    }
    const narrow = block.filter((l) => indentOf(l) === indents[0]);
    const wide = block.filter((l) => indentOf(l) === indents[1]);
    // The narrow column starts the block and goes on after the wide one has begun.
    const firstWide = block.findIndex((l) => indentOf(l) === indents[1]);
    const interleaved = indentOf(block[0]) === indents[0] && block.slice(firstWide).some((l) => indentOf(l) === indents[0]);
    if (!interleaved || narrow.some(hasNumber) || narrow.some((l) => l.text.length > 8)) {
      out.push(...block);
      continue;
    }
    out.push(...narrow, ...wide);
  }
  return out;
}

const BLOCK = new Set([
  "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul", "ol", "dl", "dt", "dd",
  "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "body", "html", "form", "figure", "figcaption", "center", "title",
  // Cells of a layout table (one that holds other tables) are blocks of the page.
  "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
]);
const SKIP = new Set(["script", "style", "noscript", "template", "head", "iframe", "object", "svg"]);

const isElement = (n: Node): n is HTMLElement => n.nodeType === 1;
const tagOf = (n: HTMLElement) => (n.rawTagName ?? "").toLowerCase();

function spanAttr(el: HTMLElement, name: string): number {
  const v = Number.parseInt(el.getAttribute(name) ?? "1", 10);
  return Number.isFinite(v) && v >= 1 ? Math.min(v, 1000) : 1;
}

/** Rows of a table (not of tables nested in it). */
function rowsOf(table: HTMLElement): HTMLElement[] {
  const rows: HTMLElement[] = [];
  const visit = (el: HTMLElement) => {
    for (const c of el.childNodes) {
      if (!isElement(c)) continue;
      const tag = tagOf(c);
      if (tag === "tr") rows.push(c);
      else if (tag === "thead" || tag === "tbody" || tag === "tfoot") visit(c);
    }
  };
  visit(table);
  return rows;
}

const cellText = (el: HTMLElement) => el.text.replace(/[\s\u00a0\u3000]+/g, " ").trim();

/** A table of values, not a page laid out with a table around other tables. */
const isDataTable = (table: HTMLElement) => table.querySelector("table") === null;

/**
 * The page's report body: the smallest element holding every table and the text before them
 * (a site's menus and footer fall outside it).
 */
function reportBody(root: HTMLElement, firstHeading: string): HTMLElement {
  const tables = root.querySelectorAll("table").filter(isDataTable);
  if (tables.length === 0) return root;
  const chain = (el: HTMLElement) => {
    const out: HTMLElement[] = [];
    for (let e: HTMLElement | null = el; e; e = e.parentNode) out.unshift(e);
    return out;
  };
  let common = chain(tables[0]);
  for (const t of tables.slice(1)) {
    const c = chain(t);
    let k = 0;
    while (k < common.length && k < c.length && common[k] === c[k]) k++;
    common = common.slice(0, k);
  }
  let body = common[common.length - 1] ?? root;
  const wanted = firstHeading.replace(/\s+/g, "");
  while (body.parentNode && !body.text.replace(/\s+/g, "").includes(wanted)) body = body.parentNode;
  return body;
}

/**
 * @param firstHeading words of the report's first part title (总体情况), to tell the report's
 *   body from the site around it.
 */
export function linesFromHtml(html: string, firstHeading: string): { lines: SourceLine[]; before: string[]; title: string | null } {
  const root = parse(html.replace(/<!DOCTYPE[^>]*>/i, ""), { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const body = reportBody(root, firstHeading);
  const lines: SourceLine[] = [];
  let buffer = "";
  let tableCount = 0;
  const flush = () => {
    const text = buffer.replace(/[\s\u00a0\u3000]+/g, " ").trim();
    buffer = "";
    if (!text) return;
    const pos: SourcePosition = { kind: "line", line: lines.length + 1, column: 1 };
    // A block of text is prose or a heading; its numbers are never table cells.
    lines.push({ text, tokens: [{ text, pos, value: null }], pos, prose: true, tableRow: false });
  };
  const emitTable = (table: HTMLElement) => {
    tableCount += 1;
    const index = tableCount;
    const taken: boolean[][] = [];
    const caption = table.childNodes.find((c): c is HTMLElement => isElement(c) && tagOf(c) === "caption");
    if (caption) {
      buffer = cellText(caption);
      flush();
    }
    rowsOf(table).forEach((tr, r) => {
      taken[r] ??= [];
      let col = 0;
      const tokens: Token[] = [];
      for (const td of tr.childNodes) {
        if (!isElement(td) || !["td", "th"].includes(tagOf(td))) continue;
        while (taken[r][col]) col += 1;
        const rowSpan = spanAttr(td, "rowspan");
        const colSpan = spanAttr(td, "colspan");
        for (let dr = 0; dr < rowSpan; dr++) {
          taken[r + dr] ??= [];
          for (let dc = 0; dc < colSpan; dc++) taken[r + dr][col + dc] = true;
        }
        const text = cellText(td);
        tokens.push({ text, pos: { kind: "cell", table: index, row: r + 1, column: col + 1 }, value: cellValue(text) });
        col += colSpan;
      }
      if (tokens.length === 0) return;
      lines.push({ text: tokens.map((t) => t.text).join("\t"), tokens, pos: { kind: "cell", table: index, row: r + 1, column: 1 }, prose: false, tableRow: true });
    });
  };
  let bodyStart = 0;
  let bodyEnd = -1;
  const walk = (node: Node) => {
    if (!isElement(node)) {
      buffer += node.text;
      return;
    }
    const tag = tagOf(node);
    if (SKIP.has(tag)) return;
    const isBody = node === body;
    if (isBody) {
      flush();
      bodyStart = lines.length;
    }
    if (tag === "table" && isDataTable(node)) {
      flush();
      emitTable(node);
    } else if (tag === "br") {
      flush();
    } else {
      const block = BLOCK.has(tag);
      if (block) flush();
      for (const c of node.childNodes) walk(c);
      if (block) flush();
    }
    if (isBody) {
      flush();
      bodyEnd = lines.length;
    }
  };
  walk(root);
  flush();
  if (bodyEnd < 0) bodyEnd = lines.length;
  // Text before the body (a title printed in the page header) is kept for the title only.
  const before = lines.slice(0, bodyStart).filter((l) => !l.tableRow).map((l) => l.text);
  const titleEl = root.querySelector("title");
  return { lines: lines.slice(bodyStart, bodyEnd), before, title: titleEl ? cellText(titleEl) || null : null };
}
