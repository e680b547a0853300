/**
 * Text builders for the synthetic catalog: titles in many scripts, overviews, taglines,
 * Zipf-ranked keyword and production-company vocabularies, URLs and TMDB image paths, and the
 * "dirty" variants of titles and overviews that the ETL's cleaning rules must handle.
 */
import { Rng } from "../random";
import * as V from "./vocab";
import * as K from "./vocab-keywords";

const cap = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1) : s);
const lower = (s: string): string => s.toLowerCase();

// ---------------------------------------------------------------------------------------------
// Vocabularies ranked for Zipf draws. Built once per process from a fixed seed: they do not
// depend on the catalog seed, so two catalogs share their keyword and company spaces.

export const KEYWORD_VOCAB_SIZE = 60_000;
export const COMPANY_VOCAB_SIZE = 90_000;

function syllableName(rng: Rng, min = 2, max = 3): string {
  const n = rng.range(min, max);
  let s = "";
  for (let i = 0; i < n; i++) s += rng.pick(K.SYLLABLES);
  return s;
}

/** An insertion-ordered list that ignores repeats. */
function distinctList(): { out: string[]; add: (k: string) => void } {
  const seen = new Set<string>();
  const out: string[] = [];
  return {
    out,
    add: (k) => {
      if (!seen.has(k)) {
        seen.add(k);
        out.push(k);
      }
    },
  };
}

let keywordTable: string[] | undefined;
/** Keyword by Zipf rank: real head keywords first, then generated terms. */
export function keywordVocab(): string[] {
  if (keywordTable) return keywordTable;
  const rng = new Rng(0x6b657977, 1);
  const { out, add } = distinctList();
  K.HEAD_KEYWORDS.forEach(add);
  for (const list of Object.values(K.GENRE_KEYWORDS)) list.forEach(add);
  K.DECADES.forEach(add);
  K.KEYWORD_NOUNS.forEach(add);
  const places = V.PLACES.map(lower);
  while (out.length < KEYWORD_VOCAB_SIZE) {
    const p = rng.int(12);
    let k: string;
    if (p < 4) k = `${rng.pick(K.KEYWORD_ADJ)} ${rng.pick(K.KEYWORD_NOUNS)}`;
    else if (p === 4) k = `${rng.pick(K.KEYWORD_NOUNS)} ${rng.pick(K.KEYWORD_SUFFIX)}`;
    else if (p === 5) k = `${rng.pick(K.KEYWORD_NOUNS)} ${rng.pick(K.KEYWORD_NOUNS)} relationship`;
    else if (p === 6) k = `based on ${rng.pick(K.KEYWORD_NOUNS)} ${rng.pick(["story", "legend", "novel", "song", "comic", "game", "memoir"])}`;
    else if (p === 7) k = `${rng.pick(places)} ${rng.pick(K.KEYWORD_NOUNS)}`;
    else if (p === 8) k = syllableName(rng, 2, 4);
    else if (p === 9) k = `${rng.pick(K.DECADES)} ${rng.pick(K.KEYWORD_NOUNS)}`;
    else if (p === 10) k = `${rng.pick(K.KEYWORD_ADJ)} ${rng.pick(K.KEYWORD_ADJ)} ${rng.pick(K.KEYWORD_NOUNS)}`;
    else k = `${syllableName(rng, 2, 3)} ${rng.pick(K.KEYWORD_NOUNS)}`;
    add(k);
  }
  keywordTable = out;
  return out;
}

