import { bareLabel, resultPath, type Table3 } from "./table3";
import {
  APPLICANT_TYPES,
  CLOSED_WORDING,
  EXTENSION_WORDING,
  FALLBACK_APPLICANT_COLUMN,
  GENERIC_ORG_TYPES,
  NAME_SUGGESTIONS,
  NO_EXTENSION_WORDING,
  NO_WORDING,
  normalise,
  OPEN_WORDING,
  RESULT_WORDING,
  YES_WORDING,
} from "./vocabulary";

/** Classifiers compiled once per format: wording (data) matched against the format's own rows and columns. */

interface Phrase<K> {
  key: K;
  text: string;
  /** Too short to find inside other words (the format's "3.其他"): matches only the whole text. */
  exactOnly: boolean;
}

interface Hit<K> {
  key: K;
  start: number;
  end: number;
}

/** Every phrase found in `text`, less those inside a longer hit (不予以公开 hides 予以公开). */
function hits<K>(phrases: Phrase<K>[], text: string): Hit<K>[] {
  const found: Hit<K>[] = [];
  for (const p of phrases) {
    if (p.exactOnly) {
      if (text === p.text) found.push({ key: p.key, start: 0, end: text.length });
      continue;
    }
    for (let i = text.indexOf(p.text); i >= 0; i = text.indexOf(p.text, i + 1)) found.push({ key: p.key, start: i, end: i + p.text.length });
  }
  return found.filter((h) => !found.some((o) => o !== h && o.end - o.start > h.end - h.start && o.start <= h.start && o.end >= h.end));
}

export type Classified<T> = { ok: true; value: T; notice?: string } | { ok: false; reason: string };

export class ResultClassifier {
  private readonly phrases: Phrase<string>[] = [];
  private readonly memo = new Map<string, Classified<string>>();

  constructor(private readonly t3: Table3) {
    for (const node of t3.results.values()) {
      const text = normalise(bareLabel(node.label));
      this.phrases.push({ key: node.key, text, exactOnly: text.length < 3 });
    }
    for (const w of RESULT_WORDING) {
      // The first of the keys this year's format has: 逾期未补正 is （六）1 in 2021, （六）其他处理 in 2019.
      const key = w.rows.find((k) => t3.results.has(k));
      if (key === undefined) continue;
      for (const p of w.phrases) this.phrases.push({ key, text: normalise(p), exactOnly: false });
    }
  }

  /** The result row of 办理结果 (plus its 具体情形 column); 区分处理 counts only under （二）部分公开. */
  classify(resultText: string, partial: boolean): Classified<string> {
    const text = normalise(resultText);
    const memoKey = `${partial ? 1 : 0}|${text}`;
    const known = this.memo.get(memoKey);
    if (known) return known;
    const out = this.decide(text, partial, resultText);
    this.memo.set(memoKey, out);
    return out;
  }

  private decide(text: string, partial: boolean, shown: string): Classified<string> {
    if (partial) return { ok: true, value: "partial" };
    const keys = new Set(hits(this.phrases, text).map((h) => h.key));
    if (keys.has("partial")) return { ok: true, value: "partial" };
    // A group named together with one of its own items is that item.
    for (const k of [...keys]) {
      const node = this.t3.results.get(k);
      if (node && node.leaves.length && node.leaves.some((l) => keys.has(l))) keys.delete(k);
    }
    const list = [...keys];
    if (list.length === 0) return { ok: false, reason: `办理结果“${shown}”不在词表中，无法对应到表三的行` };
    if (list.length > 1) return { ok: false, reason: `办理结果“${shown}”同时像${list.map((k) => `“${resultPath(this.t3, k)}”`).join("和")}，无法确定` };
    const node = this.t3.results.get(list[0]);
    if (node && node.leaves.length) {
      return {
        ok: false,
        reason: `办理结果“${shown}”只写了“${node.label}”，未写明具体情形（${node.leaves.map((l) => this.t3.results.get(l)?.label ?? l).join("；")}）`,
      };
    }
    return { ok: true, value: list[0] };
  }
}

export interface NameSuggestion {
  column: string;
  why: string;
}

