import { readFileSync } from "fs";
import { join } from "path";
import { z } from "zod";
import { getFormat } from "../../src/format/registry";
import { MemoryWorkbook } from "../../src/host/memory";
import { narrativeFindings, radicals } from "../../src/narrative/check";
import { draftNarrative } from "../../src/narrative/draft";
import { cell, literal, paragraphOf, pct, type Paragraph } from "../../src/narrative/model";
import { renderParagraph } from "../../src/narrative/render";
import { isTableLine, parseReportText } from "../../src/narrative/text";
import { type Finding } from "../../src/rules/evaluate";
import { validateSnapshot } from "../../src/rules/validate";
import { planFor } from "../../src/workbook/operations";
import { sheetsToRead, snapshotFromData } from "../../src/workbook/read";
import type { RawValue } from "../../src/workbook/snapshot";
import { consistentValues, rng } from "../support/generate";
import { snapshotWith, textIn } from "../support/narrative";

const FIXTURES = join(__dirname, "..", "fixtures");
const REPORT = readFileSync(join(FIXTURES, "yuanzhou-keji-2020.txt"), "utf8");
const SECTIONS = getFormat("2019").version.sections;

const textOf = (p: Paragraph) => p.segments.map((s) => (s.kind === "text" ? s.text : "")).join("");
const partTexts = (parts: Paragraph[], part: number) => parts.filter((p) => p.part === part).map(textOf);
const n1 = (fs: Finding[]) => fs.filter((f) => f.rule === "N-1");
const p1 = (fs: Finding[]) => fs.filter((f) => f.rule === "P-1");

describe("parseReportText: the real 2020 report as extracted from its PDF", () => {
  const parsed = parseReportText(REPORT, SECTIONS);

  test("title and intro are read apart from the six parts", () => {
    expect(parsed.title).toBe("原州区科学技术局2020年政府信息公开工作年度报告");
    expect(parsed.preamble).toHaveLength(1);
    expect(parsed.preamble[0]).toMatch(/^2020年，原州区科技局以习近平新时代中国特色社会主义思想为指导，/);
    expect(parsed.preamble[0]).toMatch(/切实推动了政府信息公开工作的深入开展。$/);
  });

  test("part 一 joins the wrapped lines into its six paragraphs", () => {
    const one = partTexts(parsed.parts, 0);
    expect(one.map((p) => p.slice(0, 2))).toEqual(["一是", "二是", "三是", "四是", "五是", "六是"]);
    expect(one.some((p) => p.includes("共主动公开政府信息39条"))).toBe(true);
    expect(one[1]).toBe("二是依申请公开。截至12月31日，我局没有收到有关政府信息公开的申请。");
    // The page break inside 四是 (blank lines mid-sentence) does not split the paragraph.
    expect(one[3]).toContain("主要面向的对象是企业负责人");
  });

  test("parts 二/三/四 hold tables only: no table label or number row becomes a paragraph", () => {
    for (const part of [1, 2, 3]) expect(partTexts(parsed.parts, part)).toEqual([]);
  });

  test("part 五 has its two paragraphs and part 六 is 无", () => {
    const five = partTexts(parsed.parts, 4);
    expect(five).toHaveLength(2);
    expect(five[0]).toMatch(/^2020年，区科技局扎实开展政府信息公开工作.*等问题。$/);
    expect(five[1]).toMatch(/^2021年，我局将结合工作职能.*进行问责。$/);
    expect(partTexts(parsed.parts, 5)).toEqual(["无"]);
  });
});

