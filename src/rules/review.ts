import { displayRaw, type Snapshot } from "../workbook/snapshot";
import type { Finding } from "./evaluate";

/**
 * A 说明 stays with its finding. An accepted 提示 keeps its 说明 while the finding's cells and their
 * values are unchanged; when they change, the 说明 shows as 需重新确认 and blocks export until it is
 * confirmed again. What a 说明 was written for (its basis) is stored beside it in _nianbao.
 */

/** 32-bit FNV-1a, as 8 hex digits: a short, stable digest to store beside the 说明. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** What a finding is about: its cells and their values, its figures; a finding without cells, its text. */
export function findingBasis(snapshot: Snapshot, f: Finding): string {
  const cells = f.cells.map((c) => {
    const raw = snapshot.values.get(c.id);
    return `${c.id}=${raw ? `${raw.type}:${displayRaw(raw)}` : ""}`;
  });
  const parts = [f.key, ...cells, `${f.left ?? ""}|${f.right ?? ""}|${f.diff ?? ""}`];
  if (f.cells.length === 0) parts.push(f.message);
  return digest(parts.join("\n"));
}

/** Attach each accepted 提示's 说明; one written for other cells or values is kept but must be confirmed again. */
export function attachExplanations(snapshot: Snapshot, findings: Finding[]): void {
  for (const f of findings) {
    if (f.severity !== "warning") continue;
    const note = snapshot.explanations.get(f.key);
    if (!note) continue;
    f.explanation = note;
    // A 说明 stored without a basis (by an earlier version) is taken as written for what it sees now.
    const basis = snapshot.explanationBasis?.get(f.key);
    if (basis !== undefined && basis !== findingBasis(snapshot, f)) f.reconfirm = true;
  }
}
