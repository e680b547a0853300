/** An absolute POSIX path (not the tail of a URL or of a relative path): each segment up to the last. */
const ABSOLUTE_PATH = /(?<![\w.~/:-])\/(?:[^\s'"`/;,()]+\/)*([^\s'"`/;,()]+)\/?/g;

/**
 * Text for clients without the server's absolute paths: each becomes `…/` plus its last
 * segment ("index.hnsw in …/20260101-abcd does not match"). Log the full text server-side.
 */
export function withoutPaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, "…/$1");
}
