/**
 * The profile as stored in localStorage and exported as JSON (version 1). Checked by hand, not
 * with zod: zod's object schemas probe `new Function` when built, which the site's CSP (no
 * 'unsafe-eval') reports as a violation on every page the profile buttons are on.
 */
export interface Profile {
  version: 1;
  likes: number[];
  dislikes: number[];
  /** "Not interested". */
  hidden: number[];
  seen: number[];
  /** Titles of the ids above, for showing the profile without asking the server. */
  titles: Record<string, string>;
}

/** Ids per list a profile may hold (the server is sent the latest few thousand). */
const PROFILE_LIST_MAX = 20_000;
const LISTS = ["likes", "dislikes", "hidden", "seen"] as const;

const isId = (x: unknown) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 2_147_483_647;

/** The profile in `json`, or why it is not one. Missing lists are empty. */
export function parseProfile(json: unknown): { ok: true; profile: Profile } | { ok: false; error: string } {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, error: "not a JSON object" };
  const o = json as Record<string, unknown>;
  if (o.version !== undefined && o.version !== 1) return { ok: false, error: `version ${String(o.version)} is not 1` };
  const profile: Profile = { version: 1, likes: [], dislikes: [], hidden: [], seen: [], titles: {} };
  for (const key of LISTS) {
    const list = o[key] ?? [];
    if (!Array.isArray(list) || list.length > PROFILE_LIST_MAX || !list.every(isId))
      return { ok: false, error: `${key} must be a list of at most ${PROFILE_LIST_MAX} movie ids` };
    profile[key] = [...new Set(list as number[])];
  }
  const titles = o.titles ?? {};
  if (typeof titles !== "object" || titles === null || Array.isArray(titles)) return { ok: false, error: "titles must be an object" };
  for (const [id, title] of Object.entries(titles)) if (/^\d+$/.test(id) && typeof title === "string") profile.titles[id] = title.slice(0, 500);
  return { ok: true, profile };
}
