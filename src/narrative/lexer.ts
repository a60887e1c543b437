/**
 * A word list (each word a regex source) matched over text as one alternation `(w1)|(w2)|…` would
 * be with the g flag: leftmost position first, and at one position the first listed word wins.
 * One big alternation tries every word at every character, which made N-1 the slowest rule; here
 * each word's possible first characters are read from its source once, and at a position only the
 * words that can start with its character are tried (one sticky regex per first character).
 */

interface Match {
  /** Index of the word in the list. */
  word: number;
  start: number;
  end: number;
}

type First = { chars: Set<string>; any: boolean; nullable: boolean };

const ANY: First = { chars: new Set(), any: true, nullable: false };
const DIGITS = "0123456789";

/** The characters a regex source can start a match with (any: cannot tell), and whether it can match empty. */
export function firstChars(source: string): First {
  let i = 0;
  const alt = (): First => {
    const out: First = { chars: new Set(), any: false, nullable: false };
    for (;;) {
      const seq = sequence();
      for (const c of seq.chars) out.chars.add(c);
      out.any ||= seq.any;
      out.nullable ||= seq.nullable;
      if (source[i] !== "|") return out;
      i++;
    }
  };
  const sequence = (): First => {
    const out: First = { chars: new Set(), any: false, nullable: true };
    while (i < source.length && source[i] !== "|" && source[i] !== ")") {
      const item = quantified();
      if (out.nullable) {
        for (const c of item.chars) out.chars.add(c);
        out.any ||= item.any;
        out.nullable = item.nullable;
      }
    }
    return out;
  };
  const quantified = (): First => {
    const a = atom();
    const q = source[i];
    if (q === "?" || q === "*") {
      i++;
      if (source[i] === "?") i++;
      return { ...a, nullable: true };
    }
    if (q === "+") {
      i++;
      if (source[i] === "?") i++;
      return a;
    }
    if (q === "{") {
      const m = /^\{(\d*)(,\d*)?\}\??/.exec(source.slice(i));
      if (m) {
        i += m[0].length;
        return { ...a, nullable: a.nullable || Number(m[1] || "0") === 0 };
      }
    }
    return a;
  };
  const atom = (): First => {
    const c = source[i];
    if (c === "(") {
      i++;
      let lookaround = false;
      if (source[i] === "?") {
        const head = source.slice(i, i + 3);
        if (head.startsWith("?:")) i += 2;
        else if (head.startsWith("?=") || head.startsWith("?!")) {
          i += 2;
          lookaround = true;
        } else if (head === "?<=" || head === "?<!") {
          i += 3;
          lookaround = true;
        } else return skipTo(ANY);
      }
      const inner = alt();
      if (source[i] === ")") i++;
      // A lookaround consumes nothing: it only narrows, so leaving it out keeps a superset.
      return lookaround ? { chars: new Set(), any: false, nullable: true } : inner;
    }
    if (c === "[") return charClass();
    if (c === "\\") {
      const e = source[i + 1];
      i += 2;
      if (e === "d") return { chars: new Set(DIGITS), any: false, nullable: false };
      if (e === "b" || e === "B") return { chars: new Set(), any: false, nullable: true };
      if (/[a-zA-Z0-9]/.test(e)) return { ...ANY };
      return { chars: new Set([e]), any: false, nullable: false };
    }
    if (c === "^" || c === "$") {
      i++;
      return { chars: new Set(), any: false, nullable: true };
    }
    i++;
    if (c === ".") return { ...ANY };
    return { chars: new Set([c]), any: false, nullable: false };
  };
  const charClass = (): First => {
    i++;
    const negated = source[i] === "^";
    if (negated) i++;
    const chars = new Set<string>();
    let any = negated;
    let first = true;
    while (i < source.length && (source[i] !== "]" || first)) {
      first = false;
      const c = source[i];
      if (c === "\\") {
        const e = source[i + 1];
        i += 2;
        if (e === "d") for (const d of DIGITS) chars.add(d);
        else if (/[a-zA-Z0-9]/.test(e)) any = true;
        else chars.add(e);
        continue;
      }
      i++;
      if (source[i] === "-" && source[i + 1] !== "]" && source[i + 1] !== undefined) {
        const to = source[i + 1] === "\\" ? source[i + 2] : source[i + 1];
        i += source[i + 1] === "\\" ? 3 : 2;
        const [a, b] = [c.charCodeAt(0), to.charCodeAt(0)];
        if (b - a > 512) any = true;
        else for (let k = a; k <= b; k++) chars.add(String.fromCharCode(k));
        continue;
      }
      chars.add(c);
    }
    i++;
    return { chars, any, nullable: false };
  };
  const skipTo = (f: First): First => {
    // An unusual group: skip it (balanced parentheses) and say "any".
    let depth = 1;
    while (i < source.length && depth > 0) {
      if (source[i] === "\\") i++;
      else if (source[i] === "(") depth++;
      else if (source[i] === ")") depth--;
      i++;
    }
    return { ...f };
  };
  const out = alt();
  return i < source.length ? { ...ANY } : out;
}

export interface WordMatcher {
  scan(text: string): Match[];
}

/** Compile a word list once (the vocabulary of a format version). */
export function wordMatcher(words: string[]): WordMatcher {
  const firsts = words.map(firstChars);
  const anyWords = firsts.flatMap((f, w) => (f.any || f.nullable ? [w] : []));
  const starts = new Set(firsts.flatMap((f) => [...f.chars]));
  const compile = (list: number[]) => (list.length ? { re: new RegExp(list.map((w) => `(${words[w]})`).join("|"), "y"), list } : null);
  const buckets = new Map<string, { re: RegExp; list: number[] } | null>();
  for (const c of starts) buckets.set(c, compile(firsts.flatMap((f, w) => (f.any || f.nullable || f.chars.has(c) ? [w] : []))));
  const fallback = compile(anyWords);
  return {
    scan(text: string): Match[] {
      const out: Match[] = [];
      let i = 0;
      while (i < text.length) {
        const bucket = buckets.has(text[i]) ? buckets.get(text[i]) : fallback;
        if (bucket) {
          bucket.re.lastIndex = i;
          const m = bucket.re.exec(text);
          if (m) {
            let g = 1;
            while (m[g] === undefined) g++;
            out.push({ word: bucket.list[g - 1], start: i, end: i + m[0].length });
            i += m[0].length || 1;
            continue;
          }
        }
        i++;
      }
      return out;
    },
  };
}
