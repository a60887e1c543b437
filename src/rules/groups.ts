import type { CellInfo } from "../format/layout";
import type { Snapshot } from "../workbook/snapshot";
import { VERDICT } from "./compile";
import { findingCell, isOwnFormula, type Finding, type FindingCell, type InstanceResult } from "./evaluate";

/**
 * Findings grouped by cause. One wrong value breaks every check that sums it: a total typed over
 * breaks its row's check and its column's; a wrong input breaks its column and the 总计 column.
 * Each balance check is linear in the cells it sums (a derived cell holding our formula stands for
 * its parts), so a cell explains a set of failed checks when one change δ of that cell lets all of
 * them hold (for some values of their blanks) and breaks none that holds. Groups are led by a typed-over derived cell first, then by
 * the cell explaining the most findings; when several cells explain the same findings equally, the
 * group names them all and leads with none.
 */
export interface FindingGroup {
  id: string;
  /** The cell that explains every finding of the group, when exactly one does. */
  lead: FindingCell | null;
  /** Why the lead explains them (zh-CN), e.g. “汇总单元格被改写为数值”. */
  reason: string;
  /** The value the lead would need for every finding of the group to hold. */
  fix: number | null;
  /** Several cells that each explain the group equally (no single lead). */
  candidates: FindingCell[];
  /** Finding keys, lead's own findings first. */
  findings: string[];
}

type Coefs = Map<string, number>;

/** diff = Σ coef·value over the cells a check really depends on (derived cells with our formula expanded). */
function coefsOf(snapshot: Snapshot, result: InstanceResult): Coefs {
  const out: Coefs = new Map();
  const add = (cell: CellInfo, k: number, depth: number) => {
    if (cell.sumOf && depth < 4 && isOwnFormula(snapshot, cell)) {
      for (const id of cell.sumOf) {
        const part = snapshot.model.cellById.get(id);
        if (part) add(part, k, depth + 1);
      }
      return;
    }
    out.set(cell.id, (out.get(cell.id) ?? 0) + k);
  };
  for (const c of result.instance.left) add(c, 1, 0);
  for (const c of result.instance.right) add(c, -1, 0);
  for (const [id, k] of out) if (k === 0) out.delete(id);
  return out;
}

const isTypedOver = (snapshot: Snapshot, cell: CellInfo) => {
  const raw = snapshot.values.get(cell.id);
  return !!cell.sumOf && !!raw && raw.type !== "blank" && !isOwnFormula(snapshot, cell);
};

interface Candidate {
  cell: CellInfo;
  typedOver: boolean;
  /** The one change that makes the group hold; null when blanks leave a range. */
  delta: number | null;
  explains: string[];
}

export function groupFindings(snapshot: Snapshot, results: InstanceResult[], findings: Finding[]): FindingGroup[] {
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const failed = results.filter(
    (r) =>
      r.evaluated &&
      r.diff !== null &&
      r.diff !== 0 &&
      r.instance.rule.form !== "input" &&
      r.verdict !== VERDICT.pass &&
      r.verdict !== VERDICT.unknown &&
      byKey.has(r.instance.key),
  );
  const groups: FindingGroup[] = [];
  const grouped = new Set<string>();
  if (failed.length > 0) {
    const failedCoefs = failed.map((r) => ({ r, coefs: coefsOf(snapshot, r) }));
    // Checks that hold: a cell in one of them cannot change without breaking it.
    const holding = new Set<string>();
    for (const r of results) {
      if (r.verdict !== VERDICT.pass || r.instance.rule.form === "input") continue;
      for (const id of coefsOf(snapshot, r).keys()) holding.add(id);
    }
    // Each cell of a failed check: the change that fixes that check, and which failed checks it fixes.
    const candidates = new Map<string, Candidate>();
    for (const { coefs } of failedCoefs) {
      for (const id of coefs.keys()) {
        if (candidates.has(id) || holding.has(id)) continue;
        const cell = snapshot.model.cellById.get(id);
        if (!cell) continue;
        // The changes δ of this cell for which each failed check it is in could hold (blanks only add).
        let lo = -Infinity;
        let hi = Infinity;
        const explains: string[] = [];
        for (const { r, coefs: other } of failedCoefs) {
          const k = other.get(id);
          if (!k) continue;
          const [a, b] = [((r.blanksLeft > 0 ? -Infinity : 0) - r.diff!) / k, ((r.blanksRight > 0 ? Infinity : 0) - r.diff!) / k];
          lo = Math.max(lo, Math.min(a, b));
          hi = Math.min(hi, Math.max(a, b));
          explains.push(r.instance.key);
        }
        const now = snapshot.values.get(id);
        const value = now?.type === "number" ? now.value : 0;
        // A count stays a whole number ≥ 0.
        if (cell.valueKind !== "signedCount") lo = Math.max(lo, -value);
        if (Math.ceil(lo - 1e-9) > hi + 1e-9) continue;
        const delta = lo === hi ? lo : null;
        candidates.set(id, { cell, typedOver: isTypedOver(snapshot, cell), delta, explains });
      }
    }
    const ranked = [...candidates.values()].sort((a, b) => Number(b.typedOver) - Number(a.typedOver) || b.explains.length - a.explains.length);
    for (const c of ranked) {
      if (c.explains.some((k) => grouped.has(k))) continue;
      // A single check is fixed by any of its cells: only a typed-over total names a cause there.
      if (!c.typedOver && c.explains.length < 2) continue;
      const same = ranked.filter((o) => o !== c && !o.typedOver && o.explains.length === c.explains.length && o.explains.every((k) => c.explains.includes(k)));
      const unique = c.typedOver || same.length === 0;
      const at = findingCell(snapshot, c.cell);
      // The cell's own findings join its group: F-1 (not a count), F-3 (a total typed over its formula).
      const own = unique ? findings.filter((f) => (f.rule === "F-1" || f.rule === "F-3") && f.cells.some((x) => x.id === c.cell.id)).map((f) => f.key) : [];
      const now = snapshot.values.get(c.cell.id);
      groups.push({
        id: `G${groups.length + 1}`,
        lead: unique ? at : null,
        reason: c.typedOver ? "汇总单元格的公式被数值覆盖" : unique ? "改动这一个单元格即可使本组各项同时成立" : "其中任一单元格改动后本组各项即可同时成立",
        fix: unique && c.delta !== null && now?.type === "number" ? now.value + c.delta : null,
        candidates: unique ? [] : [at, ...same.map((o) => findingCell(snapshot, o.cell))],
        findings: [...own, ...c.explains],
      });
      for (const k of [...own, ...c.explains]) grouped.add(k);
    }
  }
  // Every other finding is a group of its own.
  for (const f of findings) {
    if (grouped.has(f.key)) continue;
    groups.push({ id: `G${groups.length + 1}`, lead: null, reason: "", fix: null, candidates: [], findings: [f.key] });
  }
  for (const g of groups) for (const k of g.findings) byKey.get(k)!.group = g.id;
  return groups;
}

/** The zh-CN heading of a group of several findings (CLI and pane). */
export function groupHeading(group: FindingGroup): string {
  const n = group.findings.length;
  if (group.lead) {
    const fix = group.fix !== null ? `，应为 ${group.fix}` : "";
    return `同一原因的 ${n} 处问题：${group.lead.sheet} ${group.lead.address}（${group.reason}${fix}）`;
  }
  if (group.candidates.length)
    return `同一原因的 ${n} 处问题：${group.candidates.map((c) => `${c.sheet} ${c.address}`).join("、")} 中的一处（${group.reason}）`;
  return "";
}
