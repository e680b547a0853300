import { notFound } from "next/navigation";
import { loadMovie } from "./movie";

/**
 * The missing-movie check lives in the layout, outside the page's loading boundary, so an unknown
 * or deleted id answers a real HTTP 404 (a notFound() inside the streamed page would be a 200).
 */
export default async function MovieLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const movie = await loadMovie((await params).id);
  if (!movie) notFound();
  return children;
}
