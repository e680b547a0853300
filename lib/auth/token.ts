import { createHash, timingSafeEqual } from "node:crypto";
import { adminToken } from "@/lib/config";

/** Constant-time comparison (hashing first makes lengths equal and hides the token's length). */
export function tokenMatches(candidate: string | undefined | null): boolean {
  const expected = adminToken();
  if (!expected || !candidate) return false;
  const a = createHash("sha256").update(candidate).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearerToken(header: string | null): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}

/** The admin cookie holds a digest of the token, never the token itself. */
export const ADMIN_COOKIE = "admin_session";

export function sessionValue(token: string): string {
  return createHash("sha256").update(`admin-session:${token}`).digest("base64url");
}

export function sessionMatches(value: string | undefined): boolean {
  const expected = adminToken();
  if (!expected || !value) return false;
  const a = Buffer.from(sessionValue(expected));
  const b = Buffer.from(value);
  return a.length === b.length && timingSafeEqual(a, b);
}
