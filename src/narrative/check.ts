import { labelCore } from "../format/describe";
import { findNode, type FormatModel } from "../format/layout";
import type { AxisNode } from "../format/schema";
import { SEVERITY_LABEL, type Severity } from "../rules/definitions";
import { blanksOf, cellNumber, listAddresses, type Finding, type FindingCell } from "../rules/evaluate";
import { roundTo } from "../rules/number";
import type { Snapshot } from "../workbook/snapshot";
import { PART_NUMERALS, type Paragraph } from "./model";
import { wordMatcher, type WordMatcher } from "./lexer";
import { renderSegments } from "./render";
import { SPACE_PUNCT, SPACE_PUNCT_DIGIT, SPACE_PUNCT_JI } from "../text/punctuation";
import { PUNCTUATION } from "../text/unicodeClasses";

/**
 * Rules N-1 (numbers typed in the text agree with the tables) and P-1 (parts 五/六 written, no
 * paragraph copied from last year). They do not fit the balance/input rule data of
 * rules/definitions.ts (they read text, not cells), so their ids, severities and zh-CN
 * templates are data here.
 */
export const NARRATIVE_RULES = {
  n1: {
    id: "N-1",
    severity: "error" as Severity,
    title: "正文数字与表格一致",
    message: "正文第{part}部分：“{quote}”与{cell} {right} 不一致。请改正文字或表格；与表格绑定的数字（正文面板插入）会随表格自动更新。",
    /** The stated number is still reachable by the blank cells (unknown whole numbers ≥ 0). */
    unknown: "正文第{part}部分：“{quote}”——正文写了 {stated}，表中有未填写的单元格（{addresses}），无法核对{cell}（已填写部分为 {right}）。如为零请填 0。",
  },
  p1: {
    id: "P-1",
    severity: "warning" as Severity,
    title: "正文完整：第五、六部分不空，不照搬上年",
    empty: "正文第{part}部分“{title}”为空。{hint}",
    emptyHint: ["", "", "", "", "请写明本年度存在的主要问题、改进措施，以及上年度报告所列问题的整改情况。", "没有需要报告的事项的，请写“无”。"],
    same: "正文第{part}部分第 {n} 段与上年报告同一部分的段落完全相同：“{excerpt}”。请按本年度情况改写；确属不变的，请填写说明。",
  },
  /** Nothing unfinished is exported: a 【请填写…】 prompt left anywhere. */
  p2: {
    id: "P-2",
    severity: "error" as Severity,
    title: "正文完成：没有未填写的提示语",
    prompt: /【请[^】]*】/g,
    message: "正文第{part}部分“{title}”仍有未填写的提示语：{prompts}。请写入本单位的内容后再导出。",
  },
  /** 一、总体情况 is the report's summary: it may not be empty. */
  p3: {
    id: "P-3",
    severity: "error" as Severity,
    title: "正文完成：第一部分“总体情况”不空",
    part: 0,
    message: "正文第一部分“{title}”为空。请概述本年度政府信息公开工作的总体情况后再导出。",
    notStarted: "正文尚未填写（第一部分“{title}”为空）。请在“正文”中起草或导入正文后再导出。",
  },
  /** 五 must state the problems and how last year's were fixed: "无" alone does not. */
  p4: {
    id: "P-4",
    severity: "warning" as Severity,
    title: "正文内容：第五部分写明问题及改进情况",
    part: 4,
    /** A part made only of these words (and punctuation) says nothing. */
    emptyWords: ["无", "暂无", "没有", "没有问题", "无问题", "暂无问题", "不存在问题", "无相关问题", "本年度无", "本年度暂无"],
    message: "正文第五部分“{title}”只写了“{text}”。格式要求写明本年度存在的主要问题、改进措施，以及上年度报告所列问题的整改情况；确无问题的，请填写说明。",
  },
  /** What the format asks a part to state (FormatVersion.partMentions: the 2021 format's 信息处理费 in 六). */
  p5: {
    id: "P-5",
    severity: "warning" as Severity,
    title: "正文内容：写明格式要求报告的事项",
    message: "正文第{part}部分“{title}”没有写到{words}。{why}",
  },
};

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

// ---------------------------------------------------------------------------------------------
// P-1

/** 【请填写…】 prompts left by 起草 are not text. */
const PLACEHOLDER = /【请[^】]*】/g;
const visible = (s: string) => s.replace(PLACEHOLDER, "").replace(SPACE_PUNCT, "");
/** Whether a text says anything besides prompts, spaces and punctuation (without building the rest). */
const SAYS_SOMETHING = new RegExp(`[^\\s${PUNCTUATION}]`, "u");
const hasVisible = (s: string) => SAYS_SOMETHING.test(s.includes("【请") ? s.replace(PLACEHOLDER, "") : s);
const squeeze = (s: string) => s.replace(/\s+/g, "");
/** Shorter paragraphs (titles, "无", sub-headings) may repeat from year to year. */
const SAME_MIN_LENGTH = 15;

/** P-2 … P-5: what an unfinished or formulaic 正文 leaves out. */
function unfinishedFindings(snapshot: Snapshot, texts: { p: Paragraph; text: string }[]): Finding[] {
  const out: Finding[] = [];
  const sections = snapshot.model.version.sections;
  const finding = (rule: { id: string; severity: Severity; title: string }, key: string, message: string): Finding => ({
    key,
    rule: rule.id,
    severity: rule.severity,
    severityLabel: SEVERITY_LABEL[rule.severity],
    title: rule.title,
    message,
    cells: [],
    left: null,
    right: null,
    diff: null,
  });
  const { p2, p3, p4, p5 } = NARRATIVE_RULES;
  for (let part = 0; part < sections.length; part++) {
    const prompts = texts.filter((t) => t.p.part === part).flatMap((t) => t.text.match(p2.prompt) ?? []);
    if (prompts.length)
      out.push(
        finding(p2, `P-2@part${part + 1}`, fill(p2.message, { part: PART_NUMERALS[part], title: sections[part], prompts: [...new Set(prompts)].join("、") })),
      );
  }
  const partText = (part: number) =>
    texts
      .filter((t) => t.p.part === part)
      .map((t) => visible(t.text))
      .join("");
  if (texts.length === 0) return out;
  if (!texts.some((t) => t.p.part === p3.part && hasVisible(t.text)))
    out.push(finding(p3, `P-3@part${p3.part + 1}`, fill(p3.message, { title: sections[p3.part] })));
  const five = partText(p4.part);
  if (five !== "" && p4.emptyWords.includes(five)) out.push(finding(p4, `P-4@part${p4.part + 1}`, fill(p4.message, { title: sections[p4.part], text: five })));
  for (const need of snapshot.model.version.partMentions ?? []) {
    const text = texts
      .filter((t) => t.p.part === need.part)
      .map((t) => t.text.normalize("NFKC"))
      .join("");
    if (need.words.some((w) => text.includes(w))) continue;
    const why = fill(need.why, { document: `《${snapshot.model.version.document}》` });
    const words = need.words.map((w) => `“${w}”`).join("或");
    out.push(finding(p5, `P-5@part${need.part + 1}`, fill(p5.message, { part: PART_NUMERALS[need.part], title: sections[need.part], words, why })));
  }
  return out;
}

