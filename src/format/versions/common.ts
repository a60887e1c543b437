import type { Rule } from "../schema";
import type { CellRef, Phrase, Sentence } from "../sentences";

/**
 * Rules and 起草 sentences shared by the 2019 and 2021 formats. Both are data over cell keys:
 * every label they print comes from the tables (see format/describe.ts), and where the two
 * formats differ the data asks which rows and columns exist rather than which version it is.
 */

/** {where}: the row or column the instance is about; {axis}: 列 / 行 (nothing for 表四's one row). */
const SUM_TEXT = {
  title: "{table}{total}＝{partsSum}",
  check: "“{where}”{axis}：{partsPlus} ＝ {total}",
  message: "{table}“{where}”{axis}：{parts}之和为 {left}，{total}为 {right}，相差 {diff}。依据{document}{table}“{group}”，{total}应为{parts}之和。",
};

export const commonRules: Rule[] = [
  {
    form: "balance",
    id: "T3-1",
    severity: "error",
    table: "t3",
    each: "column",
    left: ["new", "carried"],
    right: ["total", "carriedNext"],
    title: "{table}勾稽关系：{leftShort}＝{rightShort}",
    check: "“{where}”{axis}：{leftShort} ＝ {rightShort}",
    message:
      "{table}“{where}”{axis}：{leftTerms}之和为 {left}，{rightTerms}之和为 {right}，相差 {diff}。依据{document}{table}勾稽关系：{leftTerms}之和，等于{rightTerms}之和。",
  },
  // The derived cells' identities: generated from each derived node's sumOf (its `rule` names the id).
  { form: "sum", id: "T3-2", severity: "error", ...SUM_TEXT },
  { form: "sum", id: "T3-3", severity: "error", ...SUM_TEXT },
  { form: "sum", id: "T4-1", severity: "error", ...SUM_TEXT },
  {
    form: "input",
    id: "F-1",
    severity: "error",
    test: "wellFormed",
    title: "填写规范：数值格式",
    check: "“{where}”行：格式不规范的单元格个数 ＝ 0",
    message: "{table} {address}（{where}）：{problem}",
  },
  {
    form: "input",
    id: "F-2",
    severity: "warning",
    test: "filled",
    title: "填写完整：未填写的单元格",
    check: "“{where}”行：未填写的单元格个数 ＝ 0",
    message: "{table}“{where}”行有 {left} 个单元格未填写（{addresses}）。如为零请填 0，空白不视为 0。",
  },
  {
    form: "crossYear",
    id: "X-1",
    severity: "error",
    table: "t3",
    each: "column",
    current: "carried",
    last: "carriedNext",
    title: "跨年度：{currentCore}＝上年报告的{lastCore}",
    message: "{table}“{where}”{axis}：本年“{current}”为 {left}，{source}“{last}”为 {right}，相差 {diff}。本年的{currentCore}应等于上年报告的{lastCore}。",
  },
  {
    // Only where the table has the column: the 2019 表二 has no 现行有效件数, so X-2 has nothing to check there.
    form: "crossYear",
    id: "X-2",
    severity: "warning",
    table: "t2",
    each: "row",
    current: "inForce",
    last: "inForce",
    plus: ["issued"],
    minus: ["repealed"],
    title: "跨年度：{current}＝上年{last}{plusMinus}",
    message: "{table}“{where}”：{current}为 {left}；{source}{terms} ＝ {right}，相差 {diff}。如有其他原因（如清理、修订），请填写说明。",
  },
];

// ---------------------------------------------------------------------------------------------
// 起草

const t2 = (row: string, col: string): CellRef => ({ table: "t2", row, col });
const t3 = (row: string, col = "total"): CellRef => ({ table: "t3", row, col });
const t4 = (col: string): CellRef => ({ table: "t4", col });
const rowLabel = (table: CellRef["table"], row: string, core = false): Phrase => ({ label: { table, row }, ...(core ? { core } : {}) });
const colLabel = (table: CellRef["table"], col: string): Phrase => ({ label: { table, col } });
/** "词{n}件" when n > 0, else nothing (a list drops it). */
const counted = (words: Phrase, ref: CellRef, unit: Phrase = "件"): Phrase => ({ if: { positive: ref }, then: [words, { sum: ref }, unit] });

