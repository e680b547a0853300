import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import "./globals.css";

/**
 * An inline icon, linked in <head> from the first byte (metadata is streamed later on dynamic
 * pages, by when the browser may already have asked for /favicon.ico). app/favicon.ico answers
 * browsers that ask anyway, so that request is never a 404 in the console.
 */
const ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#020617"/><rect x="6" y="9" width="20" height="16" rx="2" fill="none" stroke="#fbbf24" stroke-width="2.5"/><path d="M13 13.5v7l6-3.5z" fill="#fbbf24"/></svg>',
  );

export const metadata: Metadata = {
  title: "Movie recommender",
  description: "Find a movie, get movies like it.",
};

function Logo() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="h-6 w-6">
      <rect x="4" y="7" width="24" height="18" rx="2.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <path d="M13 11.5v9l7-4.5z" fill="currentColor" />
    </svg>
  );
}
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#020617" };

const navLink =
  "rounded px-2 py-1 text-slate-200 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next stamps the request's CSP nonce (proxy.ts) on its scripts,
  // which a page prerendered at build time could not carry.
  await connection();
  return (
    <html lang="en" className="scheme-dark">
      <head>
        <link rel="icon" href={ICON} type="image/svg+xml" />
      </head>
      <body className="min-h-screen bg-slate-950 text-slate-100 antialiased">
        <a
          href="#main"
          className="sr-only rounded bg-amber-400 px-3 py-2 font-semibold text-slate-950 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-800 bg-slate-950/95">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className={`flex items-center gap-2 text-lg font-bold tracking-tight text-amber-400 ${navLink.replace("text-slate-200", "")}`}>
              <Logo />
              Movie recommender
            </Link>
            <nav aria-label="Main">
              <ul className="flex flex-wrap gap-1 text-sm">
                <li>
                  <Link href="/" className={navLink}>
                    Catalog
                  </Link>
                </li>
                <li>
                  <Link href="/recommend" className={navLink}>
                    Recommend
                  </Link>
                </li>
                <li>
                  <Link href="/for-you" className={navLink}>
                    For you
                  </Link>
                </li>
                <li>
                  <Link href="/docs" className={navLink}>
                    API docs
                  </Link>
                </li>
                <li>
                  <Link href="/admin" className={navLink}>
                    Admin
                  </Link>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          {children}
        </main>
        <footer className="mx-auto max-w-7xl px-4 pb-8 pt-4 text-xs text-slate-400">
          Data: TMDB movie dataset. Posters via OMDB/TMDB when reachable.
        </footer>
      </body>
    </html>
  );
}
