import type { FormatVersion } from "./schema";
import { commonRules, draftSentences } from "./versions/common";
import { commonCover, SECTIONS, T2_CORNER, T2_TITLE, T3_NOTE, T3_TITLE, T4_TITLE, t3Columns, t3Rows, t4Columns, t4Rows } from "./shared";

/** 国办公开办函〔2019〕60号 (试行), report years 2019–2020. Spec section A. */
export const format2019: FormatVersion = {
  id: "2019",
  name: "2019年试行格式",
  document: "国办公开办函〔2019〕60号",
  firstYear: 2019,
  lastYear: 2020,
  sections: SECTIONS,
  cover: [...commonCover, { key: "procurementUnit", label: "采购总金额单位", kind: "choice", choices: ["元", "万元"], defaultValue: "元" }],
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
            { key: "normative", label: "规范性文件" },
          ],
          columns: [
            { key: "made", label: "本年新制作数量" },
            { key: "published", label: "本年新公开数量" },
            { key: "publicTotal", label: "对外公开总数量", span: 2 },
          ],
        },
        {
          caption: "第二十条第（五）项",
          corner: T2_CORNER,
          rows: [
            { key: "licensing", label: "行政许可" },
            { key: "otherServices", label: "其他对外管理服务事项" },
          ],
          columns: [
            { key: "lastYearItems", label: "上一年项目数量", unit: "项" },
            { key: "change", label: "本年增/减", kind: "signedCount", unit: "项" },
            { key: "decisions", label: "处理决定数量", span: 2 },
          ],
        },
        {
          caption: "第二十条第（六）项",
          corner: T2_CORNER,
          rows: [
            { key: "penalty", label: "行政处罚" },
            { key: "enforcement", label: "行政强制" },
          ],
          columns: [
            { key: "lastYearItems", label: "上一年项目数量", unit: "项" },
            { key: "change", label: "本年增/减", kind: "signedCount", unit: "项" },
            { key: "decisions", label: "处理决定数量", span: 2 },
          ],
        },
        {
          caption: "第二十条第（八）项",
          corner: T2_CORNER,
          rows: [{ key: "fees", label: "行政事业性收费" }],
          columns: [
            { key: "lastYearItems", label: "上一年项目数量", span: 2, unit: "项" },
            { key: "change", label: "本年增/减", span: 2, kind: "signedCount", unit: "项" },
          ],
        },
        {
          caption: "第二十条第（九）项",
          corner: T2_CORNER,
          rows: [{ key: "procurement", label: "政府集中采购" }],
          columns: [
            { key: "items", label: "采购项目数量", span: 2, unit: "项" },
            { key: "amount", label: "采购总金额", span: 2, kind: "amount", decimals: 6, unitSetting: "procurementUnit" },
          ],
        },
      ],
    },
    {
      key: "t3",
      name: "表三",
      title: T3_TITLE,
      labelColumns: 3,
      defaultUnit: "件",
      blocks: [{ corner: T3_NOTE, columns: t3Columns, rows: t3Rows({ key: "other", label: "（六）其他处理" }) }],
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
  narrative: draftSentences("监督保障情况"),
};
