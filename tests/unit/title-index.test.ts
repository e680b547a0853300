import fs from "node:fs";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { tokenize } from "@/lib/search/normalize";
import { TitleIndex, normalizeTitle, type TitleEntry, type TitleMatch } from "@/lib/search/title-index";
import { MISSING_DATA, TOP3000 } from "../support/paths";

const entry = (id: number, title: string, over: Partial<TitleEntry> = {}): TitleEntry => ({
  id,
  title,
  original_title: title,
  popularity: 10,
  vote_count: 100,
  release_year: 2000,
  ...over,
});
const ids = (ms: TitleMatch[]) => ms.map((m) => m.id);

/** Results are ranked by score, scores are in 0..1. */
function expectWellFormed(ms: TitleMatch[]): void {
  for (let i = 0; i < ms.length; i++) {
    expect(ms[i].score).toBeGreaterThan(0);
    expect(ms[i].score).toBeLessThanOrEqual(1);
    if (i > 0) expect(ms[i].score).toBeLessThanOrEqual(ms[i - 1].score);
  }
  expect(new Set(ids(ms)).size).toBe(ms.length);
}

const HOSTILE_QUERIES = [
  "",
  " ",
  "   \t\n  ",
  "🎬🍿🎥",
  "' OR 1=1 --",
  "'; DROP TABLE movies; --",
  "%",
  "_",
  "\\",
  "\u0000\u0001\u0002",
  "\ud800", // lone surrogate
  "مرحبا بالعالم",
  "שלום עולם",
  "x".repeat(500),
  "ab ".repeat(300),
  "a".repeat(20_000),
  "zzqxv wkjhg",
  "̀́̂", // combining marks only
  "..--,,;;",
];

describe("normalizeTitle", () => {
  it("lowercases, strips diacritics, turns punctuation into single spaces", () => {
    expect(normalizeTitle("Amélie")).toBe("amelie");
    expect(normalizeTitle("  Harry Potter:  the   Philosopher's Stone ")).toBe("harry potter the philosopher s stone");
    expect(normalizeTitle("Léon: The Professional")).toBe("leon the professional");
    expect(normalizeTitle("WALL·E")).toBe("wall e");
    expect(normalizeTitle("Crouching Tiger, Hidden Dragon")).toBe("crouching tiger hidden dragon");
    expect(normalizeTitle("Ærø Straße İstanbul Øresund")).toBe("aero strasse istanbul oresund");
    expect(normalizeTitle("ＡＢＣ１２３")).toBe("abc123"); // full-width forms
    expect(normalizeTitle("Pokémon: Mewtwo Strikes Back—Evolution")).toBe("pokemon mewtwo strikes back evolution");
  });

  it("keeps non-Latin scripts", () => {
    expect(normalizeTitle("千と千尋の神隠し")).toBe("千と千尋の神隠し");
    expect(normalizeTitle("기생충")).toBe("기생충");
    expect(normalizeTitle("Москва слезам не верит")).toBe("москва слезам не верит");
    expect(normalizeTitle("ｶﾞﾝﾀﾞﾑ")).toBe("ガンダム"); // half-width kana recomposed
  });

  it("returns '' for empty, blank, symbol-only or non-string input", () => {
    expect(normalizeTitle("")).toBe("");
    expect(normalizeTitle("   ")).toBe("");
    expect(normalizeTitle("🎬 !!! ---")).toBe("");
    expect(normalizeTitle(undefined as unknown as string)).toBe("");
    expect(normalizeTitle(42 as unknown as string)).toBe("");
  });
});

describe("tokenize", () => {
  it("splits words, joins apostrophes, indexes CJK as character bigrams", () => {
    expect(tokenize("Schindler's List").tokens).toEqual(["schindlers", "list"]);
    expect(tokenize("千と千尋").tokens).toEqual(["千と", "と千", "千尋"]);
    expect(tokenize("葉問2").tokens).toEqual(["葉問", "2"]);
    expect(tokenize("猫").tokens).toEqual(["猫"]);
    expect(tokenize("Amélie").tokens).toEqual(["amelie"]);
  });

  it("says whether the last token may still be being typed", () => {
    expect(tokenize("iron ma").openEnded).toBe(true);
    expect(tokenize("iron man ").openEnded).toBe(false);
    expect(tokenize("iron man!").openEnded).toBe(false);
    expect(tokenize("").openEnded).toBe(false);
  });
});

