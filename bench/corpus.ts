import type { FormatModel } from "../src/format/layout";
import { formatForYear } from "../src/format/registry";
import { derivedFormula } from "../src/rules/compile";
import { formulaText } from "../src/rules/formula";
import type { WorkbookData } from "../src/host/port";
import { planToXlsx } from "../src/host/xlsx";
import { readXlsx } from "../test/support/read";
import { planFor } from "../src/workbook/operations";
import { isOurFormula } from "../src/workbook/plan";
import { sheetsToRead } from "../src/workbook/read";
import type { RawValue } from "../src/workbook/snapshot";
import { consistentValues, inject, INJECTIONS, rng, type Injection } from "../test/support/generate";
import { inflateRawSync } from "node:zlib";
import { deflateEntry, readZip, writeZip, type ZipEntry } from "./zip";

/**
 * Fast corpus of filled Nianbao workbooks. Building each one through ExcelJS costs ~100 ms, so
 * instead one workbook per year is built through the real path (plan + ExcelJS) and then, per
 * value set, only the statutory cells of the table sheets are rewritten in the sheet XML and
 * the zip re-packed. `checkCorpus` proves the result reads back identically to a real build.
 */

export const ORG = "基准测试局";

export interface CorpusSpec {
  year: number;
  seed: number;
  injection: Injection | null;
}

/** The i-th workbook of the standard corpus: alternating 2023 (2021 format) and 2020 (2019 format), 2 in 3 with one bad input. */
export function corpusSpec(i: number): CorpusSpec {
  return { year: i % 2 === 0 ? 2023 : 2020, seed: 10_000 + i, injection: i % 3 === 0 ? null : INJECTIONS[i % INJECTIONS.length] };
}

export function valuesFor(model: FormatModel, spec: CorpusSpec): Map<string, RawValue> {
  const r = rng(spec.seed);
  const values = consistentValues(model, r);
  if (spec.injection) inject(model, values, spec.injection, r);
  return values;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function cellXml(address: string, style: string, raw: RawValue): string {
  const open = `<c r="${address}"${style}`;
  switch (raw.type) {
    case "blank":
      return `${open}/>`;
    case "number":
      return `${open}><v>${raw.value}</v></c>`;
    case "text":
      return `${open} t="inlineStr"><is><t xml:space="preserve">${esc(raw.value)}</t></is></c>`;
    case "boolean":
      return `${open} t="b"><v>${raw.value ? 1 : 0}</v></c>`;
    case "error":
      return `${open} t="e"><v>${esc(raw.value)}</v></c>`;
    case "formula": {
      // As planToXlsx writes it: the formula, with its cached result when that is a plain value.
      const f = `<f>${esc(raw.formula.replace(/^=/, ""))}</f>`;
      const r = raw.result;
      if (r.type === "number") return `${open}>${f}<v>${r.value}</v></c>`;
      if (r.type === "text") return `${open} t="str">${f}<v>${esc(r.value)}</v></c>`;
      if (r.type === "boolean") return `${open} t="b">${f}<v>${r.value ? 1 : 0}</v></c>`;
      return `${open}>${f}</c>`;
    }
  }
}

interface Slot {
  id: string;
  address: string;
  style: string;
  original: string;
  /** For derived cells: the formula the plan would put back. */
  formula: string | null;
}

interface SheetTemplate {
  entryIndex: number;
  /** Text between slots: gaps[0] slot[0] gaps[1] slot[1] … gaps[n]. */
  gaps: string[];
  slots: Slot[];
}

interface Template {
  model: FormatModel;
  entries: ZipEntry[];
  sheets: SheetTemplate[];
}

function sheetEntryNames(entries: ZipEntry[], read: (name: string) => string): Map<string, string> {
  const workbook = read("xl/workbook.xml");
  const rels = read("xl/_rels/workbook.xml.rels");
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)) targets.set(m[1], m[2]);
  for (const m of rels.matchAll(/<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"/g)) targets.set(m[2], m[1]);
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)) {
    const target = targets.get(m[2])!;
    const path = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
    if (!entries.some((e) => e.name === path)) throw new Error(`sheet ${m[1]}: no entry ${path}`);
    out.set(m[1].replace(/&amp;/g, "&"), path);
  }
  return out;
}