describe("parseReportText: Word and web text, title variants, tables", () => {
  const word = [
    "某某区人民政府办公室2023年政府信息公开工作年度报告",
    "本报告依据《中华人民共和国政府信息公开条例》第五十条编制。",
    "一. 总体情况",
    "2023年，我办深入贯彻落实《条例》，扎实推进政务公开工作。",
    "（一）主动公开。全年主动公开政府信息1530条。",
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    "规章\t0\t0\t0",
    "三、收到和处理政府信息公开",
    "申请情况",
    "本年度共收到政府信息公开申请48件。",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "一、本年新收政府信息公开申请数量\t41\t6\t1\t0\t0\t0\t48",
    "四、结转下年度继续办理\t3\t1\t0\t0\t0\t0\t4",
    "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
    "行政复议\t行政诉讼",
    "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
    "- 3 -",
    "五、政府信息公开工作存在的主要问题及改进情况",
    "一、加强学习培训。组织全体干部学习新《条例》。",
    "二、完善工作机制。",
    "六．其他需要报告的事项",
    "无。",
  ].join("\n");
  const parsed = parseReportText(word, SECTIONS);

  test("each line of Word text is a paragraph; a half-width 一. starts part 一", () => {
    expect(parsed.title).toBe("某某区人民政府办公室2023年政府信息公开工作年度报告");
    expect(parsed.preamble).toEqual(["本报告依据《中华人民共和国政府信息公开条例》第五十条编制。"]);
    expect(partTexts(parsed.parts, 0)).toEqual(["2023年，我办深入贯彻落实《条例》，扎实推进政务公开工作。", "（一）主动公开。全年主动公开政府信息1530条。"]);
  });

  test("a title broken across lines and the real reports' variants of 四 and 五 are recognised", () => {
    expect(partTexts(parsed.parts, 2)).toEqual(["本年度共收到政府信息公开申请48件。"]);
    expect(partTexts(parsed.parts, 3)).toEqual([]);
    // The numbered items of 五 (一、… 二、…) are paragraphs, not part titles.
    expect(partTexts(parsed.parts, 4)).toEqual(["一、加强学习培训。组织全体干部学习新《条例》。", "二、完善工作机制。"]);
    expect(partTexts(parsed.parts, 5)).toEqual(["无。"]);
  });

  test("tab-separated table rows and table labels stop a part's paragraphs", () => {
    expect(partTexts(parsed.parts, 1)).toEqual([]);
    expect(parsed.parts.some((p) => /勾稽关系|结转下年度继续办理|规章\t/.test(textOf(p)))).toBe(false);
  });

  test("存在问题及改进情况, and a title run into its first sentence", () => {
    const t = parseReportText(
      ["一、总体情况", "略。", "五、存在问题及改进情况", "人员力量不足。", "六、其他需要报告的事项 本年度未收取信息处理费。"].join("\n"),
      SECTIONS,
    );
    expect(partTexts(t.parts, 4)).toEqual(["人员力量不足。"]);
    expect(partTexts(t.parts, 5)).toEqual(["本年度未收取信息处理费。"]);
    expect(t.title).toBeUndefined();
  });

  test("text without part titles is all intro", () => {
    const t = parseReportText("本年度共收到政府信息公开申请3件。\n均已按时答复。", SECTIONS);
    expect(t.parts).toEqual([]);
    expect(t.preamble).toEqual(["本年度共收到政府信息公开申请3件。", "均已按时答复。"]);
  });

  test("table lines: numbers and the format's labels, whole or broken; prose is not", () => {
    expect(isTableLine("规章 0 0 0")).toBe(true);
    expect(isTableLine("（本列数据的勾稽关系")).toBe(true);
    expect(isTableLine("行政复议 行政诉讼")).toBe(true);
    expect(isTableLine("0 0 0 0 0 0 0")).toBe(true);
    expect(isTableLine("截至 12 月 31 日，我局没有收到有关政府")).toBe(false);
    expect(isTableLine("行政复议方面，本年度未发生行政复议案件。")).toBe(false);
    expect(isTableLine("无")).toBe(false);
  });
});

/** All input cells of the format at 0, then the changes. */
function zeroValues(formatId: "2019" | "2021", changes: Record<string, number> = {}): Map<string, RawValue> {
  const values = new Map<string, RawValue>();
  for (const c of getFormat(formatId).cells) if (c.kind === "input") values.set(c.id, { type: "number", value: changes[c.id] ?? 0 });
  return values;
}

async function reportWorkbook(values: Map<string, RawValue>, narrative: Paragraph[]) {
  const mem = new MemoryWorkbook();
  await mem.write(planFor({ year: 2020, orgName: "原州区科学技术局", values, narrative }, null).plan);
  return snapshotFromData(await mem.read(sheetsToRead()));
}

describe("N-1 on the real 2020 report, through a workbook", () => {
  const narrative = parseReportText(REPORT, SECTIONS).parts;

  test("all tables 0: the text agrees (no N-1), and 39条 主动公开 has no cell to be checked against", async () => {
    const snapshot = await reportWorkbook(zeroValues("2019"), narrative);
    expect(snapshot.narrative.map(textOf)).toContain(
      "一是主动公开。2020年区科技局共主动公开政府信息39条；严格按照《条例》规定公开政府信息，没有收取任何费用。",
    );
    const report = validateSnapshot(snapshot);
    expect(n1(report.findings)).toEqual([]);
    expect(report.findings.filter((f) => f.message.includes("39"))).toEqual([]);
  });

  test("two applications in 表三: exactly one N-1, on “没有收到有关政府信息公开的申请”", async () => {
    const snapshot = await reportWorkbook(zeroValues("2019", { "t3.new.natural": 2, "t3.granted.natural": 2 }), narrative);
    const report = validateSnapshot(snapshot);
    const found = n1(report.findings);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f.severityLabel).toBe("错误");
    expect(f.key).toBe("N-1@0.1.0");
    expect(f.message).toContain("正文第一部分：“没有收到有关政府信息公开的申请”与表三");
    expect(f.message).toContain("本年新收政府信息公开申请数量 2 不一致");
    expect([f.left, f.right, f.diff]).toEqual([0, 2, -2]);
    const at = snapshot.locations.get("t3.new.total")!;
    expect(f.cells).toEqual([{ id: "t3.new.total", sheet: "表三", address: at.address }]);
    expect(report.summary.errors).toBe(report.findings.filter((x) => x.severity === "error").length);
  });
});

