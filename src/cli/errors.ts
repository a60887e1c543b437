import { UnsupportedYearError } from "../format/registry";
import { DamagedFileError, FileError, LimitError } from "../host/limits";
import { AggregateError } from "../import/aggregate";
import { CarryError } from "../import/carry";
import { NotNianbaoWorkbookError } from "../workbook/read";

/** Bad arguments: a zh-CN message and the usage. CLI exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Errors whose message is for the user (exit 2, no stack trace); anything else is a bug to report. */
export function isUserError(e: unknown): e is Error {
  return [UsageError, UnsupportedYearError, NotNianbaoWorkbookError, CarryError, AggregateError, FileError, LimitError, DamagedFileError].some((k) => e instanceof k);
}
