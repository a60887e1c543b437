import { PUNCTUATION, SYMBOL } from "./unicodeClasses";

// \p{…} spelled out: Office 2019's EdgeHTML webview cannot parse Unicode property escapes (ES2018).
// Used with String.replace only, where the shared lastIndex of a global regex does not matter.

/** Whitespace and punctuation (\s\p{P}). */
export const SPACE_PUNCT = new RegExp(`[\\s${PUNCTUATION}]`, "gu");
/** Whitespace, punctuation and ASCII digits (\s\p{P}\d). */
export const SPACE_PUNCT_DIGIT = new RegExp(`[\\s${PUNCTUATION}\\d]`, "gu");
/** Whitespace, punctuation and 即 (\s\p{P}即). */
export const SPACE_PUNCT_JI = new RegExp(`[\\s${PUNCTUATION}即]`, "gu");
/** Whitespace, punctuation and symbols (\s\p{P}\p{S}). */
export const SPACE_PUNCT_SYMBOL = new RegExp(`[\\s${PUNCTUATION}${SYMBOL}]`, "gu");
