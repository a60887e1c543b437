import type { CellInfo, FormatModel } from "../../src/format/layout";
import type { RawValue } from "../../src/workbook/snapshot";

/** Seeded PRNG (mulberry32), so a failing value set can be replayed from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

const num = (value: number): RawValue => ({ type: "number", value });

/** A filled-in report whose tables reconcile: every rule passes. Values are by cell id. */
export function consistentValues(model: FormatModel, r: Rng): Map<string, RawValue> {
  const values = new Map<string, RawValue>();
  const small = () => (r.chance(0.5) ? 0 : r.int(1, 30));
  for (const cell of model.cells) {
    if (cell.kind !== "input") continue;
    if (cell.tableKey === "t2") {
      if (cell.valueKind === "amount") values.set(cell.id, num(r.int(0, 5_000_000) / 100));
      else if (cell.valueKind === "signedCount") values.set(cell.id, num(r.int(-10, 10)));
      else values.set(cell.id, num(small()));
    }
  }
  const t3 = model.tables.find((t) => t.key === "t3")!;
  const inputColumns = [...new Set(t3.cells.filter((c) => c.kind === "input").map((c) => c.columnKey))];
  for (const col of inputColumns) {
    const inCol = t3.cells.filter((c) => c.columnKey === col && c.kind === "input");
    const results = inCol.filter((c) => !["new", "carried", "carriedNext"].includes(c.rowKey));
    let total = 0;
    for (const c of results) {
      const v = r.chance(0.6) ? 0 : r.int(1, 25);
      values.set(c.id, num(v));
      total += v;
    }
    const carriedNext = r.int(0, 10);
    const carried = r.int(0, total + carriedNext);
    values.set(`t3.carriedNext.${col}`, num(carriedNext));
    values.set(`t3.carried.${col}`, num(carried));
    values.set(`t3.new.${col}`, num(total + carriedNext - carried));
  }
  for (const cell of model.cells) if (cell.tableKey === "t4" && cell.kind === "input") values.set(cell.id, num(small()));
  return values;
}

export const INJECTIONS = [
  "sum",
  "fullWidth",
  "unit",
  "spaces",
  "numberAsText",
  "blank",
  "negative",
  "decimal",
  "typedOverTotal",
  "errorValue",
  "formula",
  "junkText",
  "boolean",
] as const;
export type Injection = (typeof INJECTIONS)[number];

/** Apply one kind of bad input to a random cell of the right sort; returns the cell touched. */
export function inject(model: FormatModel, values: Map<string, RawValue>, kind: Injection, r: Rng): CellInfo {
  const counts = model.cells.filter((c) => c.kind === "input" && c.valueKind === "count");
  const cell = kind === "typedOverTotal" ? r.pick(model.cells.filter((c) => c.kind === "formula")) : r.pick(counts);
  const current = values.get(cell.id);
  const v = current?.type === "number" ? current.value : 3;
  const set = (raw: RawValue) => values.set(cell.id, raw);
  switch (kind) {
    case "sum":
      set(num(v + r.pick([-2, -1, 1, 2, 5])));
      if (v === 0) set(num(r.int(1, 4)));
      break;
    case "fullWidth":
      set({ type: "text", value: String(v + 1).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) });
      break;
    case "unit":
      set({ type: "text", value: `${v}${r.pick(["件", "条", "项"])}` });
      break;
    case "spaces":
      set({ type: "text", value: ` ${v} ` });
      break;
    case "numberAsText":
      set({ type: "text", value: String(v) });
      break;
    case "blank":
      set({ type: "blank" });
      break;
    case "negative":
      set(num(-r.int(1, 9)));
      break;
    case "decimal":
      set(num(v + 0.5));
      break;
    case "typedOverTotal":
      set(num(r.int(0, 99)));
      break;
    case "errorValue":
      set({ type: "error", value: "#N/A" });
      break;
    case "formula":
      set({ type: "formula", formula: `=${v}+0`, result: num(v) });
      break;
    case "junkText":
      set({ type: "text", value: r.pick(["无", "不适用", "—", "abc", "见说明"]) });
      break;
    case "boolean":
      set({ type: "boolean", value: true });
      break;
  }
  return cell;
}
