import type { RawValue } from "../workbook/snapshot";
import { DamagedFileError, LimitError, LIMITS } from "./limits";
import { isProbed, type SheetData, type SheetProbe, type WorkbookData } from "./port";
import { parseXml, type XmlHandler } from "./xml";
import { ZipArchive, type ZipCodec } from "./zip";

/**
 * The one .xlsx reader: validate, aggregate, export, carry and rebuild all read workbooks here,
 * in the CLI and in the pane. It reads only the parts it needs (the workbook, its relationships,
 * the sheets asked for and the shared strings they use) through the bounded zip and XML layers,
 * and returns what Excel shows: a cell inside an XML comment does not exist, a cell covered by a
 * merge is hidden, "0x5" is not a number.
 */

export interface ReadWorkbookOptions {
  /** The file's name, for messages. */
  file: string;
  /** Sheets to read in full (missing ones are left out). */
  sheets: string[];
  /**
   * Called with the first cells of every other sheet when it is given; returns the names of
   * those to read in full as well (a statutory sheet the user renamed is recognised by its title).
   */
  alsoRead?: (others: SheetProbe[], present: string[]) => string[];
  /** Whether the other sheets need looking at, given the sheets found (default: when one asked for is missing). */
  probe?: (present: string[]) => boolean;
  codec?: ZipCodec;
}

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const ADDRESS = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/;
const MAX_COL = 16384;
const MAX_ROW = 1048576;

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  return n;
}

