import fs from "node:fs";

/** A "Name:  N kB" figure of a Linux /proc file of a process, in MB; undefined where /proc does not tell (gone, not Linux). */
export function procMemoryMb(pid: number | "self", file: "status" | "smaps_rollup", field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/${file}`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * MB of a process's anonymous memory held in transparent huge pages. Non-zero when the process
 * started under scripts/huge-pages.sh on a kernel with THP "always" or "madvise": how an operator
 * sees that the graph got huge pages.
 */
export function anonHugePagesMb(pid: number | "self" = "self"): number | undefined {
  return procMemoryMb(pid, "smaps_rollup", "AnonHugePages");
}
