#!/usr/bin/env node
/**
 * Install step (npm postinstall): rebuilds hnswlib-node's addon with `-O3 -march=native`.
 * hnswlib picks its distance kernels from the compiler's macros (hnswlib.h: __AVX__ -> USE_AVX,
 * __AVX512F__ -> USE_AVX512); the default build targets baseline x86-64 and gets SSE kernels only.
 *
 * It never fails the install: when the native build or its self-check fails (no compiler, no
 * python, an odd CPU), or HNSW_PORTABLE=1, the portable addon stays active and one line says why.
 * The active build is recorded in build/Release/simd-build.json (read by annAddonBuild() in
 * lib/reco/ann.ts); the portable addon is kept as build/Release/addon-portable.node.
 *
 * A -march=native addon runs only on CPUs with this machine's instruction set (elsewhere it dies
 * of SIGILL): never copy node_modules, or an image layer holding it, to another machine; run
 * `npm ci` there (or set HNSW_PORTABLE=1 when building an image for unknown hosts).
 *
 * usage: node scripts/build-native-ann.mjs [--package-dir DIR]   (default: the installed hnswlib-node)
 * env:   HNSW_PORTABLE=1 keeps the portable build; CXX/CC choose the compiler, as for node-gyp.
 */
import { execSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { addonApiModules, gypRebuild } from "./native-gyp.mjs";

const NATIVE_FLAGS = "-O3 -march=native";
const RECORD_FILE = "simd-build.json";
const PORTABLE_COPY = "addon-portable.node";
const ACTIVE = "addon.node";
const require = createRequire(import.meta.url);

const say = (line) => console.log(`hnswlib-node: ${line}`);
const sha256 = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** The record of the active addon, or undefined when absent or stale (addon.node rebuilt since). */
function readRecord(release) {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(release, RECORD_FILE), "utf8"));
    return record.sha256 === sha256(path.join(release, ACTIVE)) ? record : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(release, record) {
  const full = { ...record, sha256: sha256(path.join(release, ACTIVE)), arch: process.arch, cpu: os.cpus()[0]?.model?.trim() ?? "unknown", nodeAbi: process.versions.modules, builtAt: new Date().toISOString() };
  fs.writeFileSync(path.join(release, RECORD_FILE), JSON.stringify(full, null, 2) + "\n");
  return full;
}

/** Replaces addon.node by rename, so a running server keeps its mapped copy intact. */
function installAddon(from, release) {
  const tmp = path.join(release, `${ACTIVE}.${process.pid}.tmp`);
  fs.copyFileSync(from, tmp);
  fs.renameSync(tmp, path.join(release, ACTIVE));
}

/** Makes addon.node the portable build again (after an earlier native install) and keeps a copy of it. */
function restorePortable(release) {
  const copy = path.join(release, PORTABLE_COPY);
  if (readRecord(release)?.build !== "native") {
    fs.copyFileSync(path.join(release, ACTIVE), copy);
    return;
  }
  if (!fs.existsSync(copy)) throw new Error(`${PORTABLE_COPY} is missing: run \`npm rebuild hnswlib-node\`, then this script`);
  installAddon(copy, release);
}