export type ApplicantVerdict =
  | { kind: "column"; column: string; notice?: string }
  | { kind: "suggestion"; suggestion: NameSuggestion; reason: string }
  | { kind: "unknown"; reason: string };

export class ApplicantClassifier {
  private readonly phrases: Phrase<string>[] = [];
  private readonly generic: Set<string>;
  private readonly names = NAME_SUGGESTIONS.map((s) => ({ ...s, re: new RegExp(s.pattern, "u") }));

  constructor(private readonly t3: Table3) {
    for (const [column, words] of Object.entries(APPLICANT_TYPES)) {
      if (!t3.columns.has(column)) throw new Error(`申请人类型词表引用了表三没有的列 ${column}`);
      const label = t3.columns.get(column);
      for (const w of label ? [label, ...words] : words) this.phrases.push({ key: column, text: normalise(w), exactOnly: false });
    }
    this.generic = new Set(GENERIC_ORG_TYPES.map(normalise));
  }

  label(column: string): string {
    return this.t3.columns.get(column) ?? column;
  }

  suggest(name: string): NameSuggestion | null {
    const n = normalise(name).replace(/[()（）]/g, "");
    if (n === "") return null;
    const hit = this.names.find((s) => s.re.test(n));
    return hit ? { column: hit.column, why: hit.why } : null;
  }

  classify(typeText: string, name: string): ApplicantVerdict {
    const t = normalise(typeText);
    const suggestionFor = (missing: string): ApplicantVerdict => {
      const s = this.suggest(name);
      if (s) return { kind: "suggestion", suggestion: s, reason: `${missing}；按名称“${name}”建议计入“${this.label(s.column)}”（${s.why}），待确认` };
      return { kind: "unknown", reason: `${missing}${name ? `，名称“${name}”也看不出类型` : ""}` };
    };
    if (t === "") return suggestionFor("申请人类型未填写");
    if (this.generic.has(t)) {
      const s = this.suggest(name);
      if (s && s.column !== "natural") return suggestionFor(`申请人类型只写了“${typeText}”`);
      return {
        kind: "column",
        column: FALLBACK_APPLICANT_COLUMN,
        notice: `申请人类型“${typeText}”未说明组织类别，计入“${this.label(FALLBACK_APPLICANT_COLUMN)}”`,
      };
    }
    const found = hits(this.phrases, t);
    const longest = Math.max(0, ...found.map((h) => h.end - h.start));
    const columns = new Set(found.filter((h) => h.end - h.start === longest).map((h) => h.key));
    if (columns.size === 1) return { kind: "column", column: [...columns][0] };
    if (columns.size > 1)
      return { kind: "unknown", reason: `申请人类型“${typeText}”同时像${[...columns].map((c) => `“${this.label(c)}”`).join("和")}，无法确定` };
    return { kind: "column", column: FALLBACK_APPLICANT_COLUMN, notice: `申请人类型“${typeText}”不在词表中，计入“${this.label(FALLBACK_APPLICANT_COLUMN)}”` };
  }
}

const yes = new Set(YES_WORDING.map(normalise));
const no = new Set(NO_WORDING.map(normalise));

/** 是 / 否 as registers write them; null when the cell says something else. */
export function readYesNo(text: string): boolean | null {
  const t = normalise(text);
  if (t === "" || no.has(t)) return false;
  if (yes.has(t)) return true;
  return null;
}

const openWords = OPEN_WORDING.map(normalise);
export const saysOpen = (text: string): boolean => {
  const t = normalise(text);
  return t !== "" && openWords.some((w) => t.includes(w));
};

const extensionWords = EXTENSION_WORDING.map(normalise);
const noExtensionWords = NO_EXTENSION_WORDING.map(normalise);
export const saysExtended = (text: string): boolean => {
  const t = normalise(text);
  return extensionWords.some((w) => t.includes(w)) && !noExtensionWords.some((w) => t.includes(w));
};

const closedWords = CLOSED_WORDING.map(normalise);
export const saysClosed = (text: string): boolean => {
  const t = normalise(text);
  return !saysOpen(text) && closedWords.some((w) => t.includes(w));
};
