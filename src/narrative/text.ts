import { FORMAT_IDS, getFormat } from "../format/registry";
import { PART_NUMERALS, paragraphOf, type Paragraph } from "./model";
import { SPACE_PUNCT_SYMBOL } from "../text/punctuation";

/**
 * Reading the plain text of a published report (copied from Word, a web page, or extracted
 * from a PDF) into the six parts and their paragraphs. The statutory tables printed inside
 * parts 二/三/四 are not text: a part's paragraphs stop where its table begins.
 */

export interface ReportText {
  /** The report's title line(s), e.g. "某某局2020年政府信息公开工作年度报告". */
  title?: string;
  /** Paragraphs of the six parts (part 0 = 一、总体情况), in reading order. */
  parts: Paragraph[];
  /** Paragraphs before the first part title (the intro). Not repeated in `parts`. */
  preamble: string[];
}

/** Part titles real reports use besides the format's own (spec A.4, B.5). */
const TITLE_VARIANTS: string[][] = [
  [],
  ["行政机关主动公开政府信息情况"],
  ["行政机关收到和处理政府信息公开申请情况"],
  ["因政府信息公开工作被申请行政复议和提起行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况"],
  ["政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况", "存在的主要问题和改进情况"],
  [],
];

/** Letters and digits only: what two spellings of a title must share. */
const core = (s: string) => s.replace(SPACE_PUNCT_SYMBOL, "");

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Dice similarity of two strings' character pairs. */
function dice(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.length || !y.length) return 0;
  const pool = new Map<string, number>();
  for (const g of y) pool.set(g, (pool.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of x) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      common += 1;
      pool.set(g, n - 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

/** Display width: CJK and full-width characters 1, ASCII ½, spaces 0 (PDF extraction adds them). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (/\s/.test(ch)) continue;
    w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  }
  return w;
}

const PAGE_NUMBER = [/^[-—–\s]*\d{1,3}[-—–\s]*$/, /^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$/, /^\d{1,3}\s*\/\s*\d{1,3}$/];

/** Line ends a sentence (。！？ or a colon before a list), possibly inside closing quotes. */
const SENTENCE_END = /[。！？!?：:…][”’」』）)]*$/;
/** Any punctuation a finished line of prose ends with. */
const LINE_END = /[。！？!?；;：:…”’」』）)】]$/;
/** Markers that start a new paragraph or list item. */
const ENUMERATOR =
  /^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+是|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+[，,、是]|首先|其次|再次|最后|此外|另外)/;

interface Candidate {
  part: number;
  /** Lines the title occupies (a title broken across lines takes several). */
  lines: number;
  /** Text after the title on its last line (a title run into the first sentence). */
  rest: string;
}

class TitleMatcher {
  private readonly titles: string[][];

  constructor(sections: string[]) {
    this.titles = sections.map((s, i) => [s.replace(/^[一二三四五六][、.．]/, ""), ...(TITLE_VARIANTS[i] ?? [])].map(core));
  }

  /** Similarity of `text` (the words after the numeral) to part `part`'s titles. */
  score(part: number, text: string): number {
    const h = core(text);
    if (h.length < 2) return 0;
    let best = 0;
    for (const t of this.titles[part]) {
      let s = dice(h, t);
      // A title cut off by a line break is still its title.
      if (h.length >= 4 && t.startsWith(h)) s = Math.max(s, 0.8);
      best = Math.max(best, s);
    }
    return best;
  }

  /** The title starting at lines[i], if any, for a part after `after`. */
  match(lines: string[], i: number, after: number): Candidate | null {
    const line = lines[i];
    const numbered = /^([一二三四五六])\s*[、，,.．:：\s]\s*(.*)$/.exec(line);
    if (numbered) {
      const part = PART_NUMERALS.indexOf(numbered[1]);
      if (part <= after) return null;
      const run = this.runIn(part, numbered[2]);
      if (run) return { part, lines: 1, rest: run };
      let best = { score: 0, lines: 1 };
      let text = numbered[2];
      for (let k = 1; k <= 3 && i + k - 1 < lines.length; k++) {
        if (k > 1) {
          const next = lines[i + k - 1];
          if (width(next) > 20 || /^[一二三四五六][、.．]/.test(next)) break;
          text += next;
        }
        const s = this.score(part, text);
        if (s > best.score) best = { score: s, lines: k };
      }
      return best.score >= 0.5 ? { part, lines: best.lines, rest: "" } : null;
    }
    // Without a numeral only the exact title counts.
    const h = core(line);
    for (let part = after + 1; part < this.titles.length; part++) {
      if (this.titles[part].includes(h)) return { part, lines: 1, rest: "" };
    }
    return null;
  }

  /** "总体情况2020年，我局……": the title followed by text on the same line; returns that text. */
  private runIn(part: number, text: string): string | null {
    for (const t of this.titles[part]) {
      let j = 0;
      let k = 0;
      while (j < text.length && k < t.length) {
        if (text[j] === t[k]) k += 1;
        else if (core(text[j]) !== "") break;
        j += 1;
      }
      if (k === t.length && t.length >= 4) return text.slice(j).replace(/^[\s。.：:]+/, "");
    }
    return null;
  }
}

