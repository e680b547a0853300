import fs from "node:fs";

/**
 * MB of a process's anonymous memory held in transparent huge pages (Linux), or undefined where
 * /proc does not tell. Non-zero when the process started under scripts/huge-pages.sh on a kernel
 * with THP "always" or "madvise": how an operator sees that the graph got huge pages.
 */
export function anonHugePagesMb(pid: number | "self" = "self"): number | undefined {
  try {
    const m = /AnonHugePages:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
