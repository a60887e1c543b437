import { readFileSync } from "node:fs";
import { getFormat } from "../../src/format/registry";
import { formatFromJson, formatFromText } from "../../src/format/variant";
import { MemoryWorkbook } from "../../src/host/memory";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx, readWithExcelJS } from "../support/read";
import { aggregateUnits } from "../../src/aggregate/aggregate";
import { carryForward, lastYearFromWorkbook } from "../../src/carry/carry";
import { importReport, importRequest } from "../../src/import/report";
import { reportDocument } from "../../src/export/report";
import { reportHtml } from "../../src/export/html";
import { exportGate } from "../../src/export/gate";
import { draftNarrative } from "../../src/narrative/draft";
import { renderParagraph } from "../../src/narrative/render";
import { validateSnapshot } from "../../src/rules/validate";
import { ruleInstances } from "../../src/rules/instances";
import { planFor } from "../../src/workbook/operations";
import { CHECK_SHEET, DEFINITION_CHUNK, META_KEYS, META_SHEET } from "../../src/workbook/plan";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";
import { NEW_ROW, NEW_ROW_LABEL, RENAMED_COLUMN, VARIANT_FILE, variantModel } from "../support/variant";
import { snapshotOf, sheetVerdicts } from "../support/workbooks";
import { FormatFileError } from "../../src/errors";

const n = (value: number): RawValue => ({ type: "number", value });
const model = variantModel();

/** Every input 0, then these values. */
function zeros(changes: Record<string, number> = {}): Map<string, RawValue> {
  const values = new Map<string, RawValue>();
  for (const c of model.cells) if (c.kind === "input") values.set(c.id, n(changes[c.id] ?? 0));
  return values;
}

async function workbook(year: number, values: Map<string, RawValue>, extra: Partial<Parameters<typeof planFor>[0]> = {}) {
  const { plan } = planFor({ year, format: model, orgName: "某县人民政府办公室", values, ...extra }, null);
  return readXlsx(await planToXlsx(plan), sheetsToRead());
}

