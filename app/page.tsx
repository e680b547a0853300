import { listMovies } from "@/lib/movies/queries";

export const dynamic = "force-dynamic";

export default async function Home() {
  const page = await listMovies({ limit: 50 });
  return (
    <main className="p-6">
      <h1 className="text-2xl font-bold">Movies</h1>
      <ul>
        {page.data.map((m) => (
          <li key={m.id}>
            <a href={`/movies/${m.id}`}>{m.title}</a> ({m.release_date.slice(0, 4)})
          </li>
        ))}
      </ul>
    </main>
  );
}
