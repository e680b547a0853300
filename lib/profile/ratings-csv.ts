import Papa from "papaparse";
import { ApiError } from "@/lib/api/errors";
import { IMPORT_MAX_ROWS } from "@/lib/api/profile-schemas";

/**
 * A ratings export read into rows: Letterboxd's ratings.csv (Date, Name, Year, Letterboxd URI,
 * Rating 0.5-5) or IMDb's (Const, Your Rating, Title, Year, ...; 1-10). The whole file is
 * checked before anything is matched: a bad row fails the import with its line number, so
 * nothing is ever half imported.
 */


export type Opinion = "like" | "dislike" | null;

export interface RatedRow {
  /** The row's line in the file (the header is line 1). */
  row: number;
  title: string;
  year: number | null;
  rating: number | null;
  opinion: Opinion;
  imdbId: string | null;
}

interface Format {
  name: "letterboxd" | "imdb";
  /** Columns that must be there (matched case-insensitively). */
  columns: { title: string; year: string; rating: string; imdbId?: string; type?: string };
  scale: { min: number; max: number; step: number; like: number; dislike: number };
}

const FORMATS: Format[] = [
  {
    name: "imdb",
    columns: { title: "Title", year: "Year", rating: "Your Rating", imdbId: "Const", type: "Title Type" },
    scale: { min: 1, max: 10, step: 1, like: 7, dislike: 4 },
  },
  {
    name: "letterboxd",
    columns: { title: "Name", year: "Year", rating: "Rating" },
    scale: { min: 0.5, max: 5, step: 0.5, like: 3.5, dislike: 2 },
  },
];

const EXPECTED =
  "expected a Letterboxd ratings.csv (Date, Name, Year, Letterboxd URI, Rating) or an IMDb ratings export (Const, Your Rating, Title, Year, ...)";

/** IMDb lists series and games too: those are never in a movie catalog. */
const NOT_A_MOVIE = /series|episode|game|podcast/i;

const bad = (message: string) => new ApiError("bad_request", message);

export function parseRatingsCsv(text: string): { format: Format["name"]; rows: RatedRow[] } {
  if (text.includes("\u0000")) throw bad(`the file is not a text CSV; ${EXPECTED}`);
  const body = text.replace(/^\uFEFF/, "");
  if (!body.trim()) throw bad(`the file is empty; ${EXPECTED}`);
  const parsed = Papa.parse<string[]>(body, { delimiter: ",", skipEmptyLines: "greedy" });
  const broken = parsed.errors[0];
  if (broken) throw bad(`the file is not a valid CSV: line ${(broken.row ?? 0) + 1}: ${broken.message}`);
  const [header, ...records] = parsed.data;
  const names = header.map((h) => h.trim().toLowerCase());
  const format = FORMATS.find((f) => [f.columns.title, f.columns.year, f.columns.rating].every((c) => names.includes(c.toLowerCase())));
  if (!format) throw bad(`unrecognised columns (${header.slice(0, 8).join(", ")}); ${EXPECTED}`);
  if (records.length > IMPORT_MAX_ROWS) throw bad(`the file has ${records.length} rows; at most ${IMPORT_MAX_ROWS} per import (split it)`);
  const col = (name?: string) => (name ? names.indexOf(name.toLowerCase()) : -1);
  const at = { title: col(format.columns.title), year: col(format.columns.year), rating: col(format.columns.rating), imdbId: col(format.columns.imdbId), type: col(format.columns.type) };
  const { scale } = format;

  const rows: RatedRow[] = [];
  records.forEach((cells, i) => {
    const line = i + 2;
    if (cells.length !== header.length) throw bad(`line ${line}: ${cells.length} fields where the header has ${header.length}`);
    const cell = (c: number) => (c >= 0 ? cells[c].trim() : "");
    if (at.type >= 0 && NOT_A_MOVIE.test(cell(at.type))) return;
    const title = cell(at.title);
    if (!title) throw bad(`line ${line}: the ${format.columns.title} column is empty`);
    const yearText = cell(at.year);
    if (yearText && !/^\d{4}$/.test(yearText)) throw bad(`line ${line}: Year "${yearText.slice(0, 20)}" is not a year`);
    const ratingText = cell(at.rating);
    const rating = ratingText ? Number(ratingText) : null;
    if (rating !== null && !(rating >= scale.min && rating <= scale.max && Number.isInteger(rating / scale.step)))
      throw bad(`line ${line}: ${format.columns.rating} "${ratingText.slice(0, 20)}" is not a rating from ${scale.min} to ${scale.max}`);
    const imdbId = cell(at.imdbId);
    rows.push({
      row: line,
      title,
      year: yearText ? Number(yearText) : null,
      rating,
      opinion: rating === null ? null : rating >= scale.like ? "like" : rating <= scale.dislike ? "dislike" : null,
      imdbId: /^tt\d{1,10}$/.test(imdbId) ? imdbId : null,
    });
  });
  return { format: format.name, rows };
}
