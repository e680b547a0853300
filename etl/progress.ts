import cliProgress from "cli-progress";

export interface Progress {
  update(value: number, total?: number): void;
  stop(): void;
}

/** A progress bar on a terminal; plain lines (every 10%) when output is a file or CI log. */
export function createProgress(label: string, total: number, unit = "rows"): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label.padEnd(14)} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(1, total), 0);
    return {
      update: (value, newTotal) => {
        if (newTotal) bar.setTotal(newTotal);
        bar.update(value);
      },
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  let max = Math.max(1, total);
  return {
    update(value, newTotal) {
      if (newTotal) max = Math.max(1, newTotal);
      const decile = Math.floor((value / max) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${Math.min(100, decile * 10)}% (${value}/${max} ${unit})\n`);
      }
    },
    stop() {},
  };
}
