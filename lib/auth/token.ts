import { createHash, timingSafeEqual } from "node:crypto";
import { assertSignInAllowed, recordFailedSignIn } from "./rate-limit";
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

/**
 * Checks a presented admin token behind the sign-in throttle: the limiter is consulted first (a
 * throttled address gets RateLimitedError whatever it sends), and only a wrong token is counted.
 */
export async function adminTokenAccepted(candidate: string, address: string): Promise<boolean> {
  await assertSignInAllowed(address);
  if (tokenMatches(candidate)) return true;
  await recordFailedSignIn(address);
  return false;
}
