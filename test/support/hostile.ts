import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFormat } from "../../src/format/registry";
import { planToXlsx } from "../../src/host/xlsx";
import { planFor } from "../../src/workbook/operations";
import { consistentValues, rng } from "./generate";
import { deflateBomb, handXlsx, zip, type ZipPart } from "./zipWriter";

/**
 * The hostile corpus, generated at test time into test/fixtures/hostile/ (git-ignored: no large
 * binaries in git). Bombs, truncated, CRC-broken and XXE workbooks; special files; huge but valid
 * workbooks; pathological text and HTML; injected formulas and characters. Each file says what
 * every command must answer: an exit code and a message (always zh-CN, never a stack trace).
 */

export type Command = "validate" | "narrative" | "export" | "rebuild" | "aggregate" | "import" | "lastYear" | "text" | "data";
export const COMMANDS: Command[] = ["validate", "narrative", "export", "rebuild", "aggregate", "import", "lastYear", "text", "data"];

interface Outcome {
  code: number | number[];
  /** A fragment of what the user is told (stdout or stderr). */
  says?: RegExp;
}

export interface HostileFile {
  name: string;
  /** What it is, for the failure message. */
  what: string;
  /** How each command answers; missing commands answer as the file's kind does. */
  expect: Partial<Record<Command, Outcome>>;
  kind: "workbook" | "text" | "html" | "json" | "special";
}

const NOT_XLSX = /不是有效的 \.xlsx|不是 Excel 工作簿/;
const NOT_TEXT = /Word\/Excel\/WPS 文档|旧版 Word\/WPS 文档|不是年报文档|不是文本或网页|PDF 文件|文件是空的/;
const NOT_JSON = /不是有效的 JSON/;

/** What a workbook that cannot be read gets from every command, given the reason. */
function unreadableWorkbook(says: RegExp): Partial<Record<Command, Outcome>> {
  return {
    validate: { code: 2, says },
    narrative: { code: 2, says },
    export: { code: 2, says },
    rebuild: { code: 2, says },
    aggregate: { code: 2, says },
    lastYear: { code: 2, says },
    import: { code: 2, says: NOT_TEXT },
    text: { code: 2, says: NOT_TEXT },
    data: { code: 2, says: NOT_JSON },
  };
}

/** A readable Nianbao workbook (validate 0 or 1). */
function readableWorkbook(validate: Outcome, more: Partial<Record<Command, Outcome>> = {}): Partial<Record<Command, Outcome>> {
  return {
    validate,
    narrative: { code: 0 },
    export: { code: [0, 1] },
    rebuild: { code: [0, 2] },
    aggregate: { code: [0, 1] },
    lastYear: { code: 0 },
    import: { code: 2, says: NOT_TEXT },
    text: { code: 2, says: NOT_TEXT },
    data: { code: 2, says: NOT_JSON },
    ...more,
  };
}

/** A text or page: every .xlsx command refuses it; import and --text read it (or say why not). */
function textual(importOutcome: Outcome, textOutcome: Outcome = { code: 0 }, lastYear: Outcome = { code: [0, 2] }): Partial<Record<Command, Outcome>> {
  return {
    validate: { code: 2, says: NOT_XLSX },
    narrative: { code: 2, says: NOT_XLSX },
    export: { code: 2, says: /\.xlsx/ },
    rebuild: { code: 2, says: NOT_XLSX },
    aggregate: { code: 2, says: NOT_XLSX },
    import: importOutcome,
    lastYear,
    text: textOutcome,
    data: { code: 2, says: NOT_JSON },
  };
}

function special(says: RegExp): Partial<Record<Command, Outcome>> {
  return Object.fromEntries(COMMANDS.map((c) => [c, { code: 2, says }]));
}

async function validWorkbook(seed: number): Promise<Buffer> {
  const model = getFormat("2021");
  const values = consistentValues(model, rng(seed));
  const { plan } = planFor({ year: 2023, orgName: "某某区人民政府办公室", values }, null);
  return planToXlsx(plan);
}

