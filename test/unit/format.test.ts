import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cellsJson } from "../../src/cli/cells";
import type { TableLayout } from "../../src/format/layout";
import { formatForYear, getFormat, UnsupportedYearError } from "../../src/format/registry";
import { formatVersionSchema } from "../../src/format/schema";
import { format2021 } from "../../src/format/v2021";

const fixture = readFileSync(join(__dirname, "../fixtures/yuanzhou-keji-2020.txt"), "utf8");

/** The fixture is PDF text: drop line breaks/spaces and the table's value tokens ("0"). */
const printed = fixture.replace(/(^|\s)0(?=\s|$)/g, " ").replace(/\s+/g, "");

/** Labels of a table in print order: grid row by grid row, left to right. */
function printOrder(table: TableLayout) {
  return table.grid.filter((g) => g.role !== "value" && g.text !== "").sort((a, b) => a.row - b.row || a.col - b.col);
}

/**
 * Walk the printed text and the table's labels together. A label must start exactly where the
 * previous one ended. Narrow header cells that the PDF prints as vertical text come out with their
 * characters interleaved; a run of such cells on one grid row must then be an exact permutation.
 */
function matchPrinted(table: TableLayout): { matched: string[]; cursor: number } {
  const labels = printOrder(table);
  let cursor = printed.indexOf(table.title);
  expect(cursor).toBeGreaterThanOrEqual(0);
  const matched: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i].text;
    if (printed.startsWith(label, cursor)) {
      matched.push(label);
      cursor += label.length;
      continue;
    }
    const run = labels.slice(i).filter((g, k, all) => g.row === labels[i].row && (k === 0 || all[k - 1].row === g.row));
    const chars = run.map((g) => g.text).join("");
    const window = printed.slice(cursor, cursor + chars.length);
    expect(`${table.name}: ${[...window].sort().join("")}`).toBe(`${table.name}: ${[...chars].sort().join("")}`);
    matched.push(...run.map((g) => g.text));
    cursor += chars.length;
    i += run.length - 1;
  }
  return { matched, cursor };
}

describe("the 2020 fixture report (2019 format) is the first acceptance case", () => {
  const model = formatForYear(2020);

  test("year 2020 uses the 2019 试行 format", () => {
    expect(model.version.id).toBe("2019");
    expect(model.version.document).toBe("国办公开办函〔2019〕60号");
  });

  test.each(["表二", "表三", "表四"])("%s labels match the printed report row for row and column for column", (name) => {
    const table = model.tables.find((t) => t.name === name)!;
    const { matched } = matchPrinted(table);
    expect(matched).toEqual(printOrder(table).map((g) => g.text));
  });

  test("表四 is followed directly by part 五, so no printed label was left unmatched", () => {
    const { cursor } = matchPrinted(model.tables.find((t) => t.key === "t4")!);
    expect(printed.slice(cursor).startsWith("五、存在的主要问题及改进情况")).toBe(true);
  });

  test("表三 row labels, in order, are the fixture's", () => {
    const t3 = model.tables.find((t) => t.key === "t3")!;
    expect(t3.dataRows.map((r) => r.label)).toEqual([
      "一、本年新收政府信息公开申请数量",
      "二、上年结转政府信息公开申请数量",
      "（一）予以公开",
      "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
      "1.属于国家秘密",
      "2.其他法律行政法规禁止公开",
      "3.危及“三安全一稳定”",
      "4.保护第三方合法权益",
      "5.属于三类内部事务信息",
      "6.属于四类过程性信息",
      "7.属于行政执法案卷",
      "8.属于行政查询事项",
      "1.本机关不掌握相关政府信息",
      "2.没有现成信息需要另行制作",
      "3.补正后申请内容仍不明确",
      "1.信访举报投诉类申请",
      "2.重复申请",
      "3.要求提供公开出版物",
      "4.无正当理由大量反复申请",
      "5.要求行政机关确认或重新出具已获取信息",
      "（六）其他处理",
      "（七）总计",
      "四、结转下年度继续办理",
    ]);
  });

  test("a label changed by one character no longer matches the print", () => {
    const table = structuredClone(model.tables.find((t) => t.key === "t3")!);
    table.grid.find((g) => g.text === "3.危及“三安全一稳定”")!.text = '3.危及"三安全一稳定"';
    expect(() => matchPrinted(table)).toThrow();
  });
});

describe("format registry", () => {
  test.each([
    [2019, "2019"],
    [2020, "2019"],
    [2021, "2021"],
    [2025, "2021"],
  ])("year %i uses the %s format", (year, id) => {
    expect(formatForYear(year).version.id).toBe(id);
  });

  test.each([2018, 2099, 2021.5, "2021", NaN])("year %p is refused with a zh-CN explanation", (year) => {
    expect(() => formatForYear(year)).toThrow(UnsupportedYearError);
    expect(() => formatForYear(year)).toThrow(/不支持的报告年度.*2019—2020 年度适用国办公开办函〔2019〕60号格式/);
  });

  test("format data is validated by zod at load: a malformed edit is rejected", () => {
    const broken = structuredClone(format2021) as unknown as { tables: { key: string }[] };
    broken.tables[1].key = "t9";
    expect(formatVersionSchema.safeParse(broken).success).toBe(false);
  });
});

describe("nianbao cells --json shape", () => {
  test("2021: 表三 予以公开 / 自然人 has a stable id, its label paths and is an input", () => {
    const cells = cellsJson(getFormat("2021"));
    expect(cells.find((c) => c.id === "t3.granted.natural")).toEqual({
      id: "t3.granted.natural",
      sheet: "表三",
      address: "D7",
      table: "表三",
      row: ["三、本年度办理结果", "（一）予以公开"],
      column: ["申请人情况", "自然人"],
      kind: "input",
      unit: "件",
    });
    expect(cells.find((c) => c.id === "t3.other.noFee.legalService")?.row).toEqual([
      "三、本年度办理结果",
      "（六）其他处理",
      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ]);
  });

  test("derived cells are exactly the 总计 column, the （七）总计 row and 表四's 总计 columns", () => {
    for (const id of ["2019", "2021"] as const) {
      const derived = cellsJson(getFormat(id)).filter((c) => c.kind === "formula");
      for (const c of derived) expect([...c.row, ...c.column].some((l) => l === "总计" || l === "（七）总计")).toBe(true);
      expect(derived.filter((c) => c.table === "表四").map((c) => c.column.at(-1))).toEqual(["总计", "总计", "总计"]);
      expect(derived.filter((c) => c.table === "表二")).toEqual([]);
    }
  });

  test("表四 cells carry the column path from the outermost header and no row labels", () => {
    const c = cellsJson(getFormat("2021")).find((x) => x.id === "t4.direct.corrected")!;
    expect(c).toMatchObject({ table: "表四", row: [], column: ["行政诉讼", "未经复议直接起诉", "结果纠正"], address: "G5" });
  });

  test("value kinds and units follow the spec's table E", () => {
    const c2019 = getFormat("2019").cellById;
    expect(c2019.get("t2.licensing.change")?.valueKind).toBe("signedCount");
    expect(c2019.get("t2.procurement.amount")?.valueKind).toBe("amount");
    expect(c2019.get("t2.procurement.amount")?.unitSetting).toBe("procurementUnit");
    const c2021 = getFormat("2021").cellById;
    expect(c2021.get("t2.fees.amount")).toMatchObject({ valueKind: "amount", unit: "万元", decimals: 6 });
    expect(c2021.get("t2.regulations.inForce")).toMatchObject({ valueKind: "count", kind: "input" });
  });
});
