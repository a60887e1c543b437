import type { CellInfo } from "../format/layout";
import { cellNumber } from "../rules/evaluate";
import type { Snapshot } from "../workbook/snapshot";
import { literal, type Paragraph, type Segment } from "./model";

/**
 * 起草: the standard paragraphs, in the phrasing these reports use, with every number bound to
 * its cells. A zero is said in words ("本年度未收到……") rather than as "0件". Nothing beyond the
 * tables is invented: where only the preparer can write the text, a 【请填写…】 prompt stands.
 */

export const PROMPT_OPEN = "【请填写";

type Part = (string | Segment | null | false)[];

const seg = (ids: string[]): Segment => ({ kind: "cell", bound: { op: "sum", ids } });
const share = (num: string[], den: string[]): Segment => ({ kind: "cell", bound: { op: "pct", num, den } });

function paragraph(part: number, pieces: Part): Paragraph {
  const segments: Segment[] = [];
  for (const p of pieces) {
    if (p === null || p === false || p === "") continue;
    const s = typeof p === "string" ? literal(p) : p;
    const last = segments[segments.length - 1];
    if (s.kind === "text" && last?.kind === "text") segments[segments.length - 1] = literal(last.text + s.text);
    else segments.push(s);
  }
  return { part, segments };
}

/** Join clauses with 、 / ， as Chinese lists do, dropping empty ones. */
function list(clauses: Part[], sep = "、"): Part {
  const kept = clauses.filter((c) => c.some((x) => x));
  return kept.flatMap((c, i) => (i === 0 ? c : [sep, ...c]));
}

class Figures {
  constructor(private readonly snapshot: Snapshot) {}

  cells(filter: (c: CellInfo) => boolean): string[] {
    return this.snapshot.model.cells.filter(filter).map((c) => c.id);
  }

  /** Ids of table `t` for a row (or row group prefix) in a column. */
  ids(table: string, row: string, column: string): string[] {
    return this.cells((c) => c.tableKey === table && (c.rowKey === row || c.rowKey.startsWith(`${row}.`)) && c.columnKey === column);
  }

  value(ids: string[]): number {
    return ids.reduce((s, id) => s + (cellNumber(this.snapshot, id) ?? 0), 0);
  }

  has(id: string): boolean {
    return this.snapshot.model.cellById.has(id);
  }
}

/** "动词{n}件" when n > 0, else the clause is left out. */
const counted = (f: Figures, words: string, ids: string[], unit = "件"): Part => (ids.length && f.value(ids) > 0 ? [words, seg(ids), unit] : []);

function partTwo(f: Figures, snapshot: Snapshot): Paragraph[] {
  const out: Paragraph[] = [];
  const v2021 = snapshot.model.version.id === "2021";
  const docs: [string, string][] = [
    ["regulations", "规章"],
    ["normative", v2021 ? "行政规范性文件" : "规范性文件"],
  ];
  const docClauses: Part[] = docs.map(([row, name]) => {
    const [made, gone, total] = v2021 ? ["issued", "repealed", "inForce"] : ["made", "published", "publicTotal"];
    const m = [`t2.${row}.${made}`];
    const g = [`t2.${row}.${gone}`];
    const t = [`t2.${row}.${total}`];
    if (f.value([...m, ...g, ...t]) === 0) return [v2021 ? `未制发${name}` : `未新制作${name}`];
    const second: Part = f.value(g) > 0 ? [v2021 ? "、废止" : "、新公开", seg(g), "件"] : [];
    return v2021
      ? [`制发${name}`, seg(m), "件", ...second, `，现行有效${name}`, seg(t), "件"]
      : [`新制作${name}`, seg(m), "件", ...second, `，对外公开${name}总数`, seg(t), "件"];
  });
  out.push(paragraph(1, ["本年度", ...list(docClauses, "；"), "。"]));
  const decisions: Part[] = [
    counted(f, "行政许可处理决定", ["t2.licensing.decisions"]),
    f.has("t2.otherServices.decisions") ? counted(f, "其他对外管理服务事项处理决定", ["t2.otherServices.decisions"]) : [],
    counted(f, "行政处罚处理决定", ["t2.penalty.decisions"]),
    counted(f, "行政强制处理决定", ["t2.enforcement.decisions"]),
  ];
  const anyDecision = decisions.some((d) => d.length);
  out.push(paragraph(1, anyDecision ? ["本年度作出", ...list(decisions, "，"), "。"] : ["本年度未作出行政许可、行政处罚、行政强制处理决定。"]));
  if (f.has("t2.fees.amount")) {
    out.push(paragraph(1, f.value(["t2.fees.amount"]) > 0 ? ["本年度收取行政事业性收费", seg(["t2.fees.amount"]), "万元。"] : ["本年度未收取行政事业性收费。"]));
  }
  if (f.has("t2.procurement.items")) {
    const unit = snapshot.cover.procurementUnit || "元";
    out.push(
      paragraph(
        1,
        f.value(["t2.procurement.items"]) > 0
          ? ["本年度政府集中采购项目", seg(["t2.procurement.items"]), "项，采购总金额", seg(["t2.procurement.amount"]), `${unit}。`]
          : ["本年度无政府集中采购项目。"],
      ),
    );
  }
  return out;
}

