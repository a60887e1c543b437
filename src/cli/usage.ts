/** Usage lines of the commands that load lazily (main.ts prints them without loading the command). */
export const EXPORT_USAGE = "  nianbao export report.xlsx [--docx 报告.docx] [--html 报告.html] [--xlsx 报告.xlsx] [--notes 填报说明.docx]";
