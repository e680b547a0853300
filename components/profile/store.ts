"use client";

import { useSyncExternalStore } from "react";
import { EXAMPLES_MAX, EXCLUDE_MAX } from "@/lib/api/reco-params";
import { parseProfile, type Profile } from "./profile-file";

/**
 * The visitor's profile, kept in localStorage only (no account): likes, dislikes, "not
 * interested" (hidden) and seen, as movie ids. Every tab and component reads it through
 * useProfile() and sees each change at once (a same-tab event; `storage` for other tabs).
 */
const KEY = "movie-profile-v1";
const CHANGED = "movie-profile-changed";

export type Mark = "likes" | "dislikes" | "hidden" | "seen";
const EMPTY_PROFILE: Profile = Object.freeze({ version: 1, likes: [], dislikes: [], hidden: [], seen: [], titles: {} }) as Profile;

let cached: { raw: string | null; profile: Profile } = { raw: null, profile: EMPTY_PROFILE };

function read(): Profile {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    // Storage blocked (private mode settings): an empty profile.
  }
  if (raw !== cached.raw) {
    let profile = EMPTY_PROFILE;
    try {
      const parsed = parseProfile(raw ? JSON.parse(raw) : {});
      if (parsed.ok) profile = parsed.profile;
    } catch {
      // A damaged entry reads as empty; the next change overwrites it.
    }
    cached = { raw, profile };
  }
  return cached.profile;
}

function write(profile: Profile): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(profile));
  } catch {
    // Quota or blocked storage: the change is lost, the page keeps working.
  }
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => e.key === KEY && onChange();
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onStorage);
  };
}

export function useProfile(): Profile {
  return useSyncExternalStore(subscribe, read, () => EMPTY_PROFILE);
}

const without = (ids: number[], id: number) => ids.filter((x) => x !== id);

/** Turns one mark on or off for a movie; like and dislike exclude each other. */
export function toggleMark(mark: Mark, movie: { id: number; title: string }, on: boolean): void {
  const p = read();
  const next: Profile = { ...p, titles: { ...p.titles, [movie.id]: movie.title } };
  next[mark] = on ? [...without(p[mark], movie.id), movie.id] : without(p[mark], movie.id);
  if (on && mark === "likes") next.dislikes = without(p.dislikes, movie.id);
  if (on && mark === "dislikes") next.likes = without(p.likes, movie.id);
  write(next);
}

export function clearProfile(): void {
  write(EMPTY_PROFILE);
}

const union = (a: number[], b: number[]) => [...new Set([...a, ...b])];

/** Adds another profile's marks (an imported file or ratings); a movie liked in one and disliked in the other takes the newcomer's. */
export function mergeProfile(add: Partial<Profile>): void {
  const p = read();
  const likes = add.likes ?? [];
  const dislikes = add.dislikes ?? [];
  write({
    version: 1,
    likes: union(p.likes.filter((id) => !dislikes.includes(id)), likes),
    dislikes: union(p.dislikes.filter((id) => !likes.includes(id)), dislikes),
    hidden: union(p.hidden, add.hidden ?? []),
    seen: union(p.seen, add.seen ?? []),
    titles: { ...p.titles, ...add.titles },
  });
}

/** What the server is sent: the latest likes and dislikes, and everything never to show. */
export function profileQuery(p: Profile) {
  return {
    like: p.likes.slice(-EXAMPLES_MAX),
    unlike: p.dislikes.slice(-EXAMPLES_MAX),
    exclude: union(union(p.hidden, p.seen), p.dislikes).slice(-EXCLUDE_MAX),
  };
}
