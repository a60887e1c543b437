import { NianbaoError } from "../errors";
/**
 * Budgets for reading files a user (or an attacker) hands us. A report workbook is about 40 KB;
 * these are generous for real files and small enough that any input is answered within seconds
 * and a few hundred MB. Each limit has its own zh-CN wording; a file past one is refused by name.
 */
export const LIMITS = {
  /** Bytes of any input file (workbook, text, HTML, JSON). */
  fileBytes: 50 * 2 ** 20,
  /** Entries in a workbook's zip directory. */
  zipEntries: 10_000,
  /** Bytes one zip entry may inflate to. */
  entryBytes: 64 * 2 ** 20,
  /** Bytes all entries read from one workbook may inflate to. */
  totalBytes: 200 * 2 ** 20,
  /** Nesting depth of XML elements. */
  xmlDepth: 64,
  /** Rows of one sheet that is read. */
  rows: 100_000,
  /** Cells of one sheet that is read. */
  cells: 200_000,
  /** Merged areas of one sheet. */
  merges: 20_000,
  /** Shared strings of a workbook (counted; only those the read sheets use are kept). */
  sharedStrings: 2_000_000,
  /** Defined names of a workbook. */
  names: 20_000,
  /** Sheets of a workbook. */
  sheets: 1_000,
  /** Characters of a report's text (a published report is under 200,000). */
  textChars: 4_000_000,
  /** Elements of a web page. */
  htmlElements: 500_000,
} as const;

export type LimitKey = keyof typeof LIMITS;

const MB = 2 ** 20;
const size = (bytes: number) => (bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${bytes} 字节`);

/** What each limit is called, for the message. */
const LIMIT_WORDS: Record<LimitKey, (n: number) => string> = {
  fileBytes: (n) => `文件大小上限 ${size(n)}`,
  zipEntries: (n) => `压缩包条目数上限 ${n}`,
  entryBytes: (n) => `单个压缩条目解压后 ${size(n)} 的上限`,
  totalBytes: (n) => `解压总量 ${size(n)} 的上限`,
  xmlDepth: (n) => `XML 嵌套层数上限 ${n}`,
  rows: (n) => `每张工作表 ${n} 行的上限`,
  cells: (n) => `每张工作表 ${n} 个单元格的上限`,
  merges: (n) => `每张工作表 ${n} 个合并区域的上限`,
  sharedStrings: (n) => `共享字符串 ${n} 个的上限`,
  names: (n) => `定义名称 ${n} 个的上限`,
  sheets: (n) => `工作表 ${n} 张的上限`,
  textChars: (n) => `文字 ${n / 10000} 万字的上限（一份年报不到 20 万字）`,
  htmlElements: (n) => `网页元素 ${n / 10000} 万个的上限`,
};

/** A file went past one of the budgets. CLI exit 2. */
export class LimitError extends NianbaoError {
  constructor(
    readonly file: string,
    readonly limit: LimitKey,
    where = "",
  ) {
    super(
      `${file}${where ? `（${where}）` : ""}超过${LIMIT_WORDS[limit](LIMITS[limit])}，为防止耗尽内存或长时间无响应，已停止读取。请确认文件是否正确；正常的年报文件远小于此上限。`,
    );
  }
}

/** A file that is not what it claims (truncated, CRC mismatch, bad XML, encrypted). CLI exit 2. */
export class DamagedFileError extends NianbaoError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`无法读取 ${file}：${reason}`);
  }
}

/** A file that cannot be read or written as asked (missing, a directory, a FIFO…): zh-CN message naming it. CLI exit 2. */
export class FileError extends NianbaoError {
  constructor(message: string) {
    super(message);
  }
}
