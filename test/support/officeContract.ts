import { relative } from "node:path";
import ts from "typescript";
import { compareVersions } from "../../src/host/capabilities";
import { apiSetOf, PLATFORMS, shipped, type ApiSet, type Platform, type Surface } from "./officeSurface";

/**
 * Every Excel API member a program uses, found by the TypeScript checker (so `areas.select()` is
 * RangeAreas.select, not just "select"), with the requirement set its declaration documents and the
 * set the code gates it on. Gates are the host's feature flags (interface ExcelFeatures in
 * src/host/capabilities.ts): a use inside `if (features.dataValidation) …`, after
 * `if (!features.dataValidation) return;`, or right of `features.rangeAreas && …` is gated on that
 * feature's set; anything else on the declared minimum.
 */

export interface ApiUse {
  file: string;
  line: number;
  /** The class the code calls it on, e.g. "Excel.RangeAreas" (the receiver's type). */
  receiver: string;
  /** The class (or interface) that declares it, e.g. "OfficeExtension.ClientObject". */
  declaredIn: string;
  member: string;
  kind: "class" | "interface";
  /** What the declaration documents; null: none (the first set). */
  needs: ApiSet | null;
  /** The features gating this use, and the set that makes them sure. */
  gates: string[];
  gatedOn: string;
}

export interface Violation {
  use: ApiUse;
  problem: string;
}

const NAMESPACES = new Set(["Excel", "OfficeExtension"]);

/** "Excel.Range" for a class or interface declared in the office-js typings' Excel or OfficeExtension namespace ("Excel.<namespace>" for Excel.run). */
function officeOwner(container: ts.Node | undefined): { name: string; kind: "class" | "interface" } | null {
  if (!container) return null;
  const inNamespace = (block: ts.Node) => {
    const ns = ts.isModuleBlock(block) ? block.parent : null;
    if (!ns || !ts.isModuleDeclaration(ns) || !NAMESPACES.has(ns.name.text) || !ts.isSourceFile(ns.parent)) return null;
    return /[\\/]@types[\\/]office-js[\\/]/.test(ns.parent.fileName) ? ns.name.text : null;
  };
  if (ts.isModuleBlock(container)) {
    const ns = inNamespace(container);
    return ns ? { name: `${ns}.<namespace>`, kind: "class" } : null;
  }
  if (!(ts.isClassDeclaration(container) || ts.isInterfaceDeclaration(container)) || !container.name) return null;
  const ns = inNamespace(container.parent);
  return ns ? { name: `${ns}.${container.name.text}`, kind: ts.isClassDeclaration(container) ? "class" : "interface" } : null;
}

function docSet(node: ts.Node): ApiSet | null {
  const sf = node.getSourceFile();
  return apiSetOf(
    ts
      .getJSDocCommentsAndTags(node)
      .map((d) => d.getText(sf))
      .join("\n"),
  );
}

/** Facts about feature flags that hold when `cond` is true (positive) or false (negative). */
function facts(cond: ts.Expression, isFeature: (e: ts.Expression) => string | null): { whenTrue: string[]; whenFalse: string[] } {
  const e = ts.skipPartiallyEmittedExpressions(cond);
  if (ts.isParenthesizedExpression(e)) return facts(e.expression, isFeature);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = facts(e.operand, isFeature);
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return { whenTrue: [...facts(e.left, isFeature).whenTrue, ...facts(e.right, isFeature).whenTrue], whenFalse: [] };
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    return { whenTrue: [], whenFalse: [...facts(e.left, isFeature).whenFalse, ...facts(e.right, isFeature).whenFalse] };
  }
  const feature = isFeature(e);
  return feature ? { whenTrue: [feature], whenFalse: [] } : { whenTrue: [], whenFalse: [] };
}

const exits = (s: ts.Statement): boolean =>
  ts.isReturnStatement(s) ||
  ts.isThrowStatement(s) ||
  ts.isContinueStatement(s) ||
  ts.isBreakStatement(s) ||
  (ts.isBlock(s) && s.statements.length > 0 && exits(s.statements[s.statements.length - 1]));

/** The features known to be present where `node` runs, from the conditions around it. */
function gatesAt(node: ts.Node, isFeature: (e: ts.Expression) => string | null): string[] {
  const found: string[] = [];
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      const f = facts(parent.expression, isFeature);
      found.push(...(child === parent.thenStatement ? f.whenTrue : f.whenFalse));
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      const f = facts(parent.condition, isFeature);
      found.push(...(child === parent.whenTrue ? f.whenTrue : f.whenFalse));
    } else if (ts.isBinaryExpression(parent) && child === parent.right) {
      if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) found.push(...facts(parent.left, isFeature).whenTrue);
      if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) found.push(...facts(parent.left, isFeature).whenFalse);
    }
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      // `if (!features.x) return;` earlier in the same block.
      for (const s of parent.statements) {
        if (s === child) break;
        if (ts.isIfStatement(s) && !s.elseStatement && exits(s.thenStatement)) found.push(...facts(s.expression, isFeature).whenFalse);
      }
    }
  }
  return [...new Set(found)];
}

