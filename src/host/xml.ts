import { SaxesParser, type SaxesTagPlain } from "saxes";
import { DamagedFileError, LimitError, LIMITS } from "./limits";

/**
 * One XML part of a workbook through a real XML parser (saxes): comments, CDATA, entities and
 * character references are read as XML defines them. A DTD is refused outright, so no entity can
 * be declared (no XXE, no billion laughs), and nesting is bounded.
 */

export interface XmlHandler {
  /** Element names without their namespace prefix. */
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
  /** Checked between slices: true stops reading the rest of the part. */
  done?(): boolean;
}

const SLICE = 16 * 1024;

const local = (name: string) => {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
};

function decoderFor(bytes: Uint8Array): { decoder: TextDecoder; skip: number } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { decoder: new TextDecoder("utf-16le"), skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { decoder: new TextDecoder("utf-16be"), skip: 2 };
  return { decoder: new TextDecoder("utf-8"), skip: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0 };
}

/** Parse `bytes` (a part named `part` of `file`), calling the handler; a complete=false read (peek) tolerates a cut-off end. */
export function parseXml(bytes: Uint8Array, file: string, part: string, handler: XmlHandler, complete = true): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let depth = 0;
  parser.on("doctype", () => {
    throw new DamagedFileError(file, `${part} 含有文档类型定义（DTD），Excel 工作簿不会有这种内容，为安全起见拒绝读取。`);
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    depth++;
    if (depth > LIMITS.xmlDepth) throw new LimitError(file, "xmlDepth", part);
    // saxes reports the close of a self-closing tag too; depth is lowered there.
    handler.open(local(tag.name), tag.attributes);
  });
  parser.on("closetag", (tag: SaxesTagPlain) => {
    depth--;
    handler.close(local(tag.name));
  });
  parser.on("text", (t: string) => handler.text(t));
  parser.on("cdata", (t: string) => handler.text(t));
  const { decoder, skip } = decoderFor(bytes);
  try {
    for (let i = skip; i < bytes.length; i += SLICE) {
      const last = i + SLICE >= bytes.length;
      parser.write(decoder.decode(bytes.subarray(i, i + SLICE), { stream: !last }));
      if (handler.done?.()) return;
    }
    if (complete) parser.close();
  } catch (e) {
    if (e instanceof DamagedFileError || e instanceof LimitError) throw e;
    if (!complete) return;
    throw new DamagedFileError(
      file,
      `${part} 不是有效的 XML（${e instanceof Error ? e.message.replace(/^[^:]*:\d+:\d+: /, "") : String(e)}），文件已损坏或被篡改。`,
    );
  }
}
