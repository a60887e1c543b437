import { cMapUrl, loadPdfjs } from "./pdfjs";
import { cellValue, isPageNumber, isProse, type SourceLine, type SourcePosition, type Token } from "./source";

/**
 * A PDF's text with positions (pdf.js), rebuilt into the lines the importer reads. A table row
 * is rebuilt from coordinates: the values printed on one level form a row; the label text
 * whose lines lie in that row's band (wrapped labels, merged parent labels) is its label; the
 * values are cells in left-to-right order, each with its x so that a row printed with blank
 * cells can be matched to the columns of the table's full rows. Everything else is a line of
 * text, in reading order top to bottom. No OCR: a PDF without a text layer is refused.
 */

export type PdfRead = { ok: true; lines: SourceLine[]; pages: number; skipped: SourceLine[] } | { ok: false; message: string };

/** Larger files are refused before parsing: annual reports are a few MB. */
const PDF_MAX_BYTES = 30 * 1024 * 1024;
const PDF_MAX_PAGES = 300;
/** Reading stops past this (a hostile file), with a message. */
const PDF_TIME_BUDGET_MS = 20_000;

interface Fragment {
  text: string;
  x0: number;
  x1: number;
  /** Vertical centre, from the top of the page. */
  y: number;
  /** Baseline, from the top of the page (a line of mixed fonts shares it, not its centre). */
  base: number;
  h: number;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function hasEof(bytes: Uint8Array): boolean {
  const tail = new TextDecoder("latin1").decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  return tail.includes("%%EOF");
}

/** Fragments grouped into visual lines: by their vertical centre, or (text in mixed fonts) their baseline. */
function linesOf<T extends { y: number; h: number; base?: number }>(items: T[], by: "y" | "base" = "y"): T[][] {
  const key = (f: T) => (by === "base" ? (f.base ?? f.y) : f.y);
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const out: T[][] = [];
  for (const f of sorted) {
    const line = out[out.length - 1];
    const last = line?.[line.length - 1];
    if (line && last && Math.abs(key(f) - key(last)) <= Math.max(1.5, Math.min(f.h, last.h) * (by === "base" ? 0.3 : 0.45))) line.push(f);
    else out.push([f]);
  }
  return out;
}

const joinText = (fs: Fragment[]) =>
  [...fs]
    .sort((a, b) => a.x0 - b.x0)
    .map((f) => f.text)
    .join("")
    .replace(/\s+/g, " ")
    .trim();

interface Row {
  y: number;
  h: number;
  values: Fragment[];
  labels: Fragment[][];
}

/** A row's label lines cut at wide gaps into pieces, grouped into columns by their left edge, read column by column, top to bottom. */
function labelPieces(lines: Fragment[][]): { text: string; first: Fragment }[] {
  const pieces: { x0: number; y: number; text: string; first: Fragment }[] = [];
  for (const line of lines) {
    const sorted = [...line].sort((a, b) => a.x0 - b.x0);
    let current: Fragment[] = [];
    const flush = () => {
      if (current.length) pieces.push({ x0: current[0].x0, y: current[0].y, text: joinText(current), first: current[0] });
      current = [];
    };
    for (const f of sorted) {
      const prev = current[current.length - 1];
      if (prev && f.x0 - prev.x1 > Math.max(prev.h, f.h)) flush();
      current.push(f);
    }
    flush();
  }
  const columns: { x0: number; pieces: typeof pieces }[] = [];
  for (const p of pieces.sort((a, b) => a.x0 - b.x0)) {
    const col = columns.find((c) => Math.abs(c.x0 - p.x0) <= 4);
    if (col) col.pieces.push(p);
    else columns.push({ x0: p.x0, pieces: [p] });
  }
  return columns
    .sort((a, b) => a.x0 - b.x0)
    .flatMap((c) => c.pieces.sort((a, b) => a.y - b.y))
    .filter((p) => p.text !== "");
}

/** One page: its text lines and its table rows, top to bottom. */
function pageLines(fragments: Fragment[], page: number): { lines: SourceLine[]; skipped: SourceLine[] } {
  const visual = linesOf(fragments, "base");
  const lineNo = new Map<Fragment, number>();
  visual.forEach((l, i) => l.forEach((f) => lineNo.set(f, i + 1)));
  const pos = (f: Fragment): SourcePosition => ({ kind: "page", page, line: lineNo.get(f) ?? 0, column: Math.round(f.x0) });

  // A line of prose (or a page number) holds no table values, even where it prints a number.
  const prose = new Set<Fragment>();
  const skipped: SourceLine[] = [];
  for (const l of visual) {
    const text = joinText(l);
    if (isPageNumber(text)) {
      l.forEach((f) => prose.add(f));
      skipped.push({ text, tokens: [], pos: pos(l[0]), prose: false, tableRow: false });
      continue;
    }
    if (isProse(text)) {
      l.forEach((f) => prose.add(f));
      continue;
    }
    // A number run into the words beside it ("2023 年", "共 39 条") is part of the text, not a cell.
    const sorted = [...l].sort((a, b) => a.x0 - b.x0);
    sorted.forEach((f, i) => {
      if (cellValue(f.text) === null) return;
      const near = (g: Fragment | undefined) =>
        g !== undefined && cellValue(g.text) === null && /[\u4e00-\u9fff]/.test(g.text) && Math.max(g.x0 - f.x1, f.x0 - g.x1) < Math.min(f.h, g.h) * 0.6;
      if (near(sorted[i - 1]) || near(sorted[i + 1])) prose.add(f);
    });
  }
  const isValue = (f: Fragment) => !prose.has(f) && cellValue(f.text) !== null && cellValue(f.text)?.blank !== "empty";
  const valueRows = linesOf(fragments.filter(isValue)).map((vs): Row => ({
    y: vs.reduce((s, v) => s + v.y, 0) / vs.length,
    h: Math.max(...vs.map((v) => v.h)),
    values: vs.sort((a, b) => a.x0 - b.x0),
    labels: [],
  }));

  // Each row's band reaches halfway to its neighbours (as far on the open side of the first and last).
  const bands = valueRows.map((r, i) => {
    const up = i > 0 ? (r.y - valueRows[i - 1].y) / 2 : Infinity;
    const down = i + 1 < valueRows.length ? (valueRows[i + 1].y - r.y) / 2 : Infinity;
    const reach = (d: number, other: number) => (Number.isFinite(d) ? d : Number.isFinite(other) ? Math.min(other, r.h * 3) : r.h * 1.5);
    return { top: r.y - reach(up, down), bottom: r.y + reach(down, up) };
  });
  const rowOf = (y: number) => bands.findIndex((b) => y >= b.top && y < b.bottom);

  // Text lines left of a row's first value and inside its band are its label cells.
  const textLines = linesOf(fragments.filter((f) => !isValue(f) && !(prose.has(f) && isPageNumber(f.text))));
  const free: { y: number; fragments: Fragment[] }[] = [];
  for (const l of textLines) {
    const text = joinText(l);
    if (text === "" || skipped.some((s) => s.text === text && l.every((f) => prose.has(f)))) continue;
    const r = l.every((f) => prose.has(f)) ? -1 : rowOf(l[0].y);
    if (r >= 0 && Math.max(...l.map((f) => f.x1)) <= valueRows[r].values[0].x0 + 1) valueRows[r].labels.push(l);
    else free.push({ y: l[0].y, fragments: l });
  }

  const lines: SourceLine[] = [];
  const items: ({ y: number; row: Row } | { y: number; fragments: Fragment[] })[] = [...valueRows.map((row) => ({ y: row.y, row })), ...free];
  items.sort((a, b) => a.y - b.y);
  for (const item of items) {
    if ("row" in item) {
      const { row } = item;
      // Label cells column by column (merged parents left), each cell's wrapped lines top to bottom.
      const tokens: Token[] = [];
      for (const piece of labelPieces(row.labels)) tokens.push({ text: piece.text, pos: pos(piece.first), value: null });
      for (const v of row.values) tokens.push({ text: v.text.trim(), pos: pos(v), value: cellValue(v.text), x: (v.x0 + v.x1) / 2 });
      lines.push({ text: tokens.map((t) => t.text).join("\t"), tokens, pos: tokens[0].pos, prose: false, tableRow: true });
      continue;
    }
    const text = joinText(item.fragments);
    const first = [...item.fragments].sort((a, b) => a.x0 - b.x0)[0];
    const p = pos(first);
    const isProseLine = isProse(text);
    // A line of text outside the rows: its words, one token per fragment group (label text for the table reader).
    lines.push({ text, tokens: [{ text, pos: p, value: null }], pos: p, prose: isProseLine, tableRow: false });
  }
  return { lines, skipped };
}

function messageOf(e: unknown): string {
  const name = (e as { name?: string })?.name ?? "";
  if (name === "PasswordException")
    return "PDF 文件已加密（需要密码才能打开），无法读取。请用 PDF 阅读器输入密码后“另存为”不加密的 PDF，或使用报告的 Word/WPS 原文件。";
  if (name === "InvalidPDFException") return "PDF 文件已损坏或不完整（可能下载未完成），无法读取。请重新下载或使用报告的 Word/WPS 原文件。";
  return `PDF 文件无法读取（${(e as Error)?.message ?? String(e)}）。请重新下载，或使用报告的 Word/WPS 原文件。`;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfRead> {
  if (bytes.length > PDF_MAX_BYTES)
    return {
      ok: false,
      message: `PDF 文件过大（${mb(bytes.length)}），超过导入上限 ${mb(PDF_MAX_BYTES)}。年报 PDF 通常只有几 MB：请确认文件是否正确，或使用报告的 Word/WPS 原文件。`,
    };
  if (!hasEof(bytes))
    return { ok: false, message: "PDF 文件不完整（文件末尾缺少结束标记，可能下载未完成或已损坏），无法读取。请重新下载，或使用报告的 Word/WPS 原文件。" };
  const started = Date.now();
  const pdfjs = await loadPdfjs();
  let doc;
  try {
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
    doc = await pdfjs.getDocument({
      data: bytes.slice(),
      useSystemFonts: false,
      disableFontFace: true,
      isEvalSupported: false,
      stopAtErrors: true,
      verbosity: 0,
      cMapUrl: await cMapUrl(),
      cMapPacked: true,
    }).promise;
  } catch (e) {
    return { ok: false, message: messageOf(e) };
  }
  try {
    if (doc.numPages > PDF_MAX_PAGES)
      return { ok: false, message: `PDF 共 ${doc.numPages} 页，超过导入上限 ${PDF_MAX_PAGES} 页，不像一份年报。请确认文件是否正确。` };
    const lines: SourceLine[] = [];
    const skipped: SourceLine[] = [];
    let characters = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      if (Date.now() - started > PDF_TIME_BUDGET_MS)
        return { ok: false, message: `PDF 读取超时（超过 ${PDF_TIME_BUDGET_MS / 1000} 秒，读到第 ${p} 页），无法导入。请使用报告的 Word/WPS 原文件。` };
      const page = await doc.getPage(p);
      const height = page.getViewport({ scale: 1 }).height;
      const content = await page.getTextContent();
      const fragments: Fragment[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str.trim() === "") continue;
        const [a, b, , d, e, f] = item.transform as number[];
        // Rotated text (a vertical watermark) is not part of the report's lines.
        if (Math.abs(b) > Math.abs(a) * 0.2) continue;
        const h = item.height || Math.abs(d) || 10;
        fragments.push({ text: item.str, x0: e, x1: e + item.width, y: height - f - h / 2, base: height - f, h });
        characters += item.str.replace(/\s/g, "").length;
      }
      const read = pageLines(fragments, p);
      lines.push(...read.lines);
      skipped.push(...read.skipped);
      page.cleanup();
    }
    if (characters < 20) {
      return {
        ok: false,
        message: `这份 PDF 没有文字层（共 ${doc.numPages} 页，可能是扫描件或图片），无法读取其中的文字。本工具不做文字识别（OCR）：请使用报告的 Word/WPS 原文件、网页版，或可复制文字的 PDF。`,
      };
    }
    return { ok: true, lines, pages: doc.numPages, skipped };
  } catch (e) {
    return { ok: false, message: messageOf(e) };
  } finally {
    void doc.destroy();
  }
}
