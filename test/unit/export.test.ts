import JSZip from "jszip";
import { parse, type HTMLElement } from "node-html-parser";
import { a1 } from "../../src/format/address";
import { columnWidths, keptWithNext, reportDocx, TEXT_WIDTH, withKinsoku } from "../../src/export/docx";
import { exportGate } from "../../src/export/gate";
import { escapeHtml, reportHtml, tableHtml, tableMinWidthEm } from "../../src/export/html";
import { reportDocument } from "../../src/export/report";
import { exportTables } from "../../src/export/tables";
import type { MemoryWorkbook } from "../../src/host/memory";
import { validateSnapshot } from "../../src/rules/validate";
import { buildPlan, type Merge } from "../../src/workbook/plan";
import { displayRaw, type Snapshot } from "../../src/workbook/snapshot";
import { filledReport, fixtureReport, FIXTURE_ORG, snapshotFor } from "../support/reports";

/**
 * The HTML and docx exports: the tables' rowspan/colspan grid reproduces the sheets' merged
 * cells exactly, each cell shows what the sheet shows, parts come in 国办 order, and text the
 * user typed is escaped.
 */

interface Placed {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

/** Lay an HTML table's cells on a grid the way a browser does (rowspans occupy later rows). */
function placeCells(table: HTMLElement): Placed[] {
  const taken = new Set<string>();
  const out: Placed[] = [];
  table.querySelectorAll("tr").forEach((tr, r) => {
    let c = 1;
    for (const td of tr.querySelectorAll("th,td")) {
      while (taken.has(`${r + 1},${c}`)) c++;
      const rowSpan = Number(td.getAttribute("rowspan") ?? 1);
      const colSpan = Number(td.getAttribute("colspan") ?? 1);
      for (let i = 0; i < rowSpan; i++) for (let j = 0; j < colSpan; j++) taken.add(`${r + 1 + i},${c + j}`);
      out.push({ row: r + 1, col: c, rowSpan, colSpan, text: td.text });
      c += colSpan;
    }
  });
  return out;
}

const key = (m: Merge) => `${a1(m.row, m.col)}:${a1(m.row + m.rowSpan - 1, m.col + m.colSpan - 1)}`;

/** The table sheets' merges from the workbook plan, below the title row (which the report prints as the part heading). */
function planMerges(snapshot: Snapshot, sheet: string): string[] {
  const plan = buildPlan(snapshot.model, { year: 2021, cover: {}, values: new Map(), explanations: new Map() });
  return plan.sheets
    .find((s) => s.name === sheet)!
    .merges.filter((m) => m.row > 1)
    .map((m) => key({ ...m, row: m.row - 1 }))
    .sort();
}

function checkTablesAgainstSheets(html: string, snapshot: Snapshot, mem: MemoryWorkbook) {
  const root = parse(html);
  const tables = root.querySelectorAll("table");
  expect(tables.map((t) => t.getAttribute("data-table"))).toEqual(["t2", "t3", "t4"]);
  for (const [i, layout] of snapshot.model.tables.entries()) {
    const placed = placeCells(tables[i]);
    const merges = placed
      .filter((p) => p.rowSpan > 1 || p.colSpan > 1)
      .map((p) => key(p))
      .sort();
    expect(merges).toEqual(planMerges(snapshot, layout.name));
    expect(merges.length).toBeGreaterThan(3);
    // Every cell shows what the sheet shows at that place (labels, typed values, computed totals).
    for (const p of placed) {
      const shown = displayRaw(mem.display(layout.name, a1(p.row + 1, p.col)));
      expect(`${layout.name}!${a1(p.row + 1, p.col)} ${p.text}`).toBe(`${layout.name}!${a1(p.row + 1, p.col)} ${shown}`);
    }
    // And nothing is missing: the table covers the sheet's grid below the title.
    const area = placed.reduce((s, p) => s + p.rowSpan * p.colSpan, 0);
    expect(area).toBe(layout.width * (layout.height - 1));
  }
}

describe("HTML export", () => {
  test("fixture report (2020, 2019 format): tables reproduce the sheets' merged cells and values", async () => {
    const { snapshot, mem } = await fixtureReport();
    const html = reportHtml(reportDocument(snapshot));
    checkTablesAgainstSheets(html, snapshot, mem);
    const root = parse(html);
    expect(root.querySelector("h1")!.text).toBe(`${FIXTURE_ORG}2020年政府信息公开工作年度报告`);
    expect(root.querySelectorAll("h2").map((h) => h.text)).toEqual(snapshot.model.version.sections);
    // 表三 with its 勾稽关系 note and （六）其他处理 as one row (2019 format); every value 0.
    const t3 = root.querySelector('table[data-table="t3"]')!;
    expect(t3.querySelector("th")!.text).toBe("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    expect(t3.querySelectorAll("td").every((td) => td.text === "0")).toBe(true);
    expect(root.querySelector("body")!.text).toContain("共主动公开政府信息39条");
  });

  test("filled 2021 report: merges, typed values, computed totals; blank stays blank and 0 prints as 0", async () => {
    const { snapshot, mem } = await filledReport();
    mem.setCell("表三", snapshot.locations.get("t3.granted.research")!.address, { type: "blank" });
    mem.setCell("表三", snapshot.locations.get("t3.granted.natural")!.address, { type: "number", value: 0 });
    const { snapshotOf } = await import("../support/workbooks");
    const snap = await snapshotOf(mem);
    const html = reportHtml(reportDocument(snap));
    checkTablesAgainstSheets(html, snap, mem);
    const t3 = exportTables(snap).find((t) => t.key === "t3")!;
    const byId = new Map(
      t3.rows
        .flat()
        .filter((c) => c.cellId)
        .map((c) => [c.cellId!, c.text]),
    );
    expect(byId.get("t3.granted.research")).toBe("");
    expect(byId.get("t3.granted.natural")).toBe("0");
    expect(byId.get("t3.total.total")).toBe(displayRaw(mem.display("表三", snap.locations.get("t3.total.total")!.address)));
    // The amount prints as typed, to the 分.
    expect(parse(html).querySelector('table[data-table="t2"]')!.text).toContain("1234.567891");
    // The drafted sentence shows the bound numbers.
    expect(parse(html).querySelectorAll("section")[2].querySelector("p")!.text).toMatch(
      /^本年度共收到政府信息公开申请\d+件，上年结转\d+件；予以公开\d+件，占\d+(\.\d?[1-9])?%。$/,
    );
  });

  test("tables sit in parts 二, 三 and 四, after the part's paragraphs", async () => {
    const { snapshot } = await filledReport();
    const sections = parse(reportHtml(reportDocument(snapshot))).querySelectorAll("section");
    expect(sections.map((s) => s.querySelector("table")?.getAttribute("data-table") ?? null)).toEqual([null, "t2", "t3", "t4", null, null]);
    const three = sections[2].childNodes.filter((n) => (n as HTMLElement).tagName).map((n) => (n as HTMLElement).tagName);
    expect(three).toEqual(["H2", "P", "DIV"]);
    expect(sections[2].querySelector("div.nb-table-scroll > table")?.getAttribute("data-table")).toBe("t3");
  });

  test("on a phone the page fits the screen and each table scrolls sideways in its wrapper instead of squeezing", async () => {
    const { snapshot } = await filledReport();
    const root = parse(reportHtml(reportDocument(snapshot)));
    expect(root.querySelector('meta[name="viewport"]')?.getAttribute("content")).toBe("width=device-width, initial-scale=1");
    const tables = exportTables(snapshot);
    for (const table of tables) {
      const wrapper = root.querySelector(`table[data-table="${table.key}"]`)!.parentNode!;
      expect(wrapper.getAttribute("class")).toBe("nb-table-scroll");
      expect(wrapper.getAttribute("style")).toContain("overflow-x:auto");
      // About four characters a grid column: 表四's 15 columns need 60em, so they scroll on a 360 px phone.
      expect(root.querySelector(`table[data-table="${table.key}"]`)!.getAttribute("style")).toContain(`min-width:${tableMinWidthEm(table)}em`);
    }
    expect(tableMinWidthEm(tables.find((t) => t.key === "t4")!)).toBe(60);
    // A table pasted alone into a CMS keeps its wrapper (inline styles only).
    expect(parse(tableHtml(tables[0])).querySelector("div")!.getAttribute("style")).toContain("overflow-x:auto");
  });

  test("everything the user typed is escaped: a script in 机关名称 and markup in the text come out as text", async () => {
    const evil = "<script>alert(1)</script>";
    const { snapshot } = await snapshotFor(
      2021,
      evil,
      new Map(),
      [{ part: 0, segments: [{ kind: "text", text: `见<a href="x">链接</a> & "引号" 'single'` }] }],
      {
        cover: { procurementUnit: "元" },
      },
    );
    const html = reportHtml(reportDocument(snapshot));
    const root = parse(html);
    expect(root.querySelectorAll("script")).toHaveLength(0);
    expect(root.querySelectorAll("a")).toHaveLength(0);
    expect(root.querySelector("h1")!.text).toBe(`${evil}2021年政府信息公开工作年度报告`);
    expect(root.querySelector("title")!.text).toBe(`${evil}2021年政府信息公开工作年度报告`);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(root.querySelector("section p")!.text).toBe(`见<a href="x">链接</a> & "引号" 'single'`);
    expect(escapeHtml(`<>&"'`)).toBe("&lt;&gt;&amp;&quot;&#39;");
  });

  test("a page with no scripts and no external resources; a table alone pastes with its own styles", async () => {
    const { snapshot } = await fixtureReport();
    const html = reportHtml(reportDocument(snapshot));
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
    const t4 = exportTables(snapshot).find((t) => t.key === "t4")!;
    const alone = parse(tableHtml(t4));
    expect(alone.querySelectorAll("table")).toHaveLength(1);
    expect(alone.querySelectorAll("th").map((th) => th.text)).toEqual([
      "行政复议",
      "行政诉讼",
      "结果维持",
      "结果纠正",
      "其他结果",
      "尚未审结",
      "总计",
      "未经复议直接起诉",
      "复议后起诉",
      ...Array(2).fill(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]).flat(),
    ]);
    expect(alone.querySelector("th")!.getAttribute("style")).toContain("border:1px solid");
  });

  test("2019 采购总金额: the unit chosen on the cover is printed under 表二", async () => {
    const { snapshot } = await snapshotFor(2020, "某局", new Map([["t2.procurement.amount", { type: "number", value: 251000 }]]), [], {
      cover: { procurementUnit: "元" },
    });
    const t2 = exportTables(snapshot).find((t) => t.key === "t2")!;
    expect(t2.notes).toEqual(["（采购总金额单位：元）"]);
    expect(parse(tableHtml(t2)).text).toContain("251000");
  });
});

async function documentXml(bytes: Uint8Array): Promise<{ doc: string; fonts: string }> {
  const zip = await JSZip.loadAsync(bytes);
  return { doc: await zip.file("word/document.xml")!.async("string"), fonts: await zip.file("word/fontTable.xml")!.async("string") };
}

describe("docx export", () => {
  test("A4 公文 page, fonts named with fallbacks, title and parts in order, 表四 within the text width", async () => {
    const { snapshot } = await filledReport();
    const { doc, fonts } = await documentXml(await reportDocx(reportDocument(snapshot)));
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).toContain('w:eastAsia="仿宋"');
    expect(doc).toContain('<w:sz w:val="32"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toContain('<w:font w:name="仿宋"><w:altName w:val="FangSong"/>');
    const plain = doc.replace(/<[^>]+>/g, "");
    const at = [`某某市某某区人民政府办公室2021年政府信息公开工作年度报告`, ...snapshot.model.version.sections].map((t) => plain.indexOf(t));
    expect(at.every((p) => p >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const grids = [...doc.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) => [...m[1].matchAll(/w:w="(\d+)"/g)].map((x) => Number(x[1])));
    expect(grids.map((g) => g.length)).toEqual([4, 10, 15]);
    for (const g of grids) expect(g.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(doc).not.toContain("<w:embedTrueTypeFonts");
  });

  test("a caption and header stay with their first rows; rows never split; Chinese line breaking on every paragraph", async () => {
    const { snapshot } = await filledReport();
    const { doc } = await documentXml(await reportDocx(reportDocument(snapshot)));
    const paragraphs = [...doc.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => m[1]);
    expect(paragraphs.length).toBeGreaterThan(100);
    // w:kinsoku on every paragraph, placed where the schema puts it (after keepNext, before spacing).
    for (const p of paragraphs) expect(p).toMatch(/^<w:pPr>(<w:keepNext\/>)?<w:kinsoku\/>(<w:spacing|<w:jc|<\/w:pPr>|<w:ind)/);
    const tables = [...doc.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]);
    expect(tables).toHaveLength(3);
    for (const [t, table] of tables.entries()) {
      const rows = [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]);
      const exported = exportTables(snapshot)[t];
      const keep = keptWithNext(exported);
      rows.forEach((row, i) => {
        expect(row).toContain("<w:cantSplit/>");
        const kept = [...row.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].every((m) => m[1].includes("<w:keepNext/>"));
        expect([exported.key, i, kept]).toEqual([exported.key, i, keep[i]]);
      });
      // Every caption/header row is kept with the next, and so is the first row of values after them.
      exported.rows.forEach((r, i) => {
        if (!r.some((c) => c.role === "value")) expect(keep[i]).toBe(true);
        else if (i > 0 && !exported.rows[i - 1].some((c) => c.role === "value") && i < exported.rows.length - 1) expect(keep[i]).toBe(true);
      });
      // 表三 and 表四 repeat their header rows on a new page; 表二's blocks each carry their own caption.
      expect(rows.filter((row) => row.includes("<w:tblHeader/>")).length > 0).toBe(exported.key !== "t2");
    }
    // 表三's outer label columns hold four characters of 小五 a line: （三）不 / 予公开, never （三 / ）.
    const t3 = exportTables(snapshot).find((t) => t.key === "t3")!;
    expect(columnWidths(t3).slice(0, 2)).toEqual([800, 800]);
  });

  test("withKinsoku adds the property once, in schema order, to paragraphs with and without properties", () => {
    expect(withKinsoku("<w:p><w:r><w:t>x</w:t></w:r></w:p>")).toBe("<w:p><w:pPr><w:kinsoku/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>");
    expect(withKinsoku('<w:p><w:pPr><w:keepNext/><w:spacing w:line="560"/><w:jc w:val="left"/></w:pPr></w:p>')).toBe(
      '<w:p><w:pPr><w:keepNext/><w:kinsoku/><w:spacing w:line="560"/><w:jc w:val="left"/></w:pPr></w:p>',
    );
    expect(withKinsoku("<w:p><w:pPr><w:kinsoku/></w:pPr></w:p>")).toBe("<w:p><w:pPr><w:kinsoku/></w:pPr></w:p>");
  });

  test("a script in 机关名称 is text in the docx", async () => {
    const { snapshot } = await snapshotFor(2021, "<script>alert(1)</script>", new Map(), []);
    const { doc } = await documentXml(await reportDocx(reportDocument(snapshot)));
    expect(doc).toContain("&lt;script&gt;alert(1)&lt;/script&gt;2021年政府信息公开工作年度报告");
    expect(doc).not.toContain("<script>");
  });
});

describe("export gate", () => {
  test("a 错误 blocks; a 提示 blocks until it has a 说明, then goes into the 填报说明", async () => {
    const fixture = await fixtureReport();
    expect(exportGate(validateSnapshot(fixture.snapshot))).toMatchObject({ ok: true, blockers: [], accepted: [] });

    const { values } = await filledReport();
    const broken = await snapshotFor(2021, "某局", new Map([...values, ["t3.new.natural", { type: "number", value: 999 }]]), []);
    const gate = exportGate(validateSnapshot(broken.snapshot));
    expect(gate.ok).toBe(false);
    expect(gate.blockers.map((f) => f.rule)).toContain("T3-1");

    const blankValues = new Map(values);
    blankValues.delete("t4.review.upheld");
    const warned = await snapshotFor(2021, "某局", blankValues, []);
    const report = validateSnapshot(warned.snapshot);
    const warning = report.findings.find((f) => f.severity === "warning")!;
    expect(warning).toBeDefined();
    expect(exportGate(report)).toMatchObject({ ok: false });
    expect(exportGate(report).blockers.map((f) => f.key)).toEqual([warning.key]);

    const explained = await snapshotFor(2021, "某局", blankValues, [], { explanations: new Map([[warning.key, "本年度无行政复议案件，按 0 理解"]]) });
    const gate2 = exportGate(validateSnapshot(explained.snapshot));
    expect(gate2.ok).toBe(true);
    expect(gate2.accepted.map((f) => [f.key, f.explanation])).toEqual([[warning.key, "本年度无行政复议案件，按 0 理解"]]);
  });
});