let companyTable: string[] | undefined;
/** Production company by Zipf rank: real head companies first, then generated names. */
export function companyVocab(): string[] {
  if (companyTable) return companyTable;
  const rng = new Rng(0x636f6d70, 2);
  const { out, add } = distinctList();
  K.HEAD_COMPANIES.forEach(add);
  while (out.length < COMPANY_VOCAB_SIZE) {
    const p = rng.int(10);
    let c: string;
    if (p < 3) c = `${cap(syllableName(rng))} ${rng.pick(K.COMPANY_SUFFIX)}`;
    else if (p < 5) c = `${rng.pick(K.COMPANY_WORDS)} ${rng.pick(K.COMPANY_WORDS)} ${rng.pick(K.COMPANY_SUFFIX)}`;
    else if (p === 5) c = `${rng.pick(K.COMPANY_PREFIX)} ${cap(syllableName(rng))}`;
    else if (p === 6) c = `${rng.pick(V.FIRST_NAMES)} ${rng.pick(V.LAST_NAMES)} ${rng.pick(["Productions", "Films", "Company", "Pictures"])}`;
    else if (p === 7) c = `${cap(syllableName(rng))} & ${cap(syllableName(rng))}`;
    else if (p === 8) c = `${rng.pick(K.COMPANY_WORDS)} ${cap(syllableName(rng))} ${rng.pick(K.COMPANY_SUFFIX)}`;
    else c = cap(syllableName(rng, 2, 4));
    add(c);
  }
  companyTable = out;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Titles

function englishBase(rng: Rng): string {
  const p = rng.int(100);
  if (p < 16) return `The ${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)}`;
  if (p < 28) return rng.pick(V.NOUNS);
  if (p < 36) return `${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)}`;
  if (p < 44) return `The ${rng.pick(V.NOUNS)} of ${rng.pick(V.PLACES)}`;
  if (p < 51) return `${rng.pick(V.NOUNS)} of the ${rng.pick(V.NOUNS)}`;
  if (p < 56) return rng.pick(V.FIRST_NAMES);
  if (p < 60) return `${rng.pick(V.FIRST_NAMES)} ${rng.pick(V.LAST_NAMES)}`;
  if (p < 65) return `${rng.pick(V.FIRST_NAMES)}'s ${rng.pick(V.NOUNS)}`;
  if (p < 70) return `A ${rng.pick(V.NOUNS)} in ${rng.pick(V.PLACES)}`;
  if (p < 75) return `${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)}s`;
  if (p < 81) return `${rng.pick(V.VERBS_ING)} ${rng.chance(0.5) ? rng.pick(V.FIRST_NAMES) : `the ${rng.pick(V.NOUNS)}`}`;
  if (p < 86) return `The ${rng.pick(V.NOUNS)}`;
  if (p < 90) return `${rng.pick(V.NOUNS)} and ${rng.pick(V.NOUNS)}`;
  if (p < 93) return `The ${rng.pick(V.NOUNS)} Who ${rng.pick(["Knew Too Much", "Came Back", "Fell to Earth", "Loved Me", "Never Was", "Saw Everything", "Lived Twice"])}`;
  if (p < 96) return `${rng.pick(V.NOUNS)} in the ${rng.pick(V.NOUNS)}`;
  return `${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)} ${rng.range(2, 99)}`;
}

const ROMAN = ["II", "III", "IV", "V", "VI"];

/** An English-like title: word-list patterns, subtitles, sequels, event and episode titles. */
export function englishTitle(rng: Rng, genre: string | undefined, year: number): string {
  const p = rng.int(1000);
  if (genre === "Music" && p < 500) {
    const band = rng.chance(0.7) ? rng.pick(V.BANDS) : `${rng.pick(V.FIRST_NAMES)} ${rng.pick(V.LAST_NAMES)}`;
    const y = year > 0 ? ` ${year}` : "";
    return rng.chance(0.6) ? `${band} - Live at ${rng.pick(V.VENUES)}${y}` : `${band}: Live in ${rng.pick(V.PLACES)}`;
  }
  if (genre === "Documentary" && p < 350) {
    const q = rng.int(4);
    if (q === 0) return `The Story of ${rng.pick(V.FIRST_NAMES)} ${rng.pick(V.LAST_NAMES)}`;
    if (q === 1) return `${rng.pick(V.FIRST_NAMES)} ${rng.pick(V.LAST_NAMES)}: ${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)}`;
    if (q === 2) return `Inside the ${rng.pick(V.NOUNS)}`;
    return `The ${rng.pick(V.NOUNS)} Tapes`;
  }
  let t = englishBase(rng);
  const r = rng.int(1000);
  if (r < 60) t = `${t} ${rng.range(2, 6)}`;
  else if (r < 80) t = `${t} ${rng.pick(ROMAN)}`;
  else if (r < 100) t = `${t}: Part ${rng.range(2, 4)}`;
  else if (r < 190) t = `${t}: ${rng.chance(0.5) ? `The ${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)}` : `${rng.pick(V.NOUNS)} of the ${rng.pick(V.NOUNS)}`}`;
  else if (r < 215) t = `${rng.pick(V.NOUNS)} ${rng.pick(V.NOUNS)}: ${t}`;
  else if (r < 235) t = lower(t);
  else if (r < 247) t = t.toUpperCase();
  else if (r < 262) t = `${t}...`;
  else if (r < 275) t = `${t}!`;
  else if (r < 285) t = `${t}?`;
  return t;
}

