import { Tokenizer } from "htmlparser2";
import { LimitError, LIMITS } from "../host/limits";
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
          pos: { kind: "line", line, column },
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
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "aside",
  "nav",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "body",
  "html",
  "form",
  "figure",
  "figcaption",
  "center",
  "title",
  // Cells of a layout table (one that holds other tables) are blocks of the page.
  "table",
  "tbody",
  "thead",
  "tfoot",
  "tr",
  "td",
  "th",
  "caption",
]);
const SKIP = new Set(["script", "style", "noscript", "template", "head", "iframe", "object", "svg"]);
/** Elements whose content is never text of the page. */
const RAW = new Set(["script", "style", "noscript", "template"]);

/**
 * Bounds on a page: deeper nesting is read as text of the element at the limit (100,000 nested
 * <div>s are one block), and a span is at most this many rows or columns (a report's tables need
 * fewer than 40; a rowspan of 1,000 × colspan of 1,000 would fill a million grid cells per cell).
 */
const MAX_DEPTH = 256;
const MAX_SPAN = 64;

/** An element of the page: a light tree built in one pass, walked without recursion. */
interface Element {
  tag: string;
  attrs: Record<string, string>;
  parent: Element | null;
  children: (Element | string)[];
  depth: number;
  /** Where its text starts and ends in the page's text (document order, raw elements left out). */
  start: number;
  end: number;
}

interface Page {
  root: Element;
  /** All text of the page, in document order. */
  text: string;
  tables: Element[];
  title: Element | null;
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/** Elements an opening tag closes when open (sloppy CMS markup leaves <td>, <tr>, <p>, <li> open), up to the element in `within`. */
const CLOSED_BY: Record<string, { close: Set<string>; within: Set<string> }> = {
  td: { close: new Set(["td", "th"]), within: new Set(["tr", "table"]) },
  th: { close: new Set(["td", "th"]), within: new Set(["tr", "table"]) },
  tr: { close: new Set(["tr", "td", "th"]), within: new Set(["table", "thead", "tbody", "tfoot"]) },
  tbody: { close: new Set(["tbody", "thead", "tfoot", "tr", "td", "th"]), within: new Set(["table"]) },
  thead: { close: new Set(["tbody", "thead", "tfoot", "tr", "td", "th"]), within: new Set(["table"]) },
  tfoot: { close: new Set(["tbody", "thead", "tfoot", "tr", "td", "th"]), within: new Set(["table"]) },
  li: { close: new Set(["li"]), within: new Set(["ul", "ol"]) },
  p: { close: new Set(["p"]), within: new Set(["div", "td", "th", "body", "section", "article", "li", "blockquote"]) },
};
/** How far down the open elements a closing tag looks for its element (a stray </div> is ignored). */
const CLOSE_REACH = 64;

/**
 * The page as a light tree, in one linear pass of htmlparser2's tokenizer with a stack of our
 * own: pushes and pops only (the library's parser keeps its stack with unshift/shift, which is
 * quadratic in the nesting depth).
 */
function parsePage(html: string, file: string): Page {
  const root: Element = { tag: "#root", attrs: {}, parent: null, children: [], depth: 0, start: 0, end: 0 };
  const pieces: string[] = [];
  let length = 0;
  const stack: Element[] = [root];
  let ignored = 0; // opening tags past MAX_DEPTH; as many closing tags are ignored
  let raw = 0;
  const tables: Element[] = [];
  let title: Element | null = null;
  let tag = "";
  let attrs: Record<string, string> = {};
  let attrName = "";
  let attrValue = "";
  let elements = 0;
  const top = () => stack[stack.length - 1];
  const addText = (text: string) => {
    if (raw || text === "") return;
    top().children.push(text);
    pieces.push(text);
    length += text.length;
  };
  const pop = () => {
    const el = stack.pop()!;
    if (RAW.has(el.tag)) raw--;
    el.end = length;
  };
  const open = (name: string, attributes: Record<string, string>, selfClosing: boolean) => {
    const rule = CLOSED_BY[name];
    if (rule) {
      for (let i = stack.length - 1; i > 0 && stack.length - i <= CLOSE_REACH; i--) {
        const t = stack[i].tag;
        if (rule.within.has(t)) break;
        if (rule.close.has(t)) {
          while (stack.length > i) pop();
          break;
        }
      }
    }
    if (++elements > LIMITS.htmlElements) throw new LimitError(file, "htmlElements");
    if (stack.length > MAX_DEPTH) {
      if (!VOID.has(name) && !selfClosing) ignored++;
      return;
    }
    const parent = top();
    const el: Element = { tag: name, attrs: attributes, parent, children: [], depth: stack.length, start: length, end: length };
    parent.children.push(el);
    if (name === "table") tables.push(el);
    if (name === "title" && !title) title = el;
    if (VOID.has(name) || selfClosing) return;
    stack.push(el);
    if (RAW.has(name)) raw++;
  };
  const close = (name: string) => {
    if (VOID.has(name)) return;
    if (ignored) {
      ignored--;
      return;
    }
    for (let i = stack.length - 1; i > 0 && stack.length - i <= CLOSE_REACH; i--) {
      if (stack[i].tag !== name) continue;
      while (stack.length > i) pop();
      return;
    }
  };
  const endAttr = () => {
    if (attrName) attrs[attrName] = attrValue;
    attrName = "";
    attrValue = "";
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        tag = html.slice(start, end).toLowerCase();
        attrs = {};
      },
      onattribname(start, end) {
        attrName = html.slice(start, end).toLowerCase();
        attrValue = "";
      },
      onattribdata(start, end) {
        attrValue += html.slice(start, end);
      },
      onattribentity(codepoint) {
        attrValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        endAttr();
      },
      onopentagend() {
        endAttr();
        open(tag, attrs, false);
      },
      onselfclosingtag() {
        endAttr();
        open(tag, attrs, true);
      },
      onclosetag(start, end) {
        close(html.slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        addText(html.slice(start, end));
      },
      ontextentity(codepoint) {
        addText(String.fromCodePoint(codepoint));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  while (stack.length > 1) pop();
  root.end = length;
  if (length > LIMITS.textChars) throw new LimitError(file, "textChars");
  return { root, text: pieces.join(""), tables, title };
}

const collapse = (s: string) => s.replace(/[\s\u00a0\u3000]+/g, " ").trim();

function spanAttr(el: Element, name: string): number {
  const v = Number.parseInt(el.attrs[name] ?? "1", 10);
  return Number.isFinite(v) && v >= 1 ? Math.min(v, MAX_SPAN) : 1;
}

/** Rows of a table (not of tables nested in it). */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const stack: Element[] = [table];
  while (stack.length) {
    const el = stack.pop()!;
    const kids = el.children.filter((c): c is Element => typeof c !== "string");
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i];
      if (c.tag === "tr") rows.push(c);
      else if (c.tag === "thead" || c.tag === "tbody" || c.tag === "tfoot") stack.push(c);
    }
  }
  // The stack visits sections last-first within a level: restore document order.
  return rows.sort((a, b) => a.start - b.start || a.depth - b.depth);
}