/** Compiler macros for `flags`: which instruction sets hnswlib's headers will see. */
function compilerFeatures(flags) {
  const macros = execSync(`${process.env.CXX || "c++"} ${flags} -dM -E -x c++ /dev/null`, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const has = (m) => new RegExp(`#define ${m} `).test(macros);
  const features = [["__SSE4_2__", "sse4.2"], ["__AVX__", "avx"], ["__AVX2__", "avx2"], ["__FMA__", "fma"], ["__AVX512F__", "avx512f"]]
    .filter(([m]) => has(m))
    .map(([, name]) => name);
  const kernels = has("__AVX512F__") ? "avx512" : has("__AVX__") ? "avx" : has("__SSE__") ? "sse" : "scalar";
  return { features, kernels };
}

/** Builds the addon from a copy of the package's sources, so a failure leaves the installed one untouched. */
function buildNative(pkgDir, workDir) {
  fs.copyFileSync(path.join(pkgDir, "binding.gyp"), path.join(workDir, "binding.gyp"));
  fs.cpSync(path.join(pkgDir, "src"), path.join(workDir, "src"), { recursive: true });
  gypRebuild(workDir, NATIVE_FLAGS, [addonApiModules(pkgDir)]);
  return path.join(workDir, "build", "Release", ACTIVE);
}

/**
 * Loads the addon in a child process (a wrong instruction kills the child, not this script) and
 * checks that both spaces agree with an exact scan: distances to 1e-4 and recall@10 >= 0.99.
 */
const SELF_CHECK = `
const addon = { exports: {} };
process.dlopen(addon, process.argv[1]);
const { HierarchicalNSW } = addon.exports;
let seed = 7;
const rand = () => { seed = (seed + 0x6d2b79f5) >>> 0; let t = Math.imul(seed ^ (seed >>> 15), seed | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5; };
const dim = 394, n = 400, k = 10;
const points = Array.from({ length: n }, () => Array.from({ length: dim }, rand));
const dist = {
  l2: (a, b) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0),
  cosine: (a, b) => { let d = 0, na = 0, nb = 0; for (let i = 0; i < dim; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; } return 1 - d / Math.sqrt(na * nb); },
};
for (const space of ["l2", "cosine"]) {
  const index = new HierarchicalNSW(space, dim);
  index.initIndex({ maxElements: n, m: 16, efConstruction: 200, randomSeed: 42 });
  points.forEach((p, i) => index.addPoint(p, i));
  index.setEf(n);
  let hits = 0;
  for (let q = 0; q < 20; q++) {
    const query = points[q].map((x) => x + rand() * 0.1);
    const exact = points.map((p, i) => [dist[space](query, p), i]).sort((a, b) => a[0] - b[0]).slice(0, k);
    const got = index.searchKnn(query, k);
    got.neighbors.forEach((label, j) => {
      const want = dist[space](query, points[label]);
      if (Math.abs(got.distances[j] - want) > 1e-4 * Math.max(1, Math.abs(want))) throw new Error(space + " distance " + got.distances[j] + " != " + want);
    });
    hits += exact.filter(([, i]) => got.neighbors.includes(i)).length;
  }
  if (hits < 0.99 * 20 * k) throw new Error(space + " recall@10 " + hits / (20 * k));
}
`;

function selfCheck(addonFile) {
  const res = spawnSync(process.execPath, ["-e", SELF_CHECK, addonFile], { encoding: "utf8", timeout: 120_000 });
  if (res.status !== 0) {
    const cause = res.signal ? `killed by ${res.signal}` : `${res.stderr}`.split("\n").find((l) => /Error/.test(l)) ?? `exit ${res.status}`;
    throw new Error(`self-check: ${cause.trim()}`);
  }
}

function portableRecord(reason) {
  return { build: "portable", flags: "default", kernels: process.arch === "x64" ? "sse" : "scalar", features: [], reason };
}

function run(pkgDir) {
  const release = path.join(pkgDir, "build", "Release");
  if (!fs.existsSync(path.join(release, ACTIVE))) {
    say(`no compiled addon in ${release}; nothing to do`);
    return;
  }
  restorePortable(release);
  if (process.env.HNSW_PORTABLE === "1") {
    const record = writeRecord(release, portableRecord("HNSW_PORTABLE=1"));
    say(`portable build active (${record.kernels} kernels; HNSW_PORTABLE=1)`);
    return;
  }
  const started = Date.now();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hnswlib-native-"));
  try {
    const built = buildNative(pkgDir, workDir);
    selfCheck(built);
    installAddon(built, release);
    const { features, kernels } = compilerFeatures(NATIVE_FLAGS);
    writeRecord(release, { build: "native", flags: NATIVE_FLAGS, kernels, features });
    say(`native build active (${NATIVE_FLAGS}: ${features.join(", ") || "no x86 extensions"}; hnswlib ${kernels} kernels) in ${Math.round((Date.now() - started) / 1000)} s; this addon must not be copied to another machine`);
  } catch (err) {
    const reason = `native build failed: ${err.message.split("\n")[0]}`;
    const record = writeRecord(release, portableRecord(reason));
    say(`${reason}; keeping the portable build (${record.kernels} kernels). Set HNSW_PORTABLE=1 to skip the attempt.`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

try {
  const { values } = parseArgs({ options: { "package-dir": { type: "string" } } });
  run(values["package-dir"] ? path.resolve(values["package-dir"]) : path.dirname(path.dirname(require.resolve("hnswlib-node"))));
} catch (err) {
  // An install step must never fail the install: the addon already in place keeps working.
  say(`install step skipped: ${err.message.split("\n")[0]}`);
}
