import { readFileSync } from "node:fs";
import { join } from "node:path";
import { firstChars, wordMatcher } from "../../src/narrative/lexer";
import { rng } from "../support/generate";

/**
 * The 正文 word matcher tries at each position only the words that can start with its character;
 * it must find exactly what one alternation `(w1)|(w2)|…` with the g flag finds.
 */
const WORDS = [
  "(?:属于)?本机关不掌握相关政府信息",
  "予以公开",
  "部分公开",
  "不予公开",
  "公开",
  "(?:并|均|尚|也|亦)?未(?:曾)?(?:收到|接到|受理)",
  "没有",
  "(?:较|比)(?:上一?年度?|去年|\\d{4}年)",
  "结转(?:至|到)?\\d{4}年度?(?:继续办理)?",
  "转(?:入|至|到)?下一?年度?(?:继续)?(?:办理|处理)?",
  '危及[“”"]?三安全一稳定[“”"]?',
  "规章(?!制度)",
  "规章",
  "占比",
  "占",
  "[0-9]+件",
  "(?=行政)行政复议",
  "行政诉讼",
  "x{0,2}y",
  "\\.",
];

function reference(words: string[], text: string) {
  const re = new RegExp(words.map((w) => `(${w})`).join("|"), "g");
  const out: { word: number; start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const word = m.findIndex((g, i) => i > 0 && g !== undefined) - 1;
    out.push({ word, start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex += 1;
  }
  return out;
}

test("first characters are read from a word's source", () => {
  expect([...firstChars("(?:属于)?本机关").chars].sort()).toEqual(["属", "本"].sort());
  expect([...firstChars("(?:较|比)(?:上一?年度?)").chars].sort()).toEqual(["比", "较"].sort());
  expect([...firstChars('危及[“”"]?三').chars]).toEqual(["危"]);
  expect([...firstChars('[“”"]?三').chars].sort()).toEqual(["“", "”", '"', "三"].sort());
  expect(firstChars("\\d{4}年").chars.has("7")).toBe(true);
  expect(firstChars("x{0,2}y").chars).toEqual(new Set(["x", "y"]));
  expect(firstChars("(?=行政)行政复议").chars).toEqual(new Set(["行"]));
  expect(firstChars("\\.").chars).toEqual(new Set(["."]));
  expect(firstChars(".*").any).toBe(true);
});

test("the matcher finds what the one alternation finds, on the crafted sentences and on random text", () => {
  const matcher = wordMatcher(WORDS);
  const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/narrative-sentences.json"), "utf8")) as {
    cases: { text?: string; correct?: string; wrong?: string[] }[];
  };
  const texts: string[] = [...(JSON.stringify(fixture.cases).match(/[\u4e00-\u9fff“”"0-9，。；、：xy.]{6,}/g) ?? [])];
  expect(texts.length).toBeGreaterThan(100);
  const alphabet = [
    ...'属于本机关不掌握相关政府信息予以部分公开并均尚也亦未曾收到接到受理没有较比上一年度去年结转至到继续办理下入处危及“”"三安全一稳定规章制度占2023件行政复议诉讼xy.，。',
  ];
  const r = rng(13);
  for (let i = 0; i < 400; i++) texts.push(Array.from({ length: r.int(1, 60) }, () => r.pick(alphabet)).join(""));
  let found = 0;
  for (const text of texts) {
    const want = reference(WORDS, text);
    expect({ text, got: matcher.scan(text) }).toEqual({ text, got: want });
    found += want.length;
  }
  expect(found).toBeGreaterThan(500);
});
