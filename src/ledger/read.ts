import { HTMLElement, parse } from "node-html-parser";
import { parseA1 } from "../format/address";
import type { WorkbookData } from "../host/port";
import { readWorkbook } from "../host/xlsxReader";
import type { RawValue } from "../workbook/snapshot";
import type { LedgerCell, LedgerSheet } from "./sheet";

/**
 * A register file's bytes → sheets of cells. .xlsx through the host's reader (one function, so the
 * bounded reader of src/host can replace it), .csv/.txt in UTF-8 (with or without BOM), UTF-16 or
 * GBK/GB18030. Bounded: files over MAX_BYTES and rows beyond MAX_ROWS are refused, not read.
 */

const MAX_BYTES = 50 * 1024 * 1024;
const MAX_ROWS = 200_000;
const MAX_COLUMNS = 200;

export type ReadResult = { ok: true; sheets: LedgerSheet[]; kind: "xlsx" | "csv" | "html"; encoding?: string } | { ok: false; message: string };

const startsWith = (b: Uint8Array, ...sig: number[]) => sig.every((x, i) => b[i] === x);

function cellOf(raw: RawValue): LedgerCell {
  switch (raw.type) {
    case "blank":
      return null;
    case "number":
      return raw.value;
    case "text":
      return raw.value.trim() === "" ? null : raw.value;
    case "boolean":
      return raw.value ? "是" : "否";
    case "error":
      return raw.value;
    case "formula":
      return cellOf(raw.result);
  }
}

class RegisterTooLargeError extends Error {}

/** The port's sparse sheets as row arrays (also what the pane will read from the open workbook). */
function sheetsFromWorkbook(data: WorkbookData): LedgerSheet[] {
  return data.sheets
    .filter((s) => s.visible)
    .map((s) => {
      const rows: LedgerCell[][] = [];
      for (const [address, raw] of s.cells) {
        const at = parseA1(address);
        if (!at) continue;
        if (at.row > MAX_ROWS) throw new RegisterTooLargeError(`工作表“${s.name}”超过 ${MAX_ROWS} 行，不像一个单位的申请台账`);
        if (at.col > MAX_COLUMNS) continue;
        const v = cellOf(raw);
        if (v === null) continue;
        while (rows.length < at.row) rows.push([]);
        const row = rows[at.row - 1];
        while (row.length < at.col) row.push(null);
        row[at.col - 1] = v;
      }
      return { name: s.name, rows };
    });
}

/** Read an .xlsx register, every sheet of it, through the one bounded reader. */
async function readRegisterXlsx(bytes: Uint8Array, file = "台账.xlsx"): Promise<LedgerSheet[]> {
  return sheetsFromWorkbook(readWorkbook(bytes, { file, sheets: [], probe: () => true, alsoRead: (others) => others.map((o) => o.name) }));
}

/** Bytes → text: BOMs first, then strict UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "UTF-8（带 BOM）" };
  if (startsWith(bytes, 0xff, 0xfe)) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "UTF-16LE" };
  if (startsWith(bytes, 0xfe, 0xff)) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "UTF-16BE" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "GBK" };
  }
}

/** The delimiter that splits the first lines most consistently: comma, tab or semicolon. */
function delimiterOf(text: string): string {
  const lines = text.split(/\r?\n/, 20).filter((l) => l.trim() !== "");
  let best = ",";
  let bestScore = -1;
  for (const d of [",", "\t", ";"]) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const score = counts.filter((n) => n > 0).length * 1000 + Math.max(0, ...counts);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes). */
export function parseCsv(text: string, delimiter = delimiterOf(text)): LedgerCell[][] {
  const rows: LedgerCell[][] = [];
  let row: LedgerCell[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const push = () => {
    const t = field.trim();
    row.push(t === "" ? null : t);
    field = "";
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === delimiter) push();
    else if (ch === "\n" || ch === "\r") {
      push();
      rows.push(row);
      row = [];
      if (rows.length > MAX_ROWS) break;
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
    } else field += ch;
    i += 1;
  }
  if (field !== "" || row.length) {
    push();
    rows.push(row);
  }
  return rows;
}

/**
 * Older case systems export "Excel" as an HTML table saved with an .xls name. Each <table> becomes a
 * sheet; rowspan/colspan cells take their top-left place, so columns stay aligned under merges.
 */
function sheetsFromHtml(html: string, name: string): LedgerSheet[] {
  const root = parse(html);
  return root.querySelectorAll("table").map((table, t) => {
    const rows: LedgerCell[][] = [];
    const taken: boolean[][] = [];
    table.querySelectorAll("tr").forEach((tr, r) => {
      if (r >= MAX_ROWS) return;
      rows[r] ??= [];
      taken[r] ??= [];
      let c = 0;
      for (const cell of tr.childNodes) {
        if (!(cell instanceof HTMLElement) || !/^(td|th)$/i.test(cell.tagName)) continue;
        while (taken[r][c]) c += 1;
        const rowSpan = Math.min(Math.max(1, Number(cell.getAttribute("rowspan") ?? 1) || 1), 1000);
        const colSpan = Math.min(Math.max(1, Number(cell.getAttribute("colspan") ?? 1) || 1), MAX_COLUMNS);
        const text = cell.text.replace(/&nbsp;|\u00a0/g, " ").trim();
        rows[r][c] = text === "" ? null : text;
        for (let i = 0; i < rowSpan; i++) for (let j = 0; j < colSpan; j++) (taken[r + i] ??= [])[c + j] = true;
        c += colSpan;
      }
    });
    for (let r = 0; r < rows.length; r++) {
      rows[r] ??= [];
      for (let c = 0; c < rows[r].length; c++) rows[r][c] ??= null;
    }
    return { name: t === 0 ? name : `${name}（表${t + 1}）`, rows };
  });
}

/** Read a register file by its content (an .xls saved as CSV is read as CSV). */
export async function readRegister(bytes: Uint8Array, fileName: string): Promise<ReadResult> {
  if (bytes.length === 0) return { ok: false, message: "文件是空的" };
  if (bytes.length > MAX_BYTES) return { ok: false, message: `文件超过 ${MAX_BYTES / 1024 / 1024} MB，不像申请台账` };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    try {
      return { ok: true, sheets: await readRegisterXlsx(bytes), kind: "xlsx" };
    } catch (e) {
      if (e instanceof RegisterTooLargeError) return { ok: false, message: e.message };
      return { ok: false, message: "不是有效的 .xlsx 文件（或文件已损坏、加密）" };
    }
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    return { ok: false, message: "这是旧版 Excel（.xls）或 WPS（.et）文件，无法直接读取。请在 Excel 或 WPS 中“另存为”.xlsx 或 .csv 后再读取" };
  }
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return { ok: false, message: "这是 PDF 文件；申请台账请提供 .xlsx 或 .csv" };
  const { text, encoding } = decodeText(bytes);
  // eslint-disable-next-line no-control-regex -- counting control characters is the point: they mark a binary file
  const controls = (text.match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (controls > text.length / 100) return { ok: false, message: "不是表格文件（含有大量二进制内容）；申请台账请提供 .xlsx 或 .csv" };
  const name = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  if (/^\s*</.test(text) && /<table[\s>]/i.test(text)) {
    const sheets = sheetsFromHtml(text, name);
    if (sheets.length) return { ok: true, sheets, kind: "html", encoding };
  }
  const rows = parseCsv(text);
  if (rows.length > MAX_ROWS) return { ok: false, message: `超过 ${MAX_ROWS} 行，不像一个单位的申请台账` };
  return { ok: true, sheets: [{ name, rows }], kind: "csv", encoding };
}
