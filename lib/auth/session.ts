import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { adminSessions } from "@/db/schema";
import { adminToken, sessionSecret } from "@/lib/config";

/**
 * Admin sessions: the cookie is `id.issuedAt.expiresAt.mac`, the mac an HMAC-SHA256 over the first
 * three with a key only the servers know; the id must also still be in admin_sessions, so
 * sign-out (which deletes the row) ends the session for every copy of the cookie, on every replica.
 */
export const ADMIN_COOKIE = "admin_session";
export const SESSION_TTL_MS = 8 * 3600 * 1000;

const COOKIE_SHAPE = /^([A-Za-z0-9_-]{22})\.(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

export interface SessionFields {
  id: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * HKDF from ADMIN_TOKEN, salted with SESSION_SECRET when set: every replica derives the same key
 * without new configuration, and rotating either value ends every session.
 */
function signingKey(): Buffer | undefined {
  const token = adminToken();
  if (!token) return undefined;
  return Buffer.from(hkdfSync("sha256", token, sessionSecret() ?? "", "movie-recommender admin session v1", 32));
}

function mac(key: Buffer, f: SessionFields): Buffer {
  return createHmac("sha256", key).update(`${f.id}.${f.issuedAt}.${f.expiresAt}`).digest();
}

export function signSession(f: SessionFields, key = signingKey()): string {
  if (!key) throw new Error("admin sessions need a usable ADMIN_TOKEN");
  return `${f.id}.${f.issuedAt}.${f.expiresAt}.${mac(key, f).toString("base64url")}`;
}

/** The fields of a cookie whose signature is valid and that has not expired; undefined otherwise. */
export function readSignedSession(value: string | undefined, now = Date.now(), key = signingKey()): SessionFields | undefined {
  const m = COOKIE_SHAPE.exec(value ?? "");
  if (!m || !key) return undefined;
  const f: SessionFields = { id: m[1], issuedAt: Number(m[2]), expiresAt: Number(m[3]) };
  const given = Buffer.from(m[4], "base64url");
  const expected = mac(key, f);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (f.expiresAt <= now || f.issuedAt > now || f.expiresAt - f.issuedAt > SESSION_TTL_MS) return undefined;
  return f;
}

/** Starts a session (and sweeps expired ones); returns the cookie value and its expiry. */
export async function createSession(now = Date.now()): Promise<{ value: string; expires: Date }> {
  const f: SessionFields = { id: randomBytes(16).toString("base64url"), issuedAt: now, expiresAt: now + SESSION_TTL_MS };
  const db = getDb();
  await db.delete(adminSessions).where(lt(adminSessions.expires_at, now));
  await db.insert(adminSessions).values({ id: f.id, issued_at: f.issuedAt, expires_at: f.expiresAt });
  return { value: signSession(f), expires: new Date(f.expiresAt) };
}

/** True for a validly signed, unexpired cookie whose session has not been ended. */
export async function sessionIsValid(value: string | undefined, now = Date.now()): Promise<boolean> {
  const f = readSignedSession(value, now);
  if (!f) return false;
  const rows = await getDb()
    .select({ id: adminSessions.id })
    .from(adminSessions)
    .where(and(eq(adminSessions.id, f.id), gt(adminSessions.expires_at, now)))
    .limit(1);
  return rows.length === 1;
}

/** Ends the session a cookie names (a forged or stale cookie ends nothing). */
export async function endSession(value: string | undefined): Promise<void> {
  const f = readSignedSession(value);
  if (f) await getDb().delete(adminSessions).where(eq(adminSessions.id, f.id));
}