/**
 * The page's report body: the smallest element holding every table of values and the text before
 * them (a site's menus and footer fall outside it). A table of values holds no other table.
 */
function reportBody(page: Page, dataTables: Element[], firstHeading: string): Element {
  if (dataTables.length === 0) return page.root;
  let common: Element = dataTables[0];
  const ancestors = (el: Element) => {
    const set = new Set<Element>();
    for (let e: Element | null = el; e; e = e.parent) set.add(e);
    return set;
  };
  for (const t of dataTables.slice(1)) {
    const up = ancestors(t);
    while (!up.has(common)) common = common.parent!;
  }
  // Up until the element's text holds the first part title (found once in the page's text).
  const wanted = firstHeading.replace(/\s+/g, "");
  // The page's text without spaces, each run remembering where it came from.
  const runs: { flat: number; at: number }[] = [];
  const parts: string[] = [];
  let flatLength = 0;
  for (const m of page.text.matchAll(/\S+/g)) {
    runs.push({ flat: flatLength, at: m.index });
    parts.push(m[0]);
    flatLength += m[0].length;
  }
  const flat = parts.join("");
  const original = (k: number) => {
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid].flat <= k) lo = mid;
      else hi = mid - 1;
    }
    return runs[lo].at + (k - runs[lo].flat);
  };
  const hits: number[] = [];
  for (let at = wanted ? flat.indexOf(wanted) : -1; at >= 0; at = flat.indexOf(wanted, at + 1)) hits.push(original(at));
  const holds = (el: Element) => hits.some((h) => h >= el.start && h < el.end);
  let body = common;
  while (body.parent && !holds(body)) body = body.parent;
  return body;
}

