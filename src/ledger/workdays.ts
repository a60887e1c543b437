import { nextDay, weekday, yearOf, zhDate, type IsoDay } from "./dates";
import { HOLIDAY_NOTICES, type HolidayNotice } from "./holidays";

/** Working days under the year's 法定节假日 and 调休 schedule; a year without a schedule in the data is unknown, never guessed. */
export class WorkCalendar {
  private readonly off = new Set<IsoDay>();
  private readonly work = new Set<IsoDay>();
  readonly years: Set<number>;

  constructor(notices: HolidayNotice[] = HOLIDAY_NOTICES) {
    this.years = new Set(notices.map((n) => n.year));
    for (const n of notices) {
      for (const [from, to] of n.off) for (let d = from; d <= to; d = nextDay(d)) this.off.add(d);
      for (const d of n.work) this.work.add(d);
    }
  }

  /** true / false, or null when the year's schedule is not in the data. */
  isWorkingDay(d: IsoDay): boolean | null {
    if (!this.years.has(yearOf(d))) return null;
    if (this.work.has(d)) return true;
    if (this.off.has(d)) return false;
    const w = weekday(d);
    return w !== 0 && w !== 6;
  }
}

/** 条例第三十三条: 20 个工作日, extended by at most 20 more. */
export const ANSWER_WORKING_DAYS = 20;
export const EXTENSION_WORKING_DAYS = 20;

export type DeadlineCheck =
  | { status: "onTime"; limit: number; start: IsoDay; answered: IsoDay }
  | { status: "late"; limit: number; start: IsoDay; deadline: IsoDay; answered: IsoDay }
  | { status: "pending"; limit: number; start: IsoDay; asOf: IsoDay }
  | { status: "overdueOpen"; limit: number; start: IsoDay; deadline: IsoDay; asOf: IsoDay }
  | { status: "unknown"; limit: number; start: IsoDay; missingYear: number };

/**
 * The statutory term from `start` (the day the application, or its 补正, was received; that day is not
 * counted). `answered` null: still open on `asOf` (12月31日 of the report year).
 */
export function checkDeadline(calendar: WorkCalendar, start: IsoDay, answered: IsoDay | null, extended: boolean, asOf: IsoDay): DeadlineCheck {
  const limit = ANSWER_WORKING_DAYS + (extended ? EXTENSION_WORKING_DAYS : 0);
  let count = 0;
  // Bounded: the term is at most 40 working days, so at most a few months of days are visited.
  for (let d = nextDay(start); ; d = nextDay(d)) {
    // Answered (or still open) before the term ran out: the days after it, known or not, do not matter.
    if (answered !== null && d > answered) return { status: "onTime", limit, start, answered };
    if (answered === null && d > asOf) return { status: "pending", limit, start, asOf };
    const working = calendar.isWorkingDay(d);
    if (working === null) return { status: "unknown", limit, start, missingYear: yearOf(d) };
    if (working) count += 1;
    if (count === limit) {
      if (answered !== null) return answered > d ? { status: "late", limit, start, deadline: d, answered } : { status: "onTime", limit, start, answered };
      return asOf > d ? { status: "overdueOpen", limit, start, deadline: d, asOf } : { status: "pending", limit, start, asOf };
    }
  }
}

export function deadlineMessage(c: DeadlineCheck): string {
  const term = `${c.limit} 个工作日${c.limit > ANSWER_WORKING_DAYS ? "（含延长期限）" : ""}`;
  switch (c.status) {
    case "late":
      return `超期答复：${zhDate(c.start)}起算，期限 ${term}至${zhDate(c.deadline)}，${zhDate(c.answered)}答复`;
    case "overdueOpen":
      return `超期未答复：${zhDate(c.start)}起算，期限 ${term}至${zhDate(c.deadline)}，截至${zhDate(c.asOf)}仍未答复`;
    case "unknown":
      return `无法判断是否超期：${c.missingYear} 年的法定节假日和调休安排尚未收入数据（国务院办公厅发布当年安排后补入）`;
    case "onTime":
      return `在期限内答复（${term}）`;
    case "pending":
      return `截至${zhDate(c.asOf)}尚未答复，仍在期限内（${term}）`;
  }
}
