/**
 * Micro-benchmark of the in-process title search index (lib/search/title-index.ts).
 *
 *   npx tsx scripts/bench-search.ts [--n 1290000] [--queries 2000] [--seed 42]
 *   node --expose-gc --import tsx scripts/bench-search.ts   (adds heap-after-GC figures)
 *
 * Builds an index of N generated titles (deterministic: Zipf-distributed English-like words
 * with a long tail of invented ones, sequels, ~6% non-Latin titles: CJK, Korean, Cyrillic,
 * Arabic; ~15% with a different original title; heavy-tailed votes/popularity), then times
 * queries: full titles, autocomplete prefixes (incl. 1-3 letters), one typo per word,
 * CJK substrings, common words and garbage. Prints build time, memory and p50/p99/max.
 * Self-contained: no database, no files.
 */
import { TitleIndex, type TitleEntry } from "../lib/search/title-index";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) return def;
  const v = Number(process.argv[i + 1]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
}

const N = arg("n", 1_290_000);
const QUERIES = arg("queries", 2000);
const SEED = arg("seed", 42);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];
/** Zipf-like index in [0, n): small indexes much more likely. */
const zipf = (n: number, s = 2.2): number => Math.min(n - 1, Math.floor(Math.pow(rand(), s) * n));

const COMMON = (
  "the of a and in to love man night last day life world house dark girl story time dead blood " +
  "war king black city death lost return secret american little dream home christmas new big " +
  "red white blue star wild road island moon sun fire ice water heart soul ghost devil angel " +
  "queen prince princess lady boy boys girls family father mother son daughter brother sister " +
  "summer winter spring fall rain storm shadow shadows light mirror stone iron golden silver " +
  "last first final great good bad beautiful young old one two three four five seven hundred " +
  "million legend tales tale chronicles adventures journey quest escape revenge justice hunter " +
  "killer murder crime detective police agent mission secret code game games party wedding " +
  "school college summer camp beach ocean sea river mountain forest jungle desert valley garden " +
  "street avenue hotel train station station ship space planet earth mars galaxy alien aliens " +
  "monster monsters dragon dragons zombie zombies vampire vampires witch witches wolf wolves " +
  "tiger lion horse dog cat bird birds fish snake spider bear bears rabbit fox eagle hawk " +
  "highway hell heaven paradise kingdom empire republic revolution rebellion army soldier " +
  "soldiers warrior warriors knight knights samurai ninja pirate pirates cowboy cowboys sheriff"
).split(/\s+/);

const SYL = [
  "ka", "ri", "mo", "ten", "sa", "lor", "vin", "da", "el", "an", "mar", "to", "ber", "li", "ne",
  "ro", "sha", "qui", "zel", "port", "ham", "ville", "ton", "gar", "mi", "son", "dra", "ko", "vel",
  "tra", "ben", "cas", "tel", "do", "ra", "ni", "ja", "wen", "hol", "ly", "wood", "ster", "ford",
  "ing", "er", "ia", "us", "ex", "or", "ax", "ul", "fi", "ge", "pa", "bro", "stan", "kel", "mon",
];
/** The i-th invented word (deterministic, distinct for distinct i in practice). */
function invented(i: number): string {
  let w = "";
  let x = i + 7;
  const n = 2 + (i % 3);
  for (let k = 0; k < n; k++) {
    w += SYL[x % SYL.length];
    x = Math.floor(x / SYL.length) + k * 13;
  }
  return w;
}
const INVENTED = 400_000;

const HAN =
  "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切怕刚准月星夜雨雪春秋冬梦恋龍鳥島侍桜忍刀剣姫".split(
    "",
  );
const KANA = "のとがにはをでもへやかきくけこさしすせそたちつてなぬねまみむめもらりるれろわん".split("");
const HANGUL = "가나다라마바사아자차카타파하고노도로모보소오조호구누두루무부수우주추기니디리미비시이지치생충살인추억".split("");
const CYR = ["война", "мир", "брат", "ночь", "любовь", "город", "дом", "солнце", "москва", "сталкер", "иван", "зима", "лето"];
const ARAB = ["الحب", "الليل", "المدينة", "الحرب", "البحر", "رحلة", "بيت", "القمر", "الصحراء", "حكاية"];

