/**
 * In-process, typo-tolerant title search (autocomplete) over the whole catalog.
 *
 * Pure TypeScript, no I/O: the server feeds it rows (`add`) and live changes (`add` again
 * with the same id = replace, `remove`), and asks `search`. Synchronous; not re-entrant
 * (JavaScript never runs two calls at once in one isolate).
 *
 * Word-level, as in Meilisearch/Typesense; sized for ~1.3M titles; typed arrays throughout,
 * no per-document objects. This file is the facade; the parts, one job each:
 * - normalize.ts: titles and queries into tokens (words; CJK/Thai... as character bigrams).
 * - vocabulary.ts: distinct tokens -> word ids (hash table of two 32-bit hashes), with the
 *   Bloom filters of word-bloom.ts; documents.ts: the documents by slot; delta.ts: postings
 *   of the documents added since the last build.
 * - build.ts: popularity order, postings, sorted vocabulary (sorted with radix-sort.ts),
 *   trigram-index.ts and prefix-tops.ts; the result is a BuiltIndex (built-index.ts).
 * - query-matcher.ts: which vocabulary words each query token matches (exactly, as a prefix,
 *   with typo-one.ts, typo-two.ts, fuzzy-prefix.ts), as score codes (token-match.ts).
 * - candidates.ts: which built documents to score; scoring.ts: their scores and the top k.
 * Documents added or replaced after a build sit in the delta, scanned by every query; a
 * search rebuilds once the delta exceeds DELTA_MAX documents or a quarter of the built ones
 * were removed (call `build()` off the request path instead).
 */
import { builtState, DEAD as DEAD_FLAG, emptyBuild, markDead, restoreBuild, type BuiltIndex, type BuiltState } from "./built-index";
import { buildIndex } from "./build";
import { CandidateCollector } from "./candidates";
import { DELTA_MAX, DeltaPostings } from "./delta";
import { DocumentStore, popularityRank, type DocumentState } from "./documents";
import { tokenize } from "./normalize";
import { QueryMatcher } from "./query-matcher";
import { QueryScorer, TopMatches, quantize } from "./scoring";
import { MAX_QUERY_TOKENS } from "./token-match";
import { MAX_FIELD_TOKENS, Vocabulary, type VocabularyState } from "./vocabulary";

export { normalizeTitle} from "./normalize";

/** A built index as a snapshot saves it: typed arrays and the vocabulary's words. */
export interface TitleIndexState {
  vocab: VocabularyState;
  docs: DocumentState;
  built: BuiltState;
}

export interface TitleEntry {
  id: number;
  title: string;
  original_title: string;
  popularity: number;
  vote_count: number;
  release_year: number;
}

export interface TitleMatch {
  id: number;
  /** Match quality in 0..1 (1 = the query is exactly the title). */
  score: number;
}

/** Query text considered (code units). */
const MAX_QUERY_CHARS = 512;
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 10;
const DEAD = DEAD_FLAG; // local copy: checked per candidate

export class TitleIndex {
  private readonly vocab: Vocabulary;
  private readonly docs: DocumentStore;
  private readonly delta = new DeltaPostings();
  private built: BuiltIndex;
  private isBuilt = false;
  private readonly matcher: QueryMatcher;
  private readonly candidates = new CandidateCollector();
  private readonly scorer = new QueryScorer();
  private readonly fieldScratch = new Uint32Array(MAX_FIELD_TOKENS * 2);

  /** `saved`: a state from `state()`, taken over as is (no copy, no rebuild). */
  constructor(expectedSize = 0, saved?: TitleIndexState) {
    if (saved) {
      this.vocab = new Vocabulary(0, saved.vocab);
      this.built = restoreBuild(this.vocab.words, saved.built);
      const slotToPos = new Int32Array(saved.docs.ids.length).fill(-1);
      for (let p = 0; p < this.built.count; p++) slotToPos[this.built.posSlot[p]] = p;
      this.docs = new DocumentStore(0, { ...saved.docs, slotToPos });
      this.isBuilt = true;
    } else {
      const n = Math.max(1024, Math.min(Math.floor(Number(expectedSize) || 0), 50_000_000));
      this.docs = new DocumentStore(n);
      this.vocab = new Vocabulary(Math.floor(n / 3));
      this.built = emptyBuild(this.vocab.words);
    }
    this.matcher = new QueryMatcher(this.vocab);
  }

  /**
   * Everything a search reads, built first when documents changed since the last build. Its arrays
   * are the index's own: save them before the index changes again.
   */
  state(): TitleIndexState {
    if (!this.isBuilt || this.docs.slotCount !== this.built.slots) this.build();
    return { vocab: this.vocab.state(), docs: this.docs.state(), built: builtState(this.built) };
  }

  /** Live (searchable) entries. */
  get size(): number {
    return this.docs.aliveCount;
  }

  /** Inserts an entry, or replaces the entry with the same id. */
  add(entry: TitleEntry): void {
    const id = entry?.id;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
      throw new RangeError(`TitleIndex.add: id must be a non-negative integer, got ${String(id)}`);
    }
    const old = this.docs.slotOf(id);
    if (old >= 0) this.kill(old);

