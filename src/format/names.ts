/** Defined names are ASCII (HyperFormula rejects non-ASCII names): NB_ + the id with dots as underscores. */
export function definedName(cellId: string): string {
  return `NB_${cellId.replace(/\./g, "_")}`;
}

export function coverName(fieldKey: string): string {
  return `NB_cover_${fieldKey}`;
}

export function cellIdFromName(name: string): string | null {
  const m = /^NB_(t[234]_[A-Za-z0-9_]+)$/.exec(name);
  return m ? m[1].replace(/_/g, ".") : null;
}
