"use client";

import { useCallback, useState } from "react";

const PLACEHOLDER_SRC = "/no-poster.svg";

function posterSrc(id: number): string {
  return `/api/movies/${id}/poster`;
}

interface PosterProps {
  id: number;
  title: string;
  /** Above-the-fold posters (the movie page's own) load eagerly; everything else lazily. */
  eager?: boolean;
  className?: string;
}

/**
 * A movie poster through our own redirecting route, in a fixed 2:3 box so the layout never
 * jumps. A poster that fails to load (offline, 404 at the image host) is swapped for the local
 * placeholder, including one that failed before React hydrated (checked on mount).
 */
export function Poster({ id, title, eager = false, className = "" }: PosterProps) {
  const [failed, setFailed] = useState(false);
  const onError = useCallback(() => setFailed(true), []);
  const ref = useCallback((img: HTMLImageElement | null) => {
    if (img && img.complete && img.naturalWidth === 0 && !img.src.endsWith(PLACEHOLDER_SRC)) setFailed(true);
  }, []);
  return (
    // A plain <img>: the poster route redirects off-site, which next/image would proxy through the server.
    <img
      ref={ref}
      src={failed ? PLACEHOLDER_SRC : posterSrc(id)}
      alt={`Poster of ${title}`}
      width={342}
      height={513}
      loading={eager ? "eager" : "lazy"}
      decoding="async"
      fetchPriority={eager ? "high" : undefined}
      onError={failed ? undefined : onError}
      data-poster-state={failed ? "placeholder" : "remote"}
      className={`aspect-[2/3] h-auto w-full rounded-md bg-slate-800 object-cover ${className}`}
    />
  );
}