let tableWords: { whole: Set<string>; prefixes: Set<string> } | null = null;

/** Header and row-label texts of every statutory table (both formats), as cores and their prefixes. */
function tableVocabulary() {
  if (tableWords) return tableWords;
  const whole = new Set<string>();
  const prefixes = new Set<string>();
  for (const id of FORMAT_IDS) {
    for (const table of getFormat(id).tables) {
      for (const g of table.grid) {
        if (g.role === "title" || g.role === "value") continue;
        const c = core(g.text);
        if (!c) continue;
        whole.add(c);
        for (let n = 2; n < c.length; n++) prefixes.add(c.slice(0, n));
      }
    }
  }
  tableWords = { whole, prefixes };
  return tableWords;
}

const NUMBER_CELL = /^([-+]?\d+(\.\d+)?%?|[-—–/])$/;

/** A line of a printed table: every piece is a number, a table label, or the start of a broken label. */
export function isTableLine(line: string): boolean {
  const tokens = line.split(/\s+/).filter(Boolean);
  if (!tokens.length) return false;
  const { whole, prefixes } = tableVocabulary();
  return tokens.every((t) => {
    if (NUMBER_CELL.test(t)) return true;
    const c = core(t);
    return c !== "" && (whole.has(c) || prefixes.has(c));
  });
}

/** Wrapped (PDF) text joins lines into paragraphs; otherwise each line is a paragraph. */
function isWrapped(lines: string[]): boolean {
  const long = lines.filter((l) => width(l) >= 12);
  if (long.length < 3) return false;
  const open = long.filter((l) => !LINE_END.test(l)).length;
  const widths = long.map(width).sort((a, b) => a - b);
  const median = widths[widths.length >> 1];
  return open / long.length >= 0.3 && median <= 60;
}

/** Spaces a PDF puts around digits and Latin letters inside Chinese text. */
const tidyPdf = (s: string) =>
  s.replace(/\s+/g, (m, at: number, all: string) => (/[A-Za-z0-9]/.test(all[at - 1] ?? "") && /[A-Za-z0-9]/.test(all[at + m.length] ?? "") ? " " : ""));

function paragraphsOf(lines: string[], wrapped: boolean, fullWidth: number): string[] {
  if (!wrapped) return lines.map((l) => l.trim()).filter(Boolean);
  const out: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) out.push(tidyPdf(current.join(" ")));
    current = [];
  };
  lines.forEach((line, i) => {
    current.push(line);
    const next = lines[i + 1];
    const short = width(line) <= fullWidth - 1.5;
    if ((SENTENCE_END.test(line) && short) || (next !== undefined && LINE_END.test(line) && ENUMERATOR.test(next))) flush();
  });
  flush();
  return out;
}

/** Read a report's plain text into its title, intro and the six parts' paragraphs. */
export function parseReportText(text: string, sections: string[]): ReportText {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[\u00a0\u3000\t]/g, " ").trim())
    .filter((l) => l !== "" && !PAGE_NUMBER.some((p) => p.test(l)));

  const titles = new TitleMatcher(sections);
  const regions: { part: number; lines: string[] }[] = [{ part: -1, lines: [] }];
  for (let i = 0; i < lines.length; i++) {
    const found = titles.match(lines, i, regions[regions.length - 1].part);
    if (found) {
      regions.push({ part: found.part, lines: found.rest ? [found.rest] : [] });
      i += found.lines - 1;
    } else {
      regions[regions.length - 1].lines.push(lines[i]);
    }
  }

  // The title: the first line(s), up to one ending in 报告.
  let title: string | undefined;
  const pre = regions[0].lines;
  for (let k = 1; k <= Math.min(3, pre.length); k++) {
    const joined = pre.slice(0, k).join(" ");
    if (width(joined) > 50) break;
    if (/报告$/.test(core(joined))) {
      title = tidyPdf(joined);
      pre.splice(0, k);
      break;
    }
  }

  // Parts 二/三/四 hold the tables: their text stops at the first table line.
  for (const r of regions) {
    if (r.part < 1 || r.part > 3) continue;
    const start = r.lines.findIndex(isTableLine);
    if (start >= 0) r.lines = r.lines.slice(0, start);
  }

  const prose = regions.flatMap((r) => r.lines);
  const wrapped = isWrapped(prose);
  const widths = prose.map(width).sort((a, b) => b - a);
  const fullWidth = widths.length ? widths[Math.floor(widths.length * 0.2)] : 0;

  const preamble = paragraphsOf(pre, wrapped, fullWidth);
  const parts: Paragraph[] = [];
  for (const r of regions.slice(1)) {
    for (const p of paragraphsOf(r.lines, wrapped, fullWidth)) parts.push(paragraphOf(r.part, p));
  }
  return { title, parts, preamble };
}

/** The 正文 for a workbook: the intro (text before 一、总体情况) opens part 一, so nothing typed is dropped. */
export function textToNarrative(text: string, sections: string[]): Paragraph[] {
  const parsed = parseReportText(text, sections);
  return [...parsed.preamble.map((t) => paragraphOf(0, t)), ...parsed.parts];
}