/**
 * @param firstHeading words of the report's first part title (总体情况), to tell the report's
 *   body from the site around it.
 */
export function linesFromHtml(html: string, firstHeading: string, file = "网页"): { lines: SourceLine[]; before: string[]; title: string | null } {
  const page = parsePage(html, file);
  const textOf = (el: Element) => page.text.slice(el.start, el.end);
  // A table holding another table lays out the page: its cells are blocks, not values.
  const layout = new Set<Element>();
  for (const t of page.tables) {
    for (let e = t.parent; e; e = e.parent) {
      if (e.tag !== "table") continue;
      if (layout.has(e)) break;
      layout.add(e);
    }
  }
  const dataTables = page.tables.filter((t) => !layout.has(t));
  const body = reportBody(page, dataTables, firstHeading);
  const lines: SourceLine[] = [];
  let buffer = "";
  let tableCount = 0;
  const flush = () => {
    const text = collapse(buffer);
    buffer = "";
    if (!text) return;
    const pos: SourcePosition = { kind: "line", line: lines.length + 1, column: 1 };
    // A block of text is prose or a heading; its numbers are never table cells.
    lines.push({ text, tokens: [{ text, pos, value: null }], pos, prose: true, tableRow: false });
  };
  const emitTable = (table: Element) => {
    tableCount += 1;
    const index = tableCount;
    const taken: boolean[][] = [];
    const caption = table.children.find((c): c is Element => typeof c !== "string" && c.tag === "caption");
    if (caption) {
      buffer = textOf(caption);
      flush();
    }
    rowsOf(table).forEach((tr, r) => {
      taken[r] ??= [];
      let col = 0;
      const tokens: Token[] = [];
      for (const td of tr.children) {
        if (typeof td === "string" || (td.tag !== "td" && td.tag !== "th")) continue;
        while (taken[r][col]) col += 1;
        const rowSpan = spanAttr(td, "rowspan");
        const colSpan = spanAttr(td, "colspan");
        for (let dr = 0; dr < rowSpan; dr++) {
          taken[r + dr] ??= [];
          for (let dc = 0; dc < colSpan; dc++) taken[r + dr][col + dc] = true;
        }
        const text = collapse(textOf(td));
        tokens.push({ text, pos: { kind: "cell", table: index, row: r + 1, column: col + 1 }, value: cellValue(text) });
        col += colSpan;
      }
      if (tokens.length === 0) return;
      lines.push({
        text: tokens.map((t) => t.text).join("\t"),
        tokens,
        pos: { kind: "cell", table: index, row: r + 1, column: 1 },
        prose: false,
        tableRow: true,
      });
    });
  };
  let bodyStart = 0;
  let bodyEnd = -1;
  // Depth-first without recursion: an element is entered, its children walked, then it is left.
  type Step = { node: Element | string; leave: boolean };
  const stack: Step[] = [{ node: page.root, leave: false }];
  while (stack.length) {
    const { node, leave } = stack.pop()!;
    if (typeof node === "string") {
      buffer += node;
      continue;
    }
    const block = BLOCK.has(node.tag) || node === page.root;
    if (leave) {
      if (block) flush();
      if (node === body) {
        flush();
        bodyEnd = lines.length;
      }
      continue;
    }
    if (SKIP.has(node.tag)) continue;
    if (node === body) {
      flush();
      bodyStart = lines.length;
    }
    if (node.tag === "table" && !layout.has(node)) {
      flush();
      emitTable(node);
      if (node === body) bodyEnd = lines.length;
      continue;
    }
    if (node.tag === "br") {
      flush();
      continue;
    }
    if (block) flush();
    stack.push({ node, leave: true });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], leave: false });
  }
  flush();
  if (bodyEnd < 0) bodyEnd = lines.length;
  // Text before the body (a title printed in the page header) is kept for the title only.
  const before = lines
    .slice(0, bodyStart)
    .filter((l) => !l.tableRow)
    .map((l) => l.text);
  const title = page.title ? collapse(textOf(page.title)) || null : null;
  return { lines: lines.slice(bodyStart, bodyEnd), before, title };
}
