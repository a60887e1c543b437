/// <reference types="office-js" />

/**
 * The workbook file as Excel holds it, read through Office.context.document.getFileAsync in
 * compressed slices (the .xlsx bytes). The only Office call the export pane needs, kept here so
 * the pane itself has none. Tests pass a fake document.
 */

export interface OfficeFileDocument {
  getFileAsync(type: Office.FileType, options: { sliceSize: number }, callback: (r: Office.AsyncResult<Office.File>) => void): void;
}

/** 4 MB, the largest slice Office allows. */
const SLICE_SIZE = 4 * 1024 * 1024;

function officeDocument(): OfficeFileDocument | null {
  if (typeof Office === "undefined" || typeof Excel === "undefined") return null;
  const doc = Office.context?.document as unknown as OfficeFileDocument | undefined;
  return doc && typeof doc.getFileAsync === "function" ? doc : null;
}

/** Whether the pane runs in Excel and can hand out the current workbook file. */
export function canReadWorkbookFile(doc: OfficeFileDocument | null = officeDocument()): boolean {
  return doc !== null;
}

const failed = (what: string, r: Office.AsyncResult<unknown>) => new Error(`${what}失败：${r.error?.message ?? "未知原因"}`);

/** The current workbook as .xlsx bytes. Slices are read one after another and the file is always closed (Office allows one open file). */
export async function readWorkbookFile(doc: OfficeFileDocument | null = officeDocument()): Promise<Uint8Array> {
  if (!doc) throw new Error("只有在 Excel 中才能下载当前工作簿。");
  const file = await new Promise<Office.File>((resolve, reject) =>
    doc.getFileAsync(Office.FileType.Compressed, { sliceSize: SLICE_SIZE }, (r) =>
      r.status === Office.AsyncResultStatus.Succeeded ? resolve(r.value) : reject(failed("读取工作簿文件", r)),
    ),
  );
  try {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < file.sliceCount; i++) {
      const slice = await new Promise<Office.Slice>((resolve, reject) =>
        file.getSliceAsync(i, (r) => (r.status === Office.AsyncResultStatus.Succeeded ? resolve(r.value) : reject(failed(`读取第 ${i + 1} 段文件数据`, r)))),
      );
      parts.push(slice.data instanceof Uint8Array ? slice.data : Uint8Array.from(slice.data as number[]));
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  } finally {
    await new Promise<void>((resolve) => file.closeAsync(() => resolve()));
  }
}
