import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createContext, runInContext } from "node:vm";
import type * as TS from "typescript";
import { compareVersions } from "../../src/host/capabilities";

/**
 * The Excel API as our users get it, from two sources:
 * - declared: @types/office-js, per class of the Excel and OfficeExtension namespaces, each member
 *   with the requirement set its documentation names ("[Api set: ExcelApi 1.9]");
 * - shipped: the office.js host files the build serves (node_modules/@microsoft/office-js/dist),
 *   evaluated in a sandbox: which members each class's prototype really has, per platform.
 * What the typings list is not necessarily in the library (RangeAreas.select is not).
 */

export const PLATFORMS = { win32: "excel-win32-16.01.js", mac: "excel-mac-16.00.js", web: "excel-web-16.00.js" } as const;
export type Platform = keyof typeof PLATFORMS;

export interface ApiSet {
  name: string;
  version: string;
}

export interface Surface {
  /** "Excel.Range" → member → its requirement set (null: none documented, i.e. the first). */
  declared: Record<string, Record<string, ApiSet | null>>;
  /** Which declared classes are classes (interfaces describe plain objects and are not in the library). */
  classes: string[];
  /** "Excel.Range" → the class it extends ("OfficeExtension.ClientObject"). */
  bases: Record<string, string>;
  /** Platform → "Excel.Range" → every member on the prototype chain (getters and methods). */
  shipped: Record<Platform, Record<string, string[]>>;
  /** Platform → file name, for messages. */
  files: Record<Platform, string>;
}

const DIST = dirname(require.resolve("@microsoft/office-js/dist/office.js"));
const TYPINGS = require.resolve("@types/office-js/index.d.ts");
const NAMESPACES = ["Excel", "OfficeExtension"];

/** "[Api set: ExcelApi 1.9]" (the first one named, e.g. "1.10 for string, 1.11 for …" gives 1.10). */
export function apiSetOf(text: string): ApiSet | null {
  const m = /\[Api set: (\w+) (\d+\.\d+)/.exec(text);
  return m ? { name: m[1], version: m[2] } : null;
}

function jsDocText(ts: typeof TS, node: TS.Node, source: TS.SourceFile): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((d) => d.getText(source))
    .join("\n");
}

function declaredSurface(): Pick<Surface, "declared" | "classes" | "bases"> {
  // Loaded only when the cache is cold: requiring TypeScript costs a test file a few hundred ms.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof TS;
  const source = ts.createSourceFile(TYPINGS, readFileSync(TYPINGS, "utf8"), ts.ScriptTarget.Latest, true);
  const declared: Surface["declared"] = {};
  const classes = new Set<string>();
  const bases: Surface["bases"] = {};
  for (const statement of source.statements) {
    if (!ts.isModuleDeclaration(statement) || !NAMESPACES.includes(statement.name.text) || !statement.body || !ts.isModuleBlock(statement.body)) continue;
    const ns = statement.name.text;
    for (const decl of statement.body.statements) {
      if (!(ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) || !decl.name) continue;
      const name = `${ns}.${decl.name.text}`;
      if (ts.isClassDeclaration(decl)) classes.add(name);
      const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression.getText(source);
      if (base) bases[name] = base.includes(".") ? base : `${ns}.${base}`;
      const classSet = apiSetOf(jsDocText(ts, decl, source));
      const members = (declared[name] ??= {});
      for (const m of decl.members) {
        const key = m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : null;
        if (!key) continue;
        const set = apiSetOf(jsDocText(ts, m, source)) ?? classSet;
        const known = members[key];
        // Overloads: the lowest set any of them needs.
        if (!(key in members) || (known && set && set.name === known.name && compareVersions(set.version, known.version) < 0)) members[key] = set;
      }
    }
  }
  return { declared, classes: [...classes], bases };
}

/** Evaluate an office.js host file in a bare sandbox and list each class's prototype chain. */
function shippedSurface(file: string): Record<string, string[]> {
  const sandbox: Record<string, unknown> = {
    console: { log() {}, warn() {}, error() {}, info() {} },
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    navigator: { userAgent: "node" },
    document: { getElementsByTagName: () => [], createElement: () => ({ setAttribute() {} }), addEventListener() {}, readyState: "complete" },
    location: { href: "https://localhost/", protocol: "https:", search: "", hash: "" },
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  sandbox.top = sandbox;
  sandbox.parent = sandbox;
  createContext(sandbox);
  runInContext(readFileSync(join(DIST, file), "utf8"), sandbox, { filename: file });
  const out: Record<string, string[]> = {};
  for (const ns of NAMESPACES) {
    const space = sandbox[ns] as Record<string, unknown> | undefined;
    if (!space) throw new Error(`${file} defines no ${ns} namespace`);
    for (const [key, value] of Object.entries(space)) {
      if (typeof value !== "function" || !value.prototype) continue;
      const names = new Set<string>();
      for (let p: object | null = value.prototype as object; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
        for (const n of Object.getOwnPropertyNames(p)) names.add(n);
      }
      out[`${ns}.${key}`] = [...names].sort();
    }
    // Namespace-level functions such as Excel.run.
    out[`${ns}.<namespace>`] = Object.keys(space)
      .filter((k) => typeof space[k] === "function")
      .sort();
  }
  return out;
}

let cached: Surface | null = null;

/** The surface, computed once per package versions (cached in the temp folder: typings parse in about 2 s). */
export function loadSurface(): Surface {
  if (cached) return cached;
  const version = (pkg: string) => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  const stamp = [version("@microsoft/office-js"), version("@types/office-js"), statSync(__filename).mtimeMs].join("-");
  const cacheFile = join(tmpdir(), "nianbao-office-surface", `${stamp}.json`);
  if (existsSync(cacheFile)) {
    cached = JSON.parse(readFileSync(cacheFile, "utf8")) as Surface;
    return cached;
  }
  const shipped = Object.fromEntries(Object.entries(PLATFORMS).map(([p, file]) => [p, shippedSurface(file)])) as Surface["shipped"];
  cached = { ...declaredSurface(), shipped, files: { ...PLATFORMS } };
  mkdirSync(dirname(cacheFile), { recursive: true });
  // Written aside and renamed: a parallel test worker never reads half a file.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cached));
  renameSync(tmp, cacheFile);
  return cached;
}

/** Whether the shipped library of this platform has the member on the class. */
export function shipped(surface: Surface, platform: Platform, className: string, member: string): boolean {
  return surface.shipped[platform][className]?.includes(member) ?? false;
}
