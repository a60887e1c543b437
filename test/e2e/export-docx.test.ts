import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "node-html-parser";
import { reportDocx } from "../../src/export/docx";
import { exportGate } from "../../src/export/gate";
import { notesDocx } from "../../src/export/notes";
import { reportDocument } from "../../src/export/report";
import { exportTables } from "../../src/export/tables";
import { validateSnapshot } from "../../src/rules/validate";
import type { Snapshot } from "../../src/workbook/snapshot";
import { paragraphOf } from "../../src/narrative/model";
import { filledReport, fixtureReport, FIXTURE_ORG, snapshotFor } from "../support/reports";

/**
 * The exported .docx as a reader sees it: LibreOffice headless turns it into a PDF, pdftoppm into
 * PNG pages (kept in test/artifacts/export/ to look at), and pdftotext gives the text back with
 * each word's box, so the test can check order, the values beside each 表三 row label and that
 * 表四 is not cut off at the right edge.
 */

const ARTIFACTS = resolve(__dirname, "../artifacts/export");
jest.setTimeout(240_000);

interface Block {
  page: number;
  pageWidth: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

interface Rendered {
  name: string;
  text: string;
  blocks: Block[];
  lines: { page: number; text: string }[];
  /** Each laid-out line with its box: pdftotext may put a narrow outer label's lines inside the block of the labels beside it. */
  lineBoxes: Block[];
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 180_000 });
  if (r.error || r.status !== 0)
    throw new Error(`${cmd} failed (是否已安装 libreoffice-writer-nogui 与 poppler-utils？见 README): ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** Every text block pdftotext finds (a table cell is one block), with its page and box. */
function blocksOf(pdf: string): Block[] {
  const root = parse(run("pdftotext", ["-bbox-layout", pdf, "-"]));
  const out: Block[] = [];
  root.querySelectorAll("page").forEach((page, p) => {
    const pageWidth = Number(page.getAttribute("width"));
    for (const block of page.querySelectorAll("block")) {
      const words = block.querySelectorAll("word");
      out.push({
        page: p + 1,
        pageWidth,
        text: words.map((w) => w.text).join(""),
        xMin: Number(block.getAttribute("xMin")),
        xMax: Number(block.getAttribute("xMax")),
        yMin: Number(block.getAttribute("yMin")),
        yMax: Number(block.getAttribute("yMax")),
      });
    }
  });
  return out;
}

const strip = (s: string) => s.replace(/\s+/g, "");

/** Every line of text LibreOffice laid out, with its page (a table cell's text wraps into several). */
function linesOf(pdf: string): { page: number; text: string }[] {
  const root = parse(run("pdftotext", ["-bbox-layout", pdf, "-"]));
  return root.querySelectorAll("page").flatMap((page, p) =>
    page.querySelectorAll("line").map((line) => ({
      page: p + 1,
      text: line
        .querySelectorAll("word")
        .map((w) => w.text)
        .join(""),
    })),
  );
}

function lineBoxesOf(pdf: string): Block[] {
  const root = parse(run("pdftotext", ["-bbox-layout", pdf, "-"]));
  return root.querySelectorAll("page").flatMap((page, p) =>
    page.querySelectorAll("line").map((line) => ({
      page: p + 1,
      pageWidth: Number(page.getAttribute("width")),
      text: line
        .querySelectorAll("word")
        .map((w) => w.text)
        .join(""),
      xMin: Number(line.getAttribute("xMin")),
      xMax: Number(line.getAttribute("xMax")),
      yMin: Number(line.getAttribute("yMin")),
      yMax: Number(line.getAttribute("yMax")),
    })),
  );
}

/** Part 一 of this many one-line paragraphs moves 表二 down the first page, past the foot of it for some. */
const FILLERS = Array.from({ length: 12 }, (_, i) => 9 + i);
const fillerName = (n: number) => `keep-${n}`;
const rendered = new Map<string, Rendered>();
const snapshots = new Map<string, Snapshot>();
const EVIL = "<script>alert(1)</script>";

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const fixture = (await fixtureReport()).snapshot;
  const filled = (await filledReport()).snapshot;
  const evil = (await snapshotFor(2021, EVIL, new Map(), [])).snapshot;
  const warned = await filledReport(7);
  warned.mem.setCell("表四", warned.snapshot.locations.get("t4.review.upheld")!.address, { type: "blank" });
  const { snapshotOf } = await import("../support/workbooks");
  const warnedSnap = await snapshotOf(warned.mem);
  const warning = validateSnapshot(warnedSnap).findings.find((f) => f.severity === "warning")!;
  warnedSnap.explanations.set(warning.key, "本年度无行政复议维持案件，已核对法制科台账");
  const accepted = exportGate(validateSnapshot(warnedSnap)).accepted;

  for (const n of FILLERS) {
    const { values } = await filledReport();
    const paragraphs = Array.from({ length: n }, (_, i) => paragraphOf(0, `第${i + 1}项：本机关按照条例要求认真开展政府信息公开工作。`));
    snapshots.set(fillerName(n), (await snapshotFor(2021, "某某县人民政府办公室", values, paragraphs)).snapshot);
  }
  snapshots.set("fixture-2020", fixture);
  snapshots.set("filled-2021", filled);
  const files: [string, Uint8Array][] = [
    ["fixture-2020", await reportDocx(reportDocument(fixture))],
    ["filled-2021", await reportDocx(reportDocument(filled))],
    ["escaped-org", await reportDocx(reportDocument(evil))],
    ["notes-2021", await notesDocx(warnedSnap, accepted)],
    ...(await Promise.all(
      FILLERS.map(async (n): Promise<[string, Uint8Array]> => [fillerName(n), await reportDocx(reportDocument(snapshots.get(fillerName(n))!))]),
    )),
  ];
  for (const [name, bytes] of files) writeFileSync(join(ARTIFACTS, `${name}.docx`), bytes);
  const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-"));
  // One LibreOffice start for all files (a cold start takes seconds).
  run("soffice", [
    `-env:UserInstallation=file://${profile}`,
    "--headless",
    "--convert-to",
    "pdf",
    "--outdir",
    ARTIFACTS,
    ...files.map(([n]) => join(ARTIFACTS, `${n}.docx`)),
  ]);
  rmSync(profile, { recursive: true, force: true });
  for (const [name] of files) {
    const pdf = join(ARTIFACTS, `${name}.pdf`);
    if (!name.startsWith("keep-")) run("pdftoppm", ["-r", "80", "-png", pdf, join(ARTIFACTS, name)]);
    rendered.set(name, { name, text: run("pdftotext", ["-layout", pdf, "-"]), blocks: blocksOf(pdf), lines: linesOf(pdf), lineBoxes: lineBoxesOf(pdf) });
  }
});