const tableSchema = z.object({ format: z.enum(["2019", "2021"]), year: z.number().int(), note: z.string(), values: z.record(z.string(), z.number()) });
const fixtureSchema = z.object({
  about: z.string(),
  tables: z.record(z.string(), tableSchema),
  cases: z.array(
    z.object({
      name: z.string(),
      table: z.string(),
      part: z.number().int().min(0).max(5),
      correct: z.string(),
      wrong: z
        .array(z.object({ text: z.string(), mistake: z.string(), left: z.number(), right: z.number().optional(), cells: z.array(z.string()).optional() }))
        .min(1),
    }),
  ),
  quiet: z.array(z.object({ table: z.string(), part: z.number().int().min(0).max(5), text: z.string() })),
});
const crafted = fixtureSchema.parse(JSON.parse(readFileSync(join(FIXTURES, "narrative-sentences.json"), "utf8")));

function checkSentence(tableName: string, part: number, text: string) {
  const table = crafted.tables[tableName];
  if (!table) throw new Error(`no table ${tableName} in narrative-sentences.json`);
  return n1(narrativeFindings(snapshotWith(table.format, table.values, textIn(part, text), { year: table.year })));
}

describe("N-1 on crafted sentences (test/fixtures/narrative-sentences.json)", () => {
  test("the set covers ≥ 30 sentences with their mistyped variants", () => {
    expect(crafted.cases.length).toBeGreaterThanOrEqual(30);
    const mistakes = new Set(crafted.cases.flatMap((c) => c.wrong.map((w) => w.mistake)));
    for (const kind of ["off by one", "swapped digits", "last year's figure"]) expect(mistakes).toContain(kind);
    expect([...mistakes].some((m) => m.startsWith("0 stated as"))).toBe(true);
    expect([...mistakes].some((m) => m.includes("stated as a part") || m.includes("stated as the sum"))).toBe(true);
  });

  test("each phrasing class of real reports has ≥ 10 sentences, correct and mistyped", () => {
    const classes = new Map<string, number>();
    for (const c of crafted.cases) {
      const m = /^\[([^\]]+)\]/.exec(c.name);
      if (m) classes.set(m[1], (classes.get(m[1]) ?? 0) + 1);
    }
    for (const cls of [
      "转下年度办理",
      "公开与复议之间的限定语",
      "均获维持",
      "均获维持，表中有纠正",
      "；后的办理结果",
      "予以公开及部分公开：列的词",
      "康熙部首（PDF 文字）",
      "收到/受理：新收或新收＋上年结转",
    ]) {
      expect(`${cls} ${(classes.get(cls) ?? 0) >= 10}`).toBe(`${cls} true`);
    }
  });

  test.each(crafted.cases.map((c) => [c.name, c] as const))("%s: the correct sentence gives no finding", (_name, c) => {
    expect(checkSentence(c.table, c.part, c.correct).map((f) => f.message)).toEqual([]);
  });

  test.each(crafted.cases.flatMap((c) => c.wrong.map((w) => [`${c.name} — ${w.mistake}: ${w.text}`, c, w] as const)))("%s is detected", (_name, c, w) => {
    const found = checkSentence(c.table, c.part, w.text);
    const hit = found.find((f) => f.left === w.left);
    expect(hit).toBeDefined();
    // The message quotes the words of the sentence and names the table.
    const quoted = /^正文第[一二三四五六]部分：“([^”]+)”与表[二三四] /.exec(hit!.message);
    // Quoted as read: Kangxi radicals from PDF text (⾏) as the characters they stand for (行).
    expect(quoted && radicals(w.text).includes(quoted[1])).toBe(true);
    if (w.right !== undefined) expect(hit!.right).toBe(w.right);
    if (w.cells) expect(hit!.cells.map((x) => x.id).sort()).toEqual([...w.cells].sort());
    expect(hit!.cells.every((x) => /^[A-Z]+\d+$/.test(x.address) && x.sheet.startsWith("表"))).toBe(true);
  });

  test.each(crafted.quiet.map((q) => [q.text, q] as const))("no false alarm: %s", (_text, q) => {
    expect(checkSentence(q.table, q.part, q.text).map((f) => f.message)).toEqual([]);
  });
});

