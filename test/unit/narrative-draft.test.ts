import { getFormat } from "../../src/format/registry";
import { draftNarrative } from "../../src/narrative/draft";
import { applyEdit } from "../../src/narrative/edit";
import { cell, literal, type Paragraph } from "../../src/narrative/model";
import { renderParagraph, renderSegments } from "../../src/narrative/render";
import { planToXlsx } from "../../src/host/xlsx";
import { readXlsx } from "../support/read";
import { planFor } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";
import { memoryFor, snapshotOf } from "../support/workbooks";

const num = (value: number): RawValue => ({ type: "number", value });

async function snapshotWith(year: number, values: Map<string, RawValue>) {
  const model = getFormat(year <= 2020 ? "2019" : "2021");
  return snapshotOf(await memoryFor(model, year, values));
}

const texts = (snap: Awaited<ReturnType<typeof snapshotWith>>, ps: Paragraph[]) => ps.map((p) => `${p.part} ${renderParagraph(snap, p)}`);

describe("起草: drafted paragraphs read as these reports do", () => {
  test("a filled 2021 workbook (snapshot)", async () => {
    const snap = await snapshotWith(2023, consistentValues(getFormat("2021"), rng(5)));
    expect(texts(snap, draftNarrative(snap))).toMatchSnapshot();
  });

  test("a filled 2020 workbook (2019 format) (snapshot)", async () => {
    const snap = await snapshotWith(2020, consistentValues(getFormat("2019"), rng(5)));
    expect(texts(snap, draftNarrative(snap))).toMatchSnapshot();
  });

  test("zero counts are said in words, never as 0件", async () => {
    const values = new Map<string, RawValue>();
    for (const c of getFormat("2021").cells) if (c.kind === "input") values.set(c.id, num(0));
    const snap = await snapshotWith(2023, values);
    const all = texts(snap, draftNarrative(snap)).join("\n");
    expect(all).toContain("3 本年度未发生政府信息公开行政复议、行政诉讼案件。");
    expect(all).toContain("2 本年度未收到政府信息公开申请，无上年结转的申请。");
    expect(all).toContain("本年度未制发规章；未制发行政规范性文件。");
    expect(all).not.toMatch(/(?<![\d.])0件/);
  });

  test("三: received, carried over, answered, each result, the share granted and carried to next year", async () => {
    const values = new Map<string, RawValue>();
    for (const c of getFormat("2021").cells) if (c.kind === "input") values.set(c.id, num(0));
    values.set("t3.new.natural", num(100));
    values.set("t3.new.commercial", num(20));
    values.set("t3.carried.natural", num(6));
    values.set("t3.granted.natural", num(80));
    values.set("t3.partial.commercial", num(5));
    values.set("t3.unable.notHeld.natural", num(30));
    values.set("t3.carriedNext.commercial", num(11));
    const snap = await snapshotWith(2023, values);
    const three = draftNarrative(snap).filter((p) => p.part === 2);
    expect(three.map((p) => renderParagraph(snap, p))).toEqual([
      "本年度共收到政府信息公开申请120件，上年结转6件。其中，自然人申请100件，法人或其他组织申请20件。本年度办结115件，其中予以公开80件（占69.57%）、部分公开5件、无法提供30件。结转下年度继续办理11件。",
    ]);
  });
});

