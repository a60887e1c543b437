/**
 * Dates as registers write them. A date is an ISO day string "YYYY-MM-DD": it sorts, compares
 * and prints without time zones getting in the way.
 */

export type IsoDay = string;

const pad = (n: number) => String(n).padStart(2, "0");

function isoDay(y: number, m: number, d: number): IsoDay | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel's day serial (1900 system): 25569 is 1970-01-01. Serials from 1955 to 2119 only. */
const SERIAL_MIN = 20090;
const SERIAL_MAX = 80000;

function fromSerial(serial: number): IsoDay | null {
  if (!Number.isFinite(serial) || serial < SERIAL_MIN || serial > SERIAL_MAX) return null;
  const t = new Date(Math.round((Math.floor(serial + 1e-9) - 25569) * 86400000));
  return isoDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export type DateReading = { ok: true; day: IsoDay } | { ok: false; blank: boolean };

// After the day: 日/号 and anything (上午, 10时), or the end, a space, "T" or a bracket.
const TEXT_DATE = /^(\d{4})\s*(?:年|[.\-/、])\s*(\d{1,2})\s*(?:月|[.\-/、])\s*(\d{1,2})(?:\s*[日号]|$|[\sT（(])/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** Read a register's date cell: an Excel serial, "2024.3.5", "2024年3月5日", "2024/03/05", "2024-3-5 10:20", "20240305". */
export function readDate(value: number | string | null): DateReading {
  if (value === null) return { ok: false, blank: true };
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 19000101 && value <= 22001231) {
      const day = isoDay(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100);
      return day ? { ok: true, day } : { ok: false, blank: false };
    }
    const day = fromSerial(value);
    return day ? { ok: true, day } : { ok: false, blank: false };
  }
  const text = value.normalize("NFKC").trim();
  if (text === "") return { ok: false, blank: true };
  const m = TEXT_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (m) {
    const day = isoDay(Number(m[1]), Number(m[2]), Number(m[3]));
    return day ? { ok: true, day } : { ok: false, blank: false };
  }
  // A serial that arrived as text (CSV saved from a sheet whose column was not formatted as a date).
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const day = fromSerial(Number(text));
    if (day) return { ok: true, day };
  }
  return { ok: false, blank: false };
}

export const yearOf = (d: IsoDay): number => Number(d.slice(0, 4));

/** The day after `d`. */
export function nextDay(d: IsoDay): IsoDay {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (d: IsoDay): number => new Date(`${d}T00:00:00Z`).getUTCDay();

/** "2024年3月5日", as the pane and the CLI print dates. */
export function zhDate(d: IsoDay): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}
