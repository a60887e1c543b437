import { SPACE_PUNCT, SPACE_PUNCT_DIGIT, SPACE_PUNCT_JI, SPACE_PUNCT_SYMBOL } from "../../src/text/punctuation";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The spelled-out classes match what \p{P} and \p{S} match in this Node, code point by code point.
 * When Node's Unicode version differs from the one the file was generated from, newly assigned code
 * points may differ; the comparison then covers the planes a report's text uses (BMP).
 */
const generated = /Unicode ([\d.]+)/.exec(readFileSync(join(__dirname, "../../src/text/unicodeClasses.ts"), "utf8"))![1];
const last = generated === process.versions.unicode ? 0x10ffff : 0xffff;

// The references are built from strings: the test transpiler would rewrite regex literals.
const pairs: [string, RegExp][] = [
  ["\\s\\p{P}", SPACE_PUNCT],
  ["\\s\\p{P}\\d", SPACE_PUNCT_DIGIT],
  ["\\s\\p{P}即", SPACE_PUNCT_JI],
  ["\\s\\p{P}\\p{S}", SPACE_PUNCT_SYMBOL],
];

test.each(pairs)("[%s] spelled out matches the property escape for every code point", (name, spelled) => {
  const one = new RegExp(`^${spelled.source}$`, "u");
  const ref = new RegExp(`^[${name}]$`, "u");
  const differ: string[] = [];
  for (let cp = 0; cp <= last; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (one.test(ch) !== ref.test(ch)) differ.push(cp.toString(16));
  }
  expect(differ).toEqual([]);
});

test("what the narrative checks strip: Chinese and ASCII punctuation, spaces, symbols", () => {
  expect("一、总体情况：（一）".replace(SPACE_PUNCT, "")).toBe("一总体情况一");
  expect("占 58.33% ，共 12 件。".replace(SPACE_PUNCT_DIGIT, "")).toBe("占共件");
  expect("表三＋表四 ≥ 0".replace(SPACE_PUNCT_SYMBOL, "")).toBe("表三表四0");
});
