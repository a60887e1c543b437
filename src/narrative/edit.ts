import { literal, type Segment } from "./model";

/**
 * Apply a free edit of a paragraph's text to its segments. Bound numbers whose text the edit left
 * untouched stay bound (and keep following their cells), wherever the words around them changed;
 * a bound number the user typed over becomes their words. `rendered` is each segment's current
 * text (renderSegments). Alignment is a character LCS: paragraphs are short.
 */
export function applyEdit(segments: Segment[], rendered: string[], newText: string): Segment[] {
  const oldText = rendered.join("");
  if (oldText === newText) return segments;
  const match = alignment(oldText, newText);

  const kept: { start: number; end: number; segment: Segment }[] = [];
  let at = 0;
  segments.forEach((s, i) => {
    const start = at;
    const end = at + rendered[i].length;
    at = end;
    if (s.kind !== "cell" || start === end) return;
    const first = match[start];
    // Kept only if every character survived, in one unbroken run.
    for (let k = start; k < end; k++) if (match[k] !== first + (k - start) || first < 0) return;
    // …and is not glued to new digits ("7" edited into "17" or "7.5" is the user's number now).
    const after = first + (end - start);
    if (/\d/.test(newText[first - 1] ?? "") || /\d/.test(newText[after] ?? "") || (newText[after] === "." && /\d/.test(newText[after + 1] ?? ""))) return;
    kept.push({ start: first, end: first + (end - start), segment: s });
  });

  const out: Segment[] = [];
  let cursor = 0;
  const pushText = (text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last?.kind === "text") out[out.length - 1] = literal(last.text + text);
    else out.push(literal(text));
  };
  for (const k of kept) {
    pushText(newText.slice(cursor, k.start));
    out.push(k.segment);
    cursor = k.end;
  }
  pushText(newText.slice(cursor));
  return out;
}

/** For each character of `a`, its index in `b` under a longest common subsequence, or -1. */
function alignment(a: string, b: string): number[] {
  const n = a.length;
  const m = b.length;
  const dp = new Int32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * (m + 1) + j] = a[i] === b[j] ? dp[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(dp[(i + 1) * (m + 1) + j], dp[i * (m + 1) + j + 1]);
    }
  }
  const out = new Array<number>(n).fill(-1);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out[i] = j;
      i++;
      j++;
    } else if (dp[(i + 1) * (m + 1) + j] >= dp[i * (m + 1) + j + 1]) i++;
    else j++;
  }
  return out;
}
