import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { annAddonBuild, createAnnIndex, readAnnIndex, type AnnIndex } from "@/lib/reco/ann";
import { randomFloats } from "@/tools/random";
import { cosine } from "@/lib/reco/cosine";

// The install step (scripts/build-native-ann.mjs) and the two addons it leaves in place:
// addon.node (native when it could be built) and addon-portable.node.
const ROOT = path.resolve(import.meta.dirname, "../..");
const INSTALL_STEP = path.join(ROOT, "scripts/build-native-ann.mjs");
const PACKAGE = path.dirname(path.dirname(createRequire(import.meta.url).resolve("hnswlib-node")));
const RELEASE = path.join(PACKAGE, "build/Release");
const ACTIVE = path.join(RELEASE, "addon.node");
// Without the install step (npm ci --ignore-scripts) the active addon is hnswlib-node's own portable build.
const PORTABLE = fs.existsSync(path.join(RELEASE, "addon-portable.node")) ? path.join(RELEASE, "addon-portable.node") : ACTIVE;

type Hnswlib = typeof import("hnswlib-node");
type Space = "cosine" | "l2";

function loadAddon(file: string): Hnswlib {
  const mod = { exports: {} };
  process.dlopen(mod, file);
  return mod.exports as Hnswlib;
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

const DIM = 394; // the real feature vectors' size: not a multiple of 16, so the SIMD residual kernels run
const N = 600;
const K = 10;
const rand = randomFloats(11);
const points = Array.from({ length: N }, () => Array.from({ length: DIM }, () => rand() - 0.5));
const queries = points.slice(0, 30).map((p) => p.map((x) => x + (rand() - 0.5) * 0.2));

const distance: Record<Space, (a: number[], b: number[]) => number> = {
  l2: (a, b) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0),
  cosine: (a, b) => 1 - cosine(Float32Array.from(a), Float32Array.from(b)),
};

/** Builds an index of `points`, searches it exhaustively (ef = N) and compares with an exact scan. */
function expectExactNeighbours(index: AnnIndex, space: Space) {
  points.forEach((p, i) => index.addPoint(p, i));
  index.setEf(N);
  for (const query of queries) {
    const exact = points.map((p, i) => ({ label: i, d: distance[space](query, p) })).sort((a, b) => a.d - b.d).slice(0, K);
    const got = index.searchKnn(query, K);
    expect(got.neighbors).toEqual(exact.map((e) => e.label));
    got.distances.forEach((d, j) => expect(d).toBeCloseTo(exact[j].d, 3));
  }
}

function newIndex(lib: Hnswlib, space: Space): AnnIndex {
  const index = new lib.HierarchicalNSW(space, DIM);
  index.initIndex({ maxElements: N, m: 16, efConstruction: 200, randomSeed: 42 });
  return index;
}

describe("hnswlib-node builds", () => {
  it("the engine's addon (loaded by lib/reco/ann.ts) gives the exact neighbours", () => {
    expectExactNeighbours(createAnnIndex(DIM, N, { M: 16, efConstruction: 200, efSearch: N }), "cosine");
  });

  for (const [name, file] of [["active", ACTIVE], ["portable", PORTABLE]] as const) {
    it(`the ${name} addon gives the exact neighbours in both spaces`, () => {
      const lib = loadAddon(file);
      for (const space of ["cosine", "l2"] as const) expectExactNeighbours(newIndex(lib, space), space);
    });
  }

  it("keeps labels of 2^31 and above (the published nodes') through add, search, delete, write and read", async () => {
    const index = createAnnIndex(DIM, N, { M: 16, efConstruction: 200, efSearch: N });
    const labels = points.slice(0, 50).map((_, i) => (i % 2 ? 2 ** 31 + i : 2_000_000_000 + i));
    labels[49] = 2 ** 32 - 1;
    points.slice(0, 50).forEach((p, i) => index.addPoint(p, labels[i]));
    expect(index.searchKnn(points[49], 1).neighbors).toEqual([2 ** 32 - 1]);
    index.markDelete(2 ** 31 + 1);
    const file = path.join(os.tmpdir(), `labels-${process.pid}.hnsw`);
    index.writeIndexSync(file);
    const back = await readAnnIndex(file, DIM, N);
    fs.rmSync(file);
    expect(back.getIdsList().sort((a, b) => a - b)).toEqual(labels.slice().sort((a, b) => a - b));
    expect(back.searchKnn(points[3], 1).neighbors).toEqual([2 ** 31 + 3]);
    expect(back.searchKnn(points[1], 1).neighbors).not.toEqual([2 ** 31 + 1]);
  });

  it("reports which build is active, and why when it is the portable one", () => {
    const build = annAddonBuild();
    expect(build.build).not.toBe("unknown");
    expect(build.summary.startsWith(build.build)).toBe(true);
    if (build.build === "native") expect(build.kernels).toMatch(/^(avx512|avx|sse|scalar)$/);
    else expect(build.reason).toBeTruthy();
  });
});

