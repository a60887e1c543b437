import { nextDay, yearOf, zhDate, type IsoDay } from "./dates";
import { HOLIDAY_NOTICES, type HolidayNotice } from "./holidays";

const DAY_MS = 86400000;
const dayNumber = (d: IsoDay): number => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
const isoOf = (n: number): IsoDay => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Working days under the year's 法定节假日 and 调休 schedule; a year without a schedule in the data is unknown, never guessed. */
export class WorkCalendar {
  readonly years: Set<number>;
  /** Per day from `first`: 0 not known, 1 working day, 2 day off. One lookup per day keeps 5,000 terms fast. */
  private readonly status: Uint8Array;
  private readonly first: number;

  constructor(notices: HolidayNotice[] = HOLIDAY_NOTICES) {
    this.years = new Set(notices.map((n) => n.year));
    const years = [...this.years].sort((a, b) => a - b);
    this.first = years.length ? dayNumber(`${years[0]}-01-01`) : 0;
    const end = years.length ? dayNumber(`${years[years.length - 1]}-12-31`) : -1;
    this.status = new Uint8Array(Math.max(0, end - this.first + 1));
    for (let n = this.first; n <= end; n++) {
      if (!this.years.has(yearOf(isoOf(n)))) continue;
      const w = new Date(n * DAY_MS).getUTCDay();
      this.status[n - this.first] = w === 0 || w === 6 ? 2 : 1;
    }
    const set = (d: IsoDay, v: number) => {
      const i = dayNumber(d) - this.first;
      if (i >= 0 && i < this.status.length && this.years.has(yearOf(d))) this.status[i] = v;
    };
    for (const n of notices) {
      for (const [from, to] of n.off) for (let d = from; d <= to; d = nextDay(d)) set(d, 2);
    }
    for (const n of notices) for (const d of n.work) set(d, 1);
  }

  private at(n: number): boolean | null {
    const v = this.status[n - this.first] ?? 0;
    return v === 0 ? null : v === 1;
  }

  /** true / false, or null when the year's schedule is not in the data. */
  isWorkingDay(d: IsoDay): boolean | null {
    return this.at(dayNumber(d));
  }

  /** The day-number form of the deadline walk (see checkDeadline). */
  walk(
    start: IsoDay,
    answered: IsoDay | null,
    limit: number,
    asOf: IsoDay,
  ): { kind: "answeredFirst" | "openFirst" } | { kind: "unknown"; day: IsoDay } | { kind: "deadline"; day: IsoDay } {
    const stop = dayNumber(answered ?? asOf);
    let count = 0;
    for (let n = dayNumber(start) + 1; ; n++) {
      // Answered (or still open) before the term ran out: the days after it, known or not, do not matter.
      if (n > stop) return { kind: answered !== null ? "answeredFirst" : "openFirst" };
      const working = this.at(n);
      if (working === null) return { kind: "unknown", day: isoOf(n) };
      if (working) count += 1;
      if (count === limit) return { kind: "deadline", day: isoOf(n) };
    }
  }
}

/** 条例第三十三条: 20 个工作日, extended by at most 20 more. */
const ANSWER_WORKING_DAYS = 20;
const EXTENSION_WORKING_DAYS = 20;

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
  const w = calendar.walk(start, answered, limit, asOf);
  switch (w.kind) {
    case "answeredFirst":
      return { status: "onTime", limit, start, answered: answered ?? asOf };
    case "openFirst":
      return { status: "pending", limit, start, asOf };
    case "unknown":
      return { status: "unknown", limit, start, missingYear: yearOf(w.day) };
    case "deadline":
      if (answered !== null)
        return answered > w.day ? { status: "late", limit, start, deadline: w.day, answered } : { status: "onTime", limit, start, answered };
      return asOf > w.day ? { status: "overdueOpen", limit, start, deadline: w.day, asOf } : { status: "pending", limit, start, asOf };
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