function englishTitle(): string {
  const n = 1 + zipf(7, 1.6);
  const words: string[] = [];
  if (rand() < 0.3) words.push("the");
  for (let i = 0; i < n; i++) {
    words.push(rand() < 0.55 ? COMMON[zipf(COMMON.length, 1.8)] : invented(zipf(INVENTED, 2.5)));
  }
  let t = words.map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
  const r = rand();
  if (r < 0.04) t += " " + (2 + Math.floor(rand() * 4));
  else if (r < 0.06) t += ": Part " + pick(["II", "III", "One", "Two"]);
  else if (r < 0.08) t = t.replace(" ", ": ");
  else if (r < 0.09) t += "'s " + pick(COMMON);
  return t;
}
function cjkTitle(): string {
  const n = 2 + zipf(8, 1.5);
  let t = "";
  for (let i = 0; i < n; i++) t += rand() < 0.75 ? pick(HAN) : pick(KANA);
  return t;
}
function nonLatinTitle(): string {
  const r = rand();
  if (r < 0.5) return cjkTitle();
  if (r < 0.7) {
    let t = "";
    for (let i = 0; i < 2 + Math.floor(rand() * 3); i++) t += pick(HANGUL);
    return t;
  }
  if (r < 0.85) return [pick(CYR), pick(CYR)].join(" ");
  return [pick(ARAB), pick(ARAB)].join(" ");
}

function generate(n: number): TitleEntry[] {
  const out: TitleEntry[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const foreign = rand() < 0.06;
    const title = foreign ? nonLatinTitle() : englishTitle();
    const original = foreign ? title : rand() < 0.12 ? (rand() < 0.5 ? nonLatinTitle() : englishTitle()) : title;
    const votes = Math.floor(Math.expm1(Math.pow(rand(), 3) * 10.5));
    out[i] = {
      id: i + 2,
      title,
      original_title: original,
      vote_count: votes,
      popularity: Math.round(Math.expm1(rand() * 2 + Math.log1p(votes) / 3) * 1000) / 1000,
      release_year: 1900 + Math.floor(rand() * 125),
    };
  }
  return out;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
function typo(word: string): string {
  if (word.length < 4 || /[^a-z]/.test(word)) return word;
  const i = 1 + Math.floor(rand() * (word.length - 1));
  switch (Math.floor(rand() * 4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1); // deletion
    case 1:
      return word.slice(0, i) + pick(LETTERS.split("")) + word.slice(i + 1); // substitution
    case 2:
      return word.slice(0, i) + pick(LETTERS.split("")) + word.slice(i); // insertion
    default:
      return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i);
  }
}

