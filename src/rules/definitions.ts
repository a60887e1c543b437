import { z } from "zod";

/**
 * The reconciliation rules as data (shared/design/product.md). Each compiles twice:
 * to Excel formulas on the 校验 sheet (compile.ts) and to a JS check (evaluate.ts).
 * Messages are zh-CN templates; {where} {left} {right} {diff} {document} are filled in.
 */

const severity = z.enum(["error", "warning"]);
const keys = z.array(z.string().min(1)).min(1);

const balanceRule = z
  .object({
    form: z.literal("balance"),
    id: z.string(),
    severity,
    table: z.enum(["t2", "t3", "t4"]),
    /** column: one instance per leaf column, left/right are row keys; row: the reverse. */
    each: z.enum(["column", "row", "group"]),
    /** For each=group: column-key prefixes; left/right are suffixes. */
    groups: z.array(z.string()).optional(),
    left: keys,
    right: keys,
    title: z.string(),
    check: z.string(),
    message: z.string(),
  })
  .strict();

const inputRule = z
  .object({
    form: z.literal("input"),
    id: z.string(),
    severity,
    test: z.enum(["wellFormed", "filled"]),
    title: z.string(),
    check: z.string(),
    message: z.string(),
  })
  .strict();

export const ruleSchema = z.discriminatedUnion("form", [balanceRule, inputRule]);
export type Rule = z.infer<typeof ruleSchema>;
export type BalanceRule = z.infer<typeof balanceRule>;
export type InputRule = z.infer<typeof inputRule>;
export type Severity = z.infer<typeof severity>;

export const SEVERITY_LABEL: Record<Severity, string> = { error: "错误", warning: "提示" };

const RESULT_KEYS = ["granted", "partial", "withheld", "unable", "notProcessed", "other"];

export const reconciliationRules: Rule[] = z.array(ruleSchema).parse([
  {
    form: "balance",
    id: "T3-1",
    severity: "error",
    table: "t3",
    each: "column",
    left: ["new", "carried"],
    right: ["total", "carriedNext"],
    title: "表三勾稽关系：一＋二＝三（七）＋四",
    check: "{where}列：一＋二 ＝ （七）总计＋四",
    message:
      "表三“{where}”列：第一项加第二项之和为 {left}，第三项（七）总计加第四项之和为 {right}，相差 {diff}。" +
      "依据{document}表三勾稽关系：第一项加第二项之和，等于第三项加第四项之和。",
  },
  {
    form: "balance",
    id: "T3-2",
    severity: "error",
    table: "t3",
    each: "column",
    left: RESULT_KEYS,
    right: ["total"],
    title: "表三（七）总计＝（一）至（六）之和",
    check: "{where}列：（一）＋（二）＋（三）＋（四）＋（五）＋（六） ＝ （七）总计",
    message:
      "表三“{where}”列：（一）至（六）各项之和为 {left}，（七）总计为 {right}，相差 {diff}。" +
      "依据{document}表三“三、本年度办理结果”，（七）总计应为各办理结果之和。",
  },
  {
    form: "balance",
    id: "T3-3",
    severity: "error",
    table: "t3",
    each: "row",
    left: ["natural", "legal"],
    right: ["total"],
    title: "表三 总计＝自然人＋法人或其他组织",
    check: "“{where}”行：自然人＋法人或其他组织五列 ＝ 总计",
    message:
      "表三“{where}”行：自然人与法人或其他组织各列之和为 {left}，总计为 {right}，相差 {diff}。" +
      "依据{document}表三“申请人情况”，总计应为自然人与法人或其他组织之和。",
  },
  {
    form: "balance",
    id: "T4-1",
    severity: "error",
    table: "t4",
    each: "group",
    groups: ["review", "direct", "afterReview"],
    left: ["upheld", "corrected", "other", "pending"],
    right: ["total"],
    title: "表四 总计＝维持＋纠正＋其他＋尚未审结",
    check: "{where}：结果维持＋结果纠正＋其他结果＋尚未审结 ＝ 总计",
    message:
      "表四“{where}”：结果维持、结果纠正、其他结果、尚未审结之和为 {left}，总计为 {right}，相差 {diff}。" +
      "依据{document}表四，总计应为四种结果之和。",
  },
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
]);
