import { LIMITS } from "../host/limits";
import type { ImportKind } from "./report";

/**
 * A report file's bytes as text, and whether it is HTML. Reports saved from Chinese sites and
 * older Windows tools are often GBK/GB18030, so bytes that are not UTF-8 are read as GB18030.
 * UTF-16 is found by its byte-order mark, or without one by its zero bytes.
 */

export type DecodedReport = { ok: true; text: string; kind: ImportKind; encoding: string } | { ok: false; message: string };

const startsWith = (b: Uint8Array, ...sig: number[]) => sig.every((x, i) => b[i] === x);

const HTML_NAME = /\.(html?|shtml|xhtml)$/i;
const HTML_START = /^\s*<(!doctype|html|head|body|meta|table|div|p|section|article)\b/i;

function looksLikeHtml(text: string): boolean {
  return HTML_START.test(text) || /<table[\s>]/i.test(text);
}

export function kindOf(text: string, fileName?: string): ImportKind {
  return (fileName && HTML_NAME.test(fileName)) || looksLikeHtml(text) ? "html" : "text";
}

/** How much of a text reads as a Chinese report: CJK, its punctuation, ASCII and line breaks. */
function plausibility(text: string): number {
  if (!text) return 0;
  const sample = text.slice(0, 20000);
  const good = sample.match(/[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u201f\u0020-\u007e\n\r\t]/g)?.length ?? 0;
  return good / sample.length;
}

/** UTF-16 written without a byte-order mark: most ASCII characters leave a zero byte on one side. */
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  const n = Math.min(bytes.length, 65536);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.2 && evenZero < pairs * 0.02) return "utf-16le";
  if (evenZero > pairs * 0.2 && oddZero < pairs * 0.02) return "utf-16be";
  // Chinese text with hardly any ASCII has no zero bytes: decode and see which reading is text.
  for (const encoding of ["utf-16le", "utf-16be"] as const) {
    const text = new TextDecoder(encoding, { fatal: true });
    try {
      if (plausibility(text.decode(bytes.subarray(0, n))) > 0.97) return encoding;
    } catch {
      // Not valid UTF-16 in this byte order.
    }
  }
  return null;
}

export function decodeReport(bytes: Uint8Array, fileName?: string): DecodedReport {
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) {
    return { ok: false, message: "这是 PDF 文件，无法直接读取。请在 PDF 阅读器中全选复制正文（或“另存为文本”），再导入文本。" };
  }
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    return { ok: false, message: "这是 Word/Excel/WPS 文档，无法直接读取。请在 Word 或 WPS 中“另存为”纯文本（.txt）或网页（.html），再导入。" };
  }
  let text: string;
  let encoding = "UTF-8";
  const utf16 = startsWith(bytes, 0xff, 0xfe) ? "utf-16le" : startsWith(bytes, 0xfe, 0xff) ? "utf-16be" : null;
  const bare = utf16 ? null : utf16WithoutBom(bytes);
  if (utf16 || bare) {
    encoding = (utf16 ?? bare)!.toUpperCase();
    text = new TextDecoder((utf16 ?? bare)!).decode(bytes);
  } else {
    // Bytes that are valid UTF-8 are UTF-8, whatever the page declares (a CMS often keeps an old
    // charset=gbk after converting the page); anything else is read as GB18030, a superset of GBK.
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      encoding = "GB18030";
      text = new TextDecoder("gb18030").decode(bytes);
    }
  }
  text = text.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, message: "文件是空的。" };
  // eslint-disable-next-line no-control-regex -- counting control characters is the point: they mark a binary file
  const controls = (text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g) ?? []).length;
  if (controls > text.length / 100) return { ok: false, message: "文件不是文本或网页（含有大量二进制内容），无法读取。" };
  const kind = kindOf(text, fileName);
  // A page's markup may be large; its text is bounded when the page is read (source.ts).
  if (kind === "text" && text.length > LIMITS.textChars) {
    return { ok: false, message: `文字超过 ${LIMITS.textChars / 10000} 万字的上限（一份年报不到 20 万字），不像是一份年报，未读取。` };
  }
  return { ok: true, text, kind, encoding };
}
