import "server-only";
import type { ForYou, ForYouInput } from "@/lib/api/profile-schemas";
import { getRuntime } from "./runtime";
import { engineOf, present, toSummary } from "./service";

/** How the "For you" page is cut: a mixed list first, then rows for the most recent likes. */
const TOP = 12;
const GROUPS = 6;
const PER_GROUP = 6;
/** Some spread, so one franchise does not fill a row (docs/BENCHMARKS.md: nDCG@10 0.121 -> 0.119). */
const DIVERSITY = 0.3;

/**
 * Recommendations from a visitor's profile: "Top picks" from all likes (less like the dislikes),
 * then "Because you liked X" for the latest likes. Nothing liked, disliked or excluded is shown,
 * and no movie twice. Unknown ids are ignored (a stored profile outlives deleted movies).
 */
export async function forYou(input: ForYouInput): Promise<ForYou> {
  const runtime = await getRuntime();
  const engine = engineOf(runtime);
  const { catalog } = runtime;
  const shown = new Set([...input.like, ...input.unlike, ...input.exclude]);
  const known = input.like.flatMap((id) => catalog.card(id) ?? []);
  if (!known.length) return { top: [], groups: [] };

  const recommend = (like: number[], k: number) => {
    const found = engine.recommend(like, input.unlike, k, {}, { exclude: shown, diversity: DIVERSITY });
    const cards = catalog.cardsOf(found.map((n) => n.id));
    for (const n of found) shown.add(n.id);
    return { found, cards };
  };
  const all = recommend(known.map((c) => c.id), TOP);
  const top = present(known, all.found, all.cards, {});
  const groups = [...known]
    .reverse()
    .slice(0, GROUPS)
    .map((seed) => {
      const { found, cards } = recommend([seed.id], PER_GROUP);
      return { because: toSummary(seed), data: present([seed], found, cards, {}) };
    })
    .filter((g) => g.data.length);
  return { top, groups };
}
