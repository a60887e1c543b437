import { inflateRawSync } from "node:zlib";
import type { RawValue } from "../workbook/snapshot";
import type { SheetData, WorkbookData } from "./port";
import { fromFileFormula, readXlsx } from "./xlsx";

/**
 * A fast .xlsx reader for the command line: unzip only the sheets asked for and scan their XML.
 * ExcelJS builds a full object model (styles, every sheet) and costs 20–40 ms a workbook; this
 * costs a few. It returns what `readXlsx` returns for the same file, and gives up (null) on what
 * it does not handle (zip64, cells without addresses, shared formulas with cell references), so
 * the caller falls back to ExcelJS. Node only (node:zlib).
 */

interface Entry {
  method: number;
  offset: number;
  size: number;
}

class Unsupported extends Error {}

function centralDirectory(buf: Buffer): Map<string, Entry> {
  let eocd = buf.length - 22;
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  while (eocd >= stop && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < stop) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new Unsupported("zip64");
  const entries = new Map<string, Entry>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad zip directory");
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    entries.set(buf.toString("utf8", p + 46, p + 46 + nameLen), { method, offset, size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function inflate(buf: Buffer, entry: Entry): Buffer {
  const start = entry.offset + 30 + buf.readUInt16LE(entry.offset + 26) + buf.readUInt16LE(entry.offset + 28);
  const data = buf.subarray(start, start + entry.size);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Unsupported(`zip method ${entry.method}`);
}

/** The text of an element and its contents (first opening to last closing tag, any prefix); decoding only that part skips a sheet's long data validations. */
function section(xml: Buffer, element: string): string {
  const first = xml.indexOf(element);
  if (first < 0) return "";
  const start = xml.lastIndexOf("<", first);
  const close = xml.lastIndexOf(`${element}>`);
  const end = close > first ? close + element.length + 1 : xml.indexOf(">", first) + 1;
  return xml.toString("utf8", start, end);
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.indexOf("&") < 0 ? s : s.replace(ENTITY, (_m, name: string, dec: string, hex: string) => (name ? NAMED[name] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16))));

function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], unescapeXml(m[2] ?? m[3]));
  return out;
}

/** The text of every <t> (prefix allowed) in a fragment, phonetic runs left out. */
function textOf(fragment: string): string {
  const body = fragment.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, "");
  let out = "";
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += m[1];
  return unescapeXml(out);
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<(?:\w+:)?si>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\/>/g)].map((m) => (m[1] ? textOf(m[1]) : ""));
}

const COLUMN = /^([A-Z]{1,3})(\d+)$/;

function cellRange(ref: string): { c1: number; r1: number; c2: number; r2: number } | null {
  const [a, b = a] = ref.replace(/\$/g, "").split(":");
  const p = COLUMN.exec(a);
  const q = COLUMN.exec(b);
  if (!p || !q) return null;
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { c1: col(p[1]), r1: Number(p[2]), c2: col(q[1]), r2: Number(q[2]) };
}

