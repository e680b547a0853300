"use client";

import { focusRing } from "../format";
import { toggleMark, useProfile, type Mark } from "./store";

const BUTTONS: { mark: Mark; label: string; icon: string; on: string }[] = [
  { mark: "likes", label: "Like", icon: "👍", on: "border-emerald-400 bg-emerald-400 text-slate-950" },
  { mark: "dislikes", label: "Dislike", icon: "👎", on: "border-rose-400 bg-rose-400 text-slate-950" },
  { mark: "hidden", label: "Not interested", icon: "🚫", on: "border-slate-300 bg-slate-300 text-slate-950" },
  { mark: "seen", label: "Seen", icon: "✓", on: "border-sky-400 bg-sky-400 text-slate-950" },
];

/** Like, dislike, "not interested" and "seen" for one movie, kept in the visitor's profile (this browser). */
export function ProfileButtons({ movie, size = "sm" }: { movie: { id: number; title: string }; size?: "sm" | "md" }) {
  const profile = useProfile();
  const pad = size === "md" ? "px-3 py-1.5 text-sm" : "px-1.5 py-0.5 text-xs";
  return (
    <div role="group" aria-label={`Your profile: ${movie.title}`} className="flex flex-wrap gap-1" data-testid="profile-buttons">
      {BUTTONS.map((b) => {
        const on = profile[b.mark].includes(movie.id);
        return (
          <button
            key={b.mark}
            type="button"
            aria-pressed={on}
            aria-label={`${b.label}: ${movie.title}`}
            title={b.label}
            onClick={() => toggleMark(b.mark, movie, !on)}
            className={`rounded-full border ${pad} ${focusRing} ${on ? b.on : "border-slate-600 text-slate-200 hover:bg-slate-800"}`}
          >
            <span aria-hidden="true">{b.icon}</span>
            {size === "md" ? <span className="ml-1">{b.label}</span> : null}
          </button>
        );
      })}
    </div>
  );
}
