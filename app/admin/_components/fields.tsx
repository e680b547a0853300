import type { FormState } from "../form-state";
import { focusRing } from "@/components/format";

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-rose-300">
      {errors.join(" ")}
    </p>
  );
}

export function FormMessage({ state }: { state: FormState }) {
  if (!state.message || state.ok) return null;
  return (
    <p role="alert" className="rounded-md border border-rose-800 bg-rose-950/50 p-3 text-sm text-rose-100">
      {state.message}
    </p>
  );
}

export const inputClass = (invalid: boolean) =>
  `w-full rounded-md border bg-slate-950 px-3 py-2 text-slate-100 ${invalid ? "border-rose-500" : "border-slate-600"} ${focusRing}`;