function latinTitle(rng: Rng, lang: string): string {
  const words = V.LATIN_WORDS[lang] ?? V.LATIN_WORDS.fr;
  const n = rng.chance(0.3) ? 1 : rng.range(2, 5);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(rng.pick(words));
  let t = parts.join(" ");
  t = rng.chance(0.5) ? cap(t) : parts.map(cap).join(" ");
  if (t.length < 3) t = `${t} ${rng.pick(words)}`; // one-letter words ("o", "i") alone
  if (rng.chance(0.04)) t = `${t} ${rng.range(2, 4)}`;
  if (rng.chance(0.02)) t = t.toUpperCase();
  return t;
}

function scriptTitle(rng: Rng, script: V.Script): string {
  switch (script) {
    case "zh": {
      const n = rng.range(2, 7);
      let s = "";
      for (let i = 0; i < n; i++) s += rng.pick(V.SCRIPT_WORDS.zh);
      return s;
    }
    case "ja": {
      const n = rng.range(1, 4);
      let s = "";
      for (let i = 0; i < n; i++) s += rng.pick(V.SCRIPT_WORDS.ja);
      return s.length < 2 ? s + rng.pick(V.SCRIPT_WORDS.ja) : s;
    }
    case "en":
    case "latin":
    case "none":
      return latinTitle(rng, "fr");
    default: {
      const words = V.SCRIPT_WORDS[script];
      const n = rng.range(1, 4);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(words[rng.int(words.length)]);
      let t = parts.join(" ");
      if ([...t].length < 2) t = `${t} ${words[rng.int(words.length)]}`; // one-syllable words (밤)
      if (script === "cyrillic" || script === "greek") t = cap(t);
      if (rng.chance(0.03)) t = `${t} ${rng.range(2, 3)}`;
      return t;
    }
  }
}

/** The title in the film's own language and script (original_title). */
export function nativeTitle(rng: Rng, lang: V.Language, genre: string | undefined, year: number): string {
  if (lang.script === "en" || lang.script === "none") return englishTitle(rng, genre, year);
  if (lang.script === "latin") return latinTitle(rng, lang.code);
  return scriptTitle(rng, lang.script);
}

export function adultTitle(rng: Rng): string {
  const p = rng.int(5);
  const w = () => rng.pick(V.ADULT_WORDS);
  if (p === 0) return `${w()} ${w()} ${rng.range(2, 12)}`;
  if (p === 1) return `${w()} ${rng.pick(V.NOUNS)}s`;
  if (p === 2) return `${rng.pick(V.FIRST_NAMES)}'s ${w()} ${rng.pick(V.NOUNS)}`;
  if (p === 3) return `${w()} in ${rng.pick(V.PLACES)}`;
  return `${w()} ${w()}`;
}