/** A valid workbook with one part of its package replaced (inflated XML edited by `edit`). */
async function edited(base: Buffer, part: string, edit: (xml: string) => string, options: Partial<ZipPart> = {}): Promise<Buffer> {
  const JSZip = (await import("jszip")).default;
  const z = await JSZip.loadAsync(base);
  const parts: ZipPart[] = [];
  for (const name of Object.keys(z.files)) {
    const f = z.files[name];
    if (f.dir) continue;
    const data = await f.async("uint8array");
    parts.push(name === part ? { name, data: edit(Buffer.from(data).toString("utf8")), ...options } : { name, data });
  }
  return zip(parts);
}

const T3 = "xl/worksheets/sheet3.xml"; // 表三 in the order Nianbao writes the sheets
const T2 = "xl/worksheets/sheet2.xml";

/** Replace the value of a cell in sheet XML (a <c r="…"> element) with new inner XML and type. */
function setCell(xml: string, address: string, inner: string, type?: string): string {
  const re = new RegExp(`<c r="${address}"([^>]*?)(/>|>[\\s\\S]*?</c>)`);
  return xml.replace(re, (_m, attrs: string) => `<c r="${address}"${attrs.replace(/\s+t="[^"]*"/, "")}${type ? ` t="${type}"` : ""}>${inner}</c>`);
}

/** The command line each command is run with on a corpus file (outputs go to `outDir`). */
export function argsFor(command: Command, file: HostileFile, path: string, outDir: string): string[] {
  const o = (name: string) => join(outDir, name);
  switch (command) {
    case "validate":
      return ["validate", path];
    case "narrative":
      return ["narrative", path];
    case "export":
      return ["export", path, "--html", o("report.html")];
    case "rebuild":
      return ["rebuild", path, "--out", o("rebuilt.xlsx")];
    case "aggregate":
      return ["aggregate", path, "--out", o("total.xlsx")];
    case "import":
      return ["import", path, "--out", o("imported.xlsx")];
    case "lastYear":
      // The workbooks are 2023 reports, the texts the 2020 report: each carried into the year after.
      return [
        "build",
        "--year",
        file.kind === "workbook" || file.name === "xlsx-named.txt" ? "2024" : "2021",
        "--org",
        "某局",
        "--last-year",
        path,
        "--out",
        o("carried.xlsx"),
      ];
    case "text":
      return ["build", "--year", "2023", "--org", "某局", "--text", path, "--out", o("text.xlsx")];
    case "data":
      return ["build", "--year", "2023", "--org", "某局", "--data", path, "--out", o("data.xlsx")];
  }
}

