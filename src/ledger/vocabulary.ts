import { z } from "zod";

/**
 * How registers (登记台账) and case lists word things, as data: column headers, applicant types,
 * names, results. Matching is on normalised text (see `normalise`). Keys on the right are the
 * format's own row and column keys (src/format/shared.ts); tests check that every one exists.
 */

/** The register's fields. Labels are what the CLI's --map and the messages use. */
export const REGISTER_FIELDS = {
  id: "申请编号",
  received: "收到日期",
  applicant: "申请人",
  applicantType: "申请人类型",
  content: "申请内容",
  answered: "答复日期",
  result: "办理结果",
  resultDetail: "具体情形",
  partial: "是否区分处理",
  extended: "是否延期",
  corrected: "补正日期",
  status: "办理状态",
  note: "备注",
} as const;
export type RegisterField = keyof typeof REGISTER_FIELDS;

/** The case list's fields (表四). */
export const CASE_FIELDS = {
  id: "案件编号",
  caseType: "案件类型",
  litigationType: "诉讼类型",
  filed: "收案日期",
  closed: "结案日期",
  outcome: "审理结果",
  applicant: "申请人",
  note: "备注",
} as const;
export type CaseField = keyof typeof CASE_FIELDS;

/** The special --map target that leaves a column out. */
export const IGNORE_WORDS = ["忽略", "不用", "ignore"];

const phrases = z.array(z.string().min(1)).min(1);
const headerTable = z.record(z.string(), phrases);

/**
 * Header synonyms. A header matches a synonym when, normalised, it equals it, or (synonyms of three
 * characters or more) contains it; the longest match wins, so 申请人类型 beats 申请人.
 */
export const REGISTER_HEADERS: Record<RegisterField, string[]> = z
  .record(z.enum(Object.keys(REGISTER_FIELDS) as [RegisterField, ...RegisterField[]]), phrases)
  .parse({
    id: [
      "申请编号",
      "登记号",
      "登记编号",
      "受理编号",
      "受理号",
      "申请号",
      "申请单号",
      "编号",
      "流水号",
      "申请序号",
      "件号",
      "办件编号",
      "办件号",
      "案件编号",
      "依申请公开编号",
      "申请公开编号",
      "申请编码",
      "收件编号",
      "受理编码",
      "登记编码",
      "业务编号",
      "办理编号",
      "来件编号",
    ],
    received: [
      "收到日期",
      "收到申请日期",
      "申请收到日期",
      "收到时间",
      "收到申请时间",
      "来件日期",
      "来件时间",
      "登记日期",
      "登记时间",
      "申请日期",
      "申请时间",
      "受理日期",
      "受理时间",
      "收件日期",
      "收件时间",
      "接收日期",
      "接收时间",
      "提交时间",
      "提交日期",
      "申请提交时间",
      "收到申请书日期",
      "收文日期",
      "收文时间",
      "来信日期",
      "申请提交日期",
    ],
    applicant: [
      "申请人",
      "申请人姓名",
      "申请人名称",
      "姓名或名称",
      "申请人姓名或名称",
      "姓名/名称",
      "姓名",
      "名称",
      "申请单位",
      "申请人(单位)",
      "申请人单位名称",
      "申请者",
      "申请者姓名",
    ],
    applicantType: [
      "申请人类型",
      "申请人性质",
      "类别",
      "申请人类别",
      "申请主体",
      "主体类型",
      "申请主体类型",
      "申请人身份",
      "申请人分类",
      "类型",
      "申请人种类",
      "主体性质",
      "申请人属性",
      "身份类型",
      "申请者类型",
    ],
    content: [
      "申请内容",
      "申请事项",
      "所需信息内容描述",
      "所需政府信息",
      "所需信息",
      "申请公开内容",
      "申请公开的内容",
      "申请信息内容",
      "内容描述",
      "信息内容描述",
      "申请公开事项",
      "所需政府信息的名称",
      "申请公开的政府信息",
      "申请获取的信息",
    ],
    answered: [
      "答复日期",
      "答复时间",
      "办结日期",
      "办结时间",
      "回复日期",
      "回复时间",
      "答复出具日期",
      "答复作出日期",
      "实际答复日期",
      "答复书日期",
      "出具答复日期",
      "作出答复日期",
      "作出答复时间",
      "答复告知日期",
      "告知日期",
      "出具答复时间",
    ],
    result: [
      "办理结果",
      "答复结果",
      "处理结果",
      "答复类型",
      "答复情况",
      "办理情况",
      "处理情况",
      "答复结论",
      "办理结果类型",
      "答复意见类型",
      "结果",
      "办理意见",
      "答复意见",
      "处理意见",
      "结果类型",
      "办结类型",
      "办结结果",
    ],
    resultDetail: [
      "具体情形",
      "不予公开理由",
      "不予公开情形",
      "不公开理由",
      "不予公开原因",
      "无法提供原因",
      "无法提供情形",
      "不予处理情形",
      "不予处理原因",
      "结果细分",
      "细分情形",
      "办理结果细类",
      "答复依据",
      "理由",
    ],
    partial: ["是否区分处理", "区分处理", "是否属于区分处理"],
    extended: ["是否延期", "是否延期答复", "延期答复", "是否延长答复期限", "延长答复期限", "延期", "是否延长"],
    corrected: ["补正日期", "收到补正日期", "补正完成日期", "收到补正材料日期", "补正后收到日期", "补正时间", "收到补正时间"],
    status: ["办理状态", "办结状态", "状态", "是否办结", "办理进度", "当前状态"],
    note: ["备注", "说明", "备注说明"],
  });

