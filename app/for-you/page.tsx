import type { Metadata } from "next";
import { ForYouView } from "./_components/ForYouView";

export const metadata: Metadata = { title: "For you · Movie recommender" };

/** Everything on this page comes from the visitor's profile in this browser: it renders client side. */
export default function ForYouPage() {
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-3xl font-bold tracking-tight">For you</h1>
        <p className="mt-1 max-w-3xl text-slate-300">
          Recommendations from the movies you like (and away from the ones you dislike). Your likes, dislikes, &ldquo;not
          interested&rdquo; and &ldquo;seen&rdquo; marks stay in this browser; nothing is stored on the server.
        </p>
      </header>
      <ForYouView />
    </div>
  );
}
