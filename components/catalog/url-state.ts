import { hrefWith } from "@/components/search-params";

/** The catalog's URL parameters besides the page cursor: the whole state of `/`, shareable. */
export const STATE_KEYS = [
  "q",
  "sort",
  "order",
  "genres",
  "genreMode",
  "excludeGenres",
  "genre",
  "year",
  "yearFrom",
  "yearTo",
  "minRating",
  "minVotes",
  "runtimeMin",
  "runtimeMax",
  "lang",
  "includeAdult",
] as const;
type StateKey = (typeof STATE_KEYS)[number];
export type UrlState = Partial<Record<StateKey, string>>;

/** `/` with the state changed by `change` (undefined removes a key); a new state starts at page 1. */
export function catalogHref(state: UrlState, change: UrlState = {}): string {
  return hrefWith("/", { ...state, ...change });
}

export const listOf = (value: string | undefined): string[] => (value ? value.split(",").filter(Boolean) : []);

/** Adds a value to a comma list, or takes it out when already there. */
export function toggled(value: string | undefined, item: string): string | undefined {
  const items = listOf(value);
  const next = items.includes(item) ? items.filter((x) => x !== item) : [...items, item];
  return next.length ? next.join(",") : undefined;
}