export const CASE_HEADERS: Record<CaseField, string[]> = z.record(z.enum(Object.keys(CASE_FIELDS) as [CaseField, ...CaseField[]]), phrases).parse({
  id: ["案件编号", "案号", "编号", "复议案号", "诉讼案号", "登记号"],
  caseType: ["案件类型", "案件类别", "类型", "类别", "救济途径", "案件性质"],
  litigationType: ["诉讼类型", "起诉类型", "是否经复议", "是否经过复议", "起诉方式"],
  filed: ["收案日期", "立案日期", "受理日期", "收到日期", "申请日期", "起诉日期", "收案时间", "立案时间", "受理时间"],
  closed: ["结案日期", "审结日期", "决定日期", "判决日期", "裁判日期", "结案时间", "复议决定日期"],
  outcome: ["审理结果", "结果", "复议结果", "诉讼结果", "判决结果", "裁判结果", "办理结果", "结案情况", "审结情况", "处理结果"],
  applicant: ["申请人", "原告", "申请人/原告", "当事人"],
  note: ["备注", "说明"],
});
headerTable.parse(REGISTER_HEADERS);

/** 申请人类型 wording → 表三 applicant column key. */
export const APPLICANT_TYPES: Record<string, string[]> = headerTable.parse({
  natural: ["自然人", "公民", "个人", "公民个人", "群众", "居民", "村民", "农民"],
  commercial: ["商业企业", "企业", "公司", "企业法人", "民营企业", "国有企业"],
  research: ["科研机构", "科研院所", "研究所", "研究院", "科研单位"],
  publicWelfare: ["社会公益组织", "公益组织", "社会组织", "社会团体", "协会", "学会", "基金会", "民办非企业单位", "商会"],
  legalService: ["法律服务机构", "律师事务所", "律所", "法律服务所", "公证处", "公证机构", "法律援助中心"],
  otherOrg: ["其他", "其他组织", "事业单位", "机关", "行政机关", "村委会", "居委会", "村民委员会", "居民委员会", "其他法人"],
});

/** Types that say only "a legal person or other organisation": the name, if it tells, is offered as a suggestion. */
export const GENERIC_ORG_TYPES = ["法人或其他组织", "法人或者其他组织", "法人", "单位", "组织", "法人组织"];

