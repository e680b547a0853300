/**
 * The two 32-bit string hashes that identify a vocabulary word (FNV-1a, and a second,
 * independent multiply-xorshift hash), step by step so that callers can hash a token while
 * they read it or build its edit variants incrementally.
 */
export const FNV_INIT = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;
export const H2_INIT = 0x3c6ef372 | 0;
export const H2_PRIME = 0x5bd1e995 | 0;

/** FNV-1a hash of a string. */
export function fnv(s: string): number {
  let h = FNV_INIT;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
