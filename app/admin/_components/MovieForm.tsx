"use client";

import Link from "next/link";
import { useActionState, useId } from "react";
import { saveMovie } from "../actions";
import type { FormState } from "../form-state";
import { focusRing } from "@/components/format";
import { FieldError, FormMessage, inputClass } from "./fields";

/** The editable fields of a movie as form strings (lists comma-separated). */
export type MovieFormValues = Record<string, string>;

const STATUSES = ["Released", "Post Production", "In Production", "Planned", "Rumored", "Canceled"];

interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "number" | "date" | "url" | "textarea" | "select";
  hint?: string;
  required?: boolean;
  step?: string;
  wide?: boolean;
}

const FIELDS: FieldSpec[] = [
  { name: "title", label: "Title", required: true, wide: true },
  { name: "original_title", label: "Original title", hint: "defaults to the title" },
  { name: "release_date", label: "Release date", type: "date", required: true },
  { name: "status", label: "Status", type: "select" },
  { name: "original_language", label: "Original language", hint: "ISO 639 code, e.g. en" },
  { name: "runtime", label: "Runtime (minutes)", type: "number", step: "1" },
  { name: "vote_average", label: "Vote average (0–10)", type: "number", step: "0.001" },
  { name: "vote_count", label: "Vote count", type: "number", step: "1" },
  { name: "popularity", label: "Popularity", type: "number", step: "0.001" },
  { name: "budget", label: "Budget (USD)", type: "number", step: "1" },
  { name: "revenue", label: "Revenue (USD)", type: "number", step: "1" },
  { name: "imdb_id", label: "IMDb id", hint: "e.g. tt0371746" },
  { name: "homepage", label: "Homepage", type: "url" },
  { name: "poster_path", label: "TMDB poster path", hint: "e.g. /abc.jpg" },
  { name: "backdrop_path", label: "TMDB backdrop path" },
  { name: "tagline", label: "Tagline", wide: true },
  { name: "overview", label: "Overview", type: "textarea", wide: true },
  { name: "genres", label: "Genres", hint: "comma-separated, e.g. Animation, Family", wide: true },
  { name: "keywords", label: "Keywords", hint: "comma-separated", wide: true },
  { name: "production_companies", label: "Production companies", hint: "comma-separated", wide: true },
  { name: "production_countries", label: "Production countries", hint: "comma-separated", wide: true },
  { name: "spoken_languages", label: "Spoken languages", hint: "comma-separated", wide: true },
];

export function MovieForm({ movieId, initial }: { movieId?: number; initial?: MovieFormValues }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveMovie, {});
  const uid = useId();
  // After a failed submit the form refills with what was typed; otherwise with the stored movie.
  const values = state.values ?? initial ?? {};
  const errs = state.fieldErrors ?? {};
  const editing = movieId !== undefined;

  return (
    <form action={action} className="space-y-4" aria-label={editing ? `Edit movie ${movieId}` : "Add a movie"} noValidate>
      {editing ? <input type="hidden" name="id" value={movieId} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map((f) => {
          const id = `${uid}-${f.name}`;
          const errId = `${id}-error`;
          const hintId = `${id}-hint`;
          const e = errs[f.name];
          const describedBy = [e ? errId : "", f.hint ? hintId : ""].filter(Boolean).join(" ") || undefined;
          const common = {
            id,
            name: f.name,
            defaultValue: values[f.name] ?? (f.name === "status" ? "Released" : ""),
            "aria-invalid": e ? true : undefined,
            "aria-describedby": describedBy,
            required: f.required,
            className: inputClass(Boolean(e)),
          };
          return (
            <div key={f.name} className={f.wide ? "sm:col-span-2" : undefined}>
              <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-200">
                {f.label}
                {f.required ? <span className="text-rose-300"> *</span> : null}
              </label>
              {f.type === "textarea" ? (
                <textarea {...common} rows={4} />
              ) : f.type === "select" ? (
                <select {...common}>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...common} type={f.type ?? "text"} step={f.step} inputMode={f.type === "number" ? "decimal" : undefined} />
              )}
              {f.hint ? (
                <p id={hintId} className="mt-1 text-xs text-slate-400">
                  {f.hint}
                </p>
              ) : null}
              <FieldError id={errId} errors={e} />
            </div>
          );
        })}
        <div className="sm:col-span-2">
          <label className="flex items-center gap-2 text-sm text-slate-200">
            <input type="checkbox" name="adult" defaultChecked={values.adult === "on"} className={`h-4 w-4 accent-amber-400 ${focusRing}`} />
            Adult title (hidden from the catalog and from recommendations unless asked)
          </label>
          <FieldError id={`${uid}-adult-error`} errors={errs.adult} />
        </div>
      </div>
      {errs.form ? <FieldError id={`${uid}-form-error`} errors={errs.form} /> : null}
      <FormMessage state={state} />
      {state.ok && state.saved ? (
        <p role="status" className="rounded-md border border-emerald-700 bg-emerald-950/50 p-3 text-sm text-emerald-100" data-testid="saved">
          {state.saved.created ? "Created" : "Saved"}{" "}
          <Link href={`/movies/${state.saved.id}`} className={`font-semibold underline ${focusRing}`}>
            {state.saved.title}
          </Link>{" "}
          (id {state.saved.id}).{" "}
          {state.saved.created ? (
            <Link href={`/admin?edit=${state.saved.id}`} className={`underline ${focusRing}`}>
              Edit it
            </Link>
          ) : null}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 disabled:opacity-60 ${focusRing}`}
      >
        {pending ? "Saving…" : editing ? "Save changes" : "Create movie"}
      </button>
    </form>
  );
}
