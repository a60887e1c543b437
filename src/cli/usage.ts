/** Usage lines of the commands that load lazily (main.ts prints them without loading the command). */
export const EXPORT_USAGE =
  "  nianbao export report.xlsx [--docx 报告.docx] [--html 报告.html] [--xlsx 报告.xlsx] [--notes 填报说明.docx] [--format-file 省级格式.json]";
export const LEDGER_USAGE =
  "  nianbao ledger 台账.xlsx|台账.csv --year <年度> (--into report.xlsx | --org <机关名称> --out report.xlsx) [--sheet 工作表] [--last-year 上年台账.xlsx] [--cases 复议诉讼案件.xlsx] [--map 列名=字段 …] [--confirm-suggestions] [--replace] [--json]";