async function buildTemplate(year: number): Promise<Template> {
  const { plan, model } = planFor({ year, orgName: ORG }, null);
  const entries = readZip(await planToXlsx(plan));
  const read = (name: string) => {
    const e = entries.find((x) => x.name === name)!;
    return (e.method === 8 ? inflateRawSync(e.compressed) : e.compressed).toString("utf8");
  };
  const paths = sheetEntryNames(entries, read);
  const bySheet = new Map<string, typeof model.cells>();
  for (const cell of model.cells) (bySheet.get(cell.sheet) ?? bySheet.set(cell.sheet, []).get(cell.sheet)!).push(cell);
  const sheets: SheetTemplate[] = [];
  for (const [sheet, cells] of bySheet) {
    const path = paths.get(sheet)!;
    const xml = read(path);
    const found: (Slot & { start: number; end: number })[] = [];
    for (const cell of cells) {
      const start = xml.indexOf(`<c r="${cell.address}"`);
      if (start < 0) throw new Error(`${sheet}!${cell.address} not in template`);
      const gt = xml.indexOf(">", start);
      const end = xml[gt - 1] === "/" ? gt + 1 : xml.indexOf("</c>", gt) + 4;
      const original = xml.slice(start, end);
      const style = / s="\d+"/.exec(xml.slice(start, gt))?.[0] ?? "";
      const f = cell.kind === "formula" ? formulaText(derivedFormula(cell)!) : null;
      found.push({ id: cell.id, address: cell.address, style, original, formula: f, start, end });
    }
    found.sort((a, b) => a.start - b.start);
    const gaps: string[] = [];
    let at = 0;
    for (const s of found) {
      gaps.push(xml.slice(at, s.start));
      at = s.end;
    }
    gaps.push(xml.slice(at));
    sheets.push({ entryIndex: entries.findIndex((e) => e.name === path), gaps, slots: found.map(({ start: _s, end: _e, ...slot }) => slot) });
  }
  return { model, entries, sheets };
}

/** What buildPlan writes in a statutory cell (see tableSheet in src/workbook/plan.ts). */
function slotXml(slot: Slot, typed: RawValue | undefined): string {
  if (slot.formula !== null) {
    const keepTyped = typed && typed.type !== "blank" && !(typed.type === "formula" && isOurFormula(typed.formula, slot.formula));
    return keepTyped ? cellXml(slot.address, slot.style, typed) : slot.original;
  }
  return cellXml(slot.address, slot.style, typed ?? { type: "blank" });
}

function render(t: Template, values: Map<string, RawValue>): Buffer {
  const entries = [...t.entries];
  for (const s of t.sheets) {
    let xml = s.gaps[0];
    s.slots.forEach((slot, i) => (xml += slotXml(slot, values.get(slot.id)) + s.gaps[i + 1]));
    entries[s.entryIndex] = deflateEntry(t.entries[s.entryIndex].name, Buffer.from(xml, "utf8"));
  }
  return writeZip(entries);
}

export class Corpus {
  private templates = new Map<number, Promise<Template>>();

  private template(year: number) {
    let t = this.templates.get(year);
    if (!t) this.templates.set(year, (t = buildTemplate(year)));
    return t;
  }

  /** A filled .xlsx as `nianbao build` would write it for this spec (cover/meta from the year's template). */
  async workbook(spec: CorpusSpec): Promise<Buffer> {
    const t = await this.template(spec.year);
    return render(t, valuesFor(t.model, spec));
  }

  /** The same workbook through the real build path (slow). */
  static async built(spec: CorpusSpec): Promise<Buffer> {
    const model = formatForYear(spec.year);
    const { plan } = planFor({ year: spec.year, orgName: ORG, values: valuesFor(model, spec) }, null);
    return planToXlsx(plan);
  }
}

function dataJson(data: WorkbookData): string {
  return JSON.stringify({
    sheets: data.sheets.map((s) => ({ ...s, cells: [...s.cells].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) })),
    names: data.names,
  });
}

/**
 * Check the fast corpus against real builds: for each year and each injection kind (plus a clean
 * set), the patched workbook must read back exactly as the ExcelJS-built one. Throws on a mismatch.
 */
export async function checkCorpus(corpus: Corpus): Promise<number> {
  const specs: CorpusSpec[] = [];
  for (const year of [2023, 2020]) for (const injection of [null, ...INJECTIONS]) specs.push({ year, seed: 77 + specs.length, injection });
  for (const spec of specs) {
    const [fast, real] = await Promise.all([corpus.workbook(spec), Corpus.built(spec)]);
    const a = dataJson(await readXlsx(fast, sheetsToRead()));
    const b = dataJson(await readXlsx(real, sheetsToRead()));
    if (a !== b) throw new Error(`corpus workbook differs from a real build for ${JSON.stringify(spec)}`);
  }
  return specs.length;
}
