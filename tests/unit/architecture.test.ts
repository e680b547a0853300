/**
 * The project's dependency directions and file sizes, read from the source itself: every
 * import (static, dynamic, re-export, require; type-only ones too) of every .ts/.tsx file,
 * resolved through the `@/` alias and relative paths to the project file it names.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths";
import { listSources, resolveImport } from "../support/sources";

/** The folders scanned (tests may import anything and are not scanned). */
const SOURCE_FOLDERS = ["app", "components", "lib", "db", "etl", "tools", "scripts"] as const;
/** Files longer than this are to be split into parts with one job each. */
const MAX_LINES = 500;
/** For each folder, the folders it must never import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  lib: ["app", "components", "etl", "tools", "scripts"],
  db: ["lib", "app", "components", "etl", "tools", "scripts"],
  etl: ["app", "components", "tools", "scripts"],
  components: ["app", "etl", "tools", "scripts"],
  app: ["etl", "tools", "scripts"],
};
/** Only these may import tools/ (the server never loads the offline tools). */
const MAY_IMPORT_TOOLS = new Set(["tools", "scripts", "tests"]);

interface SourceFile {
  /** Path relative to the project root, with forward slashes. */
  rel: string;
  lines: number;
  /** Project files it imports (relative paths); packages are left out. */
  imports: string[];
}

function readSources(): SourceFile[] {
  const files = [
    ...SOURCE_FOLDERS.flatMap((f) => listSources(path.join(ROOT, f))),
    // root-level modules (instrumentation.ts, next.config.ts, proxy.ts...)
    ...fs
      .readdirSync(ROOT)
      .filter((n) => /\.tsx?$/.test(n) && !n.endsWith(".d.ts"))
      .map((n) => path.join(ROOT, n)),
  ];
  return files.map((file) => {
    const text = fs.readFileSync(file, "utf8");
    const info = ts.preProcessFile(text, true, true);
    const imports = info.importedFiles.map((f) => resolveImport(file, f.fileName)).filter((r): r is string => r !== null);
    return { rel: path.relative(ROOT, file).split(path.sep).join("/"), lines: text.split("\n").length, imports };
  });
}

/** Top-level folder of a project path ("." for a root-level file). */
const topFolder = (rel: string): string => (rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : ".");

/** Folder graph: an edge a -> b when a file of a imports a file of b (edges inside a folder left out). */
function folderGraph(files: readonly SourceFile[], folderOf: (rel: string) => string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const from = folderOf(f.rel);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const imp of f.imports) {
      const to = folderOf(imp);
      if (to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** The cycles of a graph: its strongly connected components of two or more nodes (Tarjan), sorted. */
function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a.join().localeCompare(b.join()));
}

const sources = readSources();
const libSubfolders = (rel: string) => (rel.startsWith("lib/") ? rel.split("/").slice(0, 2).join("/") : topFolder(rel));

/** "file -> import" for every import from folder `from` into one of `to`. */
function importsBetween(from: string, to: readonly string[]): string[] {
  return sources
    .filter((f) => topFolder(f.rel) === from)
    .flatMap((f) => f.imports.filter((i) => to.includes(topFolder(i))).map((i) => `${f.rel} -> ${i}`));
}

describe("architecture", () => {
  it("reads the whole project", () => {
    const folders = new Set(sources.map((f) => topFolder(f.rel)));
    for (const f of ["app", "components", "lib", "db", "etl", "tools", "scripts"]) expect(folders).toContain(f);
    expect(sources.find((f) => f.rel === "lib/search/title-index.ts")?.imports).toContain("lib/search/normalize.ts");
  });

  it.each(Object.entries(FORBIDDEN))("%s imports none of its forbidden folders", (from, to) => {
    expect(importsBetween(from, to)).toEqual([]);
  });

  it("only tools, scripts and tests import tools/", () => {
    const offenders = sources
      .filter((f) => !MAY_IMPORT_TOOLS.has(topFolder(f.rel)))
      .flatMap((f) => f.imports.filter((i) => topFolder(i) === "tools").map((i) => `${f.rel} -> ${i}`));
    expect(offenders).toEqual([]);
  });

  it("components reach no database code, directly or through lib (pages fetch, components render)", () => {
    const byRel = new Map(sources.map((f) => [f.rel, f]));
    // db/schema.ts is table declarations (the column limits the zod schemas follow), not database access.
    const reachesDb = (rel: string, seen: Set<string>): boolean => {
      if (topFolder(rel) === "db" && rel !== "db/schema.ts") return true;
      if (seen.has(rel)) return false;
      seen.add(rel);
      return (byRel.get(rel)?.imports ?? []).some((i) => reachesDb(i, seen));
    };
    const offenders = sources.filter((f) => topFolder(f.rel) === "components" && reachesDb(f.rel, new Set())).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it("has no cycle between top-level folders", () => {
    expect(findCycles(folderGraph(sources, topFolder))).toEqual([]);
  });

  it("has no cycle between lib's folders (lib/movies publishes changes, lib/catalog and lib/reco follow them)", () => {
    expect(findCycles(folderGraph(sources, libSubfolders))).toEqual([]);
  });

  it("lib/movies, lib/catalog and lib/reco throw domain errors, never the HTTP layer's (lib/api/errors.ts)", () => {
    const domain = ["lib/movies/", "lib/catalog/", "lib/reco/", "lib/search/"];
    const offenders = sources
      .filter((f) => domain.some((d) => f.rel.startsWith(d)))
      .flatMap((f) => f.imports.filter((i) => i === "lib/api/errors.ts" || i === "lib/api/http.ts").map((i) => `${f.rel} -> ${i}`));
    expect(offenders).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines (tests and migrations aside)`, () => {
    expect(sources.filter((f) => f.lines > MAX_LINES).map((f) => f.rel)).toEqual([]);
  });
});

describe("findCycles", () => {
  const graph = (edges: string) => {
    const g = new Map<string, Set<string>>();
    for (const e of edges.split(" ").filter(Boolean)) {
      const [a, b] = e.split(">");
      if (!g.has(a)) g.set(a, new Set());
      if (!g.has(b)) g.set(b, new Set());
      g.get(a)!.add(b);
    }
    return g;
  };

  it("finds every cycle, and none in a layered graph", () => {
    expect(findCycles(graph("app>lib lib>db app>db components>lib"))).toEqual([]);
    expect(findCycles(graph("app>components components>app lib>db db>lib app>lib"))).toEqual([
      ["app", "components"],
      ["db", "lib"],
    ]);
    expect(findCycles(graph("a>b b>c c>a c>d"))).toEqual([["a", "b", "c"]]);
  });

  it("works on subfolder graphs (lib/movies <-> lib/reco)", () => {
    const files: SourceFile[] = [
      { rel: "lib/movies/queries.ts", lines: 1, imports: ["lib/reco/runtime.ts", "db/client.ts"] },
      { rel: "lib/reco/runtime.ts", lines: 1, imports: ["lib/movies/types.ts"] },
      { rel: "lib/movies/types.ts", lines: 1, imports: [] },
    ];
    expect(findCycles(folderGraph(files, libSubfolders))).toEqual([["lib/movies", "lib/reco"]]);
    expect(findCycles(folderGraph(files, topFolder))).toEqual([]);
  });
});