describe.each(["fixture-2020", "filled-2021"])("%s.docx → PDF", (name) => {
  test("title, then the six part titles in order", () => {
    const { text } = rendered.get(name)!;
    const snap = snapshots.get(name)!;
    const flat = strip(text);
    const at = [reportDocument(snap).title, ...snap.model.version.sections].map((t) => flat.indexOf(strip(t)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png")).length).toBeGreaterThanOrEqual(2);
  });

  test("every 表三 row label in order, with that row's values beside it", () => {
    const { blocks, lineBoxes } = rendered.get(name)!;
    const snap = snapshots.get(name)!;
    const t3 = exportTables(snap).find((t) => t.key === "t3")!;
    const layout = snap.model.tables.find((t) => t.key === "t3")!;
    let last = { page: 0, y: -1 };
    // pdftotext puts the narrow outer labels' lines (（三）不 / 予公开) into the lines and blocks of the labels beside them: those pieces are taken out.
    const outer = t3.rows
      .flat()
      .filter((c) => c.role === "rowHeader" && c.col < t3.labelColumns && c.rowSpan > 1)
      .map((c) => strip(c.text));
    const outerPieces = outer.flatMap((text) => Array.from({ length: Math.ceil(text.length / 4) }, (_, i) => text.slice(i * 4, i * 4 + 4)));
    for (const row of layout.dataRows) {
      const after = (b: Block) => b.page > last.page || (b.page === last.page && b.yMin > last.y);
      const is = (b: Block) => {
        const text = outerPieces.reduce((t, piece) => t.split(piece).join(""), b.text);
        return text === strip(row.label) && after(b);
      };
      const label = lineBoxes.find(is) ?? blocks.find(is);
      expect([row.label, label ? "found" : "missing"]).toEqual([row.label, "found"]);
      const beside = blocks
        .filter((b) => b.page === label!.page && b.xMin > label!.xMax && (b.yMin + b.yMax) / 2 > label!.yMin && (b.yMin + b.yMax) / 2 < label!.yMax)
        .sort((a, b) => a.xMin - b.xMin)
        .map((b) => b.text);
      const expected = row.cellIds.map((id) => t3.rows.flat().find((c) => c.cellId === id)!.text);
      expect([row.label, beside]).toEqual([row.label, expected]);
      last = { page: label!.page, y: label!.yMin };
    }
  });

  test("表四 fits the page: all 15 column headers are there, none past the right edge", () => {
    const { blocks } = rendered.get(name)!;
    const snap = snapshots.get(name)!;
    const t4 = snap.model.tables.find((t) => t.key === "t4")!;
    const leafHeaders = t4.cells.map((c) => c.columnPath[c.columnPath.length - 1]);
    expect(leafHeaders).toHaveLength(15);
    const four = blocks.find((b) => b.text === strip(snap.model.version.sections[3]))!;
    const five = blocks.find((b) => b.text === strip(snap.model.version.sections[4]))!;
    // The blocks between part 四's title and part 五's: 表四 (it does not break across pages).
    const table = blocks.filter((b) => b.page === four.page && b.yMin > four.yMax && (five.page > four.page || b.yMax < five.yMin));
    const counts = (xs: string[]) => Object.fromEntries([...new Set(xs)].map((x) => [x, xs.filter((y) => y === x).length]));
    expect(counts(table.filter((b) => leafHeaders.includes(b.text)).map((b) => b.text))).toEqual(counts(leafHeaders));
    expect(table.filter((b) => /^\d+$/.test(b.text))).toHaveLength(15);
    // Right page margin is 26 mm (73.7 pt): the table's text stays inside the text area.
    for (const b of table) expect([b.text, b.xMax <= b.pageWidth - 70]).toEqual([b.text, true]);
    expect(Math.max(...table.map((b) => b.xMax))).toBeGreaterThan(four.pageWidth / 2);
  });
});

describe("printed as a reader expects", () => {
  test.each(FILLERS)("with %i paragraphs before 表二, every table's caption and header are on the page of its first row of values", (n) => {
    const { blocks } = rendered.get(fillerName(n))!;
    const snap = snapshots.get(fillerName(n))!;
    for (const table of exportTables(snap)) {
      // Each block of rows: its caption/header rows and the first row of values after them.
      table.rows.forEach((row, i) => {
        if (i === 0 || !row.some((c) => c.role === "value") || table.rows[i - 1].some((c) => c.role === "value")) return;
        const firstLabel = row.find((c) => c.role === "rowHeader") ?? row[0];
        const heads = [];
        for (let j = i - 1; j >= 0 && !table.rows[j].some((c) => c.role === "value"); j--) heads.push(...table.rows[j].filter((c) => c.text.trim() !== ""));
        const pageOf = (text: string) => blocks.find((b) => b.text === strip(text))?.page;
        const page = table.key === "t4" ? pageOf(table.rows[i - 1][0].text) : pageOf(firstLabel.text);
        expect([table.key, firstLabel.text, page === undefined ? "missing" : "found"]).toEqual([table.key, firstLabel.text, "found"]);
        for (const head of heads.filter((h) => blocks.filter((b) => b.text === strip(h.text)).length === 1)) {
          expect([table.key, head.text, pageOf(head.text)]).toEqual([table.key, head.text, page]);
        }
      });
    }
  });

  test("表二 starts on the second page for some fillers (the case being tested does occur)", () => {
    const pages = FILLERS.map((n) => rendered.get(fillerName(n))!.blocks.find((b) => b.text === strip("第二十条第（一）项"))!.page);
    expect(pages).toContain(1);
    expect(pages).toContain(2);
  });

  test.each(["fixture-2020", "filled-2021"])("%s: no line starts with a closing bracket or punctuation (Chinese line breaking)", (name) => {
    const { lines } = rendered.get(name)!;
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.filter((l) => /^[）)」』】〕》，。、；：？！]/.test(l.text))).toEqual([]);
    // The labels the issue names wrap after their number.
    const flat = lines.map((l) => l.text);
    expect(flat.some((t) => t.startsWith("（三）"))).toBe(true);
  });
});