function colLetters(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** Functions newer than Excel 2007 are stored as _xlfn.NAME; the formula as typed has no prefix. */
const withoutPrefixes = (f: string) => mapOutsideQuotes(f, (s) => s.replace(/_xlfn\./gi, "").replace(/_xlws\./gi, ""));

/** Apply `edit` to the parts of a formula outside "string literals" and 'quoted sheet names'. */
function mapOutsideQuotes(f: string, edit: (plain: string) => string): string {
  let out = "";
  let plain = "";
  for (let i = 0; i < f.length; i++) {
    const ch = f[i];
    if (ch === '"' || ch === "'") {
      out += edit(plain);
      plain = "";
      let j = i + 1;
      while (j < f.length && !(f[j] === ch && f[j + 1] !== ch)) j += f[j] === ch ? 2 : 1;
      out += f.slice(i, j + 1);
      i = j;
    } else plain += ch;
  }
  return out + edit(plain);
}

// The character before a reference is matched (group 1) and put back: no lookbehind, which Office 2019's webview (ES2017) lacks.
const REF = /(^|[^A-Za-z0-9_.$])(\$?)([A-Z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_(])/g;

/** A shared formula as it reads in a cell dr rows and dc columns from its master (relative references move). */
export function shiftFormula(f: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return f;
  return mapOutsideQuotes(f, (s) =>
    s.replace(REF, (_m, before: string, colAbs: string, col: string, rowAbs: string, row: string) => {
      const c = colAbs ? colNumber(col) : colNumber(col) + dc;
      const r = rowAbs ? Number(row) : Number(row) + dr;
      if (c < 1 || r < 1 || c > MAX_COL || r > MAX_ROW) return `${before}#REF!`;
      return `${before}${colAbs}${colLetters(c)}${rowAbs}${r}`;
    }),
  );
}

/** A cell's value before shared strings are known. */
type Pending = RawValue | { type: "shared"; index: number } | { type: "formula"; formula: string; result: RawValue | { type: "shared"; index: number } };

interface ParsedSheet {
  cells: Map<string, Pending>;
  merges: { r1: number; c1: number; r2: number; c2: number }[];
}

function scalar(t: string | undefined, v: string): RawValue | { type: "shared"; index: number } {
  switch (t) {
    case "s": {
      const index = Number(v.trim());
      return Number.isInteger(index) && index >= 0 ? { type: "shared", index } : { type: "text", value: v };
    }
    case "str":
    case "inlineStr":
      return v === "" ? { type: "blank" } : { type: "text", value: v };
    case "b": {
      const b = v.trim();
      if (b === "1" || b === "true") return { type: "boolean", value: true };
      if (b === "0" || b === "false") return { type: "boolean", value: false };
      return { type: "text", value: v };
    }
    case "e":
      return { type: "error", value: v };
    case "d": {
      const ms = Date.parse(v);
      return Number.isNaN(ms) ? { type: "text", value: v } : { type: "number", value: ms / 86400000 + 25569 };
    }
    default: {
      if (v === "") return { type: "blank" };
      // Only what XML Schema calls a number is one: "0x5", "1e400" or "5件" stay text, for F-1 to name.
      const n = Number(v);
      return NUMBER.test(v) && Number.isFinite(n) ? { type: "number", value: n } : { type: "text", value: v };
    }
  }
}

/** Elements that follow sheetData and mergeCells in a worksheet: once one opens, nothing we read remains. */
const AFTER_MERGES = new Set([
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
]);

function parseSheet(bytes: Uint8Array, file: string, sheetName: string, complete: boolean, maxCells: number = LIMITS.cells): ParsedSheet {
  const cells = new Map<string, Pending>();
  const merges: ParsedSheet["merges"] = [];
  const masters = new Map<string, { formula: string; row: number; col: number }>();
  let depth = 0;
  let inData = false;
  let finished = false;
  let rows = 0;
  let cellCount = 0;
  let row = 0;
  let col = 0;
  // The cell being read.
  let address = "";
  let cellRow = 0;
  let cellCol = 0;
  let t: string | undefined;
  let f: { text: string; attrs: Record<string, string> } | null = null;
  let v: string | null = null;
  let inline: string | null = null;
  let collecting: "f" | "v" | "t" | null = null;
  let phonetic = 0;
  const where = `工作表“${sheetName}”`;
  const handler: XmlHandler = {
    open(name, attrs) {
      depth++;
      if (depth === 2 && name === "sheetData") inData = true;
      else if (depth === 2 && AFTER_MERGES.has(name)) finished = true;
      if (!inData) {
        if (name === "mergeCell" && attrs.ref) {
          if (merges.length >= LIMITS.merges) throw new LimitError(file, "merges", where);
          const [a, b = a] = attrs.ref.split(":");
          const p = ADDRESS.exec(a.trim());
          const q = ADDRESS.exec(b.trim());
          if (p && q) merges.push({ r1: Number(p[2]), c1: colNumber(p[1]), r2: Number(q[2]), c2: colNumber(q[1]) });
        }
        return;
      }
      switch (name) {
        case "row": {
          if (++rows > LIMITS.rows) throw new LimitError(file, "rows", where);
          const r = attrs.r !== undefined ? Number(attrs.r) : row + 1;
          if (!Number.isInteger(r) || r < 1 || r > MAX_ROW) throw new DamagedFileError(file, `${where}的行号“${attrs.r}”无效。`);
          row = r;
          col = 0;
          return;
        }
        case "c": {
          if (++cellCount > maxCells) {
            if (complete) throw new LimitError(file, "cells", where);
            finished = true;
          }
          if (attrs.r !== undefined) {
            const m = ADDRESS.exec(attrs.r.trim());
            if (!m || colNumber(m[1]) > MAX_COL || Number(m[2]) < 1 || Number(m[2]) > MAX_ROW)
              throw new DamagedFileError(file, `${where}的单元格地址“${attrs.r}”无效。`);
            cellRow = Number(m[2]);
            cellCol = colNumber(m[1]);
            // The usual form ("D5") is already the address; only "$D$5" or " D5" need rewriting.
            address = m[0] === attrs.r && attrs.r[0] !== "$" && m[2][0] !== "0" && !attrs.r.includes("$") ? attrs.r : `${m[1]}${cellRow}`;
          } else {
            cellRow = row || 1;
            cellCol = col + 1;
            address = `${colLetters(cellCol)}${cellRow}`;
          }
          col = cellCol;
          t = attrs.t;
          f = null;
          v = null;
          inline = null;
          return;
        }
        case "f":
          f = { text: "", attrs };
          collecting = "f";
          return;
        case "v":
          v = "";
          collecting = "v";
          return;
        case "is":
          inline = "";
          return;
        case "rPh":
          phonetic++;
          return;
        case "t":
          if (inline !== null && phonetic === 0) collecting = "t";
          return;
        default:
          return;
      }
    },
    close(name) {
      depth--;
      if (depth === 1 && name === "sheetData") {
        inData = false;
        return;
      }
      if (!inData) return;
      switch (name) {
        case "f":
        case "v":
        case "t":
          collecting = null;
          return;
        case "rPh":
          phonetic--;
          return;
        case "c":
          finishCell();
          return;
        default:
          return;
      }
    },
    text(text) {
      if (collecting === "f" && f) f.text += text;
      else if (collecting === "v" && v !== null) v += text;
      else if (collecting === "t" && inline !== null) inline += text;
    },
    done: () => finished,
  };

  function finishCell() {
    let value: Pending;
    let formula: string | null = null;
    if (f) {
      const shared = f.attrs.t === "shared" ? f.attrs.si : undefined;
      if (shared !== undefined) {
        if (f.text.trim() !== "") masters.set(shared, { formula: f.text, row: cellRow, col: cellCol });
        const master = masters.get(shared);
        formula = master ? shiftFormula(master.formula, cellRow - master.row, cellCol - master.col) : null;
      } else if (f.text.trim() !== "") formula = f.text;
    }
    if (formula !== null) {
      const result = v === null ? ({ type: "blank" } as const) : scalar(t === "str" ? "str" : t === "s" ? "n" : t, v);
      value = { type: "formula", formula: `=${withoutPrefixes(formula)}`, result };
    } else if (t === "inlineStr") value = scalar("inlineStr", inline ?? v ?? "");
    else value = v === null ? { type: "blank" } : scalar(t, v);
    if (value.type === "blank") {
      cells.delete(address);
      return;
    }
    if (cells.has(address)) throw new DamagedFileError(file, `${where}的单元格 ${address} 出现了两次（文件被篡改或损坏）。`);
    cells.set(address, value);
  }

  parseXml(bytes, file, where, handler, complete);
  return { cells, merges };
}

const MERGE_WORK = 5_000_000;

/** Remove the cells a merge hides (all but its top-left), as Excel shows them. */
function hideMerged(cells: Map<string, Pending>, merges: ParsedSheet["merges"], file: string, sheet: string) {
  // Work is bounded: a small merge is walked cell by cell, a large one checks the cells that exist.
  let work = 0;
  for (const m of merges) {
    const area = (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1);
    if (area <= 1) continue;
    const top = `${colLetters(m.c1)}${m.r1}`;
    work += Math.min(area, cells.size);
    if (work > MERGE_WORK) throw new LimitError(file, "merges", `工作表“${sheet}”`);
    if (area <= cells.size) {
      for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) if (r !== m.r1 || c !== m.c1) cells.delete(`${colLetters(c)}${r}`);
      continue;
    }
    for (const key of cells.keys()) {
      if (key === top) continue;
      const a = ADDRESS.exec(key)!;
      const r = Number(a[2]);
      const c = colNumber(a[1]);
      if (r >= m.r1 && r <= m.r2 && c >= m.c1 && c <= m.c2) cells.delete(key);
    }
  }
}

interface SheetEntry {
  name: string;
  visible: boolean;
  target: string | null;
}

function parseWorkbook(bytes: Uint8Array, file: string): { sheets: SheetEntry[]; names: WorkbookData["names"]; rels: Map<string, string> } {
  const sheets: (SheetEntry & { rid: string | undefined })[] = [];
  const names: WorkbookData["names"] = [];
  let current: { name: string; local: boolean; text: string } | null = null;
  parseXml(bytes, file, "workbook.xml", {
    open(name, attrs) {
      if (name === "sheet") {
        if (sheets.length >= LIMITS.sheets) throw new LimitError(file, "sheets");
        const rid = Object.entries(attrs).find(([k]) => k === "r:id" || k.endsWith(":id"))?.[1];
        sheets.push({ name: attrs.name ?? "", visible: attrs.state === undefined || attrs.state === "visible", target: null, rid });
      } else if (name === "definedName") {
        if (names.length >= LIMITS.names) throw new LimitError(file, "names");
        current = { name: attrs.name ?? "", local: attrs.localSheetId !== undefined, text: "" };
      }
    },
    close(name) {
      if (name === "definedName" && current) {
        if (current.name && !current.local) names.push({ name: current.name, ref: current.text });
        current = null;
      }
    },
    text(text) {
      if (current) current.text += text;
    },
  });
  return { sheets, names, rels: new Map(sheets.map((s) => [s.name, s.rid ?? ""])) };
}

function parseRelationships(bytes: Uint8Array, file: string, part: string, base: string): Map<string, { target: string; type: string; external: boolean }> {
  const out = new Map<string, { target: string; type: string; external: boolean }>();
  parseXml(bytes, file, part, {
    open(name, attrs) {
      if (name !== "Relationship" || !attrs.Id || !attrs.Target) return;
      const external = attrs.TargetMode === "External";
      out.set(attrs.Id, { target: external ? attrs.Target : resolvePart(base, attrs.Target), type: attrs.Type ?? "", external });
    },
    close() {},
    text() {},
  });
  return out;
}

/** A relationship target as a part name: relative to the source part's folder, "../" resolved. */
function resolvePart(base: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : `${base}${target}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

/** Shared strings, keeping only the indices asked for (a large sheet of one's own does not fill memory). */
function parseSharedStrings(bytes: Uint8Array, file: string, wanted: Set<number>): Map<number, string> {
  const out = new Map<number, string>();
  let index = -1;
  let text: string | null = null;
  let inT = false;
  let phonetic = 0;
  parseXml(bytes, file, "sharedStrings.xml", {
    open(name) {
      if (name === "si") {
        index++;
        if (index >= LIMITS.sharedStrings) throw new LimitError(file, "sharedStrings");
        text = wanted.has(index) ? "" : null;
      } else if (name === "rPh") phonetic++;
      else if (name === "t") inT = phonetic === 0;
    },
    close(name) {
      if (name === "si") {
        if (text !== null) out.set(index, text);
        text = null;
      } else if (name === "rPh") phonetic--;
      else if (name === "t") inT = false;
    },
    text(t) {
      if (inT && text !== null) text += t;
    },
    done: () => wanted.size === out.size,
  });
  return out;
}

const PROBE_BYTES = 64 * 1024;

/** Read a workbook's sheets and defined names. Throws DamagedFileError or LimitError with a zh-CN message naming the file. */
export function readWorkbook(bytes: Uint8Array, options: ReadWorkbookOptions): WorkbookData {
  const { file } = options;
  if (bytes.length > LIMITS.fileBytes) throw new LimitError(file, "fileBytes");
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new DamagedFileError(file, "这是加密的工作簿或旧版 .xls 文件。请在 Excel 中取消打开密码，或另存为 .xlsx 后再试。");
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new DamagedFileError(file, "不是有效的 .xlsx 文件（不是 Excel 工作簿，或文件已损坏）。");
  const zip = new ZipArchive(bytes, file, options.codec);
  const part = (name: string) => {
    const e = zip.find(name);
    return e ? zip.read(e) : null;
  };
  // The workbook part is named by the package's root relationships (xl/workbook.xml in every writer we know).
  let workbookPart = "xl/workbook.xml";
  const rootRels = part("_rels/.rels");
  if (rootRels) {
    for (const r of parseRelationships(rootRels, file, "_rels/.rels", "").values())
      if (r.type.endsWith("/officeDocument") && !r.external) workbookPart = r.target;
  }
  const workbookBytes = part(workbookPart);
  if (!workbookBytes) throw new DamagedFileError(file, "不是有效的 .xlsx 文件（缺少 workbook.xml，可能不是 Excel 工作簿）。");
  const folder = workbookPart.includes("/") ? workbookPart.slice(0, workbookPart.lastIndexOf("/") + 1) : "";
  const relsName = `${folder}_rels/${workbookPart.slice(folder.length)}.rels`;
  const relsBytes = part(relsName);
  const rels = relsBytes ? parseRelationships(relsBytes, file, relsName, folder) : new Map<string, { target: string; type: string; external: boolean }>();
  const book = parseWorkbook(workbookBytes, file);
  for (const s of book.sheets) {
    const rel = rels.get(book.rels.get(s.name) ?? "");
    s.target = rel && !rel.external ? rel.target : null;
  }
  let sstPart: string | null = null;
  for (const r of rels.values()) if (r.type.endsWith("/sharedStrings") && !r.external) sstPart = r.target;
  sstPart ??= zip.find(`${folder}sharedStrings.xml`) ? `${folder}sharedStrings.xml` : null;

  const wanted = new Set(options.sheets);
  // What the parts to read say they inflate to, all together, against the total budget (each is checked again as it inflates).
  const planned = book.sheets.filter((s) => wanted.has(s.name) && s.target).map((s) => zip.find(s.target!)?.size ?? 0);
  const declared = planned.reduce((a, b) => a + b, (sstPart ? zip.find(sstPart)?.size : 0) ?? 0) + workbookBytes.length;
  // One part that says it is past the entry budget is named as such, before the total.
  if (planned.some((n) => n > LIMITS.entryBytes)) throw new LimitError(file, "entryBytes", "工作表");
  if (declared > LIMITS.totalBytes) throw new LimitError(file, "totalBytes");
  const read = new Map<string, ParsedSheet>();
  const readSheet = (s: SheetEntry) => {
    if (!s.target) throw new DamagedFileError(file, `找不到工作表“${s.name}”的内容（文件已损坏）。`);
    const bytesOf = part(s.target);
    if (!bytesOf) throw new DamagedFileError(file, `找不到工作表“${s.name}”的内容（文件已损坏）。`);
    read.set(s.name, parseSheet(bytesOf, file, s.name, true));
  };
  for (const s of book.sheets) if (wanted.has(s.name)) readSheet(s);

  // The first cells of the other sheets, when the caller may want to recognise one of them.
  const probes: { entry: SheetEntry; cells: Map<string, Pending> }[] = [];
  const probing = options.alsoRead !== undefined && (options.probe ? options.probe([...read.keys()]) : read.size < wanted.size);
  if (probing) {
    for (const s of book.sheets) {
      if (wanted.has(s.name) || !s.target) continue;
      const e = zip.find(s.target);
      const head = e ? zip.peek(e, PROBE_BYTES) : null;
      if (!head) continue;
      try {
        const parsed = parseSheet(head, file, s.name, false, 200);
        probes.push({ entry: s, cells: new Map([...parsed.cells].filter(([a]) => isProbed(a))) });
      } catch {
        // A sheet whose start cannot be read is simply not recognised.
      }
    }
  }

  // Shared strings: only the indices the read sheets (and probes) use.
  const needed = new Set<number>();
  const collect = (cells: Map<string, Pending>) => {
    for (const v of cells.values()) {
      if (v.type === "shared") needed.add(v.index);
      else if (v.type === "formula" && v.result.type === "shared") needed.add(v.result.index);
    }
  };
  for (const p of read.values()) collect(p.cells);
  for (const p of probes) collect(p.cells);
  let strings = new Map<number, string>();
  const loadStrings = () => {
    if (!sstPart || needed.size === 0) return;
    const sst = part(sstPart);
    if (sst) strings = parseSharedStrings(sst, file, needed);
  };
  loadStrings();
  const resolve = (v: Pending): RawValue => {
    if (v.type === "shared") {
      const s = strings.get(v.index) ?? "";
      return s === "" ? { type: "blank" } : { type: "text", value: s };
    }
    if (v.type === "formula") return { type: "formula", formula: v.formula, result: v.result.type === "shared" ? resolve(v.result) : v.result };
    return v;
  };
  const display = (v: RawValue): string => (v.type === "formula" ? display(v.result) : v.type === "blank" ? "" : String((v as { value: unknown }).value));

  if (probing && options.alsoRead && probes.length) {
    const others: SheetProbe[] = probes.map((p) => ({
      name: p.entry.name,
      visible: p.entry.visible,
      texts: [...p.cells.values()].map((v) => display(resolve(v))).filter((x) => x !== ""),
    }));
    const more = options.alsoRead(others, [...read.keys()]).filter((n) => !read.has(n));
    if (more.length) {
      for (const s of book.sheets) if (more.includes(s.name)) readSheet(s);
      const before = needed.size;
      for (const n of more) collect(read.get(n)!.cells);
      if (needed.size > before) loadStrings();
    }
  }

  const sheets: SheetData[] = [];
  for (const s of book.sheets) {
    const p = read.get(s.name);
    if (!p) continue;
    hideMerged(p.cells, p.merges, file, s.name);
    const cells = new Map<string, RawValue>();
    for (const [a, v] of p.cells) {
      const raw = resolve(v);
      if (raw.type !== "blank") cells.set(a, raw);
    }
    sheets.push({ name: s.name, visible: s.visible, cells });
  }
  const others = book.sheets.filter((s) => !read.has(s.name)).map((s) => ({ name: s.name, visible: s.visible, texts: [] as string[] }));
  for (const o of others) {
    const p = probes.find((x) => x.entry.name === o.name);
    if (p) o.texts = [...p.cells.values()].map((v) => display(resolve(v))).filter((x) => x !== "");
  }
  return { sheets, names: book.names, others, order: book.sheets.map((s) => s.name) };
}

/** What a writer that loads the whole workbook (ExcelJS, in the CLI's rebuild) would have to hold. */
export interface PackageSize {
  parts: string[];
  /** Bytes all parts inflate to. */
  inflated: number;
  /** Rows, cells, and cells covered by merges and data validations, over every sheet. */
  rows: number;
  cells: number;
  merged: number;
  validated: number;
}

const areaOf = (ref: string) =>
  ref
    .split(/\s+/)
    .filter(Boolean)
    .reduce((sum, part) => {
      const [a, b = a] = part.split(":");
      const p = ADDRESS.exec(a.replace(/\$/g, ""));
      const q = ADDRESS.exec(b.replace(/\$/g, ""));
      return p && q ? sum + (Math.abs(Number(q[2]) - Number(p[2])) + 1) * (Math.abs(colNumber(q[1]) - colNumber(p[1])) + 1) : sum;
    }, 0);

/**
 * Every part of the package, each inflated within the budgets and checked against its CRC, and
 * every sheet measured, before the whole file is handed to a writer that loads all of it: ExcelJS
 * makes an object for every cell of a merge or a data validation, so a merge over a whole sheet
 * would take gigabytes.
 */
export function measurePackage(bytes: Uint8Array, file: string, codec?: ZipCodec): PackageSize {
  const zip = new ZipArchive(bytes, file, codec);
  const size: PackageSize = { parts: [...zip.entries.keys()], inflated: 0, rows: 0, cells: 0, merged: 0, validated: 0 };
  for (const entry of zip.entries.values()) {
    if (entry.name.endsWith("/")) continue;
    const data = zip.read(entry);
    size.inflated += data.length;
    if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(entry.name)) continue;
    parseXml(data, file, entry.name, {
      open(name, attrs) {
        if (name === "row") size.rows++;
        else if (name === "c") size.cells++;
        else if (name === "mergeCell" && attrs.ref) size.merged += areaOf(attrs.ref);
        else if (name === "dataValidation" && attrs.sqref) size.validated += areaOf(attrs.sqref);
      },
      close() {},
      text() {},
    });
  }
  return size;
}
