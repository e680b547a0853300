/** Small display helpers shared by server and client components. */

export function yearOf(releaseDate: string | null | undefined): string {
  return releaseDate && /^\d{4}/.test(releaseDate) ? releaseDate.slice(0, 4) : "n/a";
}

export function rating(voteAverage: number): string {
  return voteAverage > 0 ? voteAverage.toFixed(1) : "–";
}

export function compactNumber(n: number): string {
  return new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

export function runtimeText(minutes: number): string {
  if (!minutes) return "unknown";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${m} min` : `${m} min`;
}

export function money(n: number): string {
  return n > 0 ? new Intl.NumberFormat("en", { style: "currency", currency: "USD", notation: "compact" }).format(n) : "–";
}

export const focusRing =
  "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400";
