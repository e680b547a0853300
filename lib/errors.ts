import type { z } from "zod";

/**
 * The domain's errors: lib code throws these and knows nothing of HTTP. The route edge
 * (lib/api/http.ts route()) and the server actions decide what a client sees for each.
 */

/** One thing wrong with the input, named by its path ("title", "filters.genre"). */
export interface FieldIssue {
  path: string;
  message: string;
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  // An unknown parameter is named in the path too, as every other field error is.
  return error.issues.map((i) => ({ path: [...i.path, ...(i.code === "unrecognized_keys" ? [i.keys.join(",")] : [])].join("."), message: i.message }));
}

/** The input cannot be used as given; nothing was changed. */
export class InvalidInputError extends Error {
  constructor(
    readonly issues: FieldIssue[],
    message = "invalid request",
  ) {
    super(message);
    this.name = "InvalidInputError";
  }
}

/** What was asked for does not exist (or no longer does). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "NotFoundError";
  }
}

/** A part the answer needs is not ready (still loading, or its build is broken); `hint` says how to fix it. */
export class UnavailableError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UnavailableError";
  }
}