describe("TitleIndex on a small catalog", () => {
  const catalog: TitleEntry[] = [
    entry(1, "Iron Man", { vote_count: 25000, popularity: 80 }),
    entry(2, "Iron Man 2", { vote_count: 20000, popularity: 60 }),
    entry(3, "Iron Man 3", { vote_count: 21000, popularity: 70 }),
    entry(4, "The Man in the Iron Mask", { vote_count: 3000 }),
    entry(5, "Amélie", { original_title: "Le Fabuleux Destin d'Amélie Poulain", vote_count: 11000 }),
    entry(6, "Spirited Away", { original_title: "千と千尋の神隠し", vote_count: 15000 }),
    entry(7, "Parasite", { original_title: "기생충", vote_count: 16000 }),
    entry(8, "Interstellar", { vote_count: 32000, popularity: 140 }),
    entry(9, "Internal Affairs", { vote_count: 500 }),
    entry(10, "Moscow Does Not Believe in Tears", { original_title: "Москва слезам не верит", vote_count: 400 }),
    entry(11, "The Message", { original_title: "الرسالة", vote_count: 300 }),
    entry(12, "Love", { vote_count: 50 }),
    entry(13, "Love Actually", { vote_count: 9000 }),
    entry(14, "Crazy, Stupid, Love.", { vote_count: 9500 }),
    entry(15, "Extraordinarily Long Expedition", { vote_count: 10 }),
    entry(16, "Blade Runner", { vote_count: 13000 }),
    entry(17, "Blade Runner 2049", { vote_count: 12000 }),
    entry(18, "Blade", { vote_count: 5000 }),
  ];
  let index: TitleIndex;
  beforeAll(() => {
    index = new TitleIndex(catalog.length);
    for (const e of catalog) index.add(e);
    index.build();
  });

  it("counts entries and reports them", () => {
    expect(index.size).toBe(catalog.length);
    expect(index.has(1)).toBe(true);
    expect(index.has(999)).toBe(false);
    expect(index.stats()).toMatchObject({ size: catalog.length, built: true, delta: 0 });
  });

  it("ranks an exact title first, then longer titles; popularity breaks ties", () => {
    const r = index.search("iron man");
    expectWellFormed(r);
    expect(r[0]).toEqual({ id: 1, score: 1 });
    expect(ids(r).slice(1, 3)).toEqual([3, 2]); // equal match: Iron Man 3 has more votes
    expect(ids(r)).toContain(4);
    expect(r.find((m) => m.id === 4)!.score).toBeLessThan(r[1].score);
  });

  it("matches prefixes of the word being typed", () => {
    expect(index.search("interst")[0].id).toBe(8);
    expect(index.search("inter")[0].id).toBe(8); // more popular than Internal Affairs
    expect(ids(index.search("inter"))).toContain(9);
    expect(index.search("blade run")[0].id).toBe(16);
    expect(ids(index.search("iron m"))).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it("does not treat a finished word as a prefix", () => {
    expect(ids(index.search("blade ")).slice(0, 1)).toEqual([18]);
  });

  it("tolerates one typo per word, and two in a long word", () => {
    expect(index.search("irn man")[0].id).toBe(1);
    expect(index.search("iorn mna")[0].id).toBe(1); // transpositions
    expect(index.search("intersteller")[0].id).toBe(8);
    expect(index.search("blase runer")[0].id).toBe(16);
    expect(index.search("extrordinarly")[0].id).toBe(15); // 2 deletions in a 15-letter word
  });

  it("ignores case and accents, matches original titles in any script", () => {
    expect(index.search("AMELIE")[0].id).toBe(5);
    expect(index.search("amélie")[0].id).toBe(5);
    expect(index.search("fabuleux destin")[0].id).toBe(5);
    expect(index.search("千と千尋の神隠し")[0]).toEqual({ id: 6, score: 1 });
    expect(index.search("千尋")[0].id).toBe(6); // a substring of an unspaced title
    expect(index.search("神")[0].id).toBe(6); // one character being typed
    expect(index.search("기생충")[0].id).toBe(7);
    expect(index.search("москва")[0].id).toBe(10);
    expect(index.search("الرسالة")[0].id).toBe(11);
  });

  it("returns [] or sensible results for hostile input, never throwing", () => {
    for (const q of HOSTILE_QUERIES) {
      const r = index.search(q);
      expect(Array.isArray(r)).toBe(true);
      expectWellFormed(r);
    }
    expect(index.search("")).toEqual([]);
    expect(index.search("   ")).toEqual([]);
    expect(index.search("🎬🍿🎥")).toEqual([]);
    expect(index.search("zzqxv wkjhg")).toEqual([]);
    for (const q of [null, undefined, 42, {}, ["iron"]]) {
      expect(index.search(q as unknown as string)).toEqual([]);
    }
  });

  it("honours limit", () => {
    expect(index.search("love", 2)).toHaveLength(2);
    expect(index.search("love", 0)).toEqual([]);
    expect(index.search("love", -5)).toEqual([]);
    expect(index.search("love", Number.NaN).length).toBeGreaterThan(0); // default
    expect(index.search("love", 10_000).length).toBe(3);
    expect(index.search("love")[0].id).toBe(12); // the exact title
  });

  it("rejects an entry without a usable id", () => {
    expect(() => index.add(entry(-1, "x"))).toThrow(RangeError);
    expect(() => index.add(entry(1.5, "x"))).toThrow(RangeError);
    expect(() => index.add({ ...entry(1, "x"), id: "7" as unknown as number })).toThrow(RangeError);
    expect(index.size).toBe(catalog.length);
  });

  it("copes with missing or odd fields", () => {
    const ix = new TitleIndex();
    ix.add({ id: 1, title: undefined, original_title: null, popularity: NaN, vote_count: -3 } as unknown as TitleEntry);
    ix.add(entry(2, "🎬"));
    ix.add(entry(3, "Nine", { vote_count: Infinity }));
    expect(ix.size).toBe(3);
    expect(ix.search("nine")[0].id).toBe(3);
    expect(ix.search("")).toEqual([]);
  });
});

describe("TitleIndex live updates", () => {
  const make = () => {
    const ix = new TitleIndex();
    ix.add(entry(1, "Toy Story", { vote_count: 18000 }));
    ix.add(entry(2, "Toy Story 2", { vote_count: 13000 }));
    ix.add(entry(3, "The Matrix", { vote_count: 25000 }));
    return ix;
  };

  it("remove() makes a movie disappear, before and after a build", () => {
    const ix = make();
    ix.remove(1);
    expect(ids(ix.search("toy story"))).toEqual([2]); // before any build
    ix.build();
    ix.remove(2);
    expect(ix.search("toy story")).toEqual([]);
    expect(ix.size).toBe(1);
    ix.remove(2); // twice: a no-op
    ix.remove(12345); // unknown: a no-op
    expect(ix.size).toBe(1);
  });

  it("a saved state searches as the index it was taken from, through later adds and removes", () => {
    // sized for far more titles than it holds: the saved word table is shrunk to fit
    const ix = new TitleIndex(200_000);
    for (const [id, title] of [[1, "Toy Story"], [2, "Toy Story 2"], [3, "The Matrix"], [4, "Amélie"], [5, "千と千尋の神隠し"]] as const)
      ix.add(entry(id, title, { vote_count: 1000 * id }));
    ix.remove(2);
    const saved = structuredClone(ix.state()); // as read back from a file: arrays of its own
    expect(saved.vocab.table.length).toBeLessThan(200_000);
    const back = new TitleIndex(0, saved);
    const queries = ["toy", "toy story", "matrx", "amelie", "千尋", "the"];
    expect(queries.map((q) => back.search(q))).toEqual(queries.map((q) => ix.search(q)));
    expect(back.size).toBe(4);
    for (const x of [ix, back]) {
      for (let id = 10; id < 3000; id++) x.add(entry(id, `Word${id} Story`, { vote_count: id })); // new words: the table grows
      x.remove(3);
    }
    const more = ["story", "word2999", "wrod1500", "matrix", "toy"];
    expect(more.map((q) => back.search(q))).toEqual(more.map((q) => ix.search(q)));
    expect(back.search("word2999 story")[0].id).toBe(2999);
  });

  it("add() with the same id replaces the title (no stale match)", () => {
    const ix = make();
    ix.build();
    ix.add(entry(3, "Completely Different Name", { vote_count: 25000 }));
    expect(ix.search("matrix")).toEqual([]);
    expect(ix.search("completely different")[0].id).toBe(3);
    expect(ix.size).toBe(3);
    ix.build();
    expect(ix.search("matrix")).toEqual([]);
    expect(ix.search("completely different name")[0]).toEqual({ id: 3, score: 1 });
  });

  it("finds movies added after the build at once (typos, prefixes and new words too)", () => {
    const ix = make();
    ix.build();
    ix.add(entry(4, "Zyxwvutsrqpon Adventure", { vote_count: 5 }));
    ix.add(entry(5, "Toy Story 3", { vote_count: 15000 }));
    expect(ix.stats().delta).toBe(2);
    expect(ix.search("zyxwvutsrqpon")[0].id).toBe(4);
    expect(ix.search("zyxwv")[0].id).toBe(4); // prefix of a word new to the vocabulary
    expect(ix.search("zyxwvutsrqopn")[0].id).toBe(4); // typo of it
    expect(ix.search("adventure")[0].id).toBe(4);
    expect(ids(ix.search("toy story"))).toEqual([1, 5, 2]);
    ix.remove(5);
    expect(ids(ix.search("toy story"))).toEqual([1, 2]);
  });

  it("stays consistent through many updates and automatic rebuilds", () => {
    const ix = new TitleIndex();
    const model = new Map<number, string>();
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"];
    for (let step = 0; step < 30_000; step++) {
      const id = Math.floor(rnd() * 3000);
      if (rnd() < 0.3) {
        ix.remove(id);
        model.delete(id);
      } else {
        const t = `${words[Math.floor(rnd() * words.length)]} ${words[Math.floor(rnd() * words.length)]} n${step}`;
        ix.add(entry(id, t));
        model.set(id, t);
      }
      if (step % 5000 === 0) ix.search("alpha"); // builds now and then
    }
    expect(ix.size).toBe(model.size);
    let checked = 0;
    for (const [id, t] of model) {
      if (checked++ % 7 !== 0) continue;
      expect(ix.search(t, 3)[0]).toEqual({ id, score: 1 });
    }
    for (let id = 0; id < 3000; id++) expect(ix.has(id)).toBe(model.has(id));
  });
});

// ---------------------------------------------------------------------------- real titles

function loadTop3000(): TitleEntry[] {
  const text = fs.readFileSync(TOP3000, "utf8");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return parsed.data.map((r) => ({
    id: Number(r.id),
    title: r.title,
    original_title: r.original_title,
    popularity: Number(r.popularity),
    vote_count: Number(r.vote_count),
    release_year: Number((r.release_date ?? "").slice(0, 4)),
  }));
}

/** One deterministic typo in each word of 5+ letters. */
function typoEachWord(title: string, salt: number): string {
  return normalizeTitle(title)
    .split(" ")
    .map((w, k) => {
      if (w.length < 5 || !/^[a-z]+$/.test(w)) return w;
      const i = 1 + ((salt + k * 7) % (w.length - 2));
      switch ((salt + k) % 4) {
        case 0:
          return w.slice(0, i) + w.slice(i + 1); // deletion
        case 1:
          return w.slice(0, i) + (w[i] === "x" ? "y" : "x") + w.slice(i + 1); // substitution
        case 2:
          return w.slice(0, i) + "e" + w.slice(i); // insertion
        default:
          return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // transposition
      }
    })
    .join(" ");
}

const hasTop3000 = fs.existsSync(TOP3000);
describe.skipIf(!hasTop3000)(`TitleIndex on the real top-3000 titles${hasTop3000 ? "" : ` (${MISSING_DATA})`}`, () => {
  let rows: TitleEntry[];
  let index: TitleIndex;
  const byId = new Map<number, TitleEntry>();
  beforeAll(() => {
    rows = loadTop3000();
    index = new TitleIndex(rows.length);
    for (const r of rows) {
      index.add(r);
      byId.set(r.id, r);
    }
    index.build();
  });

  it("indexes every row", () => {
    expect(rows.length).toBe(3000);
    expect(index.size).toBe(3000);
  });

  it('"avengrs infinty" finds Avengers: Infinity War first', () => {
    const r = index.search("avengrs infinty");
    expectWellFormed(r);
    expect(r[0].id).toBe(299536);
  });

  it('"harry poter" puts Harry Potter films at the top, the first one among the top 3', () => {
    const r = index.search("harry poter", 8);
    expect(r.length).toBe(8);
    for (const m of r) expect(byId.get(m.id)!.title).toMatch(/^Harry Potter/);
    expect(ids(r).slice(0, 3)).toContain(671);
  });

  it('"iron man" finds Iron Man before Iron Man 2 and 3', () => {
    const r = index.search("iron man");
    expect(r[0]).toEqual({ id: 1726, score: 1 });
    expect(ids(r).slice(1, 3).sort()).toEqual([10138, 68721].sort());
    // equal match quality: the more popular sequel first (votes and popularity, log-blended)
    expect(r[1].score).toBe(r[2].score);
    const [a, b] = r.slice(1, 3).map((m) => byId.get(m.id)!);
    expect(a.vote_count >= b.vote_count || a.popularity >= b.popularity).toBe(true);
  });

  it('"toy story" finds Toy Story (862) first', () => {
    expect(index.search("toy story")[0].id).toBe(862);
  });

  it("ignores accents and case", () => {
    expect(index.search("amelie")[0].id).toBe(194);
    expect(index.search("AMÉLIE")[0].id).toBe(194);
  });

  it("matches original titles, in any script", () => {
    for (const r of rows.filter((x) => x.original_title !== x.title)) {
      // every non-Latin original title finds its movie
      if (!/[\u0400-\u04ff\u0590-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(r.original_title)) continue;
      expect(ids(index.search(r.original_title, 10)), r.original_title).toContain(r.id);
    }
    expect(index.search("千と千尋の神隠し")[0].id).toBe(129);
    expect(index.search("기생충")[0].id).toBe(496243);
    expect(index.search("la vita e bella")[0].id).toBe(637);
  });

  it("completes prefixes", () => {
    expect(index.search("interst")[0].id).toBe(157336);
    expect(index.search("the dark kn")[0].id).toBe(155);
    expect(index.search("pulp f")[0].id).toBe(680);
    expect(index.search("shaw")[0].id).toBe(278);
  });

  it.each([
    ["godfathr", 238],
    ["pulp fictoin", 680],
    ["forest gump", 13],
    ["jurasic park", 329],
    ["the dark knigt", 155],
    ["inceptoin", 27205],
    ["shawshank redemtion", 278],
    ["interstelar", 157336],
    ["spirted awy", 129],
    ["matrx", 603],
    ["schindlers lsit", 424],
    ["gladaitor", 98],
  ])("finds a title with one typo per word: %s", (q, id) => {
    expect(index.search(q as string)[0].id).toBe(id);
  });

  it("finds (nearly) every title from itself, and from one typo in each of its words", () => {
    let exact = 0;
    let typo = 0;
    let typoTried = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const want = normalizeTitle(r.title);
      // titles can repeat (remakes): finding one with the same title counts
      const found = (ms: TitleMatch[]) =>
        ms.some((m) => m.id === r.id || normalizeTitle(byId.get(m.id)!.title) === want);
      if (found(index.search(r.title, 10))) exact++;
      const t = typoEachWord(r.title, i);
      if (t !== want) {
        typoTried++;
        if (found(index.search(t, 10))) typo++;
      }
    }
    expect(exact / rows.length).toBeGreaterThanOrEqual(0.995);
    expect(typoTried).toBeGreaterThan(1000);
    expect(typo / typoTried).toBeGreaterThanOrEqual(0.95);
  });

  it("answers hostile queries without throwing", () => {
    for (const q of HOSTILE_QUERIES) expectWellFormed(index.search(q));
    expect(index.search("")).toEqual([]);
    expect(index.search("🎬")).toEqual([]);
  });

  it("remove() and re-add() take effect at once", () => {
    index.remove(1726);
    expect(ids(index.search("iron man"))).not.toContain(1726);
    expect(index.size).toBe(2999);
    index.add(byId.get(1726)!);
    expect(index.search("iron man")[0].id).toBe(1726);
    index.add({ ...byId.get(862)!, title: "Plastic Playthings", original_title: "Plastic Playthings" });
    expect(ids(index.search("toy story"))).not.toContain(862);
    expect(index.search("plastic playthings")[0].id).toBe(862);
    index.add(byId.get(862)!);
    expect(index.search("toy story")[0].id).toBe(862);
    expect(index.size).toBe(3000);
  });

  it("answers quickly", () => {
    const qs = rows.slice(0, 1000).map((r, i) => (i % 3 === 0 ? typoEachWord(r.title, i) : r.title.slice(0, 2 + (i % 9))));
    const t0 = performance.now();
    for (const q of qs) index.search(q, 10);
    const perQuery = (performance.now() - t0) / qs.length;
    expect(perQuery).toBeLessThan(5); // ~0.1 ms here; generous for a loaded CI machine
  });
});
