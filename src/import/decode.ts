import type { ImportKind } from "./report";

/**
 * A report file's bytes as text, and whether it is HTML. Reports saved from Chinese sites and
 * older Windows tools are often GBK/GB18030, so bytes that are not UTF-8 are read as GB18030.
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

function metaCharset(ascii: string): string | null {
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(ascii);
  return m ? m[1].toLowerCase() : null;
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
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    encoding = bytes[0] === 0xff ? "UTF-16LE" : "UTF-16BE";
    text = new TextDecoder(encoding.toLowerCase()).decode(bytes);
  } else {
    const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
    const declared = metaCharset(head);
    const gbk = declared !== null && /^(gb2312|gbk|gb18030|x-gbk)$/.test(declared);
    try {
      if (gbk) throw new Error("declared GBK");
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      encoding = "GB18030";
      text = new TextDecoder("gb18030").decode(bytes);
    }
  }
  text = text.replace(/^\uFEFF/, "");
  const controls = (text.match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (text.trim() === "") return { ok: false, message: "文件是空的。" };
  if (controls > text.length / 100) return { ok: false, message: "文件不是文本或网页（含有大量二进制内容），无法读取。" };
  return { ok: true, text, kind: kindOf(text, fileName), encoding };
}
