import type { FormatModel } from "../format/layout";
import type { RawValue } from "./snapshot";

/**
 * 来自上年，待确认: the marks on cells filled from last year. A mark is the value that was
 * carried; once the cell holds something else the user has edited it, and the mark goes.
 */

export const COVER_MARK = "cover.";

/** True while the cell still holds exactly what was carried into it. */
function holdsCarried(carried: string, current: RawValue | string | undefined): boolean {
  if (typeof current === "string" || current === undefined) return (current ?? "").trim() === carried;
  return current.type === "number" && carried !== "" && current.value === Number(carried);
}

/** The marks still pending: for cells of this format whose value is still the carried one. */
export function pendingMarks(
  model: FormatModel,
  carried: Map<string, string> | undefined,
  values: Map<string, RawValue>,
  cover: Record<string, string>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, v] of carried ?? []) {
    if (id.startsWith(COVER_MARK)) {
      const key = id.slice(COVER_MARK.length);
      if (model.version.cover.some((f) => f.key === key) && holdsCarried(v, cover[key])) out.set(id, v);
    } else if (model.cellById.get(id)?.kind === "input" && holdsCarried(v, values.get(id))) {
      out.set(id, v);
    }
  }
  return out;
}