/** The column every other non-empty 申请人类型 counts in, with a notice (the brief's "else 其他"). */
export const FALLBACK_APPLICANT_COLUMN = "otherOrg";

/**
 * Name patterns (tested in order) that suggest a column when 申请人类型 is missing or generic.
 * Only ever a suggestion: shown to the user, applied once confirmed.
 */
export const NAME_SUGGESTIONS: { column: string; pattern: string; why: string }[] = z
  .array(z.object({ column: z.string(), pattern: z.string(), why: z.string() }).strict())
  .parse([
    { column: "legalService", pattern: "(律师事务所|律所|法律服务所|公证处)$", why: "名称以律师事务所等结尾" },
    { column: "commercial", pattern: "(有限公司|有限责任公司|股份公司|(股份)?有限合伙\\)?)$", why: "名称以有限公司等结尾" },
    { column: "research", pattern: "(研究院|研究所|科学院|研究中心)$", why: "名称以研究院、研究所等结尾" },
    { column: "publicWelfare", pattern: "(协会|学会|基金会|商会|促进会|联合会)$", why: "名称以协会、基金会等结尾" },
    { column: "commercial", pattern: "(公司|集团|企业|厂|商行|经营部|门市部)$", why: "名称以公司、厂等结尾" },
    { column: "natural", pattern: "^[\\u4e00-\\u9fa5]{2,4}$|^[\\u4e00-\\u9fa5]{1,8}·[\\u4e00-\\u9fa5]{1,8}$", why: "名称是两到四个汉字的姓名" },
  ]);

/**
 * 办理结果 wording → result row keys. The format's own labels (numbering stripped) match too,
 * so this holds only what registers write instead. `rows` lists keys in order of preference: the
 * first the year's format has is used (the 2019 format's （六）其他处理 has no sub-items).
 */
export const RESULT_WORDING: { rows: string[]; phrases: string[] }[] = z.array(z.object({ rows: z.array(z.string()).min(1), phrases }).strict()).parse([
  { rows: ["granted"], phrases: ["予以公开", "同意公开", "全部公开", "准予公开", "依法公开", "予以提供", "同意提供", "全部提供"] },
  { rows: ["partial"], phrases: ["部分公开", "区分处理", "部分予以公开", "部分同意公开", "部分提供"] },
  { rows: ["withheld"], phrases: ["不予公开", "不予以公开", "不公开", "不同意公开", "不予提供"] },
  { rows: ["withheld.stateSecret"], phrases: ["国家秘密", "涉密", "涉及国家秘密"] },
  { rows: ["withheld.prohibited"], phrases: ["法律行政法规禁止公开", "法律法规禁止公开", "禁止公开"] },
  { rows: ["withheld.safety"], phrases: ["三安全一稳定", "危及国家安全", "危及公共安全", "危及经济安全", "危及社会稳定"] },
  { rows: ["withheld.thirdParty"], phrases: ["第三方合法权益", "商业秘密", "个人隐私"] },
  { rows: ["withheld.internal"], phrases: ["内部事务信息", "内部事务", "内部管理信息"] },
  { rows: ["withheld.process"], phrases: ["过程性信息", "讨论记录", "过程稿", "磋商信函", "请示报告"] },
  { rows: ["withheld.enforcement"], phrases: ["行政执法案卷", "执法案卷"] },
  { rows: ["withheld.inquiry"], phrases: ["行政查询事项", "查询事项"] },
  { rows: ["unable"], phrases: ["无法提供"] },
  { rows: ["unable.notHeld"], phrases: ["本机关不掌握", "信息不存在", "政府信息不存在", "不掌握", "非本机关", "不属于本机关", "不属于本单位"] },
  { rows: ["unable.needsCreation"], phrases: ["另行制作", "没有现成信息", "需要加工", "需加工"] },
  { rows: ["unable.unclear"], phrases: ["申请内容不明确", "内容不明确", "仍不明确"] },
  { rows: ["notProcessed"], phrases: ["不予处理"] },
  { rows: ["notProcessed.petition"], phrases: ["信访", "举报", "投诉", "信访举报投诉"] },
  { rows: ["notProcessed.repeated"], phrases: ["重复申请"] },
  { rows: ["notProcessed.publication"], phrases: ["公开出版物"] },
  { rows: ["notProcessed.excessive"], phrases: ["大量反复申请", "大量反复"] },
  { rows: ["notProcessed.confirmation"], phrases: ["确认或重新出具", "重新出具", "要求行政机关确认"] },
  { rows: ["other"], phrases: ["其他处理"] },
  { rows: ["other.noCorrection", "other"], phrases: ["逾期不补正", "逾期未补正", "未补正", "不补正", "未按要求补正"] },
  { rows: ["other.noFee", "other"], phrases: ["逾期未缴纳费用", "未缴纳费用", "未缴费", "逾期未缴费", "未按收费通知"] },
  { rows: ["other.other", "other"], phrases: ["撤回申请", "申请人撤回", "撤回"] },
]);

