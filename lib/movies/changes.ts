import type { Movie } from "./types";

/** A stored change to one movie: what the in-memory catalog and the index must follow. */
export type MovieChange = { kind: "upsert"; movie: Movie } | { kind: "delete"; id: number };
type MovieChangeListener = (change: MovieChange) => void;

// On globalThis: route handlers and server actions may load this module more than once per process.
const g = globalThis as { __movieChangeListeners?: Set<MovieChangeListener> };
const listeners = () => (g.__movieChangeListeners ??= new Set());

/**
 * The change feed: writers publish what they stored, the serving state subscribes. Other
 * replicas' writes arrive through the same feed from the catch-up poll.
 */
export function publishMovieChange(change: MovieChange): void {
  for (const listener of listeners()) listener(change);
}

export function onMovieChange(listener: MovieChangeListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
