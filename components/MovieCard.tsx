import Link from "next/link";
import type { MovieSummary } from "@/lib/api/schemas";
import { Poster } from "./Poster";
import { ProfileButtons } from "./profile/ProfileButtons";
import { focusRing, rating, yearOf } from "./format";

function MovieCard({ movie }: { movie: MovieSummary }) {
  return (
    <li className="min-w-0">
      <Link
        href={`/movies/${movie.id}`}
        prefetch={false}
        className={`group block rounded-lg p-1 transition hover:bg-slate-800/70 ${focusRing}`}
        data-testid="movie-card"
      >
        <Poster id={movie.id} title={movie.title} />
        <div className="mt-2 px-0.5">
          <p className="line-clamp-2 text-sm font-semibold leading-snug text-slate-100 group-hover:text-amber-300">{movie.title}</p>
          <p className="mt-0.5 flex items-center gap-2 text-xs text-slate-300">
            <span>{yearOf(movie.release_date)}</span>
            <span aria-hidden="true">·</span>
            <span>
              <span aria-hidden="true" className="text-amber-400">
                ★
              </span>{" "}
              <span className="sr-only">rated </span>
              {rating(movie.vote_average)}
            </span>
          </p>
        </div>
      </Link>
      <div className="mt-1 px-1">
        <ProfileButtons movie={movie} />
      </div>
    </li>
  );
}

export function MovieGrid({ movies, label }: { movies: MovieSummary[]; label: string }) {
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-5 xl:grid-cols-6">
      {movies.map((m) => (
        <MovieCard key={m.id} movie={m} />
      ))}
    </ul>
  );
}

export function MovieGridSkeleton({ count = 12 }: { count?: number }) {
  return (
    <ul aria-hidden="true" className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-5 xl:grid-cols-6">
      {Array.from({ length: count }, (_, i) => (
        <li key={i} className="p-1">
          <div className="aspect-[2/3] w-full animate-pulse rounded-md bg-slate-800" />
          <div className="mt-2 h-4 w-3/4 animate-pulse rounded bg-slate-800" />
          <div className="mt-1 h-3 w-1/3 animate-pulse rounded bg-slate-800" />
        </li>
      ))}
    </ul>
  );
}
