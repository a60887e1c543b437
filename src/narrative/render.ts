import { definedName } from "../format/names";
import { cellNumber } from "../rules/evaluate";
import { bin, call, num, ref, str, type Formula } from "../rules/formula";
import type { Snapshot } from "../workbook/snapshot";
import { roundTo } from "../rules/number";
import type { Bound, Paragraph, Segment } from "./model";

/** How bound numbers read in the text: whole numbers as is, amounts without trailing zeros, shares as "66.48%", "58.3%", "100%". */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(6)));
}

const PCT_DECIMALS = 2;

function formatPct(numerator: number, denominator: number): string {
  if (denominator === 0) return "—";
  // At most two decimals and no trailing zeros (占100%, 占58.33%), as the 正文 sheet's formula writes it.
  return `${String(roundTo((numerator / denominator) * 100, PCT_DECIMALS))}%`;
}

function total(snapshot: Snapshot, ids: string[]): number | null {
  let s = 0;
  for (const id of ids) {
    const v = cellNumber(snapshot, id);
    if (v === null) return null;
    s += v;
  }
  return s;
}

function renderBound(snapshot: Snapshot, bound: Bound): string {
  if (bound.op === "sum") {
    const v = total(snapshot, bound.ids);
    return v === null ? "?" : formatNumber(v);
  }
  const n = total(snapshot, bound.num);
  const d = total(snapshot, bound.den);
  return n === null || d === null ? "?" : formatPct(n, d);
}

/** Each segment's text, in order (the editor needs the spans). */
export function renderSegments(snapshot: Snapshot, segments: Segment[]): string[] {
  return segments.map((s) => (s.kind === "text" ? s.text : renderBound(snapshot, s.bound)));
}

export function renderParagraph(snapshot: Snapshot, p: Paragraph): string {
  return renderSegments(snapshot, p.segments).join("");
}

const sumFormula = (ids: string[]): Formula => call("SUM", ...ids.map((id) => ref(definedName(id))));

/**
 * The paragraph as an Excel formula, so the 正文 sheet shows live text without the add-in.
 * Literals are cut at 250 characters (Excel's limit for a text constant in a formula is 255).
 */
export function paragraphFormula(segments: Segment[]): Formula | null {
  if (segments.every((s) => s.kind === "text")) return null;
  const parts: Formula[] = [];
  for (const s of segments) {
    if (s.kind === "text") {
      for (let i = 0; i < s.text.length; i += 250) parts.push(str(s.text.slice(i, i + 250)));
    } else if (s.bound.op === "sum") {
      parts.push(sumFormula(s.bound.ids));
    } else {
      const share = bin("*", bin("/", sumFormula(s.bound.num), sumFormula(s.bound.den)), num(100));
      // A rounded number joined to text reads in General format: 100, 58.3, 58.33, never 100.00 (TEXT's "0.##" would leave "100.").
      parts.push(call("IFERROR", bin("&", call("ROUND", share, num(PCT_DECIMALS)), str("%")), str("—")));
    }
  }
  return parts.reduce((acc, p) => bin("&", acc, p));
}