/** 第二十条第（一）项, phrased by the columns the block has: 2021 制发/废止/现行有效, 2019 新制作/新公开/对外公开总数. */
const documents: Phrase = [
  "本年度",
  {
    sep: "；",
    list: [
      {
        each: { table: "t2", axis: "row", with: "inForce" },
        as: "$row",
        do: {
          if: { zero: [t2("$row", "issued"), t2("$row", "repealed"), t2("$row", "inForce")] },
          then: ["未制发", rowLabel("t2", "$row")],
          else: [
            "制发",
            rowLabel("t2", "$row"),
            { sum: t2("$row", "issued") },
            "件",
            counted("、废止", t2("$row", "repealed")),
            "，现行有效",
            rowLabel("t2", "$row"),
            { sum: t2("$row", "inForce") },
            "件",
          ],
        },
      },
      {
        each: { table: "t2", axis: "row", with: "publicTotal" },
        as: "$row",
        do: {
          if: { zero: [t2("$row", "made"), t2("$row", "published"), t2("$row", "publicTotal")] },
          then: ["未新制作", rowLabel("t2", "$row")],
          else: [
            "新制作",
            rowLabel("t2", "$row"),
            { sum: t2("$row", "made") },
            "件",
            counted("、新公开", t2("$row", "published")),
            "，对外公开",
            rowLabel("t2", "$row"),
            "总数",
            { sum: t2("$row", "publicTotal") },
            "件",
          ],
        },
      },
    ],
  },
  "。",
];

const decisionRows = { table: "t2", axis: "row", with: "decisions" } as const;
const decisions: Phrase = {
  sep: "，",
  before: "本年度作出",
  after: "。",
  list: [{ each: decisionRows, as: "$row", do: counted([rowLabel("t2", "$row"), "处理决定"], t2("$row", "decisions")) }],
  empty: ["本年度未作出", { sep: "、", list: [{ each: decisionRows, as: "$row", do: rowLabel("t2", "$row") }] }, "处理决定。"],
};

const fees: Phrase = {
  if: { exists: t2("fees", "amount") },
  then: {
    if: { positive: t2("fees", "amount") },
    then: ["本年度收取", rowLabel("t2", "fees"), { sum: t2("fees", "amount") }, { unit: t2("fees", "amount") }, "。"],
    else: ["本年度未收取", rowLabel("t2", "fees"), "。"],
  },
};

const procurement: Phrase = {
  if: { exists: t2("procurement", "items") },
  then: {
    if: { positive: t2("procurement", "items") },
    then: [
      "本年度",
      rowLabel("t2", "procurement"),
      "项目",
      { sum: t2("procurement", "items") },
      { unit: t2("procurement", "items") },
      "，",
      { label: t2("procurement", "amount") },
      { sum: t2("procurement", "amount") },
      { unit: t2("procurement", "amount") },
      "。",
    ],
    else: ["本年度无", rowLabel("t2", "procurement"), "项目。"],
  },
};

const requests: Phrase = {
  if: { zero: [t3("new"), t3("carried"), t3("total"), t3("carriedNext")] },
  then: "本年度未收到政府信息公开申请，无上年结转的申请。",
  else: [
    {
      if: { positive: t3("new") },
      then: [
        "本年度共收到政府信息公开申请",
        { sum: t3("new") },
        "件",
        counted("，上年结转", t3("carried")),
        "。其中，",
        {
          sep: "，",
          list: [{ each: { table: "t3", axis: "column", of: "applicants" }, as: "$col", do: counted([colLabel("t3", "$col"), "申请"], t3("new", "$col")) }],
        },
        "。",
      ],
      else: ["本年度未收到新的政府信息公开申请，上年结转", { sum: t3("carried") }, "件。"],
    },
    {
      if: { positive: t3("total") },
      then: [
        "本年度办结",
        { sum: t3("total") },
        "件，其中",
        {
          sep: "、",
          list: [
            {
              if: { not: { zero: t3("granted") } },
              then: [rowLabel("t3", "granted", true), { sum: t3("granted") }, "件（占", { share: t3("granted"), of: t3("total") }, "）"],
            },
            {
              each: { table: "t3", axis: "row", of: "result", except: ["granted"] },
              as: "$row",
              do: { if: { not: { zero: t3("$row") } }, then: [rowLabel("t3", "$row", true), { sum: t3("$row") }, "件"] },
            },
          ],
        },
        "。",
      ],
      else: "本年度无办结的申请。",
    },
    {
      if: { positive: t3("carriedNext") },
      then: [rowLabel("t3", "carriedNext", true), { sum: t3("carriedNext") }, "件。"],
      else: ["无", rowLabel("t3", "carriedNext", true), "的申请。"],
    },
  ],
};

