import { decodeReport } from "./decode";
import { readDocx, XLSX_NOT_REPORT } from "./docx";
import { readPdf } from "./pdf";
import { linesOfReport, type ReportLines } from "./report";

/**
 * A report file as a user gives it (PDF, Word, web page, text), read into lines for importLines.
 * The kind comes from the bytes, not the name. Async because pdf.js is; pdf.js itself loads only
 * when a PDF is read (the pane loads this module only when a file is imported).
 */

export type ReportFile = { ok: true; read: ReportLines; kind: "text" | "html" | "pdf" | "docx"; label: string } | { ok: false; message: string };

const starts = (b: Uint8Array, ...sig: number[]) => sig.every((x, i) => b[i] === x);

export async function readReportFile(bytes: Uint8Array, fileName?: string): Promise<ReportFile> {
  if (starts(bytes, 0x25, 0x50, 0x44, 0x46)) {
    const pdf = await readPdf(bytes);
    if (!pdf.ok) return pdf;
    return { ok: true, read: { lines: pdf.lines, skipped: pdf.skipped }, kind: "pdf", label: `PDF，${pdf.pages} 页` };
  }
  // A workbook (by its name) is never read as a Word file, even when it is damaged.
  if (fileName && /\.xlsx$/i.test(fileName) && starts(bytes, 0x50, 0x4b)) return { ok: false, message: XLSX_NOT_REPORT };
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const docx = readDocx(bytes);
    if (!docx.ok) return docx;
    return { ok: true, read: { lines: docx.lines }, kind: "docx", label: `Word 文档，${docx.tables} 个表格` };
  }
  if (fileName && /\.pdf$/i.test(fileName)) return { ok: false, message: "文件扩展名为 .pdf，但内容不是 PDF（可能已损坏，或是改了扩展名的其他文件）。" };
  if (fileName && /\.docx$/i.test(fileName) && !starts(bytes, 0xd0, 0xcf, 0x11, 0xe0))
    return { ok: false, message: "文件扩展名为 .docx，但内容不是 Word 文档（可能已损坏，或是改了扩展名的其他文件）。" };
  if (starts(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    return {
      ok: false,
      message: "这是旧版 Word/WPS 文档（.doc/.wps）或旧版 Excel 文件，无法直接读取。请在 Word 或 WPS 中打开，“另存为”Word 文档（.docx）后再导入。",
    };
  }
  const decoded = decodeReport(bytes, fileName);
  if (!decoded.ok) return decoded;
  return { ok: true, read: linesOfReport(decoded.text, decoded.kind, { file: fileName }), kind: decoded.kind, label: decoded.encoding };
}
