/** Reads one string from Next's searchParams (arrays take the first value; blanks are absent). */
export type RawSearchParams = Record<string, string | string[] | undefined>;

export function param(sp: RawSearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = Array.isArray(v) ? v[0] : v;
  const t = s?.trim();
  return t ? t : undefined;
}

/** Builds `path?query` from the defined, non-empty values. */
export function hrefWith(path: string, query: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `${path}?${s}` : path;
}