describe("N-1 and the drafted text", () => {
  /** The drafted paragraphs with every bound number typed out as text, as after copying from Word. */
  function typedOut(formatId: "2019" | "2021", seed: number) {
    const values: Record<string, number> = {};
    for (const [id, v] of consistentValues(getFormat(formatId), rng(seed))) if (v.type === "number") values[id] = v.value;
    const bound = snapshotWith(formatId, values);
    const paragraphs = draftNarrative(bound).map((p) => paragraphOf(p.part, renderParagraph(bound, p)));
    return { values, paragraphs };
  }

  test("typed-out drafts of 200 random consistent reports raise no N-1", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const formatId = seed % 2 ? "2019" : "2021";
      const { values, paragraphs } = typedOut(formatId, seed);
      const found = n1(narrativeFindings(snapshotWith(formatId, values, paragraphs)));
      expect(found.map((f) => `seed ${seed}: ${f.message}`)).toEqual([]);
    }
  });

  test("one typed number changed in a draft is caught", () => {
    let tried = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const formatId = seed % 2 ? "2019" : "2021";
      const r = rng(1000 + seed);
      const { values, paragraphs } = typedOut(formatId, seed);
      const withNumbers = paragraphs.filter((p) => /\d/.test(textOf(p)));
      const target = r.pick(withNumbers);
      const text = textOf(target);
      const numbers = [...text.matchAll(/\d+(?:\.\d+)?/g)];
      const m = r.pick(numbers);
      const isShare = text[m.index + m[0].length] === "%";
      const changed = isShare ? (Number(m[0]) + 1.5).toFixed(2) : String(Number(m[0]) + r.pick([1, 2, 10]));
      const mutated = text.slice(0, m.index) + changed + text.slice(m.index + m[0].length);
      const edited = paragraphs.map((p) => (p === target ? paragraphOf(p.part, mutated) : p));
      const found = n1(narrativeFindings(snapshotWith(formatId, values, edited)));
      expect({ seed, mutated, caught: found.some((f) => f.left === Number(changed)) }).toEqual({ seed, mutated, caught: true });
      tried += 1;
    }
    expect(tried).toBe(120);
  });

  test("numbers bound to cells are not checked, even where the words around them would not fit", () => {
    const values = { "t3.new.natural": 5, "t3.granted.natural": 4, "t3.carriedNext.natural": 1 };
    // As literal text "办结5件" contradicts （七）总计 4; bound to 本年新收 it is the user's choice and always current.
    const boundOnly: Paragraph = { part: 2, segments: [literal("本年度办结"), cell("t3.new.total"), literal("件。")] };
    expect(n1(narrativeFindings(snapshotWith("2021", values, [boundOnly])))).toEqual([]);
    expect(n1(narrativeFindings(snapshotWith("2021", values, textIn(2, "本年度办结5件。"))))).toHaveLength(1);
    // A typed share after a bound count is checked against what the count is bound to.
    const share: Paragraph = {
      part: 2,
      segments: [
        literal("予以公开"),
        cell("t3.granted.total"),
        literal("件，占"),
        pct(["t3.granted.total"], ["t3.total.total"]),
        literal("，占收到申请的90%。"),
      ],
    };
    const found = n1(narrativeFindings(snapshotWith("2021", values, [share])));
    expect(found.map((f) => f.left)).toEqual([90]);
    expect(found[0].right).toBe(80);
  });

  test("a cell holding an error value is skipped, not reported as a mismatch", () => {
    const s = snapshotWith("2021", { "t3.new.natural": 2 }, textIn(2, "本年度共收到政府信息公开申请3件。"));
    expect(n1(narrativeFindings(s))).toHaveLength(1);
    s.values.set("t3.new.natural", { type: "error", value: "#VALUE!" });
    expect(n1(narrativeFindings(s))).toEqual([]);
  });
});

