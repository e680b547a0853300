import { RateLimiterMemory, RateLimiterMySQL, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getPool } from "@/db/client";
import { addressKey } from "./client-address";
import { databaseUrl, readRatePerSec, SIGN_IN_WINDOW_SEC, signInAttempts, writeRatePerSec } from "@/lib/config";
/** Over a limit, and when to come back: the route edge answers 429 with Retry-After. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

type Limiters = { read?: RateLimiterMemory | null; write?: RateLimiterMySQL; signIn?: RateLimiterMySQL };
const g = globalThis as { __rateLimiters?: Limiters };
const limiters = (): Limiters => (g.__rateLimiters ??= {});

/**
 * Reads: in-process, fixed one-second windows. Memory is bounded because each key's record is
 * dropped by a timer when its window ends: at most one record per client seen in the last second.
 * Per replica on purpose: a shared store would cost a MySQL round trip on every read.
 */
function readLimiter(): RateLimiterMemory | null {
  const l = limiters();
  if (l.read === undefined) {
    const rate = readRatePerSec();
    l.read = rate > 0 ? new RateLimiterMemory({ keyPrefix: "read", points: rate, duration: 1 }) : null;
  }
  return l.read;
}

/** Writes and sign-in attempts count in MySQL (table rate_limits), so the budget holds across replicas. */
function mysqlLimiter(keyPrefix: string, points: number, duration: number): RateLimiterMySQL {
  return new RateLimiterMySQL({
    // RateLimiterMySQL speaks the callback API: the promise pool's core pool, same connections.
    storeClient: getPool().pool,
    storeType: "pool",
    dbName: decodeURIComponent(new URL(databaseUrl()).pathname.slice(1)),
    tableName: "rate_limits",
    tableCreated: true, // by the migration
    keyPrefix,
    points,
    duration,
  });
}

function writeLimiter(): RateLimiterMySQL {
  return (limiters().write ??= mysqlLimiter("write", writeRatePerSec(), 1));
}

function signInLimiter(): RateLimiterMySQL {
  return (limiters().signIn ??= mysqlLimiter("signin", signInAttempts(), SIGN_IN_WINDOW_SEC));
}

function retryAfterSec(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** consume() rejects with a RateLimiterRes when over budget, with an Error when the store fails. */
async function consume(limiter: RateLimiterAbstract, address: string, message: string): Promise<void> {
  try {
    await limiter.consume(addressKey(address));
  } catch (err) {
    if (err instanceof RateLimiterRes) throw new RateLimitedError(message, retryAfterSec(err));
    throw err;
  }
}

/** One API request from `address`; no-op when READ_RATE_PER_SEC=0. */
export async function takeRead(address: string): Promise<void> {
  const limiter = readLimiter();
  if (limiter) await consume(limiter, address, "too many requests; slow down");
}

export async function takeWrite(address: string): Promise<void> {
  await consume(writeLimiter(), address, "too many writes; slow down");
}

/**
 * Consulted before the token is compared, so once an address has used up its failed attempts even
 * the right token is refused until the window ends (a correct guess is not told apart).
 */
export async function assertSignInAllowed(address: string): Promise<void> {
  const limiter = signInLimiter();
  const res = await limiter.get(addressKey(address));
  if (res && res.consumedPoints >= limiter.points)
    throw new RateLimitedError("too many failed sign-in attempts from this address; try again later", retryAfterSec(res));
}

/** Counts one wrong token from `address` (over budget is fine: the next assertSignInAllowed refuses). */
export async function recordFailedSignIn(address: string): Promise<void> {
  try {
    await signInLimiter().consume(addressKey(address));
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
  }
}
