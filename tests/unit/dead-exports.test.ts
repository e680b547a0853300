/**
 * No dead exports: every name a source file exports is imported by another file (source or
 * test), unless the framework or a runner is what imports it (Next.js page, layout and route
 * conventions, config files). Read with the TypeScript parser from the source itself.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths";
import { listSources, resolveImport } from "../support/sources";

const SOURCE_FOLDERS = ["app", "components", "lib", "db", "etl", "tools", "scripts"];
/** Files Next.js loads by convention, and the names it reads from them. */
const NEXT_FILE = /^app\/(.*\/)?(page|layout|route|not-found|error|global-error|loading|template|default)\.tsx?$/;
const NEXT_EXPORTS = new Set(["default", "metadata", "generateMetadata", "generateStaticParams", "viewport", "dynamic", "revalidate", "runtime", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);


const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

const hasExport = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

interface Scan {
  /** What each source file exports, by name. */
  exported: Map<string, Set<string>>;
  /** "file#name" for every name some other file imports; "file#*" for a whole-module import. */
  used: Set<string>;
}

function scan(): Scan {
  const rootFiles = fs
    .readdirSync(ROOT)
    .filter((n) => /\.tsx?$/.test(n) && !n.endsWith(".d.ts"))
    .map((n) => path.join(ROOT, n));
  // Root-level files (next.config.ts, instrumentation.ts, proxy.ts...) and tests only import.
  const sources = [...SOURCE_FOLDERS.flatMap((f) => listSources(path.join(ROOT, f))), ...listSources(path.join(ROOT, "tests")), ...rootFiles];
  const exported = new Map<string, Set<string>>();
  const used = new Set<string>();
  for (const file of sources) {
    const me = rel(file);
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const names = new Set<string>();
    const use = (spec: string, name: string) => {
      const target = resolveImport(file, spec);
      if (target && target !== me) used.add(`${target}#${name}`);
    };
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const spec = st.moduleSpecifier.text;
        const clause = st.importClause;
        if (!clause) use(spec, "*");
        else {
          if (clause.name) use(spec, "default");
          const nb = clause.namedBindings;
          if (nb && ts.isNamespaceImport(nb)) use(spec, "*");
          else if (nb) for (const el of nb.elements) use(spec, (el.propertyName ?? el.name).text);
        }
      } else if (ts.isExportDeclaration(st)) {
        const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        if (!st.exportClause) {
          if (spec) use(spec, "*");
        } else if (ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) {
            names.add(el.name.text);
            if (spec) use(spec, (el.propertyName ?? el.name).text);
          }
        }
      } else if (ts.isExportAssignment(st)) names.add("default");
      else if (hasExport(st)) {
        if (isDefault(st)) names.add("default");
        else if (ts.isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
        } else if ("name" in st && st.name && ts.isIdentifier(st.name as ts.Node)) names.add((st.name as ts.Identifier).text);
      }
    }
    // import("x") and vi.mock-free dynamic loads count as whole-module uses.
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0]))
        use(n.arguments[0].text, "*");
      ts.forEachChild(n, visit);
    };
    visit(sf);
    if (me.includes("/") && !me.startsWith("tests/")) exported.set(me, names);
  }
  return { exported, used };
}

describe("dead exports", () => {
  const { exported, used } = scan();

  it("reads the exports and imports of the project", () => {
    expect(exported.get("lib/errors.ts")).toEqual(new Set(["FieldIssue", "fieldIssues", "InvalidInputError", "NotFoundError", "UnavailableError"]));
    expect(used.has("lib/errors.ts#NotFoundError")).toBe(true);
  });

  it("every export is imported somewhere else (or read by the framework)", () => {
    const dead: string[] = [];
    for (const [file, names] of exported) {
      if (used.has(`${file}#*`)) continue;
      for (const name of names) {
        if (NEXT_FILE.test(file) && NEXT_EXPORTS.has(name)) continue;
        if (!used.has(`${file}#${name}`)) dead.push(`${file}: ${name}`);
      }
    }
    expect(dead.sort()).toEqual([]);
  });
});
