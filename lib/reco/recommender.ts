import fs from "node:fs";
import path from "node:path";
import { withoutPaths } from "@/lib/api/without-paths";
import type { CatalogFacts } from "@/lib/catalog/facts";
import { anonHugePagesMb } from "@/lib/log/process-memory";
import { logger } from "@/lib/log/logger";
import type { MovieChange } from "@/lib/movies/changes";
import { readAnnIndex } from "./ann";
import { AnnNodes } from "./ann-nodes";
import { checkBuildSizes, INDEX_FILE, MODEL_FILE, NODES_FILE, readCurrentManifest, shardFile, VECTORS_FILE, verifyChecksums, type Manifest } from "./artifacts";
import { RecoEngine } from "./engine";
import { FeatureModel } from "./features";
import { vectorStoreOf } from "./vector-store-load";

export const FIX_INDEX_HINT = "run `npm run etl -- --input FILE` or `npm run index:rebuild`";

type IndexState = "loading" | "ready" | "unavailable";

export interface IndexHealth {
  state: IndexState;
  size: number;
  builtAt?: string;
  watermark?: string;
  buildId?: string;
  recipe?: string;
  reason?: string;
}

async function readBuild(buildDir: string, manifest: Manifest) {
  const model = FeatureModel.fromJSON(JSON.parse(await fs.promises.readFile(path.join(buildDir, MODEL_FILE), "utf8")));
  const { files, params } = manifest;
  const shards = await Promise.all(
    [INDEX_FILE, ...(files.shards ?? []).map((_, i) => shardFile(i + 1))].map((file) => readAnnIndex(path.join(buildDir, file), model.dim, params.efSearch)),
  );
  const vectorsFile = files.vectors ? path.join(buildDir, VECTORS_FILE) : undefined;
  const nodes = files.nodes ? await AnnNodes.read(shards, path.join(buildDir, NODES_FILE)) : AnnNodes.plain(shards[0]);
  return { model, index: shards[0], nodes, vectors: await vectorStoreOf(nodes, model.dim, vectorsFile) };
}

/**
 * The recommendation index: the published build (model, HNSW graph, vector store) wrapped in an
 * engine over the catalog's filter facts, and kept in step with the change feed.
 */
export class Recommender {
  engine: RecoEngine | undefined;
  manifest: Manifest | undefined;
  private state: IndexState = "loading";
  private reason: string | undefined;
  /** A build that failed to load is not retried (hashing a 1 GB file every poll) until another is published. */
  private failedBuildId: string | undefined;

  constructor(private readonly dir: string) {}

  health(): IndexHealth {
    return {
      state: this.state,
      size: this.engine?.vectorCount ?? 0,
      builtAt: this.manifest?.builtAt,
      watermark: this.manifest?.watermark,
      buildId: this.manifest?.buildId,
      recipe: this.manifest?.recipe,
      reason: this.reason,
    };
  }

  /** The build id published in the artifacts folder when it is one this process has not tried yet. */
  async newBuildPublished(): Promise<boolean> {
    const current = await readCurrentManifest(this.dir).catch(() => undefined);
    const id = current?.manifest.buildId;
    return Boolean(id && id !== this.manifest?.buildId && id !== this.failedBuildId);
  }

  /** Loads the published build; a missing or corrupt one leaves recommendations unavailable. */
  async load(facts: CatalogFacts): Promise<boolean> {
    const log = logger();
    try {
      const current = await readCurrentManifest(this.dir);
      if (!current) throw new Error("no index published in ARTIFACTS_DIR");
      if (current.manifest.buildId === this.manifest?.buildId) return true;
      this.failedBuildId = current.manifest.buildId;
      // Sizes first (a truncated file is never parsed); the checksums run on worker threads while
      // the files load, and nothing loaded is used unless they match (boot time: max, not sum).
      await checkBuildSizes(current.buildDir, current.manifest);
      const [, { model, index, vectors, nodes }] = await Promise.all([verifyChecksums(current.buildDir, current.manifest), readBuild(current.buildDir, current.manifest)]);
      this.engine = new RecoEngine(model, index, vectors, facts, current.manifest.params.efSearch, undefined, nodes);
      this.manifest = current.manifest;
      this.failedBuildId = undefined;
      this.state = "ready";
      this.reason = undefined;
      log.info({ buildId: current.manifest.buildId, count: current.manifest.count, hugePagesMb: anonHugePagesMb() }, "index loaded");
      return true;
    } catch (err) {
      if (!this.engine) {
        this.state = "unavailable";
        this.reason = `${withoutPaths((err as Error).message)}; ${FIX_INDEX_HINT}`;
      }
      log.error({ err: (err as Error).message, dir: this.dir }, "index not loaded");
      return false;
    }
  }

  /** The same build over a newly loaded catalog's facts. */
  useFacts(facts: CatalogFacts): void {
    const e = this.engine;
    if (e && e.meta !== facts) this.engine = new RecoEngine(e.model, e.index, e.vectors, facts, e.efSearch, e.limits, e.nodes);
  }

  /** Follows one stored change. */
  apply(change: MovieChange): void {
    if (!this.engine) return;
    if (change.kind === "delete") {
      this.engine.remove(change.id);
    } else {
      this.engine.upsert(change.movie);
    }
  }
}
