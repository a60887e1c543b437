import JSZip from "jszip";
import { planToXlsx } from "../../src/host/xlsx";
import { getFormat } from "../../src/format/registry";
import { instanceName, ruleInstances } from "../../src/rules/instances";
import { buildPlan, CHECK_FIRST_ROW, wrappedRowHeight } from "../../src/workbook/plan";
import { parseTsv } from "../../src/playground/Grid";

/** The .xlsx as written: each sheet's XML by sheet name (through workbook.xml and its relationships). */
async function sheetXml(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const target = new Map([...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"/g)) {
    const path = `xl/${target.get(m[2])!.replace(/^\/?xl\//, "")}`;
    out.set(m[1], await zip.file(path)!.async("string"));
  }
  return out;
}

const attrs = (xml: string, element: string) => {
  const m = new RegExp(`<${element}\\b([^>]*)/?>`).exec(xml);
  return m ? Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])) : null;
};

describe.each(["2019", "2021"] as const)("the %s workbook prints as staff expect", (id) => {
  const model = getFormat(id);
  let sheets: Map<string, string>;
  beforeAll(async () => {
    sheets = await sheetXml(
      await planToXlsx(
        buildPlan(model, { year: id === "2019" ? 2020 : 2024, cover: { orgName: "某某区科学技术局" }, values: new Map(), explanations: new Map() }),
      ),
    );
  });

  test.each(["封面", "校验"])("%s: A4, fitted to one page width (any number of pages down)", (name) => {
    const xml = sheets.get(name)!;
    expect(attrs(xml, "pageSetup")).toMatchObject({ paperSize: "9", fitToWidth: "1", fitToHeight: "0" });
    expect(attrs(xml, "pageSetUpPr")).toMatchObject({ fitToPage: "1" });
  });

  test("封面 is portrait, 校验 landscape with its header row repeated", () => {
    expect(attrs(sheets.get("封面")!, "pageSetup")).toMatchObject({ orientation: "portrait" });
    expect(attrs(sheets.get("校验")!, "pageSetup")).toMatchObject({ orientation: "landscape" });
  });

  test("校验: each row is tall enough for its wrapped 检查项 and 检查内容; rules are named for people with the code beside", async () => {
    const xml = sheets.get("校验")!;
    const instances = ruleInstances(model);
    const heights = new Map([...xml.matchAll(/<row r="(\d+)"([^>]*)>/g)].map((m) => [Number(m[1]), Number(/ht="([\d.]+)"/.exec(m[2])?.[1] ?? "15")]));
    instances.forEach((instance, i) => {
      const row = CHECK_FIRST_ROW + i;
      const desc = `${instance.table.name}：${instance.check}`;
      // 52 columns hold 26 Chinese characters a line; 15 pt a line.
      const lines = Math.ceil([...desc].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0) / 51);
      expect(heights.get(row)).toBeGreaterThanOrEqual(lines * 15);
    });
    const names = instances.map(instanceName);
    expect(names).toContain("T3-1 · 自然人列");
    expect(names.every((n) => !n.includes("@"))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });
});

test("wrappedRowHeight: one line is 18 pt, long text grows 15 pt a line, never past Excel's 409", () => {
  expect(wrappedRowHeight([{ text: "短", width: 52 }])).toBe(18);
  expect(wrappedRowHeight([{ text: "字".repeat(60), width: 52 }])).toBe(3 * 15 + 3);
  expect(wrappedRowHeight([{ text: "字".repeat(5000), width: 52 }])).toBe(409);
});

test("a block copied from Excel or WPS: tabs between cells, a line a row, quoted cells keep their tabs", () => {
  expect(parseTsv("1\t2\t3\r\n4\t5\t6\r\n")).toEqual([
    ["1", "2", "3"],
    ["4", "5", "6"],
  ]);
  expect(parseTsv("7\t\t9")).toEqual([["7", "", "9"]]);
  expect(parseTsv('"a\tb"\t"c ""d"""\n')).toEqual([["a\tb", 'c "d"']]);
});
