"use client";

import { useState } from "react";
import type { z } from "zod";
import { focusRing, yearOf } from "@/components/format";
import { mergeProfile } from "@/components/profile/store";
import type { importResultSchema } from "@/lib/api/profile-schemas";
import { FilePicker } from "./FilePicker";

type Result = z.infer<typeof importResultSchema>["data"];
type Row = Result["missing"][number];
type State = { state: "idle" } | { state: "loading"; file: string } | { state: "error"; message: string } | { state: "done"; file: string; result: Result; added: string | null };

const describeRow = (r: Row) =>
  `line ${r.row}: ${r.title}${r.year ? ` (${r.year})` : ""}${r.rating !== null ? `, rated ${r.rating}` : ""}`;

/**
 * Upload a Letterboxd ratings.csv or an IMDb ratings export: the server matches it to the
 * catalog (nothing stored there), this shows what matched, what needs a choice and what was
 * not found, and "Add to my profile" merges it into the profile in this browser.
 */
export function ImportRatings() {
  const [s, setS] = useState<State>({ state: "idle" });
  const [choices, setChoices] = useState<Record<number, number>>({});

  async function upload(file: File) {
    setS({ state: "loading", file: file.name });
    setChoices({});
    try {
      const res = await fetch("/api/profile/import", { method: "POST", headers: { "content-type": "text/csv", accept: "application/json" }, body: file });
      const json = (await res.json().catch(() => null)) as { data?: Result; error?: { message?: string } } | null;
      if (!res.ok || !json?.data) setS({ state: "error", message: json?.error?.message ?? `the upload failed (${res.status})` });
      else setS({ state: "done", file: file.name, result: json.data, added: null });
    } catch {
      setS({ state: "error", message: "the network request failed" });
    }
  }

  function add(file: string, result: Result) {
    const picked = result.ambiguous.flatMap((r) => {
      const id = choices[r.row];
      const c = r.candidates.find((x) => x.id === id);
      return c ? [{ ...r, id: c.id, movie: c.title }] : [];
    });
    const rows = [...result.matched, ...picked];
    const titles = Object.fromEntries(rows.map((r) => [String(r.id), r.movie]));
    const pick = (opinion: Row["opinion"]) => picked.filter((r) => r.opinion === opinion).map((r) => r.id);
    mergeProfile({
      likes: [...result.likes, ...pick("like")],
      dislikes: [...result.dislikes, ...pick("dislike")],
      seen: [...result.seen, ...picked.map((r) => r.id)],
      titles,
    });
    setS({ state: "done", file, result, added: `Added ${rows.length} movies to your profile.` });
  }

  return (
    <section aria-labelledby="import-heading" className="space-y-3 rounded-lg border border-slate-800 bg-slate-900/60 p-4">
      <h2 id="import-heading" className="text-lg font-semibold">
        Import your ratings
      </h2>
      <p className="text-sm text-slate-300">
        A Letterboxd <code>ratings.csv</code> or an IMDb ratings export (at most 2 MB). Ratings of 3.5/5 or 7/10 and up become likes, 2/5 or 4/10 and
        down dislikes, and everything rated is marked seen.
      </p>
      <FilePicker
        label="Choose a ratings file"
        accept=".csv,text/csv"
        testId="ratings-import"
        className={`inline-block rounded-md bg-amber-400 px-4 py-2 text-sm font-semibold text-slate-950 hover:bg-amber-300`}
        onFile={(f) => void upload(f)}
      />
      <div aria-live="polite">
        {s.state === "loading" ? <p className="text-sm text-slate-300">Matching {s.file}…</p> : null}
        {s.state === "error" ? (
          <p role="alert" className="rounded-md border border-rose-800 bg-rose-950/50 p-3 text-sm text-rose-100">
            Could not import: {s.message}
          </p>
        ) : null}
        {s.state === "done" ? (
          <div className="space-y-4 text-sm" data-testid="import-result">
            <p data-testid="import-summary">
              {s.file} ({s.result.format === "imdb" ? "IMDb" : "Letterboxd"}): {s.result.matched.length} matched ({s.result.likes.length} liked,{" "}
              {s.result.dislikes.length} disliked), {s.result.ambiguous.length} to choose, {s.result.missing.length} not found.
            </p>
            <details>
              <summary className={`w-fit cursor-pointer rounded text-amber-300 ${focusRing}`}>Matched ({s.result.matched.length})</summary>
              <ul className="mt-2 space-y-0.5">
                {s.result.matched.map((r) => (
                  <li key={r.row} data-testid="matched-row" data-id={r.id}>
                    {describeRow(r)} → {r.movie}
                  </li>
                ))}
              </ul>
            </details>
            {s.result.ambiguous.length ? (
              <fieldset className="space-y-2">
                <legend className="font-semibold">Which one did you mean?</legend>
                {s.result.ambiguous.map((r) => (
                  <label key={r.row} className="flex flex-wrap items-center gap-2" data-testid="ambiguous-row">
                    <span>{describeRow(r)}</span>
                    <select
                      value={choices[r.row] ?? ""}
                      onChange={(e) => setChoices((c) => ({ ...c, [r.row]: Number(e.target.value) }))}
                      className={`rounded-md border border-slate-600 bg-slate-900 px-2 py-1 ${focusRing}`}
                    >
                      <option value="">Skip</option>
                      {r.candidates.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.title} ({yearOf(c.release_date)})
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </fieldset>
            ) : null}
            {s.result.missing.length ? (
              <div>
                <p className="font-semibold">Not found in the catalog</p>
                <ul className="mt-1 space-y-0.5 text-slate-300">
                  {s.result.missing.map((r) => (
                    <li key={r.row} data-testid="missing-row">
                      {describeRow(r)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <button
              type="button"
              onClick={() => add(s.file, s.result)}
              className={`rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 ${focusRing}`}
            >
              Add to my profile
            </button>
            {s.added ? <p role="status" className="text-emerald-300">{s.added}</p> : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