/** Wording that says the application is still being handled (办理中). */
export const OPEN_WORDING = ["办理中", "正在办理", "在办", "未办结", "待答复", "未答复", "处理中", "审核中", "待办", "延期办理中"];

/** 办理状态 wording that says the application was answered (then an 答复日期 must be there). */
export const CLOSED_WORDING = ["办结", "已答复", "完成", "已回复"];

/** A total line under the data, not an application. */
export const TOTAL_ROW_WORDING = ["合计", "总计", "小计", "共计"];

/** Yes / no as registers write them (是否区分处理, 是否延期). */
export const YES_WORDING = ["是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "已延期", "延期", "区分处理"];
export const NO_WORDING = ["否", "×", "✗", "n", "no", "false", "0", "无", "未延期", "不延期", "/", "-", "—"];

/** Words in 备注 (or 办理结果) that record an extension of the answer term (条例第三十三条第二款). */
export const EXTENSION_WORDING = ["延期", "延长答复期限", "延长答复", "延长期限"];
/** …unless negated: 未延期, 不延期, 无需延长. */
export const NO_EXTENSION_WORDING = ["未延期", "不延期", "无需延期", "没有延期", "未延长", "不延长", "无需延长", "没有延长"];

/** 表四: case type wording → column group key; outcome wording → outcome key. */
export const CASE_GROUPS: { group: string; phrases: string[] }[] = z.array(z.object({ group: z.string(), phrases }).strict()).parse([
  { group: "afterReview", phrases: ["复议后起诉", "经复议后起诉", "复议后诉讼", "经复议起诉", "经复议", "复议后"] },
  { group: "direct", phrases: ["未经复议直接起诉", "直接起诉", "未经复议", "直诉"] },
  { group: "review", phrases: ["行政复议", "复议"] },
]);
/** A case that says only 行政诉讼: the format needs to know whether it went through 复议 first. */
export const LITIGATION_ONLY = ["行政诉讼", "诉讼", "起诉", "行政起诉"];

export const CASE_OUTCOMES: Record<string, string[]> = headerTable.parse({
  upheld: ["结果维持", "维持", "驳回诉讼请求", "驳回复议申请", "驳回"],
  corrected: ["结果纠正", "纠正", "撤销", "确认违法", "责令履行", "责令重新答复", "责令限期", "变更", "确认无效", "责令重作"],
  // 驳回起诉 and 不予受理 end a case without a ruling on the answer itself.
  other: ["其他结果", "其他", "终止", "撤回", "撤诉", "和解", "调解", "驳回起诉", "不予受理", "移送"],
  pending: ["尚未审结", "未审结", "审理中", "在审", "未结案", "办理中", "审查中", "待审"],
});

/** Text as matched: full-width to half-width (NFKC), no spaces, no line breaks, lower case. */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u3000*＊]+/g, "")
    .toLowerCase();
}
