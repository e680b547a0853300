"use client";

import { useActionState } from "react";
import { removeMovie } from "../actions";
import type { FormState } from "../form-state";
import { focusRing } from "@/components/format";
import { FieldError, FormMessage } from "./fields";

export function DeleteForm({ movieId, title }: { movieId: number; title: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(removeMovie, {});
  return (
    <form action={action} aria-label={`Delete ${title}`} className="space-y-3 rounded-lg border border-rose-900 bg-rose-950/30 p-4">
      <input type="hidden" name="id" value={movieId} />
      <label className="flex items-center gap-2 text-sm text-slate-100">
        <input
          type="checkbox"
          name="confirm"
          value="yes"
          required
          aria-describedby={state.fieldErrors?.confirm ? "delete-confirm-error" : undefined}
          className={`h-4 w-4 accent-rose-500 ${focusRing}`}
        />
        Yes, delete “{title}” (id {movieId}) from the catalog
      </label>
      <FieldError id="delete-confirm-error" errors={state.fieldErrors?.confirm} />
      <FormMessage state={state} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md bg-rose-600 px-4 py-2 font-semibold text-white hover:bg-rose-500 disabled:opacity-60 ${focusRing}`}
      >
        {pending ? "Deleting…" : "Delete movie"}
      </button>
    </form>
  );
}