type Kind = "full" | "prefix" | "short-prefix" | "typo" | "cjk" | "common" | "garbage";
interface Query {
  kind: Kind;
  q: string;
  target?: number;
}
function makeQueries(entries: TitleEntry[], count: number): Query[] {
  // Targets: half among the 5% most voted, half uniform.
  const byVotes = entries.map((e, i) => [e.vote_count, i] as const).sort((a, b) => b[0] - a[0]);
  const top = byVotes.slice(0, Math.max(1, Math.floor(entries.length * 0.05))).map((x) => x[1]);
  const target = () => entries[rand() < 0.5 ? pick(top) : Math.floor(rand() * entries.length)];
  const cjk = entries.filter((e) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(e.title)).slice(0, 5000);
  const qs: Query[] = [];
  for (let i = 0; i < count; i++) {
    const r = rand();
    const e = target();
    const lower = e.title.toLowerCase();
    if (r < 0.25) qs.push({ kind: "full", q: e.title, target: e.id });
    else if (r < 0.45) qs.push({ kind: "prefix", q: lower.slice(0, Math.max(4, Math.ceil(lower.length * (0.4 + rand() * 0.5)))), target: e.id });
    else if (r < 0.6) qs.push({ kind: "short-prefix", q: lower.slice(0, 1 + Math.floor(rand() * 3)) });
    else if (r < 0.85) {
      const t = lower.replace(/[^\p{L}\p{N}\s]/gu, "").split(/\s+/).map(typo).join(" ");
      qs.push({ kind: "typo", q: t, target: e.id });
    } else if (r < 0.9 && cjk.length > 0) {
      const c = pick(cjk);
      const chars = Array.from(c.title);
      const a = Math.floor(rand() * Math.max(1, chars.length - 2));
      qs.push({ kind: "cjk", q: chars.slice(a, a + 2 + Math.floor(rand() * 3)).join(""), target: c.id });
    } else if (r < 0.95) {
      qs.push({ kind: "common", q: pick(["the", "love", "man", "night", "the man", "a", "of the", "dark", "the last", "love story", "the king", "war", "house", "star"]) });
    } else {
      let g = "";
      for (let k = 0; k < 3 + Math.floor(rand() * 12); k++) g += rand() < 0.15 ? " " : pick(LETTERS.split(""));
      qs.push({ kind: "garbage", q: rand() < 0.1 ? g.repeat(40) : g });
    }
  }
  return qs;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

function main(): void {
  console.log(`bench-search: N=${N.toLocaleString("en")} queries=${QUERIES} seed=${SEED} node=${process.version}`);
  let t0 = performance.now();
  const entries = generate(N);
  console.log(`generated ${N.toLocaleString("en")} titles in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;

  t0 = performance.now();
  const index = new TitleIndex(N);
  for (let i = 0; i < entries.length; i++) index.add(entries[i]);
  const tAdd = performance.now() - t0;
  const t1 = performance.now();
  index.build();
  const tBuild = performance.now() - t1;
  const total = performance.now() - t0;
  const rssAfter = process.memoryUsage().rss;
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const ab = process.memoryUsage().arrayBuffers;
  const st = index.stats();
  console.log(
    `build: add x${N.toLocaleString("en")} ${(tAdd / 1000).toFixed(2)} s + build() ${(tBuild / 1000).toFixed(2)} s = ${(total / 1000).toFixed(2)} s`,
  );
  console.log(
    `index: ${st.size.toLocaleString("en")} entries, ${st.vocabulary.toLocaleString("en")} distinct tokens, ${st.postings.toLocaleString("en")} postings`,
  );
  console.log(
    `memory: RSS ${mb(rssBefore)} -> ${mb(rssAfter)} (+${mb(rssAfter - rssBefore)}, includes the generated input)` +
      (gc ? `; heap after GC +${mb(heapAfter - heapBefore)}, typed arrays ${mb(ab)}` : " (run with node --expose-gc for heap figures)"),
  );

  const queries = makeQueries(entries, QUERIES);
  // warm-up (JIT), not timed
  for (let i = 0; i < Math.min(300, queries.length); i++) index.search(queries[i].q, 10);

  const times: number[] = [];
  const byKind = new Map<Kind, number[]>();
  const hits = new Map<Kind, [number, number]>();
  for (const q of queries) {
    const s = process.hrtime.bigint();
    const res = index.search(q.q, 10);
    const ms = Number(process.hrtime.bigint() - s) / 1e6;
    times.push(ms);
    if (!byKind.has(q.kind)) byKind.set(q.kind, []);
    byKind.get(q.kind)!.push(ms);
    if (q.target !== undefined) {
      const h = hits.get(q.kind) ?? [0, 0];
      h[1]++;
      if (res.some((r) => r.id === q.target)) h[0]++;
      hits.set(q.kind, h);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `queries: ${times.length}  p50 ${pct(times, 50).toFixed(3)} ms  p90 ${pct(times, 90).toFixed(3)} ms  p99 ${pct(times, 99).toFixed(3)} ms  max ${times[times.length - 1].toFixed(3)} ms`,
  );
  for (const [kind, ts] of byKind) {
    ts.sort((a, b) => a - b);
    const h = hits.get(kind);
    // Synthetic titles repeat (many share a title), so "target in top 10" understates quality.
    const hit = h ? `  target in top 10: ${((100 * h[0]) / h[1]).toFixed(1)}%` : "";
    console.log(
      `  ${kind.padEnd(13)} n=${String(ts.length).padStart(4)}  p50 ${pct(ts, 50).toFixed(3)}  p99 ${pct(ts, 99).toFixed(3)}  max ${ts[ts.length - 1].toFixed(3)} ms${hit}`,
    );
  }

  // live updates: replace and remove, then query again (delta path)
  t0 = performance.now();
  for (let i = 0; i < 1000; i++) {
    const e = entries[(i * 7919) % entries.length];
    index.add({ ...e, title: e.title + " Redux" });
  }
  for (let i = 0; i < 1000; i++) index.remove(entries[(i * 104729) % entries.length].id);
  const tUpd = performance.now() - t0;
  const after: number[] = [];
  for (const q of queries.slice(0, 500)) {
    const s = process.hrtime.bigint();
    index.search(q.q, 10);
    after.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  after.sort((a, b) => a - b);
  console.log(
    `live updates: 1000 replaces + 1000 removes in ${tUpd.toFixed(1)} ms; 500 queries with them in the delta: p50 ${pct(after, 50).toFixed(3)} ms  p99 ${pct(after, 99).toFixed(3)} ms`,
  );
  t0 = performance.now();
  index.build();
  console.log(`rebuild (compacting the delta): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}

main();
