"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useRouter } from "next/navigation";
import useSWR from "swr";
import { focusRing, rating, yearOf } from "./format";

interface SearchHit {
  id: number;
  title: string;
  release_date: string;
  vote_average: number;
  match: number;
}

async function fetchHits(url: string): Promise<SearchHit[]> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`search failed (${res.status})`);
  return ((await res.json()) as { data: SearchHit[] }).data;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

interface SearchBoxProps {
  /** The form field's name (`q` on the catalog, `title` on /recommend). */
  name: string;
  label: string;
  defaultValue?: string;
  placeholder?: string;
  /**
   * "navigate": picking a suggestion opens its movie page.
   * "fill": picking puts the title in the box and submits the surrounding form.
   */
  mode?: "navigate" | "fill";
  /** Visually hide the label (it stays for screen readers). */
  hideLabel?: boolean;
  autoFocus?: boolean;
}

/**
 * Title box with typo-tolerant autocomplete (an ARIA 1.2 combobox): suggestions come from
 * `/api/search` (debounced), ArrowUp/ArrowDown move through them, Enter picks, Escape closes.
 * Without a highlighted suggestion Enter submits the surrounding GET form, so it works without JS.
 */
export function SearchBox({ name, label, defaultValue = "", placeholder, mode = "navigate", hideLabel, autoFocus }: SearchBoxProps) {
  const router = useRouter();
  const baseId = useId();
  const inputId = `${baseId}-input`;
  const listId = `${baseId}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(defaultValue);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(value.trim(), 150);
  const { data, error, isLoading } = useSWR(q.length >= 2 ? `/api/search?q=${encodeURIComponent(q)}&limit=8` : null, fetchHits, {
    keepPreviousData: true,
    revalidateOnFocus: false,
    dedupingInterval: 10_000,
  });
  const hits = q.length >= 2 ? (data ?? []) : [];
  const showList = open && q.length >= 2 && (hits.length > 0 || (!isLoading && !error));

  useEffect(() => setActive(-1), [q]);

  function pick(hit: SearchHit) {
    setOpen(false);
    if (mode === "navigate") {
      router.push(`/movies/${hit.id}`);
      return;
    }
    setValue(hit.title);
    const input = inputRef.current;
    if (input) {
      input.value = hit.title;
      input.form?.requestSubmit();
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      if (hits.length) setActive((a) => (a + 1) % hits.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (hits.length) setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
    } else if (e.key === "Enter") {
      if (showList && active >= 0 && hits[active]) {
        e.preventDefault();
        pick(hits[active]);
      }
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    }
  }

  const activeId = showList && active >= 0 ? `${listId}-${active}` : undefined;

  return (
    <div className="relative w-full">
      <label htmlFor={inputId} className={hideLabel ? "sr-only" : "mb-1 block text-sm font-medium text-slate-200"}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        name={name}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        placeholder={placeholder}
        maxLength={200}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 120)}
        onKeyDown={onKeyDown}
        className={`w-full rounded-md border border-slate-600 bg-slate-900 px-3 py-2 text-slate-100 placeholder:text-slate-400 ${focusRing}`}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label}: suggestions`}
        hidden={!showList}
        className="absolute z-20 mt-1 max-h-96 w-full overflow-auto rounded-md border border-slate-600 bg-slate-900 py-1 shadow-xl"
      >
        {hits.map((hit, i) => (
          <li
            key={hit.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            data-movie-id={hit.id}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(hit)}
            onMouseEnter={() => setActive(i)}
            className={`flex cursor-pointer items-baseline justify-between gap-3 px-3 py-2 text-sm ${
              i === active ? "bg-amber-400 text-slate-950" : "text-slate-100"
            }`}
          >
            <span className="min-w-0 truncate">
              {hit.title} <span className={i === active ? "text-slate-800" : "text-slate-400"}>({yearOf(hit.release_date)})</span>
            </span>
            <span className="shrink-0 text-xs">
              {i === 0 ? <span className="mr-2 rounded bg-emerald-700 px-1.5 py-0.5 font-medium text-white">best match</span> : null}★{" "}
              {rating(hit.vote_average)}
            </span>
          </li>
        ))}
        {hits.length === 0 ? (
          <li role="option" aria-selected={false} aria-disabled="true" className="px-3 py-2 text-sm text-slate-300">
            No matching titles
          </li>
        ) : null}
      </ul>
      <p className="sr-only" aria-live="polite">
        {showList ? `${hits.length} suggestion${hits.length === 1 ? "" : "s"}` : ""}
      </p>
      {error && open ? <p className="mt-1 text-xs text-rose-300">Suggestions are unavailable right now.</p> : null}
    </div>
  );
}
