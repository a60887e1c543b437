import type { AxisNode, CoverField } from "./schema";

/**
 * Parts of the format that are identical in the 2019 and 2021 versions (spec A.2–A.3, B.2–B.3).
 * Labels are verbatim from shared/spec/format.md.
 */

export const T3_TITLE = "三、收到和处理政府信息公开申请情况";
export const T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

export const t3Columns: AxisNode[] = [
  {
    key: "applicants",
    label: "申请人情况",
    children: [
      { key: "natural", label: "自然人" },
      {
        key: "legal",
        label: "法人或其他组织",
        children: [
          { key: "commercial", label: "商业企业" },
          { key: "research", label: "科研机构" },
          { key: "publicWelfare", label: "社会公益组织" },
          { key: "legalService", label: "法律服务机构" },
          { key: "otherOrg", label: "其他" },
        ],
      },
      { key: "total", label: "总计", sumOf: ["natural", "legal"], rule: "T3-3" },
    ],
  },
];

/** 表三 rows; only （六）其他处理 differs between the versions. */
export function t3Rows(other: AxisNode): AxisNode[] {
  return [
    { key: "new", label: "一、本年新收政府信息公开申请数量" },
    { key: "carried", label: "二、上年结转政府信息公开申请数量" },
    {
      key: "result",
      label: "三、本年度办理结果",
      children: [
        { key: "granted", label: "（一）予以公开" },
        { key: "partial", label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" },
        {
          key: "withheld",
          label: "（三）不予公开",
          children: [
            { key: "withheld.stateSecret", label: "1.属于国家秘密" },
            { key: "withheld.prohibited", label: "2.其他法律行政法规禁止公开" },
            { key: "withheld.safety", label: "3.危及“三安全一稳定”" },
            { key: "withheld.thirdParty", label: "4.保护第三方合法权益" },
            { key: "withheld.internal", label: "5.属于三类内部事务信息" },
            { key: "withheld.process", label: "6.属于四类过程性信息" },
            { key: "withheld.enforcement", label: "7.属于行政执法案卷" },
            { key: "withheld.inquiry", label: "8.属于行政查询事项" },
          ],
        },
        {
          key: "unable",
          label: "（四）无法提供",
          children: [
            { key: "unable.notHeld", label: "1.本机关不掌握相关政府信息" },
            { key: "unable.needsCreation", label: "2.没有现成信息需要另行制作" },
            { key: "unable.unclear", label: "3.补正后申请内容仍不明确" },
          ],
        },
        {
          key: "notProcessed",
          label: "（五）不予处理",
          children: [
            { key: "notProcessed.petition", label: "1.信访举报投诉类申请" },
            { key: "notProcessed.repeated", label: "2.重复申请" },
            { key: "notProcessed.publication", label: "3.要求提供公开出版物" },
            { key: "notProcessed.excessive", label: "4.无正当理由大量反复申请" },
            { key: "notProcessed.confirmation", label: "5.要求行政机关确认或重新出具已获取信息" },
          ],
        },
        other,
        {
          key: "total",
          label: "（七）总计",
          sumOf: ["granted", "partial", "withheld", "unable", "notProcessed", "other"],
          rule: "T3-2",
        },
      ],
    },
    { key: "carriedNext", label: "四、结转下年度继续办理" },
  ];
}

export const T4_TITLE = "四、政府信息公开行政复议、行政诉讼情况";

function outcomes(group: string): AxisNode[] {
  return [
    { key: `${group}.upheld`, label: "结果维持" },
    { key: `${group}.corrected`, label: "结果纠正" },
    { key: `${group}.other`, label: "其他结果" },
    { key: `${group}.pending`, label: "尚未审结" },
    {
      key: `${group}.total`,
      label: "总计",
      sumOf: [`${group}.upheld`, `${group}.corrected`, `${group}.other`, `${group}.pending`],
      rule: "T4-1",
    },
  ];
}

export const t4Columns: AxisNode[] = [
  { key: "review", label: "行政复议", children: outcomes("review") },
  {
    key: "litigation",
    label: "行政诉讼",
    children: [
      { key: "direct", label: "未经复议直接起诉", children: outcomes("direct") },
      { key: "afterReview", label: "复议后起诉", children: outcomes("afterReview") },
    ],
  },
];

/** The single, unlabelled data row of 表四. */
export const t4Rows: AxisNode[] = [{ key: "cases", label: "" }];

export const T2_TITLE = "二、主动公开政府信息情况";
export const T2_CORNER = "信息内容";

/** Six part titles (spec B.5; the fixture confirms them for the 2019 format too). */
export const SECTIONS = [
  "一、总体情况",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、存在的主要问题及改进情况",
  "六、其他需要报告的事项",
];

export const commonCover: CoverField[] = [
  { key: "orgName", label: "机关名称", kind: "text" },
  { key: "year", label: "报告年度", kind: "year" },
  { key: "formatName", label: "格式版本", kind: "fixed" },
  { key: "preparer", label: "填报人", kind: "text" },
  { key: "reviewer", label: "审核人", kind: "text" },
  { key: "principal", label: "负责人", kind: "text" },
  { key: "filledOn", label: "填报日期", kind: "date" },
];
