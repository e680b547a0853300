/**
 * The live delta: postings of the documents added (or replaced) since the last build, so
 * that a search finds them before the next build folds them in. Small by design: a search
 * rebuilds once it holds more than DELTA_MAX documents.
 */

/** Documents added since the last build that queries scan before the next search rebuilds. */
export const DELTA_MAX = 8192;

export class DeltaPostings {
  /** Word ids with delta postings, and per word the slots holding it. */
  private words: number[] = [];
  private lists: number[][] = [];
  /** Word id -> its place in `words` and `lists`. */
  private readonly index = new Map<number, number>();

  /** Adds the postings of the document in `slot` with tokens[0..n) (a word counted once). */
  add(slot: number, tokens: Uint32Array, n: number): void {
    for (let i = 0; i < n; i++) {
      const w = tokens[i];
      let dup = false;
      for (let j = 0; j < i && !dup; j++) dup = tokens[j] === w;
      if (dup) continue;
      const d = this.index.get(w);
      if (d !== undefined) this.lists[d].push(slot);
      else {
        this.index.set(w, this.words.length);
        this.words.push(w);
        this.lists.push([slot]);
      }
    }
  }

  clear(): void {
    this.index.clear();
    this.words = [];
    this.lists = [];
  }

  /**
   * The slots holding a word `matches` accepts, each once (dead slots included: the caller
   * checks), in the order their words entered the delta.
   */
  slotsMatching(matches: (w: number) => boolean): number[] {
    const out: number[] = [];
    let seen: Set<number> | null = null;
    const words = this.words;
    for (let d = 0; d < words.length; d++) {
      if (!matches(words[d])) continue;
      seen ??= new Set();
      for (const slot of this.lists[d]) {
        if (seen.has(slot)) continue;
        seen.add(slot);
        out.push(slot);
      }
    }
    return out;
  }
}
