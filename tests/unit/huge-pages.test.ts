import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { anonHugePagesMb } from "@/lib/log/process-memory";

// scripts/huge-pages.sh, which `npm start`, `npm run etl` and the other long-running scripts go
// through: glibc's malloc asks for transparent huge pages on large blocks unless GLIBC_TUNABLES says otherwise.
const ROOT = path.resolve(import.meta.dirname, "../..");
const WRAPPER = path.join(ROOT, "scripts/huge-pages.sh");
const THP_MODE = /\[(\w+)\]/.exec(fs.existsSync("/sys/kernel/mm/transparent_hugepage/enabled") ? fs.readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8") : "")?.[1];

/** Runs `script` in node through the wrapper, with GLIBC_TUNABLES as given (undefined: unset); its stdout. */
function throughWrapper(script: string, tunables: string | undefined): string {
  const env = { ...process.env };
  delete env.GLIBC_TUNABLES;
  if (tunables !== undefined) env.GLIBC_TUNABLES = tunables;
  const run = spawnSync("sh", [WRAPPER, process.execPath, "-e", script], { env, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trim();
}

const PRINT_TUNABLES = "process.stdout.write(JSON.stringify(process.env.GLIBC_TUNABLES ?? null))";

// A 256 MB typed array (its backing store comes from malloc), touched, then the process's huge pages.
const HUGE_PAGES_OF_A_BIG_ARRAY = `
const a = new Float64Array(32 * 1024 * 1024); a.fill(1);
const m = /AnonHugePages:\\s+(\\d+) kB/.exec(require("fs").readFileSync("/proc/self/smaps_rollup", "utf8"));
process.stdout.write(String(Math.round(Number(m[1]) / 1024)));`;

describe("scripts/huge-pages.sh", () => {
  it("asks glibc for huge pages when GLIBC_TUNABLES is unset, and keeps a value already set, even an empty one", () => {
    expect(JSON.parse(throughWrapper(PRINT_TUNABLES, undefined))).toBe("glibc.malloc.hugetlb=1");
    expect(JSON.parse(throughWrapper(PRINT_TUNABLES, "glibc.malloc.arena_max=2"))).toBe("glibc.malloc.arena_max=2");
    expect(JSON.parse(throughWrapper(PRINT_TUNABLES, ""))).toBe("");
  });

  // `npm start`'s server must be the process a service manager started and signals, not a shell's child.
  it("runs the command in place of the shell, with its arguments and exit code", () => {
    const script = "process.stdout.write(String(process.pid)); process.exit(Number(process.argv[1]))";
    const run = spawnSync("sh", [WRAPPER, process.execPath, "-e", script, "7"], { encoding: "utf8" });
    expect(run.status).toBe(7);
    expect(Number(run.stdout)).toBe(run.pid);
  });

  it.skipIf(THP_MODE !== "madvise" || !fs.existsSync("/proc/self/smaps_rollup"))(
    "puts a large malloc'd block in huge pages, and only when asked (kernel THP mode madvise)",
    () => {
      expect(Number(throughWrapper(HUGE_PAGES_OF_A_BIG_ARRAY, undefined))).toBeGreaterThanOrEqual(128);
      expect(Number(throughWrapper(HUGE_PAGES_OF_A_BIG_ARRAY, ""))).toBe(0);
    },
  );

  it("anonHugePagesMb reads this process's figure, and undefined for a process that does not exist", () => {
    if (fs.existsSync("/proc/self/smaps_rollup")) expect(anonHugePagesMb()).toBeGreaterThanOrEqual(0);
    expect(anonHugePagesMb(2 ** 30)).toBeUndefined();
  });
});
