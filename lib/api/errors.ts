import type { z } from "zod";
import { fieldIssues, InvalidInputError, NotFoundError, UnavailableError } from "@/lib/errors";

type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "not_found"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error a client should see as-is: the route wrapper renders it as {"error":{code,message,details}}. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function validationError(error: z.ZodError): ApiError {
  return new ApiError("bad_request", "invalid request", fieldIssues(error));
}

/** The client's view of an ApiError or a domain error (lib/errors.ts); undefined for anything else. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof InvalidInputError) return new ApiError("bad_request", err.message, err.issues);
  if (err instanceof NotFoundError) return new ApiError("not_found", err.message);
  if (err instanceof UnavailableError) return new ApiError("unavailable", err.message, err.hint === undefined ? undefined : { hint: err.hint });
  return undefined;
}

const DB_DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "PROTOCOL_CONNECTION_LOST",
  "ER_CON_COUNT_ERROR",
  "ECONNRESET",
  "POOL_CLOSED",
  "ER_BAD_DB_ERROR",
  "ER_NO_SUCH_TABLE",
]);

/** True for errors that mean "the database cannot be used right now" (→ 503, not 500). */
export function isDatabaseDown(err: unknown): boolean {
  let e = err as { code?: string; cause?: unknown; message?: string } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (e.code && DB_DOWN_CODES.has(e.code)) return true;
    if (e.message && /Queue limit reached|connect ETIMEDOUT|Pool is closed/i.test(e.message)) return true;
    e = e.cause as typeof e;
  }
  return false;
}