describe("bound numbers follow their cells", () => {
  test("changing a cell updates the drafted paragraph", async () => {
    const model = getFormat("2021");
    const values = consistentValues(model, rng(2));
    const mem = await memoryFor(model, 2023, values);
    const draft = draftNarrative(await snapshotOf(mem));
    const three = draft.find((p) => p.part === 2)!;
    const before = renderParagraph(await snapshotOf(mem), three);
    mem.setCell("表三", "D5", num((values.get("t3.new.natural") as { value: number }).value + 1000));
    const after = renderParagraph(await snapshotOf(mem), three);
    expect(after).not.toBe(before);
    expect(after).toMatch(/本年度共收到政府信息公开申请\d+件/);
    const n = (t: string) => Number(/申请(\d+)件/.exec(t)![1]);
    expect(n(after) - n(before)).toBe(1000);
  });

  test("words edited around a bound number stay, and the number still updates", async () => {
    const values = new Map<string, RawValue>([["t3.new.natural", num(7)]]);
    const snap = await snapshotWith(2023, values);
    const segments = [literal("本年度共收到政府信息公开申请"), cell("t3.new.total"), literal("件。")];
    const rendered = renderSegments(snap, segments);
    expect(rendered.join("")).toBe("本年度共收到政府信息公开申请7件。");
    const edited = applyEdit(segments, rendered, "2023年，我局共收到各类政府信息公开申请7件，均已按时答复。");
    expect(edited).toEqual([literal("2023年，我局共收到各类政府信息公开申请"), cell("t3.new.total"), literal("件，均已按时答复。")]);
    const later = await snapshotWith(2023, new Map([["t3.new.natural", num(9)]]));
    expect(renderParagraph(later, { part: 2, segments: edited })).toBe("2023年，我局共收到各类政府信息公开申请9件，均已按时答复。");
  });

  test("a bound number the user types over becomes the user's words", async () => {
    const snap = await snapshotWith(2023, new Map([["t3.new.natural", num(7)]]));
    const segments = [literal("共收到申请"), cell("t3.new.total"), literal("件")];
    const edited = applyEdit(segments, renderSegments(snap, segments), "共收到申请8件");
    expect(edited).toEqual([literal("共收到申请8件")]);
    expect(applyEdit(segments, renderSegments(snap, segments), "共收到申请17件")).toEqual([literal("共收到申请17件")]);
    expect(applyEdit(segments, renderSegments(snap, segments), "共收到申请7.5件")).toEqual([literal("共收到申请7.5件")]);
  });

  test("the 正文 sheet keeps bound paragraphs through an .xlsx file, and a paragraph typed over in Excel wins", async () => {
    const model = getFormat("2021");
    const values = consistentValues(model, rng(4));
    const base = await snapshotWith(2023, values);
    const narrative = draftNarrative(base);
    const data = await readXlsx(await planToXlsx(planFor({ year: 2023, values, narrative }, null).plan), sheetsToRead());
    const snap = snapshotFromData(data);
    expect(snap.narrative).toEqual(narrative);
    // Type over one paragraph's cell (as in Excel): it becomes plain text.
    const text = data.sheets.find((s) => s.name === "正文")!;
    const firstBound = [...text.cells].find(([address, raw]) => /^B([3-9]|\d\d+)$/.test(address) && raw.type === "formula")!;
    text.cells.set(firstBound[0], { type: "text", value: "本单位自行撰写的一段话。" });
    const after = snapshotFromData(data);
    expect(after.narrative.some((p) => p.segments.length === 1 && p.segments[0].kind === "text" && p.segments[0].text === "本单位自行撰写的一段话。")).toBe(
      true,
    );
    expect(after.narrative).toHaveLength(narrative.length);
  });
});

describe("percentages drop trailing zeros, in the text and in the 正文 sheet's live formula", () => {
  const share: Paragraph = {
    part: 2,
    segments: [
      literal("予以公开"),
      cell("t3.granted.total"),
      literal("件，占"),
      { kind: "cell", bound: { op: "pct", num: ["t3.granted.total"], den: ["t3.total.total"] } },
      literal("。"),
    ],
  };
  test.each([
    [5, 5, "予以公开5件，占100%。"],
    [7, 12, "予以公开7件，占58.33%。"],
    [7, 20, "予以公开7件，占35%。"],
    [1, 8, "予以公开1件，占12.5%。"],
    [2, 3, "予以公开2件，占66.67%。"],
  ])("%i of %i", async (granted, total, expected) => {
    const model = getFormat("2021");
    const values = new Map<string, RawValue>([
      ["t3.new.natural", num(total)],
      ["t3.granted.natural", num(granted)],
      ["t3.partial.natural", num(total - granted)],
    ]);
    const mem = await memoryFor(model, 2023, values);
    const p = share;
    expect(renderParagraph(await snapshotOf(mem), p)).toBe(expected);
    // The same paragraph as the 正文 sheet writes it, computed by HyperFormula.
    await mem.write(planFor({ year: 2023, values, narrative: [p] }, await mem.read(sheetsToRead())).plan);
    const shown = [...(await mem.read(["正文"])).sheets[0].cells.values()].map((raw) => (raw.type === "formula" ? raw.result : raw));
    expect(shown).toContainEqual({ type: "text", value: expected });
  });
});
