/** Defined names are ASCII (HyperFormula rejects non-ASCII names): NB_ + the id with dots as underscores. */
export function definedName(cellId: string): string {
  return `NB_${cellId.replace(/\./g, "_")}`;
}

export function coverName(fieldKey: string): string {
  return `NB_cover_${fieldKey}`;
}
