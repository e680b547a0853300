/**
 * Movies created through the API take ids from [API_ID_MIN, API_ID_MAX]: TMDB ids are about 1.6
 * million today and grow by a few hundred thousand a year, so they will not reach 2 billion; the
 * range stays a positive int32, as the `int` id column, hnswlib labels and the Int32Array-based
 * in-memory structures need. The ETL drops CSV rows in this range (rule `reserved_id`), so a
 * refresh can never overwrite an API-made movie, nor an API-made movie a catalog one.
 */
export const API_ID_MIN = 2_000_000_000;
const API_ID_MAX = 2_147_483_647;

export function isApiId(id: number): boolean {
  return id >= API_ID_MIN && id <= API_ID_MAX;
}