    const title = typeof entry.title === "string" ? entry.title : "";
    const original = typeof entry.original_title === "string" ? entry.original_title : "";
    const f = this.fieldScratch;
    const tl = this.vocab.fieldTokens(title, f, 0);
    let ol = original.length > 0 && original !== title ? this.vocab.fieldTokens(original, f, tl) : 0;
    if (ol === tl) {
      let same = true;
      for (let i = 0; i < tl && same; i++) same = f[i] === f[tl + i];
      if (same) ol = 0;
    }
    const rank = popularityRank(Number(entry.vote_count), Number(entry.popularity));
    const slot = this.docs.add(id, rank, f, tl, ol);
    if (this.isBuilt) this.delta.add(slot, f, tl + ol);
  }

  /** Removes the entry with this id (no-op when absent); it never matches again. */
  remove(id: number): void {
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) return;
    const slot = this.docs.slotOf(id);
    if (slot >= 0) this.kill(slot);
  }

  /** True when an entry with this id is indexed. */
  has(id: number): boolean {
    return typeof id === "number" && Number.isSafeInteger(id) && id >= 0 && this.docs.slotOf(id) >= 0;
  }

  /** Figures for health checks and benchmarks. */
  stats(): { size: number; vocabulary: number; postings: number; delta: number; built: boolean } {
    return {
      size: this.docs.aliveCount,
      vocabulary: this.vocab.size,
      postings: this.built.postings.length,
      delta: this.docs.slotCount - this.built.slots,
      built: this.isBuilt,
    };
  }

  /**
   * Builds (or rebuilds) the search structures now. `search` does it lazily when needed;
   * call it after a bulk load so that the first query does not pay for it.
   */
  build(): void {
    this.built = buildIndex(this.vocab, this.docs, this.built);
    this.delta.clear();
    this.isBuilt = true;
  }

  /**
   * Ranked matches for a user query: by match quality (`score`), then popularity, then id.
   * Never throws on any string input; returns [] when nothing sensible matches.
   */
  search(query: string, limit: number = DEFAULT_LIMIT): TitleMatch[] {
    let k = Math.floor(Number(limit));
    if (!Number.isFinite(k)) k = DEFAULT_LIMIT;
    if (k <= 0) return [];
    if (k > MAX_LIMIT) k = MAX_LIMIT;
    if (typeof query !== "string" || this.docs.aliveCount === 0) return [];
    const text = query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query;
    const { tokens, openEnded } = tokenize(text, MAX_QUERY_TOKENS);
    if (tokens.length === 0) return [];

    if (this.needsRebuild()) this.build();

    const built = this.built;
    const matches = this.matcher.match(tokens, openEnded, built);
    this.scorer.setQuery(matches, built.sortedPos, this.vocab.wordLen);
    try {
      this.candidates.collect(matches, k, built);
      return this.topMatches(k, built);
    } finally {
      this.matcher.release(matches);
      this.candidates.reset();
    }
  }

  /** Scores the candidates of the built part, then the delta documents; the top k. */
  private topMatches(k: number, built: BuiltIndex): TitleMatch[] {
    const top = new TopMatches(k);
    const scorer = this.scorer;
    const docs = this.docs;
    const cand = this.candidates.cand;
    const nc = this.candidates.count;
    // ascending ranks: memory order of the document store
    if (nc > 64) cand.subarray(0, nc).sort();
    const posStart = built.posStart;
    const posFwd = built.posFwd;
    for (let c = 0; c < nc; c++) {
      const p = cand[c];
      const start = posStart[p];
      const h = posFwd[start];
      if (h & DEAD) continue;
      const tl = h & 255;
      const s = scorer.scoreDoc(posFwd, start + 1, tl, tl + ((h >>> 8) & 255));
      if (s <= 0) continue;
      const score = quantize(s);
      // popularity and id are read only for a score that can enter the top k
      if (top.mayTake(score)) {
        const slot = built.posSlot[p];
        top.offer(score, docs.ranks[slot], docs.ids[slot]);
      }
    }
    // Delta documents: those holding a word some query token matches.
    for (const slot of this.delta.slotsMatching((w) => scorer.matchesWord(w))) {
      if (docs.alive[slot] === 0) continue;
      const tl = docs.titleLen[slot];
      const s = scorer.scoreDoc(docs.fwd, docs.fwdStart[slot], tl, tl + docs.origLen[slot]);
      if (s <= 0) continue;
      const score = quantize(s);
      if (top.mayTake(score)) top.offer(score, docs.ranks[slot], docs.ids[slot]);
    }
    return top.results();
  }

  private kill(slot: number): void {
    const pos = this.docs.kill(slot);
    if (pos >= 0) markDead(this.built, pos);
  }

  private needsRebuild(): boolean {
    if (!this.isBuilt) return true;
    if (this.docs.slotCount - this.built.slots > DELTA_MAX) return true;
    return this.built.deadCount > 1024 && this.built.deadCount > this.built.count / 4;
  }
}
