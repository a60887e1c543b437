/** A1 addressing helpers (1-based rows and columns). */

export function columnLetters(col: number): string {
  let n = col;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

export function parseA1(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(address.trim().toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** Quote a sheet name for use in a formula or defined name: '表三'!$D$5. */
export function sheetRef(sheet: string, row: number, col: number): string {
  return `'${sheet.replace(/'/g, "''")}'!$${columnLetters(col)}$${row}`;
}
