import * as zlib from "node:zlib";
import { crc32 as portableCrc32, type ZipCodec } from "./zip";

/** Node's native zlib for the command line: several times faster than the portable inflater. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export const nodeCodec: ZipCodec = {
  inflate(data, maxBytes) {
    try {
      // maxOutputLength stops a bomb as soon as the output passes the budget, without inflating the rest.
      return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return null;
      throw e;
    }
  },
  crc32: nativeCrc32 ? (data) => nativeCrc32(data) >>> 0 : portableCrc32,
};
