import type { Metadata, Viewport } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = { title: "Movie recommender", description: "Find a movie, get movies like it." };
export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#020617" };

const navLink =
  "rounded px-2 py-1 text-slate-200 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-400";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className="scheme-dark">
      <body className="min-h-screen bg-slate-950 text-slate-100 antialiased">
        <a
          href="#main"
          className="sr-only rounded bg-amber-400 px-3 py-2 font-semibold text-slate-950 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-800 bg-slate-950/95">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className={`text-lg font-bold tracking-tight text-amber-400 ${navLink.replace("text-slate-200", "")}`}>
              🎬 Movie recommender
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