export function spamTitle(rng: Rng): string {
  const n = `${rng.range(100, 999)}↬${rng.range(100, 999)}↬${rng.range(1000, 9999)}`;
  return rng.pick(V.SPAM_TEMPLATES)(n, rng.pick(V.SPAM_COMPANIES));
}

// ---------------------------------------------------------------------------------------------
// Overviews and taglines

const article = (w: string): string => (/^[aeiou]/i.test(w) ? `an ${w}` : `a ${w}`);
const person = (rng: Rng): string =>
  rng.chance(0.6) ? rng.pick(V.FIRST_NAMES) : `${rng.pick(V.FIRST_NAMES)} ${rng.pick(V.LAST_NAMES)}`;

const FILLERS = [
  "But nothing is what it seems.",
  "What seemed like a simple job becomes a fight for survival.",
  "Soon they find themselves in the middle of something much bigger.",
  "Their lives will never be the same.",
  "Time is running out.",
  "Based on a true story.",
  "The partnership proves to be effective, but the price is high.",
  "One night changes everything.",
  "Secrets from the past begin to surface.",
  "It is a story of love, loss and second chances.",
  "The consequences are devastating.",
  "Along the way they discover what really matters.",
];

const HORROR_PLACES = ["cabin", "farmhouse", "asylum", "motel", "lighthouse", "summer camp", "boarding school", "mansion", "hospital"];

function sentence(rng: Rng, genre: string | undefined, quotes: boolean): string {
  if (quotes && rng.chance(0.5)) {
    const nick = `The ${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)}`;
    return `Known to everyone as "${nick}", ${person(rng)} must ${rng.pick(V.GOALS)}.`;
  }
  if (quotes) {
    return `${person(rng)} calls it "${lower(rng.pick(V.NOUNS))}", but the ${rng.pick(V.OCCUPATIONS)} knows better.`;
  }
  if (genre === "Documentary" && rng.chance(0.6)) {
    return rng.chance(0.5)
      ? `A ${lower(rng.pick(V.ADJECTIVES))} documentary about ${rng.pick(V.TOPICS)}.`
      : `With archive footage and interviews, the film looks at ${rng.pick(V.TOPICS)} in ${rng.pick(V.PLACES)}.`;
  }
  if (genre === "Music" && rng.chance(0.6)) {
    return `Live concert recorded at ${rng.pick(V.VENUES)} in ${rng.pick(V.PLACES)}.`;
  }
  if (genre === "Horror" && rng.chance(0.5)) {
    return `A group of friends spend a weekend at ${article(rng.pick(HORROR_PLACES))} near ${rng.pick(V.PLACES)}, where ${rng.pick(V.EVENTS)}.`;
  }
  const p = rng.int(9);
  switch (p) {
    case 0:
      return `${person(rng)}, ${article(rng.pick(V.CHARACTER_ADJ))} ${rng.pick(V.OCCUPATIONS)} from ${rng.pick(V.PLACES)}, must ${rng.pick(V.GOALS)}.`;
    case 1:
      return `When ${rng.pick(V.EVENTS)}, ${person(rng)} must ${rng.pick(V.GOALS)}.`;
    case 2:
      return `${rng.pick(V.FIRST_NAMES)} and ${rng.pick(V.FIRST_NAMES)} are ${rng.pick(V.RELATIONS)} trying to ${rng.pick(V.GOALS)}.`;
    case 3:
      return `The film follows ${person(rng)}, ${article(rng.pick(V.CHARACTER_ADJ))} ${rng.pick(V.OCCUPATIONS)}, as ${rng.pick(V.EVENTS)}.`;
    case 4:
      return `Years later, ${person(rng)} returns to ${rng.pick(V.PLACES)} to ${rng.pick(V.GOALS)}.`;
    case 5:
      return `Set in ${rng.pick(V.PLACES)} in the ${rng.pick(K.DECADES.slice(2, 12))}, it tells the story of ${article(rng.pick(V.CHARACTER_ADJ))} ${rng.pick(V.OCCUPATIONS)} who wants to ${rng.pick(V.GOALS)}.`;
    case 6:
      return `After ${rng.pick(V.EVENTS)}, ${person(rng)} and ${article(rng.pick(V.OCCUPATIONS))} set out to ${rng.pick(V.GOALS)}.`;
    case 7:
      return rng.pick(FILLERS);
    default:
      return `${cap(article(rng.pick(V.CHARACTER_ADJ)))} ${rng.pick(V.OCCUPATIONS)} ${rng.pick(["discovers", "uncovers", "stumbles upon", "inherits"])} ${article(lower(rng.pick(V.NOUNS)))} that could ${rng.pick(["change everything", "destroy the town", "save her family", "expose the truth", "cost him his life"])}.`;
  }
}