describe("P-1: parts 五 and 六 written, nothing copied from last year", () => {
  const filled = [
    ...textIn(0, "2023年，我局扎实推进政务公开工作，全面完成年度各项任务。"),
    ...textIn(4, "一是公开力度有待加强。下一步将完善制度。"),
    ...textIn(5, "无"),
  ];

  test("a complete text passes; 六 may be 无", () => {
    expect(p1(narrativeFindings(snapshotWith("2021", {}, filled)))).toEqual([]);
  });

  test("五 empty, and 五 holding only the 起草 prompt, are 提示 keyed P-1@part5", () => {
    for (const five of [[], textIn(4, "【请填写上年度报告所列问题的整改情况，本年度存在的主要问题及改进措施】")]) {
      const text = [...filled.filter((p) => p.part !== 4), ...five];
      const found = p1(narrativeFindings(snapshotWith("2021", {}, text)));
      expect(found.map((f) => [f.key, f.severityLabel])).toEqual([["P-1@part5", "提示"]]);
      expect(found[0].message).toContain("正文第五部分“五、存在的主要问题及改进情况”为空");
    }
  });

  test("六 empty is a 提示 keyed P-1@part6 that asks for 无", () => {
    const found = p1(
      narrativeFindings(
        snapshotWith(
          "2021",
          {},
          filled.filter((p) => p.part !== 5),
        ),
      ),
    );
    expect(found.map((f) => f.key)).toEqual(["P-1@part6"]);
    expect(found[0].message).toContain("请写“无”");
  });

  test("a paragraph identical to last year's in the same part (spaces aside) is flagged with a stable key", () => {
    const lastYearText = [
      ...textIn(2, "本年度 共收到政府信息公开申请3件，均已按时答复。"),
      ...textIn(5, "无"),
      ...textIn(0, "2022年，我局扎实推进政务公开工作。"),
    ];
    const text = [...filled, ...textIn(2, "本年度共收到政府信息公开申请5件，已全部办结。", "本年度共收到政府信息公开申请3件，均已按时\n答复。")];
    const found = p1(narrativeFindings(snapshotWith("2021", { "t3.new.natural": 3 }, text, { lastYearText })));
    expect(found.map((f) => f.key)).toEqual(["P-1@same.2.1"]);
    expect(found[0].message).toContain("正文第三部分第 2 段与上年报告同一部分的段落完全相同");
    // The same words in another part, or a short 无, are not copies.
    const moved = textIn(3, "本年度共收到政府信息公开申请3件，均已按时答复。");
    expect(p1(narrativeFindings(snapshotWith("2021", {}, [...filled, ...moved], { lastYearText })))).toEqual([]);
  });

  test("through validateSnapshot: P-1 counts as 提示 and its 说明 is attached by key", () => {
    const s = snapshotWith(
      "2021",
      {},
      filled.filter((p) => p.part !== 4),
    );
    const before = validateSnapshot(s);
    expect(before.findings.filter((f) => f.rule === "P-1").map((f) => f.key)).toEqual(["P-1@part5"]);
    expect(before.summary.warnings).toBe(before.findings.filter((f) => f.severity === "warning").length);
    s.explanations.set("P-1@part5", "本年度问题已在总体情况中说明。");
    const after = validateSnapshot(s);
    expect(after.findings.find((f) => f.key === "P-1@part5")?.explanation).toBe("本年度问题已在总体情况中说明。");
    expect(after.summary.accepted).toBe(before.summary.accepted + 1);
  });

  test("a workbook whose 正文 was never started gets no P-1", () => {
    expect(p1(validateSnapshot(snapshotWith("2021", {})).findings)).toEqual([]);
  });
});

describe("N-1 keeps a paragraph's reading while its text is unchanged, never its verdict", () => {
  test("the same text over changed tables is judged against the new values each time", () => {
    const text = textIn(2, "本年度共收到政府信息公开申请5件。");
    const right = snapshotWith("2021", { "t3.new.natural": 5 }, text);
    expect(n1(narrativeFindings(right))).toEqual([]);
    // The same paragraph (same text, same model), the table now says 6: the finding comes back.
    const wrong = snapshotWith("2021", { "t3.new.natural": 6 }, text);
    const found = n1(narrativeFindings(wrong));
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/5/);
    expect(found[0].right).toBe(6);
    // And back: nothing stale is reported.
    expect(n1(narrativeFindings(right))).toEqual([]);
  });

  test("another report year reads the same words afresh (the year is part of the reading)", () => {
    const text = textIn(2, "2023年共收到政府信息公开申请5件。");
    expect(n1(narrativeFindings(snapshotWith("2021", { "t3.new.natural": 6 }, text, { year: 2023 })))).toHaveLength(1);
    // In a 2024 report the figure is another year's: no statement about this table.
    expect(n1(narrativeFindings(snapshotWith("2021", { "t3.new.natural": 6 }, text, { year: 2024 })))).toEqual([]);
  });
});
