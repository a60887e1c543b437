/** Task-pane and playground strings (zh-CN is the default and, for now, only locale). */
export const zhCN = {
  title: "年报",
  subtitle: "政府信息公开工作年度报告",
  views: {
    home: "生成报表、校验勾稽关系、起草正文、导出。",
    validate: "校验结果将在此列出。",
  },
  playground: {
    title: "年报 演示（无需 Excel）",
    note: "此页面在浏览器中运行任务窗格，不连接 Excel。",
  },
} as const;