function letters(col: number): string {
  let s = "";
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** A1 references in a formula outside string literals (defined names such as NB_t3_new_natural are not). */
const hasCellRef = (f: string) => f.split('"').some((part, i) => i % 2 === 0 && /(?<![\w.$])\$?[A-Z]{1,3}\$?\d+(?![\w(!])/.test(part));

function scalar(t: string | undefined, v: string | null, strings: string[]): RawValue {
  if (v === null) return { type: "blank" };
  switch (t) {
    case "s": {
      const s = strings[Number(v)] ?? "";
      return s === "" ? { type: "blank" } : { type: "text", value: s };
    }
    case "str":
    case "inlineStr":
      return v === "" ? { type: "blank" } : { type: "text", value: v };
    case "b":
      return { type: "boolean", value: v === "1" || v === "true" };
    case "e":
      return { type: "error", value: v };
    case "d": {
      const ms = Date.parse(v);
      if (Number.isNaN(ms)) throw new Unsupported("date cell");
      return { type: "number", value: ms / 86400000 + 25569 };
    }
    default: {
      const n = Number(v);
      if (v.trim() === "" || !Number.isFinite(n)) throw new Unsupported("number cell");
      return { type: "number", value: n };
    }
  }
}

const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const FORMULA = /<(?:\w+:)?f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/;
const VALUE = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/;
const CELL_REF = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;
const CELL_TYPE = /(?:^|\s)t\s*=\s*["']([^"']*)["']/;
const INLINE = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/;

function sheetCells(sheet: Buffer, strings: string[]): Map<string, RawValue> {
  const xml = section(sheet, "sheetData");
  // Merged areas: only the top-left cell holds the value (as ExcelJS reports them).
  const covered = new Set<string>();
  for (const m of section(sheet, "mergeCells").matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"/g)) {
    const r = cellRange(m[1]);
    if (!r) continue;
    for (let row = r.r1; row <= r.r2; row++) for (let col = r.c1; col <= r.c2; col++) if (row !== r.r1 || col !== r.c1) covered.add(`${letters(col)}${row}`);
  }
  const shared = new Map<string, string>();
  const cells = new Map<string, RawValue>();
  for (const m of xml.matchAll(CELL)) {
    const address = CELL_REF.exec(m[1])?.[1];
    if (!address || !COLUMN.test(address)) throw new Unsupported("cell without address");
    const inner = m[2] ?? "";
    if (covered.has(address)) continue;
    const t = CELL_TYPE.exec(m[1])?.[1];
    const f = inner ? FORMULA.exec(inner) : null;
    const vm = inner ? VALUE.exec(inner) : null;
    const v = vm ? unescapeXml(vm[1]) : null;
    let raw: RawValue;
    if (f) {
      const fa = attrs(f[1]);
      let text = unescapeXml(f[2] ?? "");
      if (fa.get("t") === "shared") {
        const si = fa.get("si") ?? "";
        if (text) shared.set(si, text);
        else text = shared.get(si) ?? "";
        if (!text || hasCellRef(text)) throw new Unsupported("shared formula with references");
      }
      if (!text) throw new Unsupported("formula without text");
      raw = { type: "formula", formula: `=${fromFileFormula(text)}`, result: scalar(t === "str" ? "str" : t, v, strings) };
    } else if (t === "inlineStr") {
      const is = INLINE.exec(inner);
      raw = scalar("inlineStr", is ? textOf(is[1]) : null, strings);
    } else {
      raw = scalar(t, v, strings);
    }
    if (raw.type !== "blank") cells.set(address, raw);
  }
  return cells;
}

/** Read these sheets and the workbook's defined names; null when the file needs ExcelJS. Throws on a file that is not an .xlsx. */
export function readXlsxFast(buf: Buffer, sheetNames: string[]): WorkbookData | null {
  try {
    const entries = centralDirectory(buf);
    const raw = (name: string): Buffer | null => {
      const e = entries.get(name);
      return e ? inflate(buf, e) : null;
    };
    const read = (name: string): string | null => raw(name)?.toString("utf8") ?? null;
    const workbook = read("xl/workbook.xml");
    const rels = read("xl/_rels/workbook.xml.rels");
    if (!workbook || !rels) throw new Error("not an .xlsx workbook");
    const targets = new Map<string, string>();
    for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
      const a = attrs(m[1]);
      const target = a.get("Target");
      if (a.get("Id") && target) targets.set(a.get("Id")!, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
    }
    const strings = sharedStrings(read("xl/sharedStrings.xml"));
    const wanted = new Set(sheetNames);
    const sheets: SheetData[] = [];
    for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)) {
      const a = attrs(m[1]);
      const name = a.get("name");
      if (!name || !wanted.has(name)) continue;
      const id = [...a].find(([k]) => k === "r:id" || k.endsWith(":id"))?.[1];
      const path = id ? targets.get(id) : undefined;
      const xml = path ? raw(path) : null;
      if (!xml) throw new Unsupported(`sheet ${name} not found`);
      const state = a.get("state");
      sheets.push({ name, visible: state === undefined || state === "visible", cells: sheetCells(xml, strings) });
    }
    const names: WorkbookData["names"] = [];
    for (const m of workbook.matchAll(/<(?:\w+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?definedName>/g)) {
      const a = attrs(m[1]);
      if (a.get("name") && !a.has("localSheetId")) names.push({ name: a.get("name")!, ref: unescapeXml(m[2]) });
    }
    return { sheets, names };
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

/** The fast reader, or ExcelJS for what it does not handle. */
export async function readXlsxQuick(buf: Buffer, sheetNames: string[]): Promise<WorkbookData> {
  return readXlsxFast(buf, sheetNames) ?? readXlsx(buf, sheetNames);
}