describe("a provincial variant of the 2021 format, defined only as data (test/fixtures/format)", () => {
  test("base 2021 plus overrides: a fourth sub-row under （六）其他处理 inside （七）总计, a renamed 表二 column, T3-3 off, X-2 raised to 错误", () => {
    const t3 = model.tables.find((t) => t.key === "t3")!;
    const labels = t3.dataRows.map((r) => r.label);
    const other = labels.indexOf("3.其他");
    expect(labels.slice(other, other + 3)).toEqual(["3.其他", NEW_ROW_LABEL, "（七）总计"]);
    expect(model.cellById.get(`t3.${NEW_ROW}.natural`)).toMatchObject({ kind: "input", rowPath: ["三、本年度办理结果", "（六）其他处理", NEW_ROW_LABEL] });
    expect(model.cellById.get("t3.total.natural")!.sumOf).toContain(`t3.${NEW_ROW}.natural`);
    const t2Headers = model.tables
      .find((t) => t.key === "t2")!
      .grid.filter((g) => g.role === "columnHeader")
      .map((g) => g.text);
    expect(t2Headers.filter((h) => h === RENAMED_COLUMN)).toHaveLength(2);
    expect(t2Headers).not.toContain("本年处理决定数量");
    expect(model.version.rules.find((r) => r.id === "T3-3")!.enabled).toBe(false);
    expect(model.version.rules.find((r) => r.id === "X-2")!.severity).toBe("error");
    expect(model.version.variant).toEqual({ base: "2021", notice: "某政公开办〔2025〕1号" });
    // The national format is untouched.
    expect(getFormat("2021").cellById.has(`t3.${NEW_ROW}.natural`)).toBe(false);
    expect(ruleInstances(getFormat("2021")).some((i) => i.rule.id === "T3-3")).toBe(true);
  });

  test("generated: HyperFormula computes the new row into （七）总计, and the 校验 sheet has no T3-3 rows", async () => {
    const mem = new MemoryWorkbook();
    await mem.write(
      planFor(
        { year: 2023, format: model, orgName: "某县", values: zeros({ [`t3.${NEW_ROW}.natural`]: 7, "t3.granted.natural": 2, "t3.new.natural": 9 }) },
        null,
      ).plan,
    );
    const total = model.cellById.get("t3.total.natural")!;
    expect(mem.display(total.sheet, total.address)).toEqual(n(9));
    const sheet = sheetVerdicts(mem);
    expect(sheet.some((s) => s.key.startsWith("T3-3@"))).toBe(false);
    expect(sheet.filter((s) => s.key.startsWith("T3-2@"))).toHaveLength(7);
    expect(sheet.every((s) => s.verdict === "通过")).toBe(true);
    const js = validateSnapshot(await snapshotOf(mem));
    expect(js.findings).toEqual([]);
    expect(js.results.map((r) => r.instance.key)).toEqual(sheet.map((s) => s.key));
  });

  test("validated: a total typed over is no longer a T3-3 finding (switched off), T3-1 still sees it", async () => {
    const values = zeros({ "t3.new.natural": 1, "t3.granted.natural": 1 });
    values.set("t3.new.total", n(5));
    const data = await workbook(2023, values);
    const report = validateSnapshot(snapshotFromData(data));
    // F-3 (a derived cell holds its formula) is the workbook's structure, not a format rule: it stays.
    expect(report.findings.map((f) => f.key)).toEqual(["F-3@t3.new.total", "T3-1@total"]);
    // The same workbook in the national format: T3-3 names the typed-over total.
    const national = validateSnapshot(snapshotFromData(data, { format: getFormat("2021") }));
    expect(national.findings.map((f) => f.key)).toEqual(expect.arrayContaining(["T3-1@total", "T3-3@new"]));
  });

  test("drafted: 其他处理 counts the new sub-row", async () => {
    const data = await workbook(2023, zeros({ "t3.new.natural": 9, "t3.granted.natural": 2, [`t3.${NEW_ROW}.natural`]: 7 }));
    const snap = snapshotFromData(data);
    const three = draftNarrative(snap)
      .filter((p) => p.part === 2)
      .map((p) => renderParagraph(snap, p));
    expect(three).toEqual([
      "本年度共收到政府信息公开申请9件。其中，自然人申请9件。本年度办结9件，其中予以公开2件（占22.22%）、其他处理7件。无结转下年度继续办理的申请。",
    ]);
  });

  test("stored in _nianbao: the workbook reads back as the variant without the file, through both .xlsx readers", async () => {
    const buffer = await planToXlsx(planFor({ year: 2023, format: model, orgName: "某县", values: consistentValues(model, rng(3)) }, null).plan);
    for (const data of [await readWithExcelJS(buffer, sheetsToRead()), await readXlsx(buffer, sheetsToRead())]) {
      const snap = snapshotFromData(data);
      expect(snap.model.builtIn).toBe(false);
      expect(snap.model.version).toEqual(model.version);
      expect(snap.values.has(`t3.${NEW_ROW}.natural`)).toBe(true);
      expect(snap.structure).toEqual([]);
      expect(validateSnapshot(snap).summary.errors).toBe(0);
    }
    // A national workbook stores no definition.
    const national = await readXlsx(await planToXlsx(planFor({ year: 2023, orgName: "某县" }, null).plan), sheetsToRead());
    const meta = national.sheets.find((s) => s.name === META_SHEET)!;
    expect([...meta.cells.values()].some((v) => v.type === "text" && v.value === META_KEYS.definition)).toBe(false);
  });

  test("a definition longer than one cell holds is cut into chunks of at most 32,767 characters, and read back whole", async () => {
    const long = formatFromJson(
      {
        ...JSON.parse(readFileSync(VARIANT_FILE, "utf8")),
        id: "2021-long",
        overrides: { sentences: [{ id: "six.other", text: { prompt: "收".repeat(40_000) } }] },
      },
      "long.json",
    );
    const { plan } = planFor({ year: 2023, format: long, orgName: "某县" }, null);
    const chunks = plan.sheets
      .find((s) => s.name === META_SHEET)!
      .cells.filter((c) => c.col === 3 && c.content.type === "text" && c.content.value.length > 1000);
    expect(chunks.length).toBe(2);
    for (const c of chunks) expect((c.content as { value: string }).value.length).toBeLessThanOrEqual(Math.min(DEFINITION_CHUNK, 32_767));
    const snap = snapshotFromData(await readXlsx(await planToXlsx(plan), sheetsToRead()));
    expect(snap.model.version).toEqual(long.version);
  });

  test("a regeneration keeps the variant (生成/更新 without the file), and a year it does not cover is refused", async () => {
    const data = await workbook(2023, zeros({ [`t3.${NEW_ROW}.commercial`]: 3 }));
    const again = planFor({ year: 2024, orgName: "某县" }, data);
    expect(again.model.version.id).toBe("2021-sheng");
    expect(again.kept).toBeGreaterThan(0);
    expect(() => planFor({ year: 2020, format: model }, null)).toThrow(
      "某省补充格式（测试用）（国办公开办函〔2021〕30号；某政公开办〔2025〕1号）适用于 2021 年度起，不适用于 2020 年度。",
    );
  });

  test("exported to HTML and re-imported from it: every value comes back into the variant's cells", async () => {
    const values = consistentValues(model, rng(11));
    values.set(`t3.${NEW_ROW}.natural`, n(4));
    values.set("t3.new.natural", n((values.get("t3.new.natural") as { value: number }).value + 4));
    const snap = snapshotFromData(await workbook(2023, values));
    const html = reportHtml(reportDocument(snap));
    expect(html).toContain(NEW_ROW_LABEL);
    expect(html).toContain(RENAMED_COLUMN);
    const result = importReport(html, "html", { formats: [model] });
    expect(result.model).toBe(model);
    expect(result.unplaced).toEqual([]);
    expect(result.missing).toEqual([]);
    for (const c of model.cells)
      if (c.kind === "input") expect(`${c.id} ${JSON.stringify(result.values.get(c.id))}`).toBe(`${c.id} ${JSON.stringify(values.get(c.id))}`);
    expect(importRequest(result).format).toBe(model);
  });

  test("carried forward: 上年结转 from the variant's workbook; X-2 now blocks export as an 错误", async () => {
    const lastValues = consistentValues(model, rng(21));
    lastValues.set("t2.regulations.inForce", n(10));
    const last = lastYearFromWorkbook(await workbook(2023, lastValues), "2023.xlsx");
    expect(last.model.version.id).toBe("2021-sheng");
    const current = zeros({ "t2.regulations.issued": 3, "t2.regulations.repealed": 1 });
    for (const c of model.cells) if (c.rowKey === "carried" || c.columnKey === "inForce") current.delete(c.id);
    const carry = carryForward(last, 2024, { values: current, cover: {}, model });
    expect(carry.request.values.get("t2.regulations.inForce")).toEqual(n(12));
    expect(carry.request.values.get("t3.carried.natural")).toEqual(lastValues.get("t3.carriedNext.natural"));
    expect(carry.request.values.get("t2.normative.inForce")).toEqual(lastValues.get("t2.normative.inForce"));
    // The preparer types 15 over the carried 12: X-2, raised to 错误 by the variant.
    const values = new Map([...current, ...carry.request.values, ["t2.regulations.inForce", n(15)]]);
    const data = await workbook(2024, values, { lastYear: carry.request.lastYear, carried: carry.request.carried });
    const report = validateSnapshot(snapshotFromData(data));
    const x2 = report.findings.filter((f) => f.rule === "X-2");
    expect(x2.map((f) => [f.key, f.severity, f.severityLabel, f.left, f.right, f.diff])).toEqual([["X-2@regulations", "error", "错误", 15, 12, 3]]);
    expect(exportGate(report).blockers.map((f) => f.key)).toContain("X-2@regulations");
  });

  test("aggregated: units of the variant sum cell by cell, the new row too; a national unit of the same year is refused by its format", async () => {
    const units = [1, 2].map((seed) => consistentValues(model, rng(seed)));
    const files = [
      ...units.map((v) => workbook(2023, v)),
      readXlsx(
        await planToXlsx(planFor({ year: 2023, orgName: "国家格式单位", values: consistentValues(getFormat("2021"), rng(9)) }, null).plan),
        sheetsToRead(),
      ),
    ];
    const inputs = await Promise.all(files);
    const result = await aggregateUnits(inputs.map((data, i) => ({ name: `u${i}.xlsx`, read: async () => data })));
    expect(result.model.version.id).toBe("2021-sheng");
    expect(result.units.map((u) => u.status)).toEqual(["included", "included", "refused"]);
    expect(result.units[2].reason).toMatch(/^格式为2021年格式（国办公开办函〔2021〕30号），与多数单位的某省补充格式（测试用）/);
    const id = `t3.${NEW_ROW}.legalService`;
    const sum = units.reduce((s, v) => s + (v.get(id) as { value: number }).value, 0);
    expect(result.values.get(id)).toEqual(n(sum));
  });

  test("起草 templates replaced, switched off and added by a variant", async () => {
    const changed = formatFromJson(
      {
        id: "2021-draft",
        name: "改写起草",
        base: "2021",
        overrides: {
          sentences: [
            { id: "one.supervision", text: ["（五）监督保障。", { prompt: "本省要求报告的考核结果" }] },
            { id: "two.fees", enabled: false },
            {
              id: "three.withdrawn",
              part: 2,
              text: {
                if: { positive: { table: "t3", row: NEW_ROW } },
                then: ["其中申请人主动撤回", { sum: { table: "t3", row: NEW_ROW, col: "total" } }, "件。"],
              },
            },
          ],
        },
      },
      "draft.json",
    );
    // The new row comes from the variant fixture, so add it again here.
    const withRow = formatFromJson({ ...changed.version, id: "2021-draft2", tables: model.version.tables }, "whole.json");
    const data = await readXlsx(
      await planToXlsx(
        planFor(
          { year: 2023, format: withRow, orgName: "某县", values: zeros({ [`t3.${NEW_ROW}.research`]: 2, "t3.new.research": 2, "t2.fees.amount": 3 }) },
          null,
        ).plan,
      ),
      sheetsToRead(),
    );
    const snap = snapshotFromData(data);
    const texts = draftNarrative(snap).map((p) => `${p.part} ${renderParagraph(snap, p)}`);
    expect(texts).toContain("0 （五）监督保障。【请填写本省要求报告的考核结果】");
    expect(texts.some((t) => t.includes("行政事业性收费"))).toBe(false);
    expect(texts.filter((t) => t.startsWith("2 ")).at(-1)).toBe("2 其中申请人主动撤回2件。");
    expect(texts.map((t) => Number(t[0]))).toEqual([...texts.map((t) => Number(t[0]))].sort());
  });

  test("a whole definition (what nianbao format --json prints) loads back; the national one is the built-in", () => {
    const again = formatFromJson(JSON.parse(JSON.stringify(model.version)), "whole.json");
    expect(again.version).toEqual(model.version);
    expect(formatFromJson(JSON.parse(JSON.stringify(getFormat("2021").version)), "2021.json")).toBe(getFormat("2021"));
  });

  test("a message, a title and a severity changed by a variant are what the findings and the 校验 sheet say", async () => {
    const changed = formatFromJson(
      {
        id: "2021-msg",
        name: "改写消息",
        base: "2021",
        overrides: {
          rules: [
            { id: "T3-1", severity: "warning", title: "表三：收到＋结转＝办结＋结转下年", message: "表三“{where}”列不平：{left} ≠ {right}（差 {diff}）。" },
          ],
        },
      },
      "msg.json",
    );
    const mem = new MemoryWorkbook();
    // The 自然人 column filled (blanks would leave T3-1 无法判断): 2 received, nothing else.
    const values = new Map(changed.cells.filter((c) => c.kind === "input" && c.tableKey === "t3" && c.columnKey === "natural").map((c) => [c.id, n(0)]));
    values.set("t3.new.natural", n(2));
    await mem.write(planFor({ year: 2023, format: changed, orgName: "某县", values }, null).plan);
    const f = validateSnapshot(await snapshotOf(mem)).findings.find((x) => x.key === "T3-1@natural")!;
    expect(f).toMatchObject({ severity: "warning", title: "表三：收到＋结转＝办结＋结转下年", message: "表三“自然人”列不平：2 ≠ 0（差 2）。" });
    expect(sheetVerdicts(mem).find((s) => s.key === "T3-1@natural")!.verdict).toBe("提示");
    expect(mem.display(CHECK_SHEET, "C5")).toEqual({ type: "text", value: "提示" });
  });
});

