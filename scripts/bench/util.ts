/** Small helpers shared by the benchmark steps: seeded RNG, percentiles, RSS, logging. */
import fs from "node:fs";
import os from "node:os";
import { procMemoryMb } from "@/lib/log/process-memory";
import { randomFloats } from "@/tools/random";

export { randomFloats };


/** `n` distinct items drawn with a seeded generator (partial Fisher-Yates on a copy). */
export function sample<T>(items: readonly T[], n: number, rand: () => number): T[] {
  const a = items.slice();
  const m = Math.min(n, a.length);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, m);
}

/** Nearest-rank percentile of an unsorted list (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = Float64Array.from(values).sort();
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank];
}

export const mean = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

export const selfRssMb = () => Math.round(process.memoryUsage.rss() / 2 ** 20);

/** VmRSS of a process in MB (Linux /proc), or undefined when it has gone. */
export const procRssMb = (pid: number): number | undefined => procMemoryMb(pid, "status", "VmRSS");

/** Children of a process (Linux /proc/<pid>/task/<pid>/children). */
function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** RSS of a process and all its descendants, in MB. */
export function treeRssMb(pid: number): number {
  let total = procRssMb(pid) ?? 0;
  for (const c of childPids(pid)) total += treeRssMb(c);
  return total;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export const round = (x: number, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
