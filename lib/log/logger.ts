import pino from "pino";

type LogGlobal = { __moviesLogger?: pino.Logger };
const g = globalThis as LogGlobal;

/** One JSON-lines logger per process (pino: fast, structured, a well-kept standard). */
export function logger(): pino.Logger {
  g.__moviesLogger ??= pino({ level: process.env.LOG_LEVEL || "info", base: { service: "movies" } });
  return g.__moviesLogger;
}
