import { Inflate } from "fflate";
import { DamagedFileError, LimitError, LIMITS } from "./limits";

/**
 * The zip container of an .xlsx, read from bytes already in memory, with every length checked
 * against the buffer and every entry inflated under a budget and checked against its CRC-32.
 * Works in Node and in the browser (fflate); the CLI passes Node's native zlib (zipCodecNode.ts).
 */

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Inflate raw deflate data, or return null as soon as the output would pass maxBytes. Throws on corrupt data. */
export interface ZipCodec {
  inflate(data: Uint8Array, maxBytes: number): Uint8Array | null;
  crc32(data: Uint8Array): number;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Pushed in slices, so a bomb stops after at most one slice's worth of output past the budget. */
const SLICE = 16 * 1024;

const portableCodec: ZipCodec = {
  inflate(data, maxBytes) {
    const parts: Uint8Array[] = [];
    let total = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > maxBytes) over = true;
      else parts.push(chunk);
    });
    for (let i = 0; i < data.length && !over; i += SLICE) inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
    if (data.length === 0) inflater.push(data, true);
    if (over) return null;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  },
  crc32,
};

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly file: string,
    private readonly codec: ZipCodec = portableCodec,
  ) {
    this.readDirectory();
  }

  private damaged(reason: string): never {
    throw new DamagedFileError(this.file, reason);
  }

  private view = (offset: number, length: number) => {
    if (offset < 0 || length < 0 || offset + length > this.buf.length) this.damaged("文件不完整（可能下载或复制时被截断）。");
    return new DataView(this.buf.buffer, this.buf.byteOffset + offset, length);
  };

  private readDirectory() {
    const buf = this.buf;
    if (buf.length < 22) this.damaged("不是有效的 .xlsx 文件（文件过小或不是压缩包）。");
    const stop = Math.max(0, buf.length - 22 - 0xffff);
    let eocd = buf.length - 22;
    while (eocd >= stop && !(buf[eocd] === 0x50 && buf[eocd + 1] === 0x4b && buf[eocd + 2] === 0x05 && buf[eocd + 3] === 0x06)) eocd--;
    if (eocd < stop) this.damaged("不是有效的 .xlsx 文件（找不到压缩包目录，文件可能被截断或不是 Excel 文件）。");
    const end = this.view(eocd, 22);
    let count = end.getUint16(10, true);
    let dirSize = end.getUint32(12, true);
    let dirOffset = end.getUint32(16, true);
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
      // Zip64: the locator sits just before the end record.
      const loc = this.view(eocd - 20, 20);
      if (loc.getUint32(0, true) !== 0x07064b50) this.damaged("压缩包目录损坏。");
      const rec = Number(loc.getBigUint64(8, true));
      const z = this.view(rec, 56);
      if (z.getUint32(0, true) !== 0x06064b50) this.damaged("压缩包目录损坏。");
      count = Number(z.getBigUint64(32, true));
      dirSize = Number(z.getBigUint64(40, true));
      dirOffset = Number(z.getBigUint64(48, true));
    }
    if (count > LIMITS.zipEntries) throw new LimitError(this.file, "zipEntries");
    this.view(dirOffset, dirSize);
    const decoder = new TextDecoder("utf-8");
    let p = dirOffset;
    for (let i = 0; i < count; i++) {
      const h = this.view(p, 46);
      if (h.getUint32(0, true) !== 0x02014b50) this.damaged("压缩包目录损坏。");
      const flags = h.getUint16(8, true);
      const method = h.getUint16(10, true);
      const crc = h.getUint32(16, true);
      let compressedSize = h.getUint32(20, true);
      let size = h.getUint32(24, true);
      const nameLen = h.getUint16(28, true);
      const extraLen = h.getUint16(30, true);
      const commentLen = h.getUint16(32, true);
      let localOffset = h.getUint32(42, true);
      this.view(p + 46, nameLen + extraLen + commentLen);
      const name = decoder.decode(buf.subarray(p + 46, p + 46 + nameLen)).replace(/\\/g, "/");
      // Zip64 sizes and offset, in that order, for the fields that overflowed.
      let x = p + 46 + nameLen;
      const extraEnd = x + extraLen;
      while (x + 4 <= extraEnd) {
        const e = this.view(x, 4);
        const id = e.getUint16(0, true);
        const len = e.getUint16(2, true);
        if (id === 0x0001) {
          let q = x + 4;
          const next = () => {
            const v = Number(this.view(q, 8).getBigUint64(0, true));
            q += 8;
            return v;
          };
          if (size === 0xffffffff) size = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localOffset === 0xffffffff) localOffset = next();
        }
        x += 4 + len;
      }
      if (this.entries.has(name)) this.damaged(`压缩包中“${name}”出现了两次（文件被篡改或损坏）。`);
      this.entries.set(name, { name, method, flags, crc, compressedSize, size, localOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** The entry by name; OPC part names are case-insensitive. */
  find(name: string): ZipEntry | undefined {
    const exact = this.entries.get(name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    for (const [k, e] of this.entries) if (k.toLowerCase() === lower) return e;
    return undefined;
  }

  /** The entry's bytes, inflated within the budgets and checked against its size and CRC-32. */
  read(entry: ZipEntry, maxBytes: number = LIMITS.entryBytes): Uint8Array {
    if (entry.flags & 1) this.damaged("文件已加密（设置了密码），请在 Excel 中取消密码后另存再试。");
    const h = this.view(entry.localOffset, 30);
    if (h.getUint32(0, true) !== 0x04034b50) this.damaged(`压缩条目“${entry.name}”损坏。`);
    const start = entry.localOffset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
    this.view(start, entry.compressedSize);
    const data = this.buf.subarray(start, start + entry.compressedSize);
    const remaining = LIMITS.totalBytes - this.inflated;
    const budget = Math.min(maxBytes, LIMITS.entryBytes, remaining);
    const limit = budget === remaining && remaining < Math.min(maxBytes, LIMITS.entryBytes) ? "totalBytes" : "entryBytes";
    if (entry.size > budget) throw new LimitError(this.file, limit, entry.name);
    let out: Uint8Array | null;
    if (entry.method === 0) out = data.length > budget ? null : data;
    else if (entry.method === 8) {
      try {
        out = this.codec.inflate(data, budget);
      } catch {
        this.damaged(`压缩条目“${entry.name}”的数据损坏，无法解压。`);
      }
    } else this.damaged(`压缩条目“${entry.name}”使用了不支持的压缩方式（${entry.method}）。`);
    if (out === null) throw new LimitError(this.file, limit, entry.name);
    if (out.length !== entry.size) this.damaged(`压缩条目“${entry.name}”的长度与目录不符（文件被篡改或损坏）。`);
    if (this.codec.crc32(out) !== entry.crc) this.damaged(`压缩条目“${entry.name}”的 CRC 校验失败（文件被篡改或损坏）。`);
    this.inflated += out.length;
    return out;
  }

  /** The first bytes an entry inflates to (at most about maxBytes), unchecked: enough to peek at a sheet's first cells. */
  peek(entry: ZipEntry, maxBytes: number): Uint8Array | null {
    if (entry.flags & 1 || (entry.method !== 0 && entry.method !== 8)) return null;
    try {
      const h = this.view(entry.localOffset, 30);
      const start = entry.localOffset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
      this.view(start, entry.compressedSize);
      const data = this.buf.subarray(start, start + Math.min(entry.compressedSize, entry.method === 0 ? maxBytes : 4096));
      if (entry.method === 0) return data;
      const parts: Uint8Array[] = [];
      let total = 0;
      const inflater = new Inflate((chunk) => {
        if (total < maxBytes) parts.push(chunk.subarray(0, maxBytes - total));
        total += chunk.length;
      });
      inflater.push(data, false);
      const out = new Uint8Array(Math.min(total, maxBytes));
      let at = 0;
      for (const p of parts) {
        out.set(p.subarray(0, out.length - at), at);
        at += p.length;
      }
      return out;
    } catch {
      return null;
    }
  }
}
