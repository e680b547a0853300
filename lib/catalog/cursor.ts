import { InvalidInputError } from "@/lib/errors";
import { INT_MAX } from "@/lib/movies/limits";
import { SORT_KEYS, type Key, type Position, type SortOrder } from "./order";

/** A page's order: one of the sorts, or title-search relevance (`q` without `sort`). */
export type PageSort = (typeof SORT_KEYS)[number] | "relevance";

/**
 * A keyset cursor: the order it belongs to and the last row's (key, id). For relevance the key
 * is the row's place in the ranked matches. Opaque to clients (base64url of a JSON array).
 */
export function encodeCursor(sort: PageSort, order: SortOrder, at: Position): string {
  return Buffer.from(JSON.stringify([sort, order, at.key, at.id])).toString("base64url");
}

const bad = (message: string) => new InvalidInputError([{ path: "cursor", message }], "invalid cursor");

/** The position a cursor holds, if it was made for this sort and order (else a 400 that says so). */
export function decodeCursor(s: string, sort: PageSort, order: SortOrder): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
  } catch {
    throw bad("not a cursor from this API");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad("not a cursor from this API");
  const [cSort, cOrder, key, id] = parsed as [unknown, unknown, Key, unknown];
  const keyOk = (cSort === "title" ? typeof key === "string" && key.length <= 500 : typeof key === "number" && Number.isFinite(key));
  const known = (SORT_KEYS as readonly unknown[]).includes(cSort) || cSort === "relevance";
  if (!known || (cOrder !== "asc" && cOrder !== "desc") || !keyOk || typeof id !== "number" || !Number.isSafeInteger(id) || id < 0 || id > INT_MAX)
    throw bad("not a cursor from this API");
  if (cSort !== sort || cOrder !== order)
    throw bad(`this cursor belongs to sort=${cSort}&order=${cOrder}, not sort=${sort}&order=${order}: start again without a cursor`);
  return { key, id };
}
