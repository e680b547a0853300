import { describe, expect, it } from "vitest";
import { withoutPaths } from "@/lib/api/without-paths";

describe("withoutPaths", () => {
  it("keeps the last segment of every absolute path and nothing before it", () => {
    expect(withoutPaths("index.hnsw in /tmp/artifacts-fault-x/artifacts/builds/20260101-ab12 does not match its manifest checksum")).toBe(
      "index.hnsw in …/20260101-ab12 does not match its manifest checksum",
    );
    expect(withoutPaths("ENOENT: no such file or directory, open '/srv/app/data/artifacts/current/model.json'")).toBe(
      "ENOENT: no such file or directory, open '…/model.json'",
    );
    // a space ends a path: what is left is relative
    expect(withoutPaths("manifest in /work/a b/x is invalid: (/var/lib/y)")).toBe("manifest in …/a b/x is invalid: (…/y)");
  });

  it("leaves URLs, relative paths and commands alone", () => {
    const text = "see https://example.org/docs/x, data/artifacts and `npm run etl -- --input FILE` or `npm run index:rebuild`";
    expect(withoutPaths(text)).toBe(text);
  });
});