/** Export refuses a report whose 正文 was never started: P-3 even before the 正文 step. */
export function notStartedFinding(snapshot: Snapshot): Finding | null {
  const rule = NARRATIVE_RULES.p3;
  const started = snapshot.narrative.some((p) => hasVisible(renderSegments(snapshot, p.segments).join("")));
  if (started) return null;
  return {
    key: `P-3@part${rule.part + 1}`,
    rule: rule.id,
    severity: rule.severity,
    severityLabel: SEVERITY_LABEL[rule.severity],
    title: rule.title,
    message: fill(rule.notStarted, { title: snapshot.model.version.sections[rule.part] }),
    cells: [],
    left: null,
    right: null,
    diff: null,
  };
}

function p1Findings(snapshot: Snapshot, texts: { p: Paragraph; text: string; index: number }[]): Finding[] {
  const rule = NARRATIVE_RULES.p1;
  const base = {
    rule: rule.id,
    severity: rule.severity,
    severityLabel: SEVERITY_LABEL[rule.severity],
    title: rule.title,
    cells: [] as FindingCell[],
    left: null,
    right: null,
    diff: null,
  };
  const out: Finding[] = [];
  // Only once the 正文 has been started: a tables-only workbook is not yet at this step.
  if (texts.length === 0) return out;
  const sections = snapshot.model.version.sections;
  for (const part of [4, 5]) {
    if (texts.some((t) => t.p.part === part && hasVisible(t.text))) continue;
    out.push({
      ...base,
      key: `P-1@part${part + 1}`,
      message: fill(rule.empty, { part: PART_NUMERALS[part], title: sections[part], hint: rule.emptyHint[part] }),
      left: 0,
    });
  }
  const lastYear = new Map<number, Set<string>>();
  for (const p of snapshot.lastYearText) {
    const t = squeeze(p.segments.map((s) => (s.kind === "text" ? s.text : "")).join(""));
    if (!lastYear.has(p.part)) lastYear.set(p.part, new Set());
    lastYear.get(p.part)!.add(t);
  }
  for (const t of texts) {
    const s = squeeze(t.text);
    if (!lastYear.get(t.p.part)?.has(s) || visible(s).length < SAME_MIN_LENGTH) continue;
    out.push({
      ...base,
      key: `P-1@same.${t.p.part}.${t.index}`,
      message: fill(rule.same, { part: PART_NUMERALS[t.p.part], n: t.index + 1, excerpt: s.length > 40 ? `${s.slice(0, 40)}……` : s }),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// N-1: the vocabulary, built from the format's labels plus the words real reports use.

type LexKind = "row" | "col" | "group" | "outcome" | "t2row" | "t2col" | "neg" | "share" | "change" | "each" | "exclude";

interface Lexeme {
  kind: LexKind;
  key: string;
  start: number;
  end: number;
}

interface Vocabulary {
  /** Every word of the vocabulary, matched as one alternation (lexer.ts). */
  matcher: WordMatcher;
  entries: { kind: LexKind; key: string }[];
  /** t3 row key → its label core; t3 column key → label; t4 column key → label; t2 "row.col" → label. */
  labels: Map<string, string>;
  t3Columns: Map<string, string[]>;
  /** t3 result row → its leaf rows (a group stands for its sub-items). */
  t3Rows: Map<string, string[]>;
  parentOf: Map<string, string>;
  /** The 办理结果 rows (（一）…（六）, the children of 三、本年度办理结果 but its 总计). */
  results: Set<string>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A label as the text says it (without its numbering or trailing note), quotes optional. */
const labelPattern = (label: string) => escape(labelCore(label)).replace(/[“”"]/g, '[“”"]?');

const leafKeys = (n: AxisNode): string[] => (n.children ? n.children.flatMap(leafKeys) : [n.key]);

const TOPIC_QUALIFIER = "(?:涉及|关于|有关)?(?:政府)?信息公开(?:工作)?(?:领域|类|方面|相关|有关)?的?(?:引起|引发|涉及)?的?";

/** Words for the same things that the labels do not spell out (what real reports write). */
const SYNONYMS: Record<string, string[]> = {
  "row:granted": ["同意公开", "全部公开"],
  "row:withheld": ["不同意公开"],
  // 转下年度办理 (without 结) and 顺延到下年度 also mean 结转下年度继续办理, not 办理 = （七）总计.
  "row:carriedNext": [
    "结转下一?年度?(?:继续办理)?",
    "结转(?:至|到)下一?年度?",
    "结转(?:至|到)?\\d{4}年度?(?:继续办理)?",
    "转(?:入|至|到)?下一?年度?(?:继续)?(?:办理|处理)?(?:答复)?",
    "(?:顺延|延续|留待)(?:至|到)?下一?年度?(?:继续)?(?:办理|处理|答复)?",
    "下一?年度继续办理",
    "继续办理",
  ],
  "row:carried": ["上一?年度?结转", "上年度?未办结", "上年遗留", "(?:从|自)上一?年度?结转"],
  "row:new": ["本年度?新收到?", "新收到?", "新受理", "新增申请"],
  "row:done": ["已?办结", "办理完毕", "处理完毕", "办复", "作出答复", "予以答复", "答复", "回复"],
  "row:received": ["收到", "接到", "接收", "受理", "收办", "共收"],
  "row:handled": ["办理", "处理", "依申请公开"],
  "col:legal": ["法人(?:或者|和|及|与)其他组织", "法人"],
  "col:publicWelfare": ["公益组织"],
  "col:legalService": ["律师事务所"],
  "group:direct": ["直接(?:向法院)?(?:提起)?(?:行政)?(?:起诉|诉讼)"],
  "group:afterReview": ["复议后(?:提起)?(?:行政)?(?:起诉|诉讼)"],
  // 政府信息公开领域行政复议案件, 信息公开类行政复议: the qualifier names the topic, not a part.
  "group:review": [`${TOPIC_QUALIFIER}行政复议(?:案件)?`, "复议"],
  "group:litigation": [`${TOPIC_QUALIFIER}行政诉讼(?:案件)?`, "诉讼", "起诉", "应诉"],
  "outcome:upheld": ["维持"],
  "outcome:corrected": ["被?纠正", "纠错", "撤销", "确认违法", "败诉"],
  "outcome:pending": ["未审结", "正在审理", "审理中", "未结案"],
  "t2row:regulations": [],
  "t2col:issued": ["印发", "出台", "新制发"],
  "t2col:made": ["制作", "制发", "印发", "出台"],
  "t2col:published": [],
  "t2col:publicTotal": ["(?:对外)?公开[^，,。；;\\d]{0,8}?总数", "累计公开"],
  "t2col:items": ["项目"],
  "t2col:decisions": ["处理决定", "决定", "办件", "审批"],
  "t2col:amount": ["收费金额", "采购金额", "总金额", "金额", "收取"],
  "t2row:procurement": ["集中采购"],
};

/** Words inside longer phrases go in tier 1, so the phrase (tier 0) wins where both start. */
const GENERIC = new Set([
  "row:received",
  "row:done",
  "row:handled",
  "group:review",
  "group:litigation",
  "outcome:upheld",
  "outcome:corrected",
  "outcome:pending",
]);

const NEGATIONS = [
  "(?:并|均|尚|也|亦)?未(?:曾)?(?:收到|接到|受理|收办|发生|产生|出现|有|被|涉及)",
  "没有",
  "(?:并|暂|尚|均|亦|也)无",
  "无(?!法|正当|论|需|须|偿|缝|纸|误|障碍|一)",
  "不存在",
];
const CHANGES = [
  "同比",
  "环比",
  "(?:较|比)(?:上一?年度?|去年|\\d{4}年)",
  "去年",
  "上年同期",
  "上一?年度?(?!结转|未办结|遗留)",
  "增长",
  "增加",
  "减少",
  "下降",
  "上升",
  "增幅",
  "降幅",
  "持平",
  "翻番",
];
/** Words that make a count a part, an average or an estimate of what the table holds. */
const EXCLUSIONS = [
  "咨询",
  "电话",
  "来电",
  "来访",
  "接待",
  "留言",
  "信箱",
  "热线",
  "建议",
  "提案",
  "投诉",
  "举报",
  "信访",
  "来信",
  "意见",
  "诉求",
  "当面",
  "现场",
  "网上",
  "网络",
  "在线",
  "信函",
  "邮寄",
  "传真",
  "邮件",
  "平台",
  "网站",
  "涉及",
  "关于",
  "类",
  "方面",
  "领域",
  "相关案件",
  "人次",
  "件次",
  "平均",
  "每月",
  "日均",
  "约",
  "近",
  "超过",
  "以上",
  "以下",
  "左右",
  "不足",
  "至少",
  "余",
  "多",
  "其他",
  "其余",
  "另有",
  "除",
  "按时",
  "按期",
  "及时",
  "超期",
  "逾期",
  "延期",
];

/** By format model: a variant read from a workbook has labels of its own. */
const vocabularies = new WeakMap<FormatModel, Vocabulary>();

function vocabulary(model: FormatModel): Vocabulary {
  const cached = vocabularies.get(model);
  if (cached) return cached;
  const entries: { kind: LexKind; key: string; pattern: string; tier: number }[] = [];
  const seen = new Set<string>();
  const add = (kind: LexKind, key: string, patterns: string[]) => {
    const plain = ["share", "change", "each", "exclude"].includes(kind);
    const push = (pattern: string, tier: number) => {
      if (seen.has(`${kind}:${key}:${pattern}`)) return;
      seen.add(`${kind}:${key}:${pattern}`);
      entries.push({ kind, key, pattern, tier });
    };
    for (const p of patterns) push(p, plain ? 1 : 0);
    for (const p of SYNONYMS[`${kind}:${key}`] ?? []) push(p, plain || GENERIC.has(`${kind}:${key}`) ? 1 : 0);
  };
  const labels = new Map<string, string>();
  const tables = new Map(model.version.tables.map((t) => [t.key, t]));
  const t3 = tables.get("t3")!.blocks[0];
  const t4 = tables.get("t4")!.blocks[0];

  // 表四 groups and outcomes, from its column labels.
  const t4Groups = ["direct", "afterReview", "review", "litigation"];
  for (const g of t4Groups) {
    const node = findNode(t4.columns, g)!;
    labels.set(`t4:${g}`, node.label);
    add("group", g, [escape(node.label)]);
  }
  const outcomeKeys = leafKeys(findNode(t4.columns, "review")!).map((k) => k.slice("review.".length));
  for (const o of outcomeKeys) {
    const node = findNode(t4.columns, `review.${o}`)!;
    labels.set(`t4o:${o}`, node.label);
    if (o !== "total") add("outcome", o, [escape(node.label)]);
  }

  // 表三 rows: the result groups and their sub-items, from the labels.
  const result = findNode(t3.rows, "result")!;
  const t3Rows = new Map<string, string[]>();
  const parentOf = new Map<string, string>();
  for (const node of result.children!) {
    if (node.key === "total") continue;
    for (const child of node.children ?? []) {
      const core = labelCore(child.label).replace(/^属于/, "");
      if (core.length < 4 || core === "其他") continue;
      labels.set(child.key, labelCore(child.label));
      t3Rows.set(child.key, [child.key]);
      parentOf.set(child.key, node.key);
      add("row", child.key, [`(?:属于)?${labelPattern(core)}`]);
    }
  }
  for (const node of result.children!) {
    labels.set(node.key, node.key === "total" ? `${labelCore(result.label)}${node.label}` : labelCore(node.label));
    t3Rows.set(node.key, leafKeys(node));
    if (node.key !== "total") add("row", node.key, [labelPattern(node.label)]);
  }
  for (const key of ["new", "carried", "carriedNext"]) {
    const node = findNode(t3.rows, key)!;
    labels.set(key, labelCore(node.label));
    t3Rows.set(key, [key]);
    add("row", key, [labelPattern(node.label)]);
  }

  // 表二 rows and columns, from the labels (column words without 本年 / 件数 / 数量).
  for (const block of tables.get("t2")!.blocks) {
    for (const row of block.rows) {
      const words = [escape(row.label)];
      const short = row.label.replace(/^行政/, "");
      if (short !== row.label && short.length >= 4) words.push(escape(short));
      // 规章 is also the start of 规章制度.
      add(
        "t2row",
        row.key,
        words.map((w) => (row.key === "regulations" ? `${w}(?!制度)` : w)),
      );
      for (const col of block.columns) labels.set(`t2:${row.key}.${col.key}`, `${row.label} ${col.label}`);
    }
    for (const col of block.columns) {
      const word = col.label
        .replace(/（[^）]*）$/, "")
        .replace(/^本年/, "")
        .replace(/(件数|数量)$/, "");
      add("t2col", col.key, word.length >= 2 ? [escape(word)] : []);
    }
  }

  add("row", "received", []);
  add("row", "done", []);
  add("row", "handled", []);

  // 表三 columns.
  const applicants = findNode(t3.columns, "applicants")!;
  const t3Columns = new Map<string, string[]>();
  const walk = (n: AxisNode) => {
    t3Columns.set(n.key, leafKeys(n));
    labels.set(`col:${n.key}`, n.label);
    if (n.key !== "total" && n.key !== "otherOrg") add("col", n.key, [escape(n.label)]);
    n.children?.forEach(walk);
  };
  applicants.children!.forEach(walk);

  add("neg", "neg", NEGATIONS);
  add("share", "share", ["占比", "占", "比例", "比重"]);
  add("change", "change", CHANGES);
  add("each", "each", ["分别", "依次"]);
  add("exclude", "exclude", EXCLUSIONS);

  // At one position the first listed alternative wins: specific phrases before the words inside them.
  const sorted = [...entries.filter((e) => e.tier === 0), ...entries.filter((e) => e.tier === 1)];
  const matcher = wordMatcher(sorted.map((e) => e.pattern));
  const results = new Set(result.children!.filter((n) => !n.sumOf).map((n) => n.key));
  const vocab: Vocabulary = { matcher, entries: sorted.map(({ kind, key }) => ({ kind, key })), labels, t3Columns, t3Rows, parentOf, results };
  vocabularies.set(model, vocab);
  return vocab;
}

function lexemes(vocab: Vocabulary, text: string): Lexeme[] {
  return vocab.matcher.scan(text).map((m) => {
    const e = vocab.entries[m.word];
    return { kind: e.kind, key: e.key, start: m.start, end: m.end };
  });
}

// ---------------------------------------------------------------------------------------------
// N-1: numbers in the text.

interface Mention {
  start: number;
  end: number;
  value: number;
  decimals: number;
  unit: string;
  /** Inside a number bound to cells: right by construction, not checked (but gives context). */
  bound: boolean;
}

const DIGITS = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const UNITS = "万元|元|件|宗|起|个|份|条|项|%";
const NUMBER_LIST = new RegExp(String.raw`(${DIGITS}(?:\s*(?:、|和|及|与)\s*${DIGITS})*)\s*(${UNITS})`, "g");
const CHINESE_NUMBER = /([零〇二两三四五六七八九十百千][零〇一二两三四五六七八九十百千]*|一[十百千][零〇一二两三四五六七八九十百千]*)(件|宗|起)/g;
const COUNT_UNITS = new Set(["件", "宗", "起", "个", "份"]);
const T2_COUNT_UNITS = new Set(["件", "条", "项", "个", "份"]);

function chineseValue(s: string): number | null {
  const digit: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const scale: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in digit) current = digit[ch];
    else if (ch in scale) {
      total += (current || 1) * scale[ch];
      current = 0;
    } else return null;
  }
  return total + current;
}

/**
 * Kangxi and CJK radicals (⾏ for 行, ⽂ for 文, from PDF text) read as the characters they stand
 * for (NFKC), one character for one, so positions hold.
 */
export const radicals = (s: string) =>
  s.replace(/[\u2e80-\u2fdf]/g, (ch) => {
    const n = ch.normalize("NFKC");
    return n.length === 1 ? n : ch;
  });

/** Full-width digits, point and percent sign read as ASCII; one character for one, so positions hold. */
const asciiDigits = (s: string) => s.replace(/[\uFF10-\uFF19\uFF05\uFF0E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

function mentionsOf(text: string, boundSpans: [number, number][]): Mention[] {
  const out: Mention[] = [];
  const isBound = (at: number) => boundSpans.some(([a, b]) => at >= a && at < b);
  const before = (at: number) => text[at - 1] ?? "";
  NUMBER_LIST.lastIndex = 0;
  for (let m = NUMBER_LIST.exec(text); m; m = NUMBER_LIST.exec(text)) {
    // 第3件, a phone number or a code such as A12件 are not quantities.
    if (/[第A-Za-z.\-—]/.test(before(m.index))) continue;
    const unit = m[2];
    const re = new RegExp(DIGITS, "g");
    for (let n = re.exec(m[1]); n; n = re.exec(m[1])) {
      const raw = n[0].replace(/,/g, "");
      const start = m.index + n.index;
      out.push({
        start,
        end: start + n[0].length + (n.index + n[0].length === m[1].length ? m[0].length - m[1].length : 0),
        value: Number(raw),
        decimals: raw.includes(".") ? raw.split(".")[1].length : 0,
        unit,
        bound: isBound(start),
      });
    }
  }
  CHINESE_NUMBER.lastIndex = 0;
  for (let m = CHINESE_NUMBER.exec(text); m; m = CHINESE_NUMBER.exec(text)) {
    if (/[第每这那哪任某同单逐唯统]/.test(before(m.index))) continue;
    const value = chineseValue(m[1]);
    if (value === null) continue;
    out.push({ start: m.index, end: m.index + m[0].length, value, decimals: 0, unit: m[2], bound: isBound(m.index) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A table quantity the words can mean: cells summed, described for the message. */
interface Reading {
  ids: string[];
  label: string;
  /** Cell unit for amounts (万元 or 元); counts have none. */
  unit?: string;
}

interface Concept {
  readings: Reading[];
  kind: "count" | "amount";
  /** Where the phrase stating it starts (for the quote). */
  from: number;
  /** Shares of this quantity are of these (percentages). */
  shareOf: Reading[];
  /** shareOf[i] is the whole of readings[i] (a column's share of its row), not of every reading. */
  paired?: boolean;
  /** For the paragraph's running context. */
  row?: string[];
  group?: string;
}

interface Context {
  snapshot: Snapshot;
  /** Cell values already computed (a report states the same figures many times). */
  values: Map<string, number | null>;
  /** Blank cells each cell carries, computed once. */
  blanks: Map<string, string[]>;
  vocab: Vocabulary;
  part: number;
  reportYear: number | null;
}

/** Break characters as a table by UTF-16 code unit: tested once per character while walking a text. */
const charSet = (chars: string) => {
  const flags = new Uint8Array(0x10000);
  for (let i = 0; i < chars.length; i++) flags[chars.charCodeAt(i)] = 1;
  // charCodeAt past the end is NaN, and flags[NaN] is undefined: not a break.
  return { at: (text: string, i: number) => flags[text.charCodeAt(i)] === 1 };
};
const CLAUSE_BREAK = charSet("，,：:（）()");
const SENTENCE_BREAK = charSet("。！？!?；;\n");
const NEG_CLAUSE_BREAK = charSet("，,。；;！？!?：:\n");
/** What may stand between 未/没有/无 and the quantity it denies ("未发生因政府信息公开工作引起的行政复议"). */
const NEG_GAP =
  /^(?:的|因|由|对|有关|关于|任何|新的|新|本年度?|政府|信息|公开|工作|方面|引起|引发|而|被|申请|提起|产生|出现|发生|收到|受理|本机关|我局|相关|该类|、|\s)*$/;
const FILLER = /共计|合计|总计|累计|共有|总数|数量|件数|总量|全年|本年度|本年|其中|我局|我委|我办|本机关|本单位|达到|达|共|计|为|有|已|均|全部|的|了|是/g;
const isFiller = (s: string) => s.replace(FILLER, "").replace(SPACE_PUNCT_DIGIT, "") === "";

const CONTENT: LexKind[] = ["row", "col", "group", "outcome", "t2row", "t2col"];

function t3Reading(ctx: Context, rows: string[], col: string): Reading | null {
  const { vocab, snapshot } = ctx;
  const cols = vocab.t3Columns.get(col);
  if (!cols) return null;
  const ids: string[] = [];
  for (const r of rows) {
    const leaves = vocab.t3Rows.get(r) ?? [r];
    // Sub-items of a group: the total column alone per leaf row, or each applicant column.
    for (const leaf of leaves) for (const c of cols) ids.push(`t3.${leaf}.${c}`);
  }
  if (!ids.every((id) => snapshot.model.cellById.has(id))) return null;
  const colLabel = col === "total" ? "" : `（${vocab.labels.get(`col:${col}`)}）`;
  return { ids, label: `表三 ${rows.map((r) => vocab.labels.get(r) ?? r).join("+")}${colLabel}${ids.length > 1 ? " 合计" : ""}` };
}

/** Row keys each word can stand for: 收到 is sometimes 本年新收 and sometimes 新收 + 上年结转. */
function rowReadings(key: string): string[][] {
  switch (key) {
    case "received":
      return [["new"], ["new", "carried"]];
    case "handled":
      return [["new"], ["new", "carried"], ["total"]];
    case "done":
      return [["total"]];
    default:
      return [[key]];
  }
}

const isResult = (ctx: Context, key: string) => ctx.vocab.results.has(key) || ctx.vocab.parentOf.has(key);

/** Lexemes joined by 和/及/、 into one quantity ("予以公开及部分公开"). */
function joinedRun(text: string, lex: Lexeme[]): Lexeme[] {
  const run = [lex[lex.length - 1]];
  for (let i = lex.length - 2; i >= 0; i--) {
    const between = text.slice(lex[i].end, run[0].start);
    if (!/^(和|及|与|、|以及|或|加)$/.test(between)) break;
    run.unshift(lex[i]);
  }
  return run;
}

function t3Concept(
  ctx: Context,
  text: string,
  rowsLex: Lexeme[],
  colLex: Lexeme[],
  stateRow: string[] | undefined,
  from: number,
  applied = false,
): Concept | null {
  let rowSets: string[][];
  let row: string[];
  if (rowsLex.length) {
    const results = rowsLex.filter((l) => isResult(ctx, l.key));
    // 予以公开及部分公开: one sum. 办理答复, 办结上年结转: any of the words.
    let keys = results.length ? joinedRun(text, results).map((l) => l.key) : [...new Set(rowsLex.map((l) => l.key))];
    // 属于国家秘密不予公开: the sub-item, not its group.
    const lastTwo = results.slice(-2).map((l) => l.key);
    if (lastTwo.length === 2 && ctx.vocab.parentOf.get(lastTwo[0]) === lastTwo[1]) keys = [lastTwo[0]];
    if (lastTwo.length === 2 && ctx.vocab.parentOf.get(lastTwo[1]) === lastTwo[0]) keys = [lastTwo[1]];
    row = keys;
    if (keys.length > 1 && keys.every((k) => isResult(ctx, k))) rowSets = [keys];
    else rowSets = keys.flatMap(rowReadings);
  } else if (stateRow) {
    // 收到…，上年结转…。其中，自然人申请…: the column may follow either figure.
    row = stateRow;
    rowSets = stateRow.length > 1 && stateRow.every((k) => isResult(ctx, k)) ? [stateRow] : stateRow.flatMap(rowReadings);
    for (const extra of rowReadings("received")) if (!rowSets.some((r) => r.join() === extra.join())) rowSets.push(extra);
  } else if (colLex.length) {
    row = ["received"];
    rowSets = rowReadings(applied ? "received" : "handled");
  } else return null;
  const col = colLex.length ? colLex[colLex.length - 1].key : "total";
  const readings = rowSets.map((rows) => t3Reading(ctx, rows, col)).filter((r): r is Reading => r !== null);
  // Shares: of the row's total column; results also of what was answered or received.
  const shareRows = col !== "total" ? rowSets : row.every((k) => isResult(ctx, k)) ? [["total"], ["new"], ["new", "carried"]] : [];
  const shareOf = shareRows.map((rows) => t3Reading(ctx, rows, "total")).filter((r): r is Reading => r !== null);
  return { readings, kind: "count", from, shareOf, row, paired: col !== "total" && shareOf.length === readings.length };
}

function t4Reading(ctx: Context, group: string, outcomes: string[]): Reading | null {
  const groups = group === "litigation" ? ["direct", "afterReview"] : [group];
  const ids = groups.flatMap((g) => outcomes.map((o) => `t4.${g}.${o}`));
  if (!ids.every((id) => ctx.snapshot.model.cellById.has(id))) return null;
  const { labels } = ctx.vocab;
  const groupLabel =
    group === "litigation" ? `${labels.get("t4:litigation")}（${groups.map((g) => labels.get(`t4:${g}`)).join("+")}）` : labels.get(`t4:${group}`);
  return { ids, label: `表四 ${groupLabel} ${outcomes.map((o) => labels.get(`t4o:${o}`)).join("+")}${ids.length > 1 ? " 合计" : ""}` };
}

function t4Concept(ctx: Context, text: string, groupLex: Lexeme[], outcomeLex: Lexeme[], stateGroup: string | undefined, from: number): Concept | null {
  const group = groupLex.length ? groupLex[groupLex.length - 1].key : stateGroup;
  if (!group) return null;
  if (outcomeLex.length) {
    const outcomes = joinedRun(text, outcomeLex).map((l) => l.key);
    const r = t4Reading(ctx, group, outcomes);
    const total = t4Reading(ctx, group, ["total"]);
    return r ? { readings: [r], kind: "count", from, shareOf: total ? [total] : [], group } : null;
  }
  // 行政复议和行政诉讼共3件: both totals summed.
  const run = groupLex.length ? joinedRun(text, groupLex).map((l) => l.key) : [group];
  const ids = run.flatMap((g) => t4Reading(ctx, g, ["total"])?.ids ?? []);
  if (!ids.length) return null;
  const label = run.length > 1 ? `表四 ${run.map((g) => ctx.vocab.labels.get(`t4:${g}`)).join("+")} 总计 合计` : t4Reading(ctx, group, ["total"])!.label;
  return { readings: [{ ids, label }], kind: "count", from, shareOf: [], group };
}

function t2Concept(ctx: Context, rowLex: Lexeme[], colLex: Lexeme[], stateRow: string | undefined, unit: string, from: number): Concept | null {
  const row = rowLex.length ? rowLex[rowLex.length - 1].key : stateRow;
  if (!row || !colLex.length) return null;
  const amount = unit === "元" || unit === "万元";
  const readings: Reading[] = [];
  for (const l of colLex) {
    const id = `t2.${row}.${l.key}`;
    const cell = ctx.snapshot.model.cellById.get(id);
    if (!cell || readings.some((r) => r.ids[0] === id)) continue;
    if ((cell.valueKind === "amount") !== amount || cell.valueKind === "signedCount") continue;
    const cellUnit = cell.valueKind === "amount" ? cell.unit || (cell.unitSetting ? ctx.snapshot.cover[cell.unitSetting] : "") || "元" : undefined;
    readings.push({ ids: [id], label: `表二 ${ctx.vocab.labels.get(`t2:${row}.${l.key}`)}`, unit: cellUnit });
  }
  return readings.length ? { readings, kind: amount ? "amount" : "count", from, shareOf: [], row: [row] } : null;
}

/** The value of a reading; null when a cell is missing or holds an error (the check is skipped). */
function readingValue(ctx: Context, r: Reading): number | null {
  let s = 0;
  for (const id of r.ids) {
    let v = ctx.values.get(id);
    if (v === undefined) {
      v = ctx.snapshot.values.has(id) ? cellNumber(ctx.snapshot, id) : null;
      ctx.values.set(id, v);
    }
    if (v === null) return null;
    s += v;
  }
  return s;
}

interface Statement {
  at: number;
  quote: string;
  stated: number;
  /** How close a reading must be (percentages and amounts are stated rounded). */
  matches: (actual: number) => boolean;
  readings: Valued[];
}

type Valued = { reading: Reading; value: number };

/**
 * A statement as read from the words alone: which cells it can mean. Their values are looked up
 * per validation (`valued`), so a paragraph's reading is kept while its text is unchanged.
 */
interface ParsedStatement extends Omit<Statement, "readings"> {
  valued: (ctx: Context) => Valued[];
}

/** Each reading with its value; a reading whose cells are missing or hold an error is left out. */
const valuedReadings =
  (readings: Reading[], value: (v: number, reading: Reading) => number = (v) => v) =>
  (ctx: Context): Valued[] =>
    readings.flatMap((reading) => {
      const v = readingValue(ctx, reading);
      return v === null ? [] : [{ reading, value: value(v, reading) }];
    });

interface ParagraphState {
  row?: string[];
  group?: string;
  t2row?: string;
  last?: Concept;
  queue: Lexeme[];
}

/** Sentences a paragraph's topic gate looks at: the current one and the one before it. */
function sentenceAround(text: string, at: number): { start: number; end: number; prevStart: number } {
  let start = at;
  while (start > 0 && !SENTENCE_BREAK.at(text, start - 1)) start -= 1;
  let end = at;
  while (end < text.length && !SENTENCE_BREAK.at(text, end)) end += 1;
  let prevStart = start > 0 ? start - 1 : 0;
  while (prevStart > 0 && !SENTENCE_BREAK.at(text, prevStart - 1)) prevStart -= 1;
  return { start, end, prevStart };
}

/** 表三 words count only where the text speaks of applications; 表四 words where it speaks of 信息公开. */
function topicAllows(ctx: Context, text: string, at: number, table: "t3" | "t4" | "t2"): boolean {
  if (table === "t2") return ctx.part <= 1;
  if ((table === "t3" && ctx.part === 2) || (table === "t4" && ctx.part === 3)) return true;
  const s = sentenceAround(text, at);
  // A list after "；" keeps its subject: look back to the start of the whole sentence (up to 。).
  let from = s.prevStart;
  while (from > 0 && !FULL_STOP.at(text, from - 1)) from -= 1;
  const around = text.slice(from, s.end);
  return table === "t3" ? around.includes("申请") : /信息公开/.test(around);
}

const FULL_STOP = charSet("。！？!?\n");

/** "2022年收到申请40件": a figure of another year (a year inside a word such as 结转至2024年度 does not count). */
function otherYear(ctx: Context, text: string, from: number, to: number, lex: Lexeme[]): boolean {
  if (ctx.reportYear === null) return false;
  const re = /(\d{4})\s*年/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const at = m.index;
    if (Number(m[1]) !== ctx.reportYear && !lex.some((l) => at >= l.start && at < l.end)) return true;
  }
  return false;
}

/**
 * Readings of a paragraph, kept per format model while its text is unchanged: the pane revalidates
 * after every edit, and a paragraph's words rarely change between two validations. The key holds
 * everything the reading depends on besides the model: the part, the report year, the cover (the
 * 表二 amount unit), where the bound numbers sit, and the text.
 */
const parsedParagraphs = new WeakMap<Snapshot["model"], Map<string, ParsedStatement[]>>();
const PARSED_KEEP = 512;

/** Forget every kept reading (the benchmark's cold figure: each validation reads its text afresh). */
export function forgetParsedParagraphs(model: Snapshot["model"]): void {
  parsedParagraphs.delete(model);
}

function parsedParagraph(ctx: Context, p: Paragraph, pieces: string[], coverKey: string): ParsedStatement[] {
  let kept = parsedParagraphs.get(ctx.snapshot.model);
  if (!kept) parsedParagraphs.set(ctx.snapshot.model, (kept = new Map<string, ParsedStatement[]>()));
  const bound = p.segments.map((s, i) => (s.kind === "cell" ? pieces[i].length : -pieces[i].length)).join(",");
  const key = `${ctx.part}|${ctx.reportYear}|${coverKey}|${bound}|${pieces.join("")}`;
  let parsed = kept.get(key);
  if (!parsed) {
    parsed = checkParagraph(ctx, p, pieces);
    // Bounded: a long editing session types many versions of a paragraph.
    if (kept.size >= PARSED_KEEP) kept.clear();
    kept.set(key, parsed);
  }
  return parsed;
}

function checkParagraph(ctx: Context, p: Paragraph, pieces: string[]): ParsedStatement[] {
  const spans: [number, number][] = [];
  let pos = 0;
  p.segments.forEach((s, i) => {
    if (s.kind === "cell") spans.push([pos, pos + pieces[i].length]);
    pos += pieces[i].length;
  });
  const text = asciiDigits(radicals(pieces.join("")));
  const lex = lexemes(ctx.vocab, text);
  const mentions = mentionsOf(text, spans);
  const out: ParsedStatement[] = [];
  const state: ParagraphState = { queue: [] };
  let sentenceStart = 0;
  let prevEnd = 0;

  // Lexemes are in text order: stop at the first one past the range.
  const lexIn = (a: number, b: number) => {
    const found: Lexeme[] = [];
    for (const l of lex) {
      if (l.start >= b) break;
      if (l.start >= a && l.end <= b) found.push(l);
    }
    return found;
  };
  const clausesOf = (a: number, b: number): [number, number][] => {
    const out2: [number, number][] = [];
    let s = a;
    for (let i = a; i < b; i++) {
      if (CLAUSE_BREAK.at(text, i)) {
        out2.push([s, i]);
        s = i + 1;
      }
    }
    out2.push([s, b]);
    return out2;
  };

  const events: { at: number; mention?: Mention; neg?: { lexeme: Lexeme; clause: [number, number] }; allUpheld?: { start: number; end: number } }[] =
    mentions.map((m) => ({ at: m.start, mention: m }));
  // Negative statements: a clause with 未/没有/无 and no number after it.
  for (const n of lex.filter((l) => l.kind === "neg")) {
    let a = n.start;
    while (a > 0 && !NEG_CLAUSE_BREAK.at(text, a - 1)) a -= 1;
    let b = n.end;
    while (b < text.length && !NEG_CLAUSE_BREAK.at(text, b)) b += 1;
    events.push({ at: n.start, neg: { lexeme: n, clause: [a, b] } });
  }
  // 均获维持, 全部维持: every case of the group just named was upheld.
  ALL_UPHELD.lastIndex = 0;
  for (let m = ALL_UPHELD.exec(text); m; m = ALL_UPHELD.exec(text)) {
    if (/[未不没非]$/.test(text.slice(0, m.index))) continue;
    events.push({ at: m.index, allUpheld: { start: m.index, end: m.index + m[0].length } });
  }
  events.sort((x, y) => x.at - y.at);

  for (const ev of events) {
    const s = sentenceAround(text, ev.at);
    if (s.start !== sentenceStart) {
      sentenceStart = s.start;
      state.queue = [];
      state.last = undefined;
      state.t2row = undefined;
      prevEnd = s.start;
    }
    if (ev.neg) {
      out.push(...negativeStatement(ctx, text, lex, mentions, ev.neg.lexeme, ev.neg.clause, state));
      continue;
    }
    if (ev.allUpheld) {
      out.push(...allUpheldStatement(ctx, text, ev.allUpheld, state));
      continue;
    }
    const m = ev.mention!;
    const windowStart = Math.max(prevEnd, sentenceStart);
    prevEnd = m.end;
    const clauses = clausesOf(windowStart, m.start);
    const nearest = clauses[clauses.length - 1];
    const nearLex = lexIn(nearest[0], nearest[1]);
    // 同比增长20%, 较上年减少3件, 约30件, 咨询电话12个: not a table quantity.
    const blocked = nearLex.some((l) => l.kind === "change" || l.kind === "exclude") || /^\s*(余|多)/.test(text.slice(m.end - m.unit.length - 1));
    let content = nearLex.filter((l) => CONTENT.includes(l.kind));
    let from = content.length ? content[0].start : nearest[0];
    const tailEnd = (() => {
      let e = m.end;
      while (e < text.length && !CLAUSE_BREAK.at(text, e) && !SENTENCE_BREAK.at(text, e)) e += 1;
      return e;
    })();
    if (!content.length && state.queue.length && !blocked) {
      content = [state.queue.shift()!];
    } else if (!content.length && isFiller(text.slice(nearest[0], nearest[1]))) {
      // 收到政府信息公开申请，共计30件: the words are in the clause before.
      for (let i = clauses.length - 2; i >= 0 && !content.length; i--) {
        const l = lexIn(clauses[i][0], clauses[i][1]);
        if (l.some((x) => x.kind === "change" || x.kind === "exclude")) break;
        content = l.filter((x) => CONTENT.includes(x.kind));
        if (content.length) from = content[0].start;
      }
      // 其中5件予以公开: the words follow the number.
      if (!content.length && m.unit !== "%") {
        const tail = lexIn(m.end, tailEnd);
        if (!tail.some((x) => x.kind === "exclude" || x.kind === "change"))
          content = tail.filter((x) => x.kind === "row" && (isResult(ctx, x.key) || x.key === "carriedNext" || x.key === "done"));
      }
    }
    // 分别: the words listed before pair with the numbers in order.
    if (lexIn(windowStart, m.start).some((l) => l.kind === "each")) {
      for (const kind of CONTENT) {
        const same = content.filter((l) => l.kind === kind);
        if (same.length > 1) {
          content = [...content.filter((l) => l.kind !== kind), same[0]];
          state.queue = same.slice(1);
          break;
        }
      }
    }

    let concept: Concept | null = null;
    if (m.unit === "%") {
      const shareAt = nearLex.find((l) => l.kind === "share");
      const after = shareAt ? nearLex.filter((l) => l.start > shareAt.start) : [];
      const beforeShare = shareAt ? content.filter((l) => l.start < shareAt.start) : content;
      const onlyPunct = text.slice(nearest[0], nearest[1]).replace(SPACE_PUNCT_JI, "") === "";
      if (!blocked && (shareAt || onlyPunct)) {
        let num: Concept | null | undefined = beforeShare.length ? resolve(ctx, text, beforeShare, state, m, from) : state.last;
        if (num && after.some((l) => CONTENT.includes(l.kind))) {
          const den = resolve(
            ctx,
            text,
            after.filter((l) => CONTENT.includes(l.kind)),
            { ...state, queue: [] },
            m,
            from,
          );
          num = den ? { ...num, shareOf: den.readings, paired: false } : num;
        }
        if (num && num.shareOf.length && !m.bound) {
          out.push(shareStatement(text, m, num, beforeShare.length ? from : num.from));
        }
      }
      continue;
    }
    if (blocked || !content.length) continue;
    if (otherYear(ctx, text, windowStart, m.start, lex)) continue;
    // 行政复议案件中，维持2件: a clause names the outcome, an earlier one what it is an outcome of.
    const earlier: Lexeme[] = [];
    for (let i = clauses.length - 2; i >= 0; i--) {
      const l = lexIn(clauses[i][0], clauses[i][1]);
      if (l.some((x) => x.kind === "change" || x.kind === "exclude")) break;
      earlier.unshift(...l.filter((x) => CONTENT.includes(x.kind) && x.start < from));
    }
    concept = resolve(ctx, text, content, state, m, from, earlier);
    if (!concept) continue;
    state.last = concept;
    if (m.bound) continue;
    const amount = concept.kind === "amount";
    const tolerance = amount ? 0.5 * 10 ** -m.decimals + 1e-9 : 0;
    out.push({
      at: m.start,
      quote: text.slice(Math.min(from, m.start), m.end),
      stated: m.value,
      matches: (v) => Math.abs(roundTo(v, 6) - m.value) <= tolerance,
      valued: valuedReadings(concept.readings, amount ? (v, reading) => inUnit(v, reading.unit ?? "", m.unit) : undefined),
    });
  }
  return out;
}

/** An amount kept in `cellUnit`, expressed in the text's unit. */
const inUnit = (v: number, cellUnit: string, textUnit: string) =>
  cellUnit === textUnit ? v : cellUnit === "万元" && textUnit === "元" ? v * 10000 : cellUnit === "元" && textUnit === "万元" ? v / 10000 : v;

function resolve(ctx: Context, text: string, content: Lexeme[], state: ParagraphState, m: Mention, from: number, earlier: Lexeme[] = []): Concept | null {
  const of = (k: LexKind) => content.filter((l) => l.kind === k);
  const before = (k: LexKind) => earlier.filter((l) => l.kind === k).slice(-1);
  const outcomes = of("outcome");
  const groups = of("group").length || !outcomes.length ? of("group") : before("group");
  if (groups.length || outcomes.length) {
    if (!COUNT_UNITS.has(m.unit) && m.unit !== "%") return null;
    if (!topicAllows(ctx, text, m.start, "t4")) return null;
    const c = t4Concept(ctx, text, groups, outcomes, state.group, from);
    if (c?.group) state.group = c.group;
    return c;
  }
  const t2rows = of("t2row").length || !of("t2col").length ? of("t2row") : before("t2row");
  // 办理行政许可120件: the verb names the 处理决定 column.
  const t2cols = [
    ...of("t2col"),
    ...(t2rows.length
      ? content.filter((l) => l.kind === "row" && (l.key === "handled" || l.key === "done")).map((l) => ({ ...l, kind: "t2col" as const, key: "decisions" }))
      : []),
  ];
  if (t2rows.length || (t2cols.length && state.t2row)) {
    const amount = m.unit === "元" || m.unit === "万元";
    if (!amount && !T2_COUNT_UNITS.has(m.unit)) return null;
    if (!topicAllows(ctx, text, m.start, "t2")) return null;
    const c = t2Concept(ctx, t2rows, t2cols, state.t2row, m.unit, from);
    if (t2rows.length) state.t2row = t2rows[t2rows.length - 1].key;
    return c;
  }
  const cols = of("col");
  const rows = of("row").length || !cols.length ? of("row") : before("row");
  if (rows.length || cols.length) {
    if (!COUNT_UNITS.has(m.unit) && m.unit !== "%") return null;
    if (!topicAllows(ctx, text, m.start, "t3")) return null;
    // 自然人申请41件: the applicants' column of what was received.
    const applied = /申请/.test(text.slice(from, m.start));
    const c = t3Concept(ctx, text, rows, cols, rows.length ? undefined : state.row, from, applied);
    if (c?.row && rows.length) state.row = c.row;
    return c;
  }
  return null;
}

function shareStatement(text: string, m: Mention, num: Concept, from: number): ParsedStatement {
  const tolerance = 0.5 * 10 ** -m.decimals + 1e-9;
  const close = text[m.end] === "）" && text.slice(from, m.end).includes("（") ? "）" : "";
  return {
    at: m.start,
    quote: text.slice(Math.min(from, m.start), m.end) + close,
    stated: m.value,
    matches: (v) => Math.abs(v - m.value) <= tolerance,
    valued: (ctx) => shareReadings(ctx, num),
  };
}

function shareReadings(ctx: Context, num: Concept): Valued[] {
  const readings: Valued[] = [];
  num.readings.forEach((n, i) => {
    const nv = readingValue(ctx, n);
    if (nv === null) return;
    for (const d of num.paired ? [num.shareOf[i]] : num.shareOf) {
      const dv = readingValue(ctx, d);
      if (dv === null || dv === 0) continue;
      readings.push({
        reading: { ids: [...n.ids, ...d.ids.filter((id) => !n.ids.includes(id))], label: `${n.label}占${d.label.replace(/^表[二三四] /, "")}的比例` },
        value: (nv / dv) * 100,
      });
    }
  });
  return readings;
}

function negativeStatement(
  ctx: Context,
  text: string,
  lex: Lexeme[],
  mentions: Mention[],
  neg: Lexeme,
  clause: [number, number],
  state: ParagraphState,
): ParsedStatement[] {
  const [a, b] = clause;
  if (mentions.some((m) => m.start >= neg.start && m.start < b)) return [];
  const inClause = lex.filter((l) => l.start >= a && l.end <= b);
  if (inClause.some((l) => l.kind === "exclude" || l.kind === "change")) return [];
  // 除…外: the clause speaks of the rest.
  if (/除/.test(text.slice(sentenceAround(text, a).start, a))) return [];
  const after = inClause.filter((l) => l.start >= neg.end && CONTENT.includes(l.kind));
  // 无超期答复的申请, 未出现逾期: the words between name a part, not the whole.
  const gapTo = after.length ? after[0].start : text.indexOf("申请", neg.end);
  if (gapTo >= 0 && gapTo <= b && !NEG_GAP.test(text.slice(neg.end, gapTo))) return [];
  const quote = text.slice(neg.start, b);
  const out: ParsedStatement[] = [];
  const zero = (concept: Concept | null) => {
    if (concept) out.push({ at: a, quote, stated: 0, matches: (v) => v === 0, valued: valuedReadings(concept.readings) });
  };
  const groups = after.filter((l) => l.kind === "group");
  const outcomes = after.filter((l) => l.kind === "outcome");
  if (groups.length || outcomes.length) {
    if (!topicAllows(ctx, text, a, "t4")) return [];
    if (outcomes.length) {
      for (const o of outcomes) zero(t4Concept(ctx, text, groups, [o], state.group, a));
    } else {
      // 未发生行政复议、行政诉讼: each is zero.
      for (const g of groups) zero(t4Concept(ctx, text, [g], [], undefined, a));
      state.group = groups[groups.length - 1].key;
    }
    return out;
  }
  const rows = after.filter((l) => l.kind === "row");
  const cols = after.filter((l) => l.kind === "col");
  const says = (w: RegExp) => w.test(text.slice(neg.start, b));
  if (!topicAllows(ctx, text, a, "t3")) return [];
  if (rows.length) {
    for (const r of rows) zero(t3Concept(ctx, text, [r], cols, undefined, a));
  } else if (says(/申请/) && (says(/收到|接到|受理|收办/) || /^(没有|无|暂无|尚无|并无|均无)$/.test(text.slice(neg.start, neg.end)))) {
    const c = t3Concept(ctx, text, [{ kind: "row", key: "received", start: neg.start, end: neg.end }], cols, undefined, a);
    zero(c);
  }
  return out;
}

/** Blank cells a reading carries (derived cells carry their parts'), cached per cell. */
function readingBlanks(ctx: Context, r: Reading): string[] {
  const out: string[] = [];
  for (const id of r.ids) {
    let b = ctx.blanks.get(id);
    if (b === undefined) {
      const cell = ctx.snapshot.model.cellById.get(id);
      b = cell ? blanksOf(ctx.snapshot, cell).map((c) => c.id) : [];
      ctx.blanks.set(id, b);
    }
    out.push(...b);
  }
  return [...new Set(out)];
}

/** Words that say every case of a 表四 group was upheld: its other outcomes are 0. */
const ALL_UPHELD = /(?:均|全部|都|皆|全)(?:获得|得到|获|被|予以|已|由)?(?:法院|复议机关)?(?:判决|决定)?(?:予以)?维持/g;
const NOT_UPHELD = ["corrected", "other", "pending"];

function allUpheldStatement(ctx: Context, text: string, at: { start: number; end: number }, state: ParagraphState): ParsedStatement[] {
  const group = state.last?.group ?? state.group;
  if (!group || !topicAllows(ctx, text, at.start, "t4")) return [];
  const from = state.last?.group ? Math.min(state.last.from, at.start) : at.start;
  const out: ParsedStatement[] = [];
  for (const key of NOT_UPHELD) {
    const concept = t4Concept(ctx, text, [], [{ kind: "outcome", key, start: at.start, end: at.end }], group, from);
    if (concept) out.push({ at: at.start, quote: text.slice(from, at.end), stated: 0, matches: (v) => v === 0, valued: valuedReadings(concept.readings) });
  }
  return out;
}

function n1Findings(ctx: Context, p: Paragraph, pieces: string[], index: number, coverKey: string): Finding[] {
  const rule = NARRATIVE_RULES.n1;
  const out: Finding[] = [];
  const statements = parsedParagraph(ctx, p, pieces, coverKey).flatMap((ps): Statement[] => {
    const readings = ps.valued(ctx);
    return readings.length ? [{ ...ps, readings }] : [];
  });
  statements.forEach((st, i) => {
    const withBlanks = st.readings.map((r) => ({ ...r, blanks: readingBlanks(ctx, r.reading) }));
    if (withBlanks.some((r) => r.blanks.length === 0 && st.matches(r.value))) return;
    // Blanks only add: a reading whose filled part does not exceed the stated number may still hold.
    const share = (r: { reading: Reading }) => r.reading.label.endsWith("的比例");
    const open = withBlanks.filter((r) => r.blanks.length > 0 && (share(r) || st.matches(r.value) || st.stated > r.value));
    if (open.length) {
      const r = open[0];
      const cells = r.blanks.map((id) => {
        const at = ctx.snapshot.locations.get(id);
        const cell = ctx.snapshot.model.cellById.get(id)!;
        return { id, sheet: at?.sheet ?? cell.sheet, address: at?.address ?? cell.address };
      });
      out.push({
        key: `N-1@${p.part}.${index}.${i}`,
        rule: rule.id,
        severity: "warning",
        severityLabel: SEVERITY_LABEL.warning,
        title: `${rule.title}（无法判断）`,
        message: fill(rule.unknown, {
          part: PART_NUMERALS[p.part],
          quote: st.quote.trim(),
          stated: st.stated,
          addresses: `${cells[0].sheet} ${listAddresses(cells)}`,
          cell: r.reading.label,
          right: roundTo(r.value, 6),
        }),
        cells,
        left: st.stated,
        right: roundTo(r.value, 6),
        diff: null,
        verdict: "无法判断",
      });
      return;
    }
    const closest = st.readings.reduce((best, r) => (Math.abs(r.value - st.stated) < Math.abs(best.value - st.stated) ? r : best));
    const right = roundTo(closest.value, closest.reading.label.endsWith("的比例") ? 2 : 6);
    const cells: FindingCell[] = closest.reading.ids.map((id) => {
      const at = ctx.snapshot.locations.get(id);
      const cell = ctx.snapshot.model.cellById.get(id)!;
      return { id, sheet: at?.sheet ?? cell.sheet, address: at?.address ?? cell.address };
    });
    const shown = closest.reading.label.endsWith("的比例") ? `${right.toFixed(2)}%` : String(right);
    out.push({
      key: `N-1@${p.part}.${index}.${i}`,
      rule: rule.id,
      severity: rule.severity,
      severityLabel: SEVERITY_LABEL[rule.severity],
      title: rule.title,
      message: fill(rule.message, { part: PART_NUMERALS[p.part], quote: st.quote.trim(), cell: closest.reading.label, right: shown }),
      cells,
      left: st.stated,
      right,
      diff: roundTo(st.stated - right, 6),
    });
  });
  return out;
}

/** N-1 and P-1 over the snapshot's 正文. */
export function narrativeFindings(snapshot: Snapshot): Finding[] {
  const year = Number(snapshot.cover.year);
  const ctx: Omit<Context, "part"> = {
    snapshot,
    values: new Map(),
    blanks: new Map(),
    vocab: vocabulary(snapshot.model),
    reportYear: Number.isInteger(year) && year > 0 ? year : null,
  };
  const perPart = new Map<number, number>();
  const texts: { p: Paragraph; text: string; index: number; pieces: string[] }[] = [];
  for (const p of snapshot.narrative) {
    const index = perPart.get(p.part) ?? 0;
    perPart.set(p.part, index + 1);
    const pieces = renderSegments(snapshot, p.segments);
    texts.push({ p, text: pieces.join(""), index, pieces });
  }
  const findings: Finding[] = [];
  const coverKey = JSON.stringify(snapshot.cover);
  for (const t of texts) findings.push(...n1Findings({ ...ctx, part: t.p.part }, t.p, t.pieces, t.index, coverKey));
  findings.push(...p1Findings(snapshot, texts));
  findings.push(...unfinishedFindings(snapshot, texts));
  return findings;
}
