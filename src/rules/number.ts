/** Reading numbers the way staff type them: full-width digits, units, spaces, thousands separators. */

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0D\uFF0B\uFF0C]/g;
const UNITS = ["万元", "元", "件", "条", "项", "个", "次", "人"];

export interface LooseNumber {
  value: number;
  fullWidth: boolean;
  unit: string | null;
  spaces: boolean;
  separators: boolean;
}

function toHalfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/** Parse text that a person meant as a number; null when it is not one. */
export function parseLooseNumber(text: string): LooseNumber | null {
  const fullWidth = FULL_WIDTH.test(text) || text.includes("\u3000");
  FULL_WIDTH.lastIndex = 0;
  let s = toHalfWidth(text);
  const spaces = /\s/.test(s);
  s = s.replace(/\s+/g, "");
  let unit: string | null = null;
  for (const u of UNITS) {
    if (s.endsWith(u) && s.length > u.length) {
      unit = u;
      s = s.slice(0, -u.length);
      break;
    }
  }
  const separators = /\d,\d{3}/.test(s);
  if (separators) s = s.replace(/,(?=\d{3}(\D|$))/g, "");
  if (!/^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(s)) return null;
  const value = Number(s);
  // Hundreds of digits overflow to Infinity: not a number anyone meant.
  if (!Number.isFinite(value)) return null;
  return { value, fullWidth, unit, spaces, separators };
}

/** Excel's ROUND: half away from zero. */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  // Round the scaled value to 15 significant digits first, as Excel does, so 1.005 → 1.01 while
  // large whole amounts stay put (a relative nudge of 1 + ε moved 2.2e9 to 2200000000.000001).
  const scaled = Number((Math.abs(x) * f).toPrecision(15));
  if (!Number.isFinite(scaled)) return x;
  return (Math.sign(x) * Math.round(scaled)) / f;
}
