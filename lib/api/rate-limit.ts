/**
 * A token bucket per client key. Per process: with several replicas each enforces its own
 * budget, which still bounds abuse; a shared limiter (e.g. at the load balancer) is the scale-out path.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSec: number,
  ) {}

  take(key: string, now = Date.now()): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSec);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.sweep(now);
    return ok;
  }

  private sweep(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
  }
}

type LimiterGlobal = { __rateLimiters?: Record<string, RateLimiter> };
const g = globalThis as LimiterGlobal;

/** Writes and sign-in attempts: generous for an admin, tight for a script hammering them. */
export function limiter(name: "write" | "login"): RateLimiter {
  g.__rateLimiters ??= {};
  const write = Number(process.env.WRITE_RATE_PER_SEC) || 50;
  g.__rateLimiters[name] ??= name === "write" ? new RateLimiter(write * 4, write) : new RateLimiter(10, 0.2);
  return g.__rateLimiters[name];
}
