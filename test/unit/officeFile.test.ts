import { canReadWorkbookFile, readWorkbookFile, type OfficeFileDocument } from "../../src/host/officeFile";

/**
 * The current workbook through getFileAsync: compressed slices read in order and joined, the file
 * closed every time (Office keeps only one open), failures reported in zh-CN.
 */

const Succeeded = "succeeded";
const Failed = "failed";
(globalThis as unknown as { Office: unknown }).Office = { FileType: { Compressed: "compressed" }, AsyncResultStatus: { Succeeded, Failed } };

function fakeDocument(bytes: number[], sliceSize: number, failSlice = -1) {
  const log: string[] = [];
  const slices: number[][] = [];
  for (let i = 0; i < bytes.length; i += sliceSize) slices.push(bytes.slice(i, i + sliceSize));
  const file = {
    size: bytes.length,
    sliceCount: slices.length,
    getSliceAsync(index: number, cb: (r: unknown) => void) {
      log.push(`slice ${index}`);
      if (index === failSlice) cb({ status: Failed, error: { message: "网络中断" } });
      else cb({ status: Succeeded, value: { index, size: slices[index].length, data: slices[index] } });
    },
    closeAsync(cb: () => void) {
      log.push("close");
      cb();
    },
  };
  const doc: OfficeFileDocument = {
    getFileAsync(type, options, cb) {
      log.push(`open ${String(type)} ${options.sliceSize}`);
      cb({ status: Succeeded, value: file } as unknown as Office.AsyncResult<Office.File>);
    },
  };
  return { doc, log };
}

test("slices are read in order, joined into the file's bytes, and the file is closed", async () => {
  const bytes = Array.from({ length: 10 }, (_, i) => (i * 37) % 256);
  const { doc, log } = fakeDocument(bytes, 4);
  expect(canReadWorkbookFile(doc)).toBe(true);
  expect([...(await readWorkbookFile(doc))]).toEqual(bytes);
  expect(log).toEqual([`open compressed ${4 * 1024 * 1024}`, "slice 0", "slice 1", "slice 2", "close"]);
});

test("a failed slice is reported and the file is still closed", async () => {
  const { doc, log } = fakeDocument([1, 2, 3, 4, 5], 2, 1);
  await expect(readWorkbookFile(doc)).rejects.toThrow("读取第 2 段文件数据失败：网络中断");
  expect(log[log.length - 1]).toBe("close");
});

test("outside Excel there is no file to read", async () => {
  expect(canReadWorkbookFile(null)).toBe(false);
  await expect(readWorkbookFile(null)).rejects.toThrow("只有在 Excel 中才能下载当前工作簿");
});