describe("install step (scripts/build-native-ann.mjs)", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A scratch copy of the package whose active addon is recorded as a native build. */
  function packageWithNativeActive(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hnswlib-copy-"));
    dirs.push(dir);
    fs.cpSync(PACKAGE, dir, { recursive: true });
    const release = path.join(dir, "build/Release");
    fs.copyFileSync(PORTABLE, path.join(release, "addon-portable.node"));
    // Any other file stands in for the native addon: the step must put the portable one back.
    fs.writeFileSync(path.join(release, "addon.node"), "not the portable addon");
    const record = { build: "native", flags: "-O3 -march=native", kernels: "avx", features: ["avx"], sha256: sha256(path.join(release, "addon.node")) };
    fs.writeFileSync(path.join(release, "simd-build.json"), JSON.stringify(record));
    return dir;
  }

  function runInstallStep(dir: string, env: Record<string, string>) {
    const { HNSW_PORTABLE: _ignored, ...rest } = process.env;
    return spawnSync(process.execPath, [INSTALL_STEP, "--package-dir", dir], { env: { ...rest, ...env }, encoding: "utf8", timeout: 120_000 });
  }

  function expectPortableActive(dir: string) {
    const release = path.join(dir, "build/Release");
    expect(sha256(path.join(release, "addon.node"))).toBe(sha256(PORTABLE));
    const record = JSON.parse(fs.readFileSync(path.join(release, "simd-build.json"), "utf8"));
    expect(record.build).toBe("portable");
    expect(record.sha256).toBe(sha256(path.join(release, "addon.node")));
    expectExactNeighbours(newIndex(loadAddon(path.join(release, "addon.node")), "cosine"), "cosine");
    return record;
  }

  it("exits 0 with the portable addon active and one clear line when the compiler fails", () => {
    const dir = packageWithNativeActive();
    const res = runInstallStep(dir, { CXX: "/bin/false", CC: "/bin/false" });
    expect(res.status).toBe(0);
    const lines = res.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hnswlib-node: native build failed: .+; keeping the portable build/);
    expect(expectPortableActive(dir).reason).toMatch(/^native build failed: /);
  });

  it("HNSW_PORTABLE=1 puts the portable addon back without compiling", () => {
    const dir = packageWithNativeActive();
    const res = runInstallStep(dir, { HNSW_PORTABLE: "1", CXX: "/bin/false" });
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toMatch(/^hnswlib-node: portable build active \(\w+ kernels; HNSW_PORTABLE=1\)$/);
    expect(expectPortableActive(dir).reason).toBe("HNSW_PORTABLE=1");
  });

  it("exits 0 when there is no package to rebuild", () => {
    const res = runInstallStep(path.join(os.tmpdir(), "no-such-hnswlib-node"), {});
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^hnswlib-node: no compiled addon in .*; nothing to do/);
  });
});
