"use client";

import { useState } from "react";
import { focusRing } from "@/components/format";
import { clearProfile, mergeProfile } from "@/components/profile/store";
import { parseProfile, type Profile } from "@/components/profile/profile-file";
import { FilePicker } from "./FilePicker";

const button = `rounded-md border border-slate-600 px-3 py-1.5 text-sm hover:bg-slate-800 ${focusRing}`;

/** The profile's counts, and its clear, export (a JSON download) and import (merged into this one). */
export function ProfileFile({ profile }: { profile: Profile }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function download() {
    const url = URL.createObjectURL(new Blob([JSON.stringify(profile, null, 2)], { type: "application/json" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: "movie-profile.json" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function upload(file: File) {
    let parsed: ReturnType<typeof parseProfile>;
    try {
      parsed = parseProfile(JSON.parse(await file.text()));
    } catch {
      setMessage({ ok: false, text: `${file.name} is not a JSON file.` });
      return;
    }
    if (!parsed.ok) {
      setMessage({ ok: false, text: `${file.name} is not a profile export: ${parsed.error}` });
      return;
    }
    mergeProfile(parsed.profile);
    const p = parsed.profile;
    setMessage({ ok: true, text: `Imported ${p.likes.length} likes, ${p.dislikes.length} dislikes, ${p.hidden.length} not interested, ${p.seen.length} seen.` });
  }

  return (
    <section aria-labelledby="profile-heading" className="space-y-3 rounded-lg border border-slate-800 bg-slate-900/60 p-4">
      <h2 id="profile-heading" className="text-lg font-semibold">
        Your profile
      </h2>
      <p className="text-sm text-slate-200" data-testid="profile-counts">
        {profile.likes.length} liked · {profile.dislikes.length} disliked · {profile.hidden.length} not interested · {profile.seen.length} seen
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={button} onClick={download}>
          Export profile
        </button>
        <FilePicker label="Import profile" accept="application/json,.json" testId="profile-import" className={button} onFile={(f) => void upload(f)} />
        <button
          type="button"
          className={`${button} border-rose-700 text-rose-200`}
          onClick={() => {
            if (window.confirm("Clear your likes, dislikes, not interested and seen marks in this browser?")) {
              clearProfile();
              setMessage({ ok: true, text: "Profile cleared." });
            }
          }}
        >
          Clear profile
        </button>
      </div>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-sm text-emerald-300" : "text-sm text-rose-300"}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
