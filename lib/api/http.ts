import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { RateLimitedError, takeRead, takeWrite } from "@/lib/auth/rate-limit";
import { adminTokenAccepted, bearerToken } from "@/lib/auth/token";
import { writesDisabledReason } from "@/lib/config";
import { logger } from "@/lib/log/logger";
import { recentWriteSetCookie } from "@/lib/movies/read-your-writes";
import { ApiError, isDatabaseDown, toApiError, validationError } from "./errors";

const MAX_BODY_BYTES = 64 * 1024;

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (req: NextRequest, params: P) => Promise<Response>;

function errorResponse(err: ApiError, retryAfterSec?: number): NextResponse {
  const body = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
  const retryAfter = retryAfterSec ?? (err.code === "unavailable" ? 5 : undefined);
  return NextResponse.json(body, { status: err.status, headers: retryAfter ? { "Retry-After": String(retryAfter) } : undefined });
}

/** Requests that passed requireAdmin: their success is a write, after which the client reads its own writes. */
const adminWrites = new WeakSet<NextRequest>();

/**
 * Wraps a route handler: the per-address request limit (429 with Retry-After), one log line per
 * request, a successful write's client reading its own writes (read-your-writes.ts), and every
 * failure mapped to the error shape (bad input 400, not found 404, database down or a part not
 * ready 503, anything unexpected 500 without internals). Domain errors become HTTP statuses here
 * and nowhere else in lib.
 */
export function route<P = Record<string, never>>(name: string, handler: Handler<P>) {
  return async (req: NextRequest, ctx: Ctx<P>): Promise<Response> => {
    const started = performance.now();
    let res: Response;
    try {
      await takeRead(clientAddress(req.headers));
      res = await handler(req, (await ctx?.params) ?? ({} as P));
    } catch (err) {
      const known = toApiError(err);
      if (known) res = errorResponse(known);
      else if (err instanceof RateLimitedError) res = errorResponse(new ApiError("rate_limited", err.message), err.retryAfterSec);
      else if (isDatabaseDown(err)) res = errorResponse(new ApiError("unavailable", "the database is unavailable; try again shortly"));
      else {
        logger().error({ route: name, err: (err as Error).stack ?? String(err) }, "unhandled error");
        res = errorResponse(new ApiError("internal", "internal error"));
      }
    }
    if (adminWrites.has(req) && res.status < 400) {
      const cookie = recentWriteSetCookie();
      if (cookie) res.headers.append("Set-Cookie", cookie);
    }
    logger().info({ route: name, method: req.method, status: res.status, ms: Math.round((performance.now() - started) * 10) / 10 }, "request");
    return res;
  };
}

export function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error);
  return r.data;
}

export function searchParams(req: NextRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.nextUrl.searchParams) {
    if (k in out) throw new ApiError("bad_request", "invalid request", [{ path: k, message: "given more than once" }]);
    out[k] = v;
  }
  return out;
}

/** Reads a text body of at most `max` bytes, refusing a larger one (declared or streamed) with 413 and `tooLarge`. */
export async function readBody(req: NextRequest, max: number, tooLarge: string): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (declared > max) throw new ApiError("payload_too_large", tooLarge);
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw new ApiError("payload_too_large", tooLarge);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body of at most 64 KB (413 beyond), rejecting non-JSON with 400. */
export async function jsonBody(req: NextRequest): Promise<unknown> {
  const text = await readBody(req, MAX_BODY_BYTES, `request body over ${MAX_BODY_BYTES} bytes`);
  if (!text.trim()) throw new ApiError("bad_request", "a JSON body is required");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "the body is not valid JSON");
  }
}

/**
 * Writes need the admin bearer token; writes are off when the server's token is unset or too short.
 * Guesses are throttled per client address before the token is compared; writes are rate-limited.
 */
export async function requireAdmin(req: NextRequest): Promise<void> {
  const disabled = writesDisabledReason();
  if (disabled) throw new ApiError("unauthorized", disabled);
  const token = bearerToken(req.headers.get("authorization"));
  // A missing token is a plain mistake and costs no attempt.
  if (!token) throw new ApiError("unauthorized", "missing bearer token");
  const address = clientAddress(req.headers);
  if (!(await adminTokenAccepted(token, address))) throw new ApiError("unauthorized", "wrong bearer token");
  await takeWrite(address);
  adminWrites.add(req);
}