describe("a bad format file gets a zh-CN message naming the bad field", () => {
  const base = { id: "2021-x", name: "某省格式", base: "2021" };
  test.each([
    ["a severity that does not exist", { ...base, overrides: { rules: [{ id: "X-2", severity: "fatal" }] } }, /字段 overrides\.rules\[0\]\.severity：无效选项/],
    [
      "a rule that does not exist",
      { ...base, overrides: { rules: [{ id: "T9-9", enabled: false }] } },
      /字段 overrides\.rules\[0\]\.id：没有编号为“T9-9”的规则/,
    ],
    [
      "a row added under a row that does not exist",
      { ...base, overrides: { addRows: [{ table: "t3", under: "nothere", rows: [{ key: "x", label: "1.某" }] }] } },
      /字段 overrides\.addRows\[0\]\.under：表三没有键为“nothere”的行/,
    ],
    [
      "a row whose key is taken",
      { ...base, overrides: { addRows: [{ table: "t3", under: "other", rows: [{ key: "other.other", label: "4.某" }] }] } },
      /字段 overrides\.addRows\[0\]\.rows：表三已有键为“other\.other”的行/,
    ],
    [
      "a key with Chinese in it",
      { ...base, overrides: { addRows: [{ table: "t3", after: "partial", rows: [{ key: "撤回", label: "（二之一）撤回" }] }] } },
      /字段 overrides\.addRows\[0\]\.rows\[0\]\.key：键名只能由英文字母、数字和点组成/,
    ],
    [
      "a label for a column that does not exist",
      { ...base, overrides: { labels: [{ table: "t2", key: "decision", axis: "column", label: "处理决定" }] } },
      /字段 overrides\.labels\[0\]\.key：表二没有键为“decision”的列/,
    ],
    ["an unknown field", { ...base, overide: {} }, /文件：出现未知的键\(key\): "overide"/],
    ["a base that is not a national version", { ...base, base: "2025" }, /字段 base：没有编号为“2025”的内置格式（可用：2019、2021）/],
    ["the id of a national version", { ...base, id: "2021" }, /字段 id：“2021”是内置格式的编号/],
    [
      "a sentence over a table that does not exist",
      { ...base, overrides: { sentences: [{ id: "two.fees", text: { sum: { table: "t5" } } }] } },
      /字段 overrides\.sentences\[0\]\.text\.sum\.table：无效选项/,
    ],
    ["a whole definition without its tables", { ...getFormat("2021").version, id: "whole", tables: [] }, /字段 tables：/],
    [
      "a derived row added without a rule to check it",
      { ...base, overrides: { addRows: [{ table: "t3", after: "carriedNext", rows: [{ key: "sum2", label: "五、合计", sumOf: ["new", "carried"] }] }] } },
      /应用覆盖后：表三“五、合计”是合计，但没有指明核对它的规则（rule）/,
    ],
  ])("%s", (_what, json, message) => {
    let error: unknown;
    try {
      formatFromJson(json, "省级格式.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatFileError);
    expect((error as Error).message).toMatch(/^格式文件 省级格式\.json 有误：/);
    expect((error as Error).message).toMatch(message);
  });

  test("text that is not JSON is named by line and column", () => {
    expect(() => formatFromText('{\n  "id": "x",\n  "name" "n"\n}', "f.json")).toThrow(
      "格式文件 f.json 有误：\n  不是有效的 JSON：第 3 行第 10 列附近有语法错误",
    );
  });

  test("a definition stored in a workbook that no longer parses makes the workbook unreadable with a message, never a crash", async () => {
    const data = await workbook(2023, zeros());
    const meta = data.sheets.find((s) => s.name === META_SHEET)!;
    const at = [...meta.cells].find(([, v]) => v.type === "text" && v.value === META_KEYS.definition)![0];
    meta.cells.set(at.replace("A", "C"), { type: "text", value: '{"id":"broken"' });
    expect(() => snapshotFromData(data)).toThrow(/不是年报（Nianbao）工作簿：隐藏表 _nianbao 中保存的格式定义无法读取（不是有效的 JSON/);
  });
});
