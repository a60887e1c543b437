/**
 * How rule titles, messages and 起草 sentences name the cells they speak of: always from the
 * format's own labels, so no label is typed twice. "一、本年新收…" reads as 第一项 (the printed
 * 勾稽关系 note's wording) or 一 (a title's short form); （一）…（六） read as a range.
 */

const CHINESE_DIGITS = "一二三四五六七八九十";
const TOP = /^([一二三四五六七八九十]+)、/;
const PAREN = /^（([一二三四五六七八九十]+)）/;
const ARABIC = /^(\d+)\./;

/** A label as a sentence says it: without its numbering or trailing note. */
export function labelCore(label: string): string {
  return label
    .replace(PAREN, "")
    .replace(TOP, "")
    .replace(ARABIC, "")
    .replace(/（[^）]*）$/, "");
}

/** The numbering a label starts with, as it prints in a short form: 一 / （七） / 1. — or null. */
function numberingOf(label: string): string | null {
  const top = TOP.exec(label);
  if (top) return top[1];
  const paren = PAREN.exec(label);
  if (paren) return paren[0];
  const arabic = ARABIC.exec(label);
  return arabic ? arabic[0] : null;
}

/** A place in a table as messages print it: the path below its outermost header, joined by ·. */
export function placeOf(path: string[]): string {
  return (path.length > 1 ? path.slice(1) : path).join("·");
}

/** 一、…/（七）总计 → 第三项（七）总计: the wording of the printed 勾稽关系 note. */
export function ordinalTerm(path: string[]): string {
  if (path.length === 0) return "";
  const top = TOP.exec(path[0]);
  if (!top) return path.join("·");
  return `第${top[1]}项${path.slice(1).join("")}`;
}

/** 一、…/（七）总计 → 三（七）: each level's numbering, or its label where it has none. */
export function shortTerm(path: string[]): string {
  return path.map((label) => numberingOf(label) ?? label).join("");
}

function chineseValue(numeral: string): number {
  if (numeral === "十") return 10;
  if (numeral.length === 1) return CHINESE_DIGITS.indexOf(numeral) + 1;
  if (numeral.startsWith("十")) return 10 + CHINESE_DIGITS.indexOf(numeral[1]) + 1;
  return -1;
}

/** （一）…（六） when the labels are three or more consecutive （N） items, else null. */
function rangeOf(labels: string[]): { first: string; last: string } | null {
  if (labels.length < 3) return null;
  const values = labels.map((l) => {
    const m = PAREN.exec(l);
    return m ? chineseValue(m[1]) : -1;
  });
  if (values.some((v, i) => v < 0 || (i > 0 && v !== values[i - 1] + 1))) return null;
  return { first: PAREN.exec(labels[0])![0], last: PAREN.exec(labels[labels.length - 1])![0] };
}

/** The parts of a sum in a sentence: “（一）至（六）各项”, “自然人与法人或其他组织”, “a、b、c”. */
export function partsPhrase(labels: string[]): string {
  const range = rangeOf(labels);
  if (range) return `${range.first}至${range.last}各项`;
  return labels.length === 2 ? `${labels[0]}与${labels[1]}` : labels.join("、");
}

/** The parts of a sum in a title: “（一）至（六）之和”, or “a＋b＋c”. */
export function partsSum(labels: string[]): string {
  const range = rangeOf(labels);
  return range ? `${range.first}至${range.last}之和` : labels.join("＋");
}

/** The parts of a sum as the 校验 sheet lists them: （一）＋（二）＋…, or the labels. */
export function partsPlus(labels: string[]): string {
  return labels.map((l) => numberingOf(l) ?? l).join("＋");
}

/** Fill {name} placeholders; unknown ones stay as written. */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