function partThree(f: Figures): Paragraph[] {
  const total = (row: string) => f.ids("t3", row, "total");
  const received = total("new");
  const carried = total("carried");
  const done = total("total");
  const next = total("carriedNext");
  const legalNew = f.cells((c) => c.tableKey === "t3" && c.rowKey === "new" && c.columnPath.includes("法人或其他组织"));
  if (f.value([...received, ...carried, ...done, ...next]) === 0) {
    return [paragraph(2, ["本年度未收到政府信息公开申请，无上年结转的申请。"])];
  }
  const first: Part =
    f.value(received) > 0
      ? [
          "本年度共收到政府信息公开申请",
          seg(received),
          "件",
          f.value(carried) > 0 ? "，上年结转" : "",
          f.value(carried) > 0 ? seg(carried) : null,
          f.value(carried) > 0 ? "件" : "",
          "。其中，",
          ...list([counted(f, "自然人申请", f.ids("t3", "new", "natural")), counted(f, "法人或其他组织申请", legalNew)], "，"),
          "。",
        ]
      : ["本年度未收到新的政府信息公开申请，上年结转", seg(carried), "件。"];
  const results: [string, string][] = [
    ["granted", "予以公开"],
    ["partial", "部分公开"],
    ["withheld", "不予公开"],
    ["unable", "无法提供"],
    ["notProcessed", "不予处理"],
    ["other", "其他处理"],
  ];
  const resultIds = (row: string) => f.cells((c) => c.tableKey === "t3" && (c.rowKey === row || c.rowKey.startsWith(`${row}.`)) && c.columnKey === "total");
  const outcome = list(
    results.map(([row, words]): Part => {
      const ids = resultIds(row);
      if (f.value(ids) === 0) return [];
      return row === "granted" ? [words, seg(ids), "件（占", share(ids, done), "）"] : [words, seg(ids), "件"];
    }),
  );
  const second: Part = f.value(done) > 0 ? ["本年度办结", seg(done), "件，其中", ...outcome, "。"] : ["本年度无办结的申请。"];
  const third: Part = f.value(next) > 0 ? ["结转下年度继续办理", seg(next), "件。"] : ["无结转下年度继续办理的申请。"];
  return [paragraph(2, [...first, ...second, ...third])];
}

function partFour(f: Figures): Paragraph[] {
  const group = (g: string) => f.cells((c) => c.tableKey === "t4" && c.columnKey.startsWith(`${g}.`) && c.columnKey !== `${g}.total`);
  const totalOf = (g: string) => [`t4.${g}.total`];
  const review = totalOf("review");
  const litigation = [...totalOf("direct"), ...totalOf("afterReview")];
  if (f.value([...group("review"), ...group("direct"), ...group("afterReview"), ...review, ...litigation]) === 0) {
    return [paragraph(3, ["本年度未发生政府信息公开行政复议、行政诉讼案件。"])];
  }
  const outcomes = (g: string): Part =>
    list([counted(f, "结果维持", [`t4.${g}.upheld`]), counted(f, "结果纠正", [`t4.${g}.corrected`]), counted(f, "其他结果", [`t4.${g}.other`]), counted(f, "尚未审结", [`t4.${g}.pending`])]);
  const reviewPart: Part = f.value(review) > 0 ? ["本年度发生政府信息公开行政复议", seg(review), "件，其中", ...outcomes("review"), "。"] : ["本年度未发生政府信息公开行政复议案件。"];
  const litigationPart: Part =
    f.value(litigation) > 0
      ? [
          "发生政府信息公开行政诉讼",
          seg(litigation),
          "件，其中",
          ...list([counted(f, "未经复议直接起诉", totalOf("direct")), counted(f, "复议后起诉", totalOf("afterReview"))]),
          "；",
          ...list(
            [
              f.value(totalOf("direct")) > 0 ? ["未经复议直接起诉的", ...outcomes("direct")] : [],
              f.value(totalOf("afterReview")) > 0 ? ["复议后起诉的", ...outcomes("afterReview")] : [],
            ],
            "，",
          ),
          "。",
        ]
      : ["未发生政府信息公开行政诉讼案件。"];
  return [paragraph(3, [...reviewPart, ...litigationPart])];
}

/** 一、总体情况: the standard sub-headings (2021 format text), each with a starter paragraph. */
function partOne(snapshot: Snapshot, f: Figures): Paragraph[] {
  const received = f.ids("t3", "new", "total");
  const done = f.ids("t3", "total", "total");
  const summary: Part = f.value([...received, ...done]) > 0 ? ["本年度共收到政府信息公开申请", seg(received), "件，办结", seg(done), "件，具体情况见第三部分。"] : ["本年度未收到政府信息公开申请。"];
  const heads = ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"];
  const prompts = [
    "本年度主动公开工作的主要做法和成效，具体数据见第二部分",
    "",
    "政府信息管理（公开属性审查、动态调整、政策解读等）情况",
    "政府网站、政务新媒体等政府信息公开平台建设情况",
    snapshot.model.version.id === "2021" ? "监督保障情况；各级人民政府还应报告工作考核、社会评议和责任追究结果情况" : "监督保障情况",
  ];
  return heads.map((head, i) => {
    if (i === 1) return paragraph(0, [`${head}。`, ...summary, `${PROMPT_OPEN}依申请公开工作的做法】`]);
    return paragraph(0, [`${head}。`, `${PROMPT_OPEN}${prompts[i]}】`]);
  });
}

/** Draft all six parts from the tables. */
export function draftNarrative(snapshot: Snapshot): Paragraph[] {
  const f = new Figures(snapshot);
  return [
    ...partOne(snapshot, f),
    ...partTwo(f, snapshot),
    ...partThree(f),
    ...partFour(f),
    paragraph(4, [`${PROMPT_OPEN}上年度报告所列问题的整改情况，本年度存在的主要问题及改进措施】`]),
    paragraph(5, [`${PROMPT_OPEN}收取信息处理费的情况，落实上级年度政务公开工作要点、人大代表建议和政协提案办理结果公开、政务公开工作创新等情况；没有其他需要报告的事项的，写“无”】`]),
  ];
}
