import { logger } from "@/lib/log/logger";
import type { AnnNodes } from "./ann-nodes";
import { VectorStore } from "./vector-store";

/**
 * The build's vector store: its published file, or (a build from before the file existed) the
 * index's own points, read once at load. The latter costs ~40 µs a node: rebuild such an index.
 */
export async function vectorStoreOf(nodes: AnnNodes, dim: number, file: string | undefined): Promise<VectorStore> {
  if (file) return VectorStore.read(file, dim);
  const store = VectorStore.empty(dim);
  logger().warn({ nodes: nodes.nodeCount }, "build has no vectors file: reading the index's points (run `npm run index:rebuild` to publish one)");
  for (const shard of nodes.shards)
    for (const label of shard.getIdsList()) {
      let point: number[];
      try {
        point = shard.getPoint(label);
      } catch {
        continue; // Marked deleted in the index: the catalog no longer has it.
      }
      for (const id of nodes.membersOf(label)) store.set(id, point);
    }
  return store;
}
