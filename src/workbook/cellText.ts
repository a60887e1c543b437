/**
 * Text that survives the file format. XML (and so .xlsx and .docx) cannot hold most control
 * characters, U+FFFE/U+FFFF or a lone surrogate: a file holding one is unreadable, so they are
 * removed on write, and the user is told. Excel cuts a cell at 32,767 characters on the next save,
 * so longer paragraphs are split across cells and joined again on read.
 */

export const CELL_TEXT_LIMIT = 32_767;
/** Excel's limit for a formula's text. */
export const FORMULA_TEXT_LIMIT = 8_192;

// A surrogate pair is matched whole (group 1) and kept; anything else matched is illegal. No lookbehind: Office 2019's webview (ES2017) has none.
// eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 forbids
const XML_ILLEGAL = /([\uD800-\uDBFF][\uDC00-\uDFFF])|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/g;

export const hasXmlIllegal = (text: string) => {
  XML_ILLEGAL.lastIndex = 0;
  for (let m = XML_ILLEGAL.exec(text); m; m = XML_ILLEGAL.exec(text)) if (m[1] === undefined) return true;
  return false;
};

export function removeXmlIllegal(text: string): { text: string; removed: string[] } {
  if (!hasXmlIllegal(text)) return { text, removed: [] };
  const removed: string[] = [];
  const out = text.replace(XML_ILLEGAL, (ch: string, pair: string | undefined) => {
    if (pair !== undefined) return pair;
    removed.push(ch);
    return "";
  });
  return { text: out, removed };
}

const codePoints = (chars: string[]) =>
  [...new Set(chars)]
    .slice(0, 3)
    .map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)
    .join("、");

/** The notice for characters removed from one place ("封面 B3"). */
export const removedNotice = (where: string, removed: string[]) =>
  `${where} 含有 ${removed.length} 个文件格式无法保存的字符（${codePoints(removed)}），已删除。`;

/**
 * Text cut into pieces of at most `limit` characters: never inside a surrogate pair, and, where
 * a piece can end before a space, with the space kept at the start of the next one.
 */
export function splitForCells(text: string, limit: number = CELL_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const out: string[] = [];
  let at = 0;
  while (text.length - at > limit) {
    let end = at + limit;
    if (/[\uDC00-\uDFFF]/.test(text[end] ?? "")) end -= 1;
    // A piece is trimmed on read: do not let it end or start with whitespace.
    let k = end;
    while (k > at + limit / 2 && (/\s/.test(text[k - 1]) || /\s/.test(text[k]))) k--;
    if (k > at + limit / 2) end = k;
    out.push(text.slice(at, end));
    at = end;
  }
  out.push(text.slice(at));
  return out;
}
