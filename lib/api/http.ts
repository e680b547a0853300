import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { bearerToken, tokenMatches } from "@/lib/auth/token";
import { adminToken } from "@/lib/config";
import { logger } from "@/lib/log/logger";
import { ApiError, isDatabaseDown, validationError } from "./errors";
import { limiter } from "./rate-limit";

export const MAX_BODY_BYTES = 64 * 1024;

type Ctx<P> = { params: Promise<P> };
type Handler<P> = (req: NextRequest, params: P) => Promise<Response>;

export function errorResponse(err: ApiError): NextResponse {
  const body = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
  return NextResponse.json(body, { status: err.status, headers: err.code === "unavailable" ? { "Retry-After": "5" } : undefined });
}

/**
 * Wraps a route handler: one log line per request, and every failure mapped to the error shape
 * (bad input 400, database down 503, anything unexpected 500 without internals).
 */
export function route<P = Record<string, never>>(name: string, handler: Handler<P>) {
  return async (req: NextRequest, ctx: Ctx<P>): Promise<Response> => {
    const started = performance.now();
    let res: Response;
    try {
      res = await handler(req, (await ctx?.params) ?? ({} as P));
    } catch (err) {
      if (err instanceof ApiError) res = errorResponse(err);
      else if (isDatabaseDown(err)) res = errorResponse(new ApiError("unavailable", "the database is unavailable; try again shortly"));
      else {
        logger().error({ route: name, err: (err as Error).stack ?? String(err) }, "unhandled error");
        res = errorResponse(new ApiError("internal", "internal error"));
      }
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

/** Reads a JSON body of at most 64 KB (413 beyond), rejecting non-JSON with 400. */
export async function jsonBody(req: NextRequest): Promise<unknown> {
  const declared = Number(req.headers.get("content-length"));
  if (declared > MAX_BODY_BYTES) throw new ApiError("payload_too_large", `request body over ${MAX_BODY_BYTES} bytes`);
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new ApiError("payload_too_large", `request body over ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new ApiError("bad_request", "a JSON body is required");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "the body is not valid JSON");
  }
}

function clientKey(req: NextRequest): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "local";
}

/** Writes need the admin bearer token; unset token means writes are off. Also rate-limited. */
export function requireAdmin(req: NextRequest): void {
  if (!adminToken()) throw new ApiError("unauthorized", "writes are disabled: set ADMIN_TOKEN on the server");
  const token = bearerToken(req.headers.get("authorization"));
  if (!token) throw new ApiError("unauthorized", "missing bearer token");
  if (!tokenMatches(token)) {
    // Guessing is throttled; a missing token is a plain mistake and costs nothing.
    if (!limiter("login").take(`bad:${clientKey(req)}`)) throw new ApiError("rate_limited", "too many failed attempts; slow down");
    throw new ApiError("unauthorized", "wrong bearer token");
  }
  if (!limiter("write").take(clientKey(req))) throw new ApiError("rate_limited", "too many writes; slow down");
}
