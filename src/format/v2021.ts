import type { FormatVersion } from "./schema";
import { commonRules, draftSentences } from "./versions/common";
import { commonCover, SECTIONS, T2_CORNER, T2_TITLE, T3_NOTE, T3_TITLE, T4_TITLE, t3Columns, t3Rows, t4Columns, t4Rows } from "./shared";

/** 国办公开办函〔2021〕30号, report years 2021 onward. Spec section B. */
export const format2021: FormatVersion = {
  id: "2021",
  name: "2021年格式",
  document: "国办公开办函〔2021〕30号",
  firstYear: 2021,
  lastYear: null,
  sections: SECTIONS,
  cover: commonCover,
  tables: [
    {
      key: "t2",
      name: "表二",
      title: T2_TITLE,
      labelColumns: 1,
      defaultUnit: "件",
      blocks: [
        {
          caption: "第二十条第（一）项",
          corner: T2_CORNER,
          rows: [
            { key: "regulations", label: "规章" },
            { key: "normative", label: "行政规范性文件" },
          ],
          columns: [
            { key: "issued", label: "本年制发件数" },
            { key: "repealed", label: "本年废止件数" },
            { key: "inForce", label: "现行有效件数" },
          ],
        },
        {
          caption: "第二十条第（五）项",
          corner: T2_CORNER,
          rows: [{ key: "licensing", label: "行政许可" }],
          columns: [{ key: "decisions", label: "本年处理决定数量", span: 3 }],
        },
        {
          caption: "第二十条第（六）项",
          corner: T2_CORNER,
          rows: [
            { key: "penalty", label: "行政处罚" },
            { key: "enforcement", label: "行政强制" },
          ],
          columns: [{ key: "decisions", label: "本年处理决定数量", span: 3 }],
        },
        {
          caption: "第二十条第（八）项",
          corner: T2_CORNER,
          rows: [{ key: "fees", label: "行政事业性收费" }],
          columns: [{ key: "amount", label: "本年收费金额（单位：万元）", span: 3, kind: "amount", unit: "万元", decimals: 6 }],
        },
      ],
    },
    {
      key: "t3",
      name: "表三",
      title: T3_TITLE,
      labelColumns: 3,
      defaultUnit: "件",
      blocks: [
        {
          corner: T3_NOTE,
          columns: t3Columns,
          rows: t3Rows({
            key: "other",
            label: "（六）其他处理",
            children: [
              { key: "other.noCorrection", label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" },
              { key: "other.noFee", label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" },
              { key: "other.other", label: "3.其他" },
            ],
          }),
        },
      ],
    },
    {
      key: "t4",
      name: "表四",
      title: T4_TITLE,
      labelColumns: 0,
      defaultUnit: "件",
      blocks: [{ columns: t4Columns, rows: t4Rows }],
    },
  ],
  rules: commonRules,
  narrative: draftSentences("监督保障情况；各级人民政府还应报告工作考核、社会评议和责任追究结果情况"),
  partMentions: [
    {
      part: 5,
      words: ["信息处理费"],
      why: "依据{document}，应在第六部分报告按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况；未收取的，写明“本年度未收取信息处理费”。",
    },
  ],
};
