import { crc32, deflateRawSync } from "node:zlib";

/**
 * A small zip writer for tests: real .xlsx packages made by hand, and broken ones a real writer
 * would never make (wrong CRC or sizes, a bomb, an encrypted flag, duplicate names, a cut-off end).
 */

export interface ZipPart {
  name: string;
  data: Uint8Array | string;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** Bytes to store as the entry's data instead of compressing `data`. */
  raw?: Uint8Array;
  crc?: number;
  size?: number;
  flags?: number;
}

const bytesOf = (d: Uint8Array | string) => (typeof d === "string" ? Buffer.from(d, "utf8") : Buffer.from(d));

export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = bytesOf(part.data);
    const method = part.method ?? 8;
    const body = part.raw ? Buffer.from(part.raw) : method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(part.name, "utf8");
    const crc = part.crc ?? crc32(data) >>> 0;
    const size = part.size ?? data.length;
    const flags = (part.flags ?? 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(size >>> 0, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** Raw deflate data that inflates to `megabytes` MB of zeros from about a thousandth of that. */
export function deflateBomb(megabytes: number): Buffer {
  // Independent full-flush blocks of one MB of zeros, repeated, then an empty final block.
  const block = deflateRawSync(Buffer.alloc(2 ** 20), { finishFlush: 3 /* Z_FULL_FLUSH */ });
  const last = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), last]);
}

const XLSX_NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

export interface HandSheet {
  name: string;
  /** The worksheet XML, or just what goes inside <sheetData>. */
  xml?: string;
  sheetData?: string;
  state?: "visible" | "hidden" | "veryHidden";
}

/** A minimal .xlsx package with hand-written parts. */
export function handXlsx(
  sheets: HandSheet[],
  options: { sharedStrings?: string; definedNames?: string; extra?: ZipPart[]; override?: Partial<Record<string, ZipPart>> } = {},
): Buffer {
  const sheetXml = (s: HandSheet) =>
    s.xml ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${XLSX_NS}><sheetData>${s.sheetData ?? ""}</sheetData></worksheet>`;
  const parts: ZipPart[] = [
    {
      name: "[Content_Types].xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}${options.sharedStrings !== undefined ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ""}</Types>`,
    },
    {
      name: "_rels/.rels",
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    {
      name: "xl/workbook.xml",
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${XLSX_NS}><sheets>${sheets.map((s, i) => `<sheet name="${s.name.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`).join("")}</sheets>${options.definedNames ? `<definedNames>${options.definedNames}</definedNames>` : ""}</workbook>`,
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}${options.sharedStrings !== undefined ? `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : ""}</Relationships>`,
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(s) })),
    ...(options.sharedStrings !== undefined
      ? [{ name: "xl/sharedStrings.xml", data: `<?xml version="1.0" encoding="UTF-8"?><sst ${XLSX_NS}>${options.sharedStrings}</sst>` }]
      : []),
    ...(options.extra ?? []),
  ];
  return zip(parts.map((p) => options.override?.[p.name] ?? p));
}