test("fixture text survives: 原州区科学技术局 title, 39条 in part 一, 无 in part 六", () => {
  const flat = strip(rendered.get("fixture-2020")!.text);
  expect(flat).toContain(`${FIXTURE_ORG}2020年政府信息公开工作年度报告`);
  expect(flat).toContain("共主动公开政府信息39条");
  expect(flat.slice(flat.indexOf("六、其他需要报告的事项"))).toMatch(/^六、其他需要报告的事项无/);
});

test("a script typed as 机关名称 prints as text in the docx", () => {
  expect(strip(rendered.get("escaped-org")!.text)).toContain(`${EVIL}2021年政府信息公开工作年度报告`);
});

test("填报说明: the accepted 提示 with its 说明", () => {
  const { text, blocks } = rendered.get("notes-2021")!;
  expect(strip(text)).toContain("填报说明");
  const cells = blocks.map((b) => b.text);
  expect(cells).toContain("F-2");
  // The 说明 column: the words right of its header, top to bottom.
  const words = parse(run("pdftotext", ["-bbox", join(ARTIFACTS, "notes-2021.pdf"), "-"])).querySelectorAll("word");
  const header = words.find(
    (w) =>
      w.text === "说明" &&
      Number(w.getAttribute("yMin")) > 0 &&
      words.some((o) => o.text === "提示内容" && Math.abs(Number(o.getAttribute("yMin")) - Number(w.getAttribute("yMin"))) < 2),
  )!;
  const column = words.filter(
    (w) => Number(w.getAttribute("xMin")) >= Number(header.getAttribute("xMin")) - 1 && Number(w.getAttribute("yMin")) > Number(header.getAttribute("yMin")),
  );
  expect(column.map((w) => w.text).join("")).toContain("本年度无行政复议维持案件，已核对法制科台账");
  expect(cells).toContain("表四A5");
  expect(readFileSync(join(ARTIFACTS, "notes-2021.pdf")).length).toBeGreaterThan(1000);
});