export interface OverviewOptions {
  sentences: number;
  quotes: boolean;
  newlines: boolean;
}

/** An English overview of `sentences` sentences; quotes and paragraph breaks on request. */
export function overview(rng: Rng, genre: string | undefined, opt: OverviewOptions): string {
  let out = "";
  const quoteAt = opt.quotes ? rng.int(opt.sentences) : -1;
  for (let i = 0; i < opt.sentences; i++) {
    const s = sentence(rng, i === 0 || rng.chance(0.25) ? genre : undefined, i === quoteAt);
    if (i === 0) out = s;
    else if (opt.newlines && (i === 1 || rng.chance(0.3))) out += rng.chance(0.7) ? `\n\n${s}` : `\n${s}`;
    else out += ` ${s}`;
  }
  if (opt.newlines && opt.sentences === 1) out += `\n\n${rng.pick(FILLERS)}`;
  return out;
}

export function tagline(rng: Rng): string {
  const t = rng.pick(V.TAGLINE_TEMPLATES);
  return t(rng.pick(V.ADJECTIVES), lower(rng.pick(V.NOUNS)), lower(rng.pick(V.NOUNS)));
}

// ---------------------------------------------------------------------------------------------
// Paths, ids, URLs

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const URLSAFE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

function randomChars(rng: Rng, n: number, alphabet: string): string {
  let s = "";
  while (s.length < n) {
    let x = rng.u32();
    // 5 symbols of up to 64 per 32-bit draw (rejection-free, slight bias is irrelevant here).
    for (let k = 0; k < 5 && s.length < n; k++) {
      s += alphabet[x % alphabet.length];
      x = Math.floor(x / alphabet.length);
    }
  }
  return s;
}

/** TMDB image path: "/" + 27 base-62 characters + ".jpg" (a few older ones are shorter). */
export function imagePath(rng: Rng): string {
  const n = rng.chance(0.97) ? 27 : 26;
  return `/${randomChars(rng, n, B62)}.jpg`;
}

