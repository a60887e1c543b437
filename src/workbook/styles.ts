/** Cell styles used by the plan; each host maps them to its own formatting calls. */
export type StyleKey =
  | "title"
  | "caption"
  | "header"
  | "label"
  | "input"
  /** An input filled from last year, not yet confirmed (来自上年，待确认). */
  | "carried"
  /** The cover's 填报日期: a date shown as 2026年1月20日. */
  | "date"
  | "derived"
  | "note"
  | "coverLabel"
  | "fixed"
  | "checkHeader"
  | "checkText"
  | "checkNumber"
  | "checkVerdict"
  | "plain"
  | "partTitle"
  | "paragraph";

export interface StyleSpec {
  bold?: boolean;
  size: number;
  font: string;
  fill?: string;
  align: "left" | "center" | "right";
  wrap: boolean;
  border: boolean;
  locked: boolean;
  numberFormat?: string;
}

const body = { font: "宋体", size: 10 };

export const STYLES: Record<StyleKey, StyleSpec> = {
  title: { font: "黑体", size: 14, bold: true, align: "center", wrap: false, border: false, locked: true },
  caption: { ...body, bold: true, fill: "F2F2F2", align: "left", wrap: false, border: true, locked: true },
  header: { ...body, bold: true, fill: "F2F2F2", align: "center", wrap: true, border: true, locked: true },
  label: { ...body, align: "left", wrap: true, border: true, locked: true },
  input: { ...body, fill: "FFFFFF", align: "right", wrap: false, border: true, locked: false },
  carried: { ...body, fill: "DDEBF7", align: "right", wrap: false, border: true, locked: false },
  date: { ...body, size: 11, fill: "FFFFFF", align: "left", wrap: false, border: true, locked: false, numberFormat: 'yyyy"年"m"月"d"日"' },
  derived: { ...body, fill: "D9D9D9", align: "right", wrap: false, border: true, locked: true },
  note: { ...body, size: 9, align: "left", wrap: true, border: false, locked: true },
  coverLabel: { ...body, size: 11, bold: true, fill: "F2F2F2", align: "left", wrap: false, border: true, locked: true },
  fixed: { ...body, size: 11, fill: "D9D9D9", align: "left", wrap: false, border: true, locked: true },
  checkHeader: { ...body, bold: true, fill: "F2F2F2", align: "center", wrap: true, border: true, locked: true },
  checkText: { ...body, align: "left", wrap: true, border: true, locked: true },
  checkNumber: { ...body, align: "right", wrap: false, border: true, locked: true },
  checkVerdict: { ...body, bold: true, align: "center", wrap: false, border: true, locked: true },
  plain: { ...body, align: "left", wrap: false, border: false, locked: false },
  partTitle: { font: "黑体", size: 12, bold: true, align: "left", wrap: false, border: false, locked: false },
  paragraph: { font: "仿宋", size: 12, align: "left", wrap: true, border: false, locked: false },
};
