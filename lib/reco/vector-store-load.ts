import { logger } from "@/lib/log/logger";
import type { AnnIndex } from "./ann";
import { VectorStore } from "./vector-store";

/**
 * The build's vector store: its published file, or (a build from before the file existed) the
 * index's own points, read once at load. The latter costs ~40 µs a movie: rebuild such an index.
 */
export async function vectorStoreOf(index: AnnIndex, dim: number, file: string | undefined): Promise<VectorStore> {
  if (file) return VectorStore.read(file, dim);
  const store = VectorStore.empty(dim);
  const ids = index.getIdsList();
  logger().warn({ vectors: ids.length }, "build has no vectors file: reading the index's points (run `npm run index:rebuild` to publish one)");
  for (const id of ids) {
    try {
      store.set(id, index.getPoint(id));
    } catch {
      // Marked deleted in the index: the catalog no longer has it.
    }
  }
  return store;
}