export async function makeHostileCorpus(dir: string): Promise<HostileFile[]> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: HostileFile[] = [];
  const add = (name: string, what: string, data: Uint8Array | string, kind: HostileFile["kind"], expect: Partial<Record<Command, Outcome>>) => {
    writeFileSync(join(dir, name), data);
    files.push({ name, what, kind, expect });
  };
  const model = getFormat("2021");
  const ok = await validWorkbook(1);
  const cell = (id: string) => model.cellById.get(id)!.address;

  // --- workbooks: good ones, then each way of being bad
  add("ok-2023.xlsx", "a clean 2023 workbook", ok, "workbook", readableWorkbook({ code: [0, 1] }));
  add("empty.xlsx", "0 bytes", "", "workbook", unreadableWorkbook(NOT_XLSX));
  add("not-zip.xlsx", "text named .xlsx", "年报 2023 这不是工作簿\n".repeat(50), "workbook", {
    ...unreadableWorkbook(NOT_XLSX),
    import: { code: 2, says: /没有找到年报|文件/ },
    text: { code: 0 },
    lastYear: { code: 2, says: NOT_XLSX },
  });
  add(
    "ole-encrypted.xlsx",
    "an encrypted (OLE) workbook",
    Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
    "workbook",
    unreadableWorkbook(/加密/),
  );
  add(
    "zip-encrypted-flag.xlsx",
    "zip entries flagged encrypted",
    await edited(ok, "xl/workbook.xml", (x) => x, { flags: 1 }),
    "workbook",
    unreadableWorkbook(/加密/),
  );
  add("truncated-half.xlsx", "cut in half", ok.subarray(0, Math.floor(ok.length / 2)), "workbook", unreadableWorkbook(NOT_XLSX));
  add("truncated-tail.xlsx", "the last 10 bytes cut", ok.subarray(0, ok.length - 10), "workbook", unreadableWorkbook(NOT_XLSX));
  add("crc-broken.xlsx", "表三 with a wrong CRC", await edited(ok, T3, (x) => x, { crc: 0x12345678 }), "workbook", unreadableWorkbook(/CRC/));
  add("size-lies.xlsx", "表三 claims the wrong size", await edited(ok, T3, (x) => x, { size: 77 }), "workbook", unreadableWorkbook(/长度/));
  const bombPart = (name: string, mb: number, size = 1234): ZipPart => ({ name, data: "", raw: deflateBomb(mb), size });
  add(
    "bomb-sheet-1gb.xlsx",
    "表三 inflates to 1 GB (about 1 MB on disk)",
    await edited(ok, T3, (x) => x, bombPart(T3, 1024)),
    "workbook",
    unreadableWorkbook(/解压后/),
  );
  add(
    "bomb-sheet-5mb-file.xlsx",
    "a 5 MB file whose 表三 inflates to 5 GB",
    await edited(ok, T3, (x) => x, bombPart(T3, 5 * 1024, 0xfffffff0)),
    "workbook",
    unreadableWorkbook(/解压/),
  );
  add(
    "bomb-sst.xlsx",
    "shared strings inflate to 300 MB",
    await edited(ok, "xl/sharedStrings.xml", (x) => x, bombPart("xl/sharedStrings.xml", 300)),
    "workbook",
    unreadableWorkbook(/解压后/),
  );
  {
    // Many entries that all point at one bomb (overlapping entries): the total budget stops them.
    const bomb = deflateBomb(60);
    const parts: ZipPart[] = [{ name: "xl/workbook.xml", data: "<workbook/>" }];
    for (let i = 0; i < 20; i++) parts.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: "", raw: bomb, size: 60 * 2 ** 20 });
    const sheets = Array.from(
      { length: 20 },
      (_, i) => `<sheet name="${["封面", "表二", "表三", "表四", "正文", "_nianbao"][i] ?? `S${i}`}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
    ).join("");
    parts[0] = {
      name: "xl/workbook.xml",
      data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets}</sheets></workbook>`,
    };
    parts.push({
      name: "xl/_rels/workbook.xml.rels",
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Array.from({ length: 20 }, (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}</Relationships>`,
    });
    add("bomb-many-sheets.xlsx", "20 sheets of 60 MB each from one compressed block", zip(parts), "workbook", unreadableWorkbook(/解压/));
  }
  {
    const parts: ZipPart[] = Array.from({ length: 12_000 }, (_, i) => ({ name: `x/${i}.xml`, data: "", method: 0 as const }));
    add("many-entries.xlsx", "12,000 zip entries", zip(parts), "workbook", unreadableWorkbook(/条目数/));
  }
  add(
    "dup-entries.xlsx",
    "two entries with one name",
    zip([
      { name: "xl/workbook.xml", data: "<workbook/>" },
      { name: "xl/workbook.xml", data: "<workbook/>" },
    ]),
    "workbook",
    unreadableWorkbook(/出现了两次/),
  );
  add(
    "xxe.xlsx",
    "表三 with an external entity (XXE)",
    await edited(ok, T3, (x) =>
      x
        .replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet')
        .replace(`<c r="${cell("t3.new.natural")}"`, `<c r="ZZ1" t="inlineStr"><is><t>&xxe;</t></is></c><c r="${cell("t3.new.natural")}"`),
    ),
    "workbook",
    unreadableWorkbook(/DTD/),
  );
  add(
    "billion-laughs.xlsx",
    "shared strings with nested entities",
    await edited(ok, "xl/sharedStrings.xml", (x) =>
      x.replace("<sst", `<!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><sst`),
    ),
    "workbook",
    unreadableWorkbook(/DTD/),
  );
  add(
    "undeclared-entity.xlsx",
    "an entity nobody declared",
    await edited(ok, T3, (x) => setCell(x, cell("t3.new.natural"), "<is><t>&nbsp;</t></is>", "inlineStr")),
    "workbook",
    unreadableWorkbook(/不是有效的 XML/),
  );
  add(
    "bad-xml.xlsx",
    "表三 is not well formed",
    await edited(ok, T3, (x) => x.replace("</sheetData>", "<row></sheetData>")),
    "workbook",
    unreadableWorkbook(/不是有效的 XML/),
  );
  add(
    "deep-xml.xlsx",
    "100,000 nested elements",
    await edited(ok, T3, (x) => x.replace("</sheetData>", `</sheetData>${"<x>".repeat(100_000)}${"</x>".repeat(100_000)}`)),
    "workbook",
    unreadableWorkbook(/嵌套/),
  );
  add(
    "million-rows.xlsx",
    "表三 with a million empty rows",
    await edited(ok, T3, (x) => x.replace("</sheetData>", `${Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 100}"/>`).join("")}</sheetData>`)),
    "workbook",
    unreadableWorkbook(/行的上限/),
  );
  add(
    "many-cells.xlsx",
    "表三 with 300,000 styled cells",
    await edited(ok, T3, (x) =>
      x.replace(
        "</sheetData>",
        `<row r="100">${Array.from({ length: 300_000 }, (_, i) => `<c r="A${100}" s="1"/>`.replace("A100", `${String.fromCharCode(65 + (i % 26))}${100 + Math.floor(i / 26)}`)).join("")}</row></sheetData>`,
      ),
    ),
    "workbook",
    unreadableWorkbook(/单元格的上限/),
  );
  add(
    "huge-merge.xlsx",
    "a merge over the whole sheet",
    await edited(ok, T2, (x) => x.replace(/<mergeCells[^>]*>/, (m) => `${m}<mergeCell ref="Z1:XFD1048576"/>`)),
    "workbook",
    readableWorkbook({ code: [0, 1] }),
  );
  add(
    "duplicate-cell.xlsx",
    "a cell written twice (100 hidden behind 5)",
    await edited(ok, T3, (x) =>
      x.replace(`<c r="${cell("t3.new.natural")}"`, `<c r="${cell("t3.new.natural")}"><v>100</v></c><c r="${cell("t3.new.natural")}"`),
    ),
    "workbook",
    unreadableWorkbook(/出现了两次/),
  );
  add(
    "comment-hidden-cell.xlsx",
    "a value inside an XML comment",
    await edited(ok, T3, (x) =>
      x.replace(`<c r="${cell("t3.new.natural")}"`, `<!-- <c r="${cell("t3.new.natural")}"><v>100</v></c> --><c r="${cell("t3.new.natural")}"`),
    ),
    "workbook",
    readableWorkbook({ code: 0 }),
  );
  add(
    "hex-number.xlsx",
    "<v>0x5</v> in an input",
    await edited(ok, T3, (x) => setCell(x, cell("t3.granted.natural"), "<v>0x5</v>")),
    "workbook",
    readableWorkbook({ code: 1, says: /0x5/ }),
  );
  add(
    "dde-derived.xlsx",
    "a DDE formula in a 总计 cell",
    await edited(ok, T3, (x) => setCell(x, cell("t3.granted.total"), "<f>cmd|' /C calc'!A0</f><v>0</v>")),
    "workbook",
    readableWorkbook({ code: 1, says: /F-3|合计公式/ }, { export: { code: 1, says: /合计公式/ } }),
  );
  add(
    "webservice-derived.xlsx",
    "WEBSERVICE in a 总计 cell",
    await edited(ok, T3, (x) => setCell(x, cell("t3.new.total"), '<f>_xlfn.WEBSERVICE("http://example.com/x")</f><v>0</v>', "str")),
    "workbook",
    readableWorkbook({ code: 1, says: /合计公式/ }),
  );
  add(
    "external-ref-input.xlsx",
    "an input referring to another workbook",
    await edited(ok, T3, (x) => setCell(x, cell("t3.partial.natural"), "<f>[1]Sheet1!A1</f><v>3</v>")),
    "workbook",
    readableWorkbook({ code: 1, says: /公式/ }),
  );
  add(
    "retargeted-name.xlsx",
    "NB_t3_new_natural points at another cell",
    await edited(ok, "xl/workbook.xml", (x) => x.replace(/(<definedName name="NB_t3_new_natural">)[^<]*/, "$1'表三'!$K$40")),
    "workbook",
    readableWorkbook({ code: 1, says: /定义名称/ }),
  );
  add(
    "control-in-strings.xlsx",
    "a raw U+FFFF in shared strings (invalid XML)",
    await edited(ok, "xl/sharedStrings.xml", (x) => x.replace("某某区人民政府办公室", "某某区\uffff人民政府办公室")),
    "workbook",
    unreadableWorkbook(/不是有效的 XML/),
  );
  {
    // A valid workbook with a 45 MB sheet of the user's own (stored, incompressible): read quickly, the big sheet untouched.
    const r = rng(9);
    const rows: string[] = [];
    let size = 0;
    for (let row = 1; size < 45 * 2 ** 20; row++) {
      const cells = Array.from(
        { length: 10 },
        (_, c) => `<c r="${String.fromCharCode(65 + c)}${row}"><v>${r.int(0, 2 ** 30)}.${r.int(0, 999999)}</v></c>`,
      ).join("");
      const line = `<row r="${row}">${cells}</row>`;
      rows.push(line);
      size += line.length;
    }
    const JSZip = (await import("jszip")).default;
    const z = await JSZip.loadAsync(ok);
    const parts: ZipPart[] = [];
    for (const name of Object.keys(z.files)) if (!z.files[name].dir) parts.push({ name, data: await z.files[name].async("uint8array") });
    const wb = parts.find((p) => p.name === "xl/workbook.xml")!;
    wb.data = Buffer.from(wb.data).toString("utf8").replace("</sheets>", '<sheet name="台账" sheetId="99" r:id="rId99"/></sheets>');
    const rels = parts.find((p) => p.name === "xl/_rels/workbook.xml.rels")!;
    rels.data = Buffer.from(rels.data)
      .toString("utf8")
      .replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>',
      );
    parts.push({
      name: "xl/worksheets/sheet99.xml",
      data: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join("")}</sheetData></worksheet>`,
      method: 0,
    });
    add(
      "huge-valid-45mb.xlsx",
      "a valid workbook with a 45 MB sheet of one's own",
      zip(parts),
      "workbook",
      readableWorkbook({ code: [0, 1] }, { rebuild: { code: 2, says: /上限/ } }),
    );
  }
  add("over-50mb.xlsx", "51 MB", Buffer.alloc(51 * 2 ** 20, 0x41), "workbook", {
    ...unreadableWorkbook(/文件大小上限/),
    import: { code: 2, says: /文件大小上限/ },
    text: { code: 2, says: /文件大小上限/ },
    data: { code: 2, says: /文件大小上限/ },
  });
  {
    const foreign = handXlsx([{ name: "Sheet1", sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1"><v>3</v></c></row>' }]);
    add("foreign.xlsx", "a workbook that is not a report", foreign, "workbook", {
      ...unreadableWorkbook(/不是年报|年报（Nianbao）/),
      rebuild: { code: 2, says: /报告年度|不是年报/ },
    });
  }
  add(
    "control-chars-org.xlsx",
    "U+FFFE typed in 机关名称 (written by an old build)",
    await edited(ok, "xl/sharedStrings.xml", (x) => x.replace("某某区人民政府办公室", "某某区&#x1;人民政府办公室")),
    "workbook",
    unreadableWorkbook(/不是有效的 XML/),
  );

  // --- special files
  mkdirSync(join(dir, "a-directory.xlsx"));
  files.push({
    name: "a-directory.xlsx",
    what: "a directory named .xlsx",
    kind: "special",
    expect: { ...special(/目录/), aggregate: { code: 2, says: /没有/ } },
  });
  try {
    execFileSync("mkfifo", [join(dir, "fifo.xlsx")]);
    files.push({ name: "fifo.xlsx", what: "a FIFO named .xlsx", kind: "special", expect: special(/不是普通文件/) });
  } catch {
    // mkfifo missing: the FIFO case is covered where it exists.
  }
  symlinkSync("/dev/zero", join(dir, "devzero.xlsx"));
  files.push({ name: "devzero.xlsx", what: "a link to /dev/zero", kind: "special", expect: special(/不是普通文件/) });
  symlinkSync(join(dir, "nowhere.xlsx"), join(dir, "dangling.xlsx"));
  files.push({ name: "dangling.xlsx", what: "a link to nothing", kind: "special", expect: special(/不存在/) });
  symlinkSync("loop-b.xlsx", join(dir, "loop-a.xlsx"));
  symlinkSync("loop-a.xlsx", join(dir, "loop-b.xlsx"));
  files.push({ name: "loop-a.xlsx", what: "a symlink loop", kind: "special", expect: special(/循环/) });
  files.push({ name: "missing.xlsx", what: "a file that is not there", kind: "special", expect: special(/不存在/) });

  // --- text and HTML
  const report = (await import("node:fs")).readFileSync(join(__dirname, "..", "fixtures", "yuanzhou-keji-2020.txt"), "utf8");
  add("year-200k.txt", "“2020年” 200,000 times", "2020年".repeat(200_000), "text", textual({ code: 2, says: /没有找到年报|标题/ }));
  add(
    "tabs-1m.txt",
    "a line of a million tabs",
    `${report.slice(0, 2000)}\n${"\t".repeat(1_000_000)}\n${report.slice(2000)}`,
    "text",
    textual({ code: [0, 1] }),
  );
  add(
    "divs-100k.html",
    "100,000 nested <div>s",
    `<html><body>${"<div>".repeat(100_000)}一、总体情况${"</div>".repeat(100_000)}</body></html>`,
    "html",
    textual({ code: [0, 1, 2] }),
  );
  add(
    "tables-nested-20k.html",
    "20,000 nested tables",
    `<html><body>${"<table><tr><td>".repeat(20_000)}一、总体情况${"</td></tr></table>".repeat(20_000)}</body></html>`,
    "html",
    textual({ code: [0, 1, 2] }),
  );
  add(
    "spans-huge.html",
    "rowspan and colspan of 100,000",
    `<html><body><p>一、总体情况</p><table>${'<tr><td rowspan="100000" colspan="100000">1</td></tr>'.repeat(2000)}</table></body></html>`,
    "html",
    textual({ code: [0, 1, 2] }),
  );
  {
    const page = (await import("node:fs")).readFileSync(join(__dirname, "..", "fixtures", "import", "html-rowspan-2019.html"), "utf8");
    const images = `<img src="data:image/png;base64,${"iVBORw0KGgo".repeat(800_000)}">`;
    add(
      "big-page-11mb.html",
      "a 10.9 MB page (the report with 9 MB of inline images and script)",
      `${page.replace("<body>", `<body><script>${"var x=1;".repeat(100_000)}</script>${images}`)}`,
      "html",
      textual({ code: [0, 1] }),
    );
    add(
      "many-elements.html",
      "600,000 elements",
      `<html><body><p>一、总体情况</p>${"<span>x</span>".repeat(600_000)}</body></html>`,
      "html",
      textual({ code: 2, says: /网页元素/ }, { code: [0, 2] }),
    );
  }
  {
    const r = rng(3);
    const random = Buffer.alloc(10 * 2 ** 20);
    for (let i = 0; i < random.length; i++) random[i] = r.int(0, 255);
    add(
      "random-10mb.txt",
      "10 MB of random bytes",
      random,
      "text",
      textual({ code: 2, says: NOT_TEXT }, { code: 2, says: NOT_TEXT }, { code: 2, says: NOT_TEXT }),
    );
  }
  add("utf16-nobom.txt", "the report in UTF-16 without a byte-order mark", Buffer.from(report, "utf16le"), "text", textual({ code: [0, 1] }));
  add(
    "utf16-bom.txt",
    "the report in UTF-16 with a byte-order mark",
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(report, "utf16le")]),
    "text",
    textual({ code: [0, 1] }),
  );
  add(
    "utf8-declared-gbk.html",
    "a UTF-8 page that says charset=gbk",
    `<html><head><meta charset="gbk"></head><body>${report
      .split("\n")
      .map((l) => `<p>${l}</p>`)
      .join("")}</body></html>`,
    "html",
    textual({ code: [0, 1] }),
  );
  add("gbk.txt", "the report in GBK", Buffer.from(new TextEncoderGbk().encode(report)), "text", textual({ code: [0, 1] }));
  add(
    "long-paragraph.txt",
    "a 120,000-character paragraph",
    report.replace("一、总体情况\n", `一、总体情况\n${"本机关认真贯彻落实条例，".repeat(10_000)}\n`),
    "text",
    textual({ code: [0, 1] }),
  );
  add(
    "control-chars.txt",
    "U+FFFE, U+0001 and a lone surrogate in the text",
    report.replace("一、总体情况\n", "一、总体情况\n本年度\uFFFE共\u0001收到\uD800申请。\n"),
    "text",
    textual({ code: [0, 1] }),
  );
  add(
    "pdf-named.txt",
    "a PDF named .txt",
    Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2000, 0x20)]),
    "text",
    textual({ code: 2, says: /PDF/ }, { code: 2, says: /PDF/ }, { code: 2, says: /PDF/ }),
  );
  add("empty.txt", "an empty text file", "", "text", textual({ code: 2, says: /空/ }, { code: 2, says: /空/ }, { code: 2, says: /空/ }));
  add(
    "text-4m-chars.txt",
    "4.2 million characters of text (twenty reports and more)",
    report.repeat(Math.ceil(4_200_000 / report.length)),
    "text",
    textual({ code: 2, says: /万字的上限/ }, { code: 2, says: /万字的上限/ }, { code: 2, says: /万字的上限/ }),
  );
  // Read for what it is (a workbook), whatever its name; the text commands refuse it.
  add("xlsx-named.txt", "a workbook named .txt", ok, "text", {
    ...readableWorkbook({ code: [0, 1] }),
    export: { code: 2, says: /\.xlsx/ },
    lastYear: { code: 2, says: NOT_TEXT },
  });

  // --- JSON for build --data
  const jsonFile = (name: string, what: string, text: string, says: RegExp) =>
    add(name, what, text, "json", { ...textual({ code: [1, 2] }, { code: [0, 2] }), data: { code: 2, says } });
  jsonFile("data-1e400.json", "1e400 for a count", '{"t3.new.natural": 1e400}', /超出范围/);
  jsonFile("data-dde.json", "a DDE formula", '{"t3.new.total": "=cmd|\' /C calc\'!A0"}', /工作簿以外/);
  jsonFile("data-long.json", "a 40,000-character string", JSON.stringify({ "t3.new.natural": "长".repeat(40_000) }), /32767/);
  jsonFile("data-not-object.json", "an array", "[1,2,3]", /对象/);
  jsonFile("data-unknown-id.json", "a cell id of no format", '{"t9.x": 1}', /不存在的单元格编号/);
  jsonFile("data-bad-json.json", "JSON with a trailing comma", '{"t3.new.natural": 1,}', NOT_JSON);
  return files;
}

/** GBK bytes for a string: GB18030 encoders are not in Node; the few characters of the fixture are mapped by decoding every two-byte GBK code once. */
class TextEncoderGbk {
  private static table: Map<string, number[]> | null = null;
  encode(text: string): Uint8Array {
    if (!TextEncoderGbk.table) {
      const table = new Map<string, number[]>();
      const decoder = new TextDecoder("gbk");
      for (let a = 0x81; a <= 0xfe; a++)
        for (let b = 0x40; b <= 0xfe; b++) {
          if (b === 0x7f) continue;
          const ch = decoder.decode(new Uint8Array([a, b]));
          if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [a, b]);
        }
      TextEncoderGbk.table = table;
    }
    const out: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) out.push(code);
      else out.push(...(TextEncoderGbk.table.get(ch) ?? [0x3f]));
    }
    return Uint8Array.from(out);
  }
}
