/**
 * The project's one deterministic random source (the synthetic catalog, the offline
 * evaluation, benchmarks): sfc32 (fast, 128-bit state, good statistical quality), seeded
 * by splitmix32 from (seed, stream) so independent streams never share a sequence.
 * Only integer ops and IEEE double arithmetic: same seed => same numbers on every platform.
 */
function splitmix32(x: number): () => number {
  let s = x >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Folds any safe integer seed (negative or beyond 32 bits too) into 32 bits. */
function seed32(seed: number): number {
  const lo = seed % 0x100000000;
  const hi = Math.floor(seed / 0x100000000);
  return (lo ^ Math.imul(hi | 0, 0x27d4eb2d)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    const sm = splitmix32(seed32(seed) ^ Math.imul(stream + 1, 0x632be5ab));
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Standard normal (Box-Muller; one value per call keeps the stream simple). */
  gauss(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Zipf-like rank in [0, n): P(r) ~ 1/(r+q)^s (q flattens the head), sampled in O(1) by
   * inverting the CDF of the continuous power law.
   */
  zipf(n: number, s = 1, q = 1): number {
    const u = this.float();
    let x: number;
    if (Math.abs(s - 1) < 1e-9) x = q * Math.exp(u * Math.log((n + q) / q));
    else {
      const e = 1 - s;
      const lo = Math.pow(q, e);
      x = Math.pow(u * (Math.pow(n + q, e) - lo) + lo, 1 / e);
    }
    const r = Math.floor(x) - q;
    return r < 0 ? 0 : r >= n ? n - 1 : r;
  }
}

/** Floats in [0, 1) from `new Rng(seed)`, as a plain function. */
export function randomFloats(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.float();
}

/** Weighted choice by binary search over cumulative weights. */
export class Weighted<T> {
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length !== weights.length || items.length === 0) throw new Error("Weighted: bad table");
    this.cum = new Float64Array(items.length);
    let t = 0;
    for (let i = 0; i < items.length; i++) {
      t += Math.max(0, weights[i]);
      this.cum[i] = t;
    }
    this.total = t;
  }

  pick(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
