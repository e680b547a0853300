import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { idParamSchema } from "@/lib/api/schemas";
import { ADMIN_COOKIE, sessionIsValid } from "@/lib/auth/session";
import { writesDisabledReason } from "@/lib/config";
import { getMovie } from "@/lib/movies/queries";
import { LIST_COLUMNS, type Movie } from "@/lib/movies/types";
import { focusRing } from "@/components/format";
import { param, type RawSearchParams } from "@/components/search-params";
import { DeleteForm } from "./_components/DeleteForm";
import { MovieForm, type MovieFormValues } from "./_components/MovieForm";
import { SignInForm } from "./_components/SignInForm";
import { signOut } from "./actions";
import { MOVIE_FLOAT_FIELDS, MOVIE_INT_FIELDS, MOVIE_TEXT_FIELDS } from "./form-state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin · Movie recommender", robots: { index: false } };

function toFormValues(m: Movie): MovieFormValues {
  const v: MovieFormValues = {};
  for (const k of MOVIE_TEXT_FIELDS) v[k] = String(m[k] ?? "");
  for (const k of [...MOVIE_INT_FIELDS, ...MOVIE_FLOAT_FIELDS]) v[k] = String(m[k]);
  for (const k of LIST_COLUMNS) v[k] = m[k].join(", ");
  v.adult = m.adult ? "on" : "";
  return v;
}

const card = "space-y-4 rounded-lg border border-slate-800 bg-slate-900/40 p-5";

export default async function AdminPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const signedIn = await sessionIsValid((await cookies()).get(ADMIN_COOKIE)?.value);
  const disabled = writesDisabledReason();
  const sp = await searchParams;

  if (!signedIn) {
    return (
      <div className="space-y-6">
        <h1 className="text-3xl font-bold tracking-tight">Admin</h1>
        {!disabled ? (
          <p className="max-w-xl text-slate-300">Sign in with the server&apos;s admin token to add, edit or delete movies.</p>
        ) : (
          <p role="status" className="max-w-xl rounded-md border border-amber-700 bg-amber-950/40 p-3 text-amber-100">
            {disabled.charAt(0).toUpperCase() + disabled.slice(1)}.
          </p>
        )}
        <SignInForm />
      </div>
    );
  }

  const rawEdit = param(sp, "edit");
  const editId = rawEdit ? idParamSchema.safeParse({ id: rawEdit }) : undefined;
  const editing = editId?.success ? await getMovie(editId.data.id) : undefined;
  const deleted = param(sp, "deleted");

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-bold tracking-tight">Admin</h1>
        <form action={signOut}>
          <button type="submit" className={`rounded-md border border-slate-600 px-3 py-1.5 text-sm hover:bg-slate-800 ${focusRing}`}>
            Sign out
          </button>
        </form>
      </div>
      {deleted && /^\d+$/.test(deleted) ? (
        <p role="status" className="rounded-md border border-emerald-700 bg-emerald-950/50 p-3 text-emerald-100" data-testid="deleted">
          Movie {deleted} was deleted. It no longer appears in the catalog, search or recommendations.
        </p>
      ) : null}

      <section aria-labelledby="edit-heading" className={card}>
        <h2 id="edit-heading" className="text-xl font-semibold">
          Edit or delete a movie
        </h2>
        <form method="get" action="/admin" className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="edit-id" className="mb-1 block text-sm font-medium text-slate-200">
              Movie id
            </label>
            <input
              id="edit-id"
              name="edit"
              type="number"
              min={1}
              required
              defaultValue={editId?.success ? editId.data.id : ""}
              className={`w-40 rounded-md border border-slate-600 bg-slate-950 px-3 py-2 ${focusRing}`}
            />
          </div>
          <button type="submit" className={`rounded-md bg-slate-700 px-4 py-2 font-semibold hover:bg-slate-600 ${focusRing}`}>
            Load
          </button>
        </form>
        {rawEdit && !editing ? (
          <p role="alert" className="text-rose-300">
            No movie with id {rawEdit}.
          </p>
        ) : null}
        {editing ? (
          <div className="space-y-6">
            <p className="text-slate-300">
              Editing{" "}
              <Link href={`/movies/${editing.id}`} className={`font-semibold text-amber-300 underline ${focusRing}`}>
                {editing.title}
              </Link>{" "}
              (id {editing.id})
            </p>
            <MovieForm key={editing.id} movieId={editing.id} initial={toFormValues(editing)} />
            <DeleteForm movieId={editing.id} title={editing.title} />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="create-heading" className={card}>
        <h2 id="create-heading" className="text-xl font-semibold">
          Add a movie
        </h2>
        <p className="text-sm text-slate-300">It becomes searchable and recommendable as soon as it is saved.</p>
        <MovieForm />
      </section>
    </div>
  );
}
