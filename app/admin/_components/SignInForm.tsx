"use client";

import { useActionState } from "react";
import { signIn } from "../actions";
import type { FormState } from "../form-state";
import { focusRing } from "@/components/format";
import { FieldError, FormMessage } from "./fields";

export function SignInForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(signIn, {});
  const err = state.fieldErrors?.token;
  return (
    <form action={action} className="max-w-md space-y-4 rounded-lg border border-slate-800 bg-slate-900/60 p-5" aria-labelledby="signin-heading">
      <h2 id="signin-heading" className="text-xl font-semibold">
        Sign in
      </h2>
      <div>
        <label htmlFor="admin-token" className="mb-1 block text-sm font-medium text-slate-200">
          Admin token
        </label>
        <input
          id="admin-token"
          name="token"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? "admin-token-error" : undefined}
          className={`w-full rounded-md border bg-slate-950 px-3 py-2 ${err ? "border-rose-500" : "border-slate-600"} ${focusRing}`}
        />
        <FieldError id="admin-token-error" errors={err} />
      </div>
      <FormMessage state={state} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md bg-amber-400 px-4 py-2 font-semibold text-slate-950 hover:bg-amber-300 disabled:opacity-60 ${focusRing}`}
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