export function slug(s: string): string {
  return s
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const STUDIO_SITES = ["warnerbros.com/movies", "sonypictures.com/movies", "focusfeatures.com", "a24films.com/films", "magpictures.com", "ifcfilms.com/films", "netflix.com/title", "paramountmovies.com/movies", "miramax.com/movie", "lionsgate.com/movies"];

export function homepage(rng: Rng, title: string): string {
  const s = slug(title) || syllableName(rng, 2, 4);
  const p = rng.int(10);
  if (p < 3) return `https://www.${s.replace(/-/g, "").slice(0, 24) || "film"}${rng.pick(["movie", "film", "", "themovie"])}.${rng.pick(["com", "com", "net", "de", "fr", "co.uk", "jp"])}/`;
  if (p < 5) return `https://www.youtube.com/watch?v=${randomChars(rng, 11, URLSAFE)}`;
  if (p < 6) return `https://vimeo.com/${rng.range(10_000_000, 999_999_999)}`;
  if (p < 7) return `https://www.facebook.com/${s.replace(/-/g, "")}`;
  if (p < 9) return `${rng.chance(0.5) ? "https" : "http"}://www.${rng.pick(STUDIO_SITES)}/${s}/`;
  return `https://filmfreeway.com/${s.replace(/-/g, "") || "film"}${rng.range(1, 999)}`;
}

// ---------------------------------------------------------------------------------------------
// Dirty variants (each exercises one cleaning rule)

export function htmlTitle(rng: Rng, t: string): string {
  switch (rng.int(6)) {
    case 0:
      return `<b>${t}</b>`;
    case 1:
      return `<i>${t}</i>`;
    case 2:
      return `${t}<br>`;
    case 3:
      return `<span class="title">${t}</span>`;
    case 4:
      return `<em>${t}</em> <small>(${rng.range(1950, 2024)})</small>`;
    default:
      return `<p>${t}</p>`;
  }
}

export function htmlOverview(rng: Rng, ov: string): string {
  const body = ov || "No overview available.";
  switch (rng.int(4)) {
    case 0:
      return `<p>${body}</p>`;
    case 1:
      return body.replace(/\. /, ".<br><br>");
    case 2:
      return `<b>${rng.pick(V.ADJECTIVES)}!</b> ${body} <a href="https://www.example.com/film/${rng.range(1, 99999)}">More info</a>`;
    default:
      return `${body}<br />\n<i>Official selection, ${rng.pick(V.VENUES)}</i>`;
  }
}

export function underscoreTitle(rng: Rng, t: string): string {
  switch (rng.int(4)) {
    case 0:
      return t.replace(/ /g, "_");
    case 1:
      return `_${t}_`;
    case 2:
      return `${t}__${rng.range(1, 9)}`;
    default:
      return `__${t.replace(/ /g, "__")}`;
  }
}

export function colonPlusTitle(rng: Rng, t: string): string {
  const sub = `${rng.pick(V.ADJECTIVES)} ${rng.pick(V.NOUNS)}`;
  switch (rng.int(5)) {
    case 0:
      return `${t}:: ${sub}`;
    case 1:
      return `${t}::: ${sub}`;
    case 2:
      return `${t} ++ ${sub}`;
    case 3:
      return `C+++ ${t}`;
    default:
      return `${t}::::${rng.range(2, 5)}`;
  }
}

export function whitespaceTitle(rng: Rng, t: string): string {
  switch (rng.int(6)) {
    case 0:
      return `  ${t}`;
    case 1:
      return `${t}   `;
    case 2:
      return ` ${t} `;
    case 3:
      return `\t${t}`;
    case 4:
      return `${t}\u00a0`;
    default:
      return ` ${t.replace(/ /g, "  ")}  `;
  }
}

const FULLWIDTH_OFFSET = 0xff01 - 0x21;
function fullWidth(s: string): string {
  let o = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0x21 && c <= 0x7e) o += String.fromCharCode(c + FULLWIDTH_OFFSET);
    else if (c === 0x20) o += "\u3000";
    else o += ch;
  }
  return o;
}

/** Text that NFKC changes: full-width letters, ligatures, compatibility numerals, decomposed accents. */
export function nonNfkcTitle(rng: Rng, t: string): string {
  switch (rng.int(6)) {
    case 0:
      return fullWidth(t);
    case 1: {
      const x = t.replace(/fi/g, "\ufb01").replace(/fl/g, "\ufb02").replace(/ff/g, "\ufb00");
      return x !== t ? x : `\ufb01nal ${t}`;
    }
    case 2:
      return `${t} ${rng.pick(["Ⅱ", "Ⅲ", "Ⅳ", "²", "③", "½"])}`;
    case 3:
      return `Caf\u0065\u0301 ${t}`;
    case 4:
      return `${fullWidth(rng.pick(V.NOUNS))} ${t}`;
    default:
      return `${t} \u2122`;
  }
}