/**
 * The Excel API uses in `files` (absolute paths within the program). `featureSets` maps each
 * ExcelFeatures flag to its requirement set; `minimum` is the set the add-in declares.
 */
export function excelApiUses(program: ts.Program, files: string[], featureSets: Record<string, string>, minimum: ApiSet, root: string): ApiUse[] {
  const checker = program.getTypeChecker();
  const isFeature = (e: ts.Expression): string | null => {
    if (!ts.isPropertyAccessExpression(e)) return null;
    const decl = checker.getSymbolAtLocation(e.name)?.declarations?.[0];
    const owner = decl?.parent;
    return owner && ts.isInterfaceDeclaration(owner) && owner.name.text === "ExcelFeatures" && e.name.text in featureSets ? e.name.text : null;
  };
  const gatedOn = (gates: string[]) => gates.map((g) => featureSets[g]).reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b), minimum.version);
  const uses: ApiUse[] = [];
  const record = (node: ts.Node, nameNode: ts.Node, member: string, memberSymbol: ts.Symbol | undefined, receiverType: ts.Type | null, declNode?: ts.Node) => {
    const decl = declNode ?? memberSymbol?.declarations?.[0];
    const owner = officeOwner(decl?.parent);
    if (!decl || !owner) return;
    const receiverClass = officeOwner(receiverType?.getSymbol()?.declarations?.[0]);
    const gates = gatesAt(node, isFeature);
    const sf = node.getSourceFile();
    uses.push({
      file: relative(root, sf.fileName),
      line: sf.getLineAndCharacterOfPosition(nameNode.getStart(sf)).line + 1,
      receiver: receiverClass?.name ?? owner.name,
      declaredIn: owner.name,
      member,
      kind: owner.kind,
      needs: docSet(decl) ?? docSet(decl.parent),
      gates,
      gatedOn: gatedOn(gates),
    });
  };
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`not in the program: ${file}`);
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        // A call's own overload documents its set (CommentCollection.add: 1.10 for text).
        const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : null;
        const signature = call ? checker.getResolvedSignature(call)?.declaration : undefined;
        record(
          node,
          node.name,
          node.name.text,
          symbol,
          checker.getTypeAtLocation(node.expression),
          signature && !ts.isJSDocSignature(signature) ? signature : undefined,
        );
      } else if (ts.isObjectLiteralExpression(node)) {
        // { allowFormatCells: true } passed where an Excel interface is expected.
        const contextual = checker.getContextualType(node);
        for (const p of node.properties) {
          if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || !contextual) continue;
          const prop = checker.getPropertyOfType(checker.getNonNullableType(contextual), p.name.text);
          if (prop) record(p, p.name, p.name.text, prop, null);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

/** What is wrong with each use: absent from a platform's office.js, or beyond the set it is gated on. */
export function violations(uses: ApiUse[], surface: Surface, minimum: ApiSet): Violation[] {
  const out: Violation[] = [];
  for (const use of uses) {
    const where = `${use.receiver === use.declaredIn ? use.receiver : `${use.receiver} (declared in ${use.declaredIn})`}.${use.member}`;
    if (use.kind === "class") {
      const missing = (Object.keys(PLATFORMS) as Platform[]).filter((p) => !shipped(surface, p, use.receiver, use.member));
      if (missing.length) out.push({ use, problem: `${where} is not in the office.js we ship (${missing.map((p) => surface.files[p]).join(", ")})` });
    }
    if (use.needs && use.needs.name !== minimum.name)
      out.push({ use, problem: `${where} needs ${use.needs.name} ${use.needs.version}, a set the add-in neither declares nor detects` });
    else if (use.needs && compareVersions(use.needs.version, use.gatedOn) > 0) {
      out.push({
        use,
        problem: `${where} needs ${use.needs.name} ${use.needs.version} but is gated on ${use.gatedOn}${use.gates.length ? ` (${use.gates.join(", ")})` : " (the declared minimum)"}`,
      });
    }
  }
  return out;
}

/** Members a fake class offers (its prototype chain) that the typings declare on its Excel class but a shipped platform file lacks. */
export function fakeViolations(fakes: Record<string, { prototype: object }>, surface: Surface): string[] {
  const out: string[] = [];
  for (const [cls, fake] of Object.entries(fakes)) {
    let declared: Record<string, unknown> = {};
    for (let c: string | undefined = cls; c; c = surface.bases[c]) declared = { ...surface.declared[c], ...declared };
    const offered = new Set<string>();
    for (let p: object | null = fake.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
      for (const name of Object.getOwnPropertyNames(p)) if (name !== "constructor" && name in declared) offered.add(name);
    }
    for (const name of offered) {
      const missing = (Object.keys(PLATFORMS) as Platform[]).filter((p) => !shipped(surface, p, cls, name));
      if (missing.length) out.push(`the fake's ${cls} offers ${name}, which ${missing.map((p) => surface.files[p]).join(", ")} lack`);
    }
  }
  return out;
}

/** Distinct members of the uses ("Excel.Range.select"), for the summary. */
export const distinctMembers = (uses: ApiUse[]) => [...new Set(uses.map((u) => `${u.receiver}.${u.member}`))].sort();
