/**
 * The one error module. A NianbaoError is bad input the user can fix, with a zh-CN message naming
 * the cell, file or field: the CLI prints it as `错误：…` and exits with its code, the pane shows it.
 * Anything else that reaches the top is a bug in Nianbao, and is said to be one (never a stack trace).
 */
export class NianbaoError extends Error {
  constructor(
    message: string,
    /** CLI exit code: 2 bad input or arguments. */
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line arguments, or an input file that cannot be read. */
export class UsageError extends NianbaoError {}

/** The workbook is not one Nianbao made (or is damaged beyond reading). */
export class NotNianbaoWorkbookError extends NianbaoError {
  constructor(reason: string) {
    super(`不是年报（Nianbao）工作簿：${reason}`);
  }
}

/** A format definition that does not hold together (a sum over a missing cell, a rule over an unknown key…). */
export class FormatDefinitionError extends NianbaoError {
  constructor(readonly problems: string[]) {
    super(`格式定义有误：${problems.join("；")}`);
  }
}

/** A format file that cannot be used, with every problem named by its field. */
export class FormatFileError extends NianbaoError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`格式文件 ${source} 有误：\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** Bad input for 从上年结转 (wrong year, not a report). */
export class CarryError extends NianbaoError {}

/** Bad input for 汇总 (nothing to sum, units of different formats…). */
export class AggregateError extends NianbaoError {}

/** The message of anything caught: ours as it is, anything else as the runtime put it. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** How a CLI command reports a failure: one zh-CN line (or block) on stderr and the exit code. */
export function reportError(e: unknown, write: (text: string) => void): number {
  if (e instanceof NianbaoError) {
    write(`错误：${e.message}\n`);
    return e.exitCode;
  }
  write(`错误：处理失败（${messageOf(e)}）。请把此信息反馈给年报维护人员。\n`);
  return 2;
}
