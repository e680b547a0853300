#!/usr/bin/env node
/**
 * Install step (npm postinstall, after build-native-ann.mjs): compiles the parallel HNSW index
 * builder (native/hnsw-build, used by etl/ann-builder.ts) against the hnswlib headers that ship in
 * hnswlib-node, with `-O3 -march=native`, else with the portable `-O3` (HNSW_PORTABLE=1: portable
 * only, as for hnswlib-node). Each build is self-checked in a child process before it is installed.
 *
 * It never fails the install: when neither build compiles or passes, the addon is removed, the
 * record says why, and the ETL builds the index on one thread with hnswlib-node (one log line).
 * Record: build/Release/hnsw-build.json beside build/Release/hnsw_build.node, e.g.
 * {"build":"native","flags":"-O3 -march=native"} or {"build":"none","reason":"..."}.
 * Like hnswlib-node's native build, a -march=native addon must not be copied to another machine.
 *
 * usage: node scripts/build-hnsw-builder.mjs [--source-dir DIR]   (default: native/hnsw-build)
 * env:   HNSW_PORTABLE=1 skips -march=native; CXX/CC choose the compiler, as for node-gyp.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { addonApiModules, gypRebuild } from "./native-gyp.mjs";

const ADDON = "hnsw_build.node";
const RECORD_FILE = "hnsw-build.json";
const SOURCES = ["binding.gyp", "hnsw_build.cc"];
const require = createRequire(import.meta.url);

const say = (line) => console.log(`hnsw-build: ${line}`);

/**
 * Loads the addon in a child process (a wrong instruction kills the child, not this script),
 * builds 600 points with two threads in two batches, reads the file back with hnswlib-node
 * (space "cosine") and checks that every point finds itself, labels of 2^31 and up included.
 */
const SELF_CHECK = `
const fs = require("node:fs"), os = require("node:os"), path = require("node:path");
const addon = { exports: {} };
process.dlopen(addon, process.argv[1]);
const { Builder } = addon.exports;
const { HierarchicalNSW } = require(process.argv[2]);
let seed = 7;
const rand = () => { seed = (seed + 0x6d2b79f5) >>> 0; let t = Math.imul(seed ^ (seed >>> 15), seed | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5; };
const dim = 394, n = 600, half = 300;
const points = Float32Array.from({ length: n * dim }, rand);
const labels = Uint32Array.from({ length: n }, (_, i) => 2 ** 31 + i);
const file = path.join(os.tmpdir(), "hnsw-build-check-" + process.pid + ".hnsw");
(async () => {
  const builder = new Builder(dim, half, 16, 100, 42);
  await builder.addBatch(points.subarray(0, half * dim), labels.subarray(0, half), 2);
  await builder.addBatch(points.subarray(half * dim), labels.subarray(half), 2);
  await builder.writeIndex(file);
  const index = new HierarchicalNSW("cosine", dim);
  await index.readIndex(file);
  index.setEf(n);
  if (index.getCurrentCount() !== n) throw new Error("read back " + index.getCurrentCount() + " points, not " + n);
  for (let i = 0; i < n; i += 7) {
    const got = index.searchKnn(Array.from(points.subarray(i * dim, (i + 1) * dim)), 1);
    if (got.neighbors[0] !== labels[i] || Math.abs(got.distances[0]) > 1e-4) throw new Error("point " + i + " found " + got.neighbors[0] + " at " + got.distances[0]);
  }
})().then(() => fs.rmSync(file, { force: true }), (err) => { fs.rmSync(file, { force: true }); console.error("Error: " + err.message); process.exit(1); });
`;

function selfCheck(addonFile) {
  const res = spawnSync(process.execPath, ["-e", SELF_CHECK, addonFile, require.resolve("hnswlib-node")], { encoding: "utf8", timeout: 120_000 });
  if (res.status !== 0) {
    const cause = res.signal ? `killed by ${res.signal}` : `${res.stderr}`.split("\n").find((l) => /Error/.test(l)) ?? `exit ${res.status}`;
    throw new Error(`self-check: ${cause.trim()}`);
  }
}

/** Compiles a copy of the sources in a scratch folder, so a failure leaves the installed addon be. */
function build(sourceDir, flags) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hnsw-build-"));
  try {
    for (const f of SOURCES) fs.copyFileSync(path.join(sourceDir, f), path.join(workDir, f));
    const hnswlibModules = path.dirname(path.dirname(require.resolve("hnswlib-node/package.json")));
    gypRebuild(workDir, flags, [addonApiModules(path.join(hnswlibModules, "hnswlib-node")), hnswlibModules]);
    const built = path.join(workDir, "build", "Release", ADDON);
    selfCheck(built);
    const kept = path.join(os.tmpdir(), `hnsw-build-${process.pid}-${Date.now()}.node`);
    fs.copyFileSync(built, kept);
    return kept;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Puts the addon in place by rename, so an ETL running with the old one keeps its mapped copy. */
function install(from, release) {
  const tmp = path.join(release, `${ADDON}.${process.pid}.tmp`);
  fs.copyFileSync(from, tmp);
  fs.renameSync(tmp, path.join(release, ADDON));
}

function writeRecord(release, record) {
  fs.writeFileSync(path.join(release, RECORD_FILE), JSON.stringify({ ...record, nodeAbi: process.versions.modules, builtAt: new Date().toISOString() }, null, 2) + "\n");
}

function run(sourceDir) {
  if (!SOURCES.every((f) => fs.existsSync(path.join(sourceDir, f)))) {
    say(`no sources in ${sourceDir}; nothing to do`);
    return;
  }
  const release = path.join(sourceDir, "build", "Release");
  fs.mkdirSync(release, { recursive: true });
  const portable = process.env.HNSW_PORTABLE === "1";
  const attempts = [...(portable ? [] : [["native", "-O3 -march=native"]]), ["portable", "-O3"]];
  const failures = [];
  const started = Date.now();
  for (const [kind, flags] of attempts) {
    try {
      const built = build(sourceDir, flags);
      install(built, release);
      fs.rmSync(built, { force: true });
      const reason = failures.length ? failures.join("; ") : portable ? "HNSW_PORTABLE=1" : undefined;
      writeRecord(release, { build: kind, flags, reason });
      say(`${kind} build active (${flags}) in ${Math.round((Date.now() - started) / 1000)} s${reason ? `; ${reason}` : ""}`);
      return;
    } catch (err) {
      failures.push(`${kind} build failed: ${err.message.split("\n")[0]}`);
    }
  }
  fs.rmSync(path.join(release, ADDON), { force: true });
  const reason = failures.join("; ");
  writeRecord(release, { build: "none", reason });
  say(`not built (${reason}); the ETL will build the HNSW index on one thread with hnswlib-node`);
}

try {
  const { values } = parseArgs({ options: { "source-dir": { type: "string" } } });
  run(path.resolve(values["source-dir"] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "native", "hnsw-build")));
} catch (err) {
  // An install step must never fail the install: the ETL falls back to the one-thread build.
  say(`install step skipped: ${err.message.split("\n")[0]}`);
}