/** 结果维持…尚未审结 of one 表四 group, those above zero. */
const outcomes = (group: string): Phrase => ({
  sep: "、",
  list: [{ each: { table: "t4", axis: "column", of: group }, as: "$o", do: counted(colLabel("t4", "$o"), t4("$o")) }],
});
const litigation = { table: "t4", axis: "column", of: "litigation" } as const;
const litigationTotal = [t4("direct.total"), t4("afterReview.total")];

const appeals: Phrase = {
  if: { zero: { table: "t4" } },
  then: ["本年度未发生政府信息公开", colLabel("t4", "review"), "、", colLabel("t4", "litigation"), "案件。"],
  else: [
    {
      if: { positive: t4("review.total") },
      then: ["本年度发生政府信息公开", colLabel("t4", "review"), { sum: t4("review.total") }, "件，其中", outcomes("review"), "。"],
      else: ["本年度未发生政府信息公开", colLabel("t4", "review"), "案件。"],
    },
    {
      if: { positive: litigationTotal },
      then: [
        "发生政府信息公开",
        colLabel("t4", "litigation"),
        { sum: litigationTotal },
        "件，其中",
        { sep: "、", list: [{ each: litigation, as: "$g", do: counted(colLabel("t4", "$g"), t4("$g.total")) }] },
        "；",
        { sep: "，", list: [{ each: litigation, as: "$g", do: { if: { positive: t4("$g.total") }, then: [colLabel("t4", "$g"), "的", outcomes("$g")] } }] },
        "。",
      ],
      else: ["未发生政府信息公开", colLabel("t4", "litigation"), "案件。"],
    },
  ],
};

/** The six parts' standard paragraphs; `supervision` is the 监督保障 prompt, which the 2021 format text extends. */
export function draftSentences(supervision: string): Sentence[] {
  return [
    { id: "one.active", part: 0, text: ["（一）主动公开。", { prompt: "本年度主动公开工作的主要做法和成效，具体数据见第二部分" }] },
    {
      id: "one.requests",
      part: 0,
      text: [
        "（二）依申请公开。",
        {
          if: { positive: [t3("new"), t3("total")] },
          then: ["本年度共收到政府信息公开申请", { sum: t3("new") }, "件，办结", { sum: t3("total") }, "件，具体情况见第三部分。"],
          else: "本年度未收到政府信息公开申请。",
        },
        { prompt: "依申请公开工作的做法" },
      ],
    },
    { id: "one.management", part: 0, text: ["（三）政府信息管理。", { prompt: "政府信息管理（公开属性审查、动态调整、政策解读等）情况" }] },
    { id: "one.platforms", part: 0, text: ["（四）政府信息公开平台建设。", { prompt: "政府网站、政务新媒体等政府信息公开平台建设情况" }] },
    { id: "one.supervision", part: 0, text: ["（五）监督保障。", { prompt: supervision }] },
    { id: "two.documents", part: 1, text: documents },
    { id: "two.decisions", part: 1, text: decisions },
    { id: "two.fees", part: 1, text: fees },
    { id: "two.procurement", part: 1, text: procurement },
    { id: "three.requests", part: 2, text: requests },
    { id: "four.appeals", part: 3, text: appeals },
    { id: "five.problems", part: 4, text: { prompt: "上年度报告所列问题的整改情况，本年度存在的主要问题及改进措施" } },
    {
      id: "six.other",
      part: 5,
      text: {
        prompt:
          "收取信息处理费的情况，落实上级年度政务公开工作要点、人大代表建议和政协提案办理结果公开、政务公开工作创新等情况；没有其他需要报告的事项的，写“无”",
      },
    },
  ];
}
