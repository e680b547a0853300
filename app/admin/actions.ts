"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { isDatabaseDown } from "@/lib/api/errors";
import { RateLimitedError, takeWrite } from "@/lib/auth/rate-limit";
import { movieInputSchema, idParamSchema } from "@/lib/api/schemas";
import { clientAddress } from "@/lib/auth/client-address";
import { ADMIN_COOKIE, createSession, endSession, sessionIsValid } from "@/lib/auth/session";
import { adminTokenAccepted } from "@/lib/auth/token";
import { fieldIssues, InvalidInputError, NotFoundError, type FieldIssue } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { createMovie, deleteMovie, replaceMovie } from "@/lib/movies/mutations";
import { rememberWrite } from "@/lib/movies/read-your-writes";
import { LIST_COLUMNS } from "@/lib/movies/types";
import { MOVIE_FLOAT_FIELDS, MOVIE_INT_FIELDS, MOVIE_TEXT_FIELDS, type FormState } from "./form-state";

/**
 * `Secure` except under `next dev` (often reached over plain http on a LAN address, where browsers
 * drop Secure cookies); browsers do keep them from http://localhost and 127.0.0.1.
 */
const COOKIE_OPTIONS = { httpOnly: true, sameSite: "strict", secure: process.env.NODE_ENV !== "development", path: "/admin" } as const;

async function requestAddress(): Promise<string> {
  return clientAddress(await headers());
}

const DATABASE_DOWN = "The database is unavailable right now; try again shortly.";

/** Every write re-checks the session: a server action is a public POST endpoint. Returns why not. */
async function notSignedIn(): Promise<string | undefined> {
  try {
    if (await sessionIsValid((await cookies()).get(ADMIN_COOKIE)?.value)) return undefined;
    return "You are not signed in (or the session expired). Sign in again.";
  } catch (err) {
    if (isDatabaseDown(err)) return DATABASE_DOWN;
    throw err;
  }
}

function minutes(sec: number): string {
  const m = Math.ceil(sec / 60);
  return m === 1 ? "a minute" : `${m} minutes`;
}

export async function signIn(_prev: FormState, form: FormData): Promise<FormState> {
  const token = String(form.get("token") ?? "").trim();
  if (!token) return { fieldErrors: { token: ["Enter the admin token."] } };
  let cookie: Awaited<ReturnType<typeof createSession>>;
  try {
    if (!(await adminTokenAccepted(token, await requestAddress())))
      return { fieldErrors: { token: ["That token is not valid (or writes are disabled on this server)."] } };
    cookie = await createSession();
  } catch (err) {
    if (err instanceof RateLimitedError) return { message: `Too many failed sign-in attempts. Try again in ${minutes(err.retryAfterSec)}.` };
    if (isDatabaseDown(err)) return { message: DATABASE_DOWN };
    throw err;
  }
  (await cookies()).set(ADMIN_COOKIE, cookie.value, { ...COOKIE_OPTIONS, expires: cookie.expires });
  redirect("/admin");
}

/** Deletes the session server-side (so a copied cookie stops working), then the cookie. */
export async function signOut(): Promise<void> {
  const jar = await cookies();
  await endSession(jar.get(ADMIN_COOKIE)?.value);
  jar.delete({ name: ADMIN_COOKIE, path: "/admin" });
  redirect("/admin");
}

/** The write budget of this address, as a form message when used up. */
async function writeRefused(): Promise<string | undefined> {
  try {
    await takeWrite(await requestAddress());
    return undefined;
  } catch (err) {
    if (err instanceof RateLimitedError) return "Too many writes; slow down a little.";
    if (isDatabaseDown(err)) return DATABASE_DOWN;
    throw err;
  }
}

function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const k of [...MOVIE_TEXT_FIELDS, ...MOVIE_INT_FIELDS, ...MOVIE_FLOAT_FIELDS, ...LIST_COLUMNS]) values[k] = String(form.get(k) ?? "");
  values.adult = form.get("adult") ? "on" : "";
  return values;
}

/** Form strings -> the API's JSON shape; empty optional fields are left out so defaults apply. */
function toInput(v: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of MOVIE_TEXT_FIELDS) {
    const s = v[k].trim();
    if (k === "imdb_id") out[k] = s || null;
    else if (s || k === "title" || k === "release_date") out[k] = k === "overview" || k === "tagline" ? v[k] : s;
  }
  for (const k of [...MOVIE_INT_FIELDS, ...MOVIE_FLOAT_FIELDS]) {
    const s = v[k].trim();
    if (s) out[k] = Number(s);
  }
  for (const k of LIST_COLUMNS) {
    out[k] = v[k]
      .split(/[,\n]/)
      .map((x) => x.trim())
      .filter(Boolean);
  }
  out.adult = v.adult === "on";
  return out;
}

/** Issues by the form field they belong to (the first part of their path). */
function errorsByField(issues: readonly FieldIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of issues) (out[d.path.split(".")[0] || "form"] ??= []).push(d.message);
  return out;
}

const FIX_FIELDS = "Please fix the highlighted fields.";

/** The domain's errors as the form shows them (the server actions' counterpart of route()). */
function failure(err: unknown, values: Record<string, string>): FormState {
  if (err instanceof InvalidInputError) return { message: FIX_FIELDS, fieldErrors: errorsByField(err.issues), values };
  if (err instanceof NotFoundError) return { message: "That movie does not exist any more.", values };
  if (isDatabaseDown(err)) return { message: "The database is unavailable right now; nothing was saved. Try again shortly.", values };
  logger().error({ err: (err as Error)?.stack ?? String(err) }, "admin action failed");
  return { message: "Saving failed unexpectedly; nothing was changed.", values };
}

/** Create (no `id` field) or replace (with `id`) a movie from the admin form. */
export async function saveMovie(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  const refused = (await notSignedIn()) ?? (await writeRefused());
  if (refused) return { message: refused, values };
  const rawId = form.get("id");
  const id = rawId === null ? undefined : idParamSchema.safeParse({ id: rawId });
  if (id && !id.success) return { message: "Invalid movie id.", values };
  const parsed = movieInputSchema.safeParse(toInput(values));
  if (!parsed.success) return { message: FIX_FIELDS, fieldErrors: errorsByField(fieldIssues(parsed.error)), values };
  try {
    const movie = id ? await replaceMovie(id.data.id, parsed.data) : await createMovie(parsed.data);
    await rememberWrite();
    return { ok: true, saved: { id: movie.id, title: movie.title, created: !id }, values: id ? values : undefined };
  } catch (err) {
    return failure(err, values);
  }
}

export async function removeMovie(_prev: FormState, form: FormData): Promise<FormState> {
  const refused = (await notSignedIn()) ?? (await writeRefused());
  if (refused) return { message: refused };
  const id = idParamSchema.safeParse({ id: form.get("id") });
  if (!id.success) return { message: "Invalid movie id." };
  if (form.get("confirm") !== "yes") return { fieldErrors: { confirm: ["Tick the box to confirm."] } };
  try {
    await deleteMovie(id.data.id);
    await rememberWrite();
  } catch (err) {
    return failure(err, {});
  }
  redirect(`/admin?deleted=${id.data.id}`);
}
