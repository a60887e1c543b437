/**
 * A tiny formula syntax tree. Rules and derived cells are built as trees and unparsed,
 * never concatenated, so quoting and precedence are right by construction.
 */
export type Formula =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "name"; name: string }
  | { t: "call"; fn: string; args: Formula[] }
  | { t: "bin"; op: BinaryOp; l: Formula; r: Formula };

export type BinaryOp = "+" | "-" | "*" | "/" | "=" | ">=" | ">" | "<" | "&";

export const num = (v: number): Formula => ({ t: "num", v });
export const str = (v: string): Formula => ({ t: "str", v });
export const ref = (name: string): Formula => ({ t: "name", name });
export const call = (fn: string, ...args: Formula[]): Formula => ({ t: "call", fn, args });
export const bin = (op: BinaryOp, l: Formula, r: Formula): Formula => ({ t: "bin", op, l, r });

/** Text without the leading "="; invariant (English) function names, as Range.formulas expects. */
export function unparse(f: Formula): string {
  switch (f.t) {
    case "num":
      return f.v < 0 ? `(${f.v})` : String(f.v);
    case "str":
      return `"${f.v.replace(/"/g, '""')}"`;
    case "name":
      return f.name;
    case "call":
      return `${f.fn}(${f.args.map(unparse).join(",")})`;
    case "bin": {
      const side = (x: Formula) => (x.t === "bin" ? `(${unparse(x)})` : unparse(x));
      return `${side(f.l)}${f.op}${side(f.r)}`;
    }
  }
}

export function formulaText(f: Formula): string {
  return `=${unparse(f)}`;
}
