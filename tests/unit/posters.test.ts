import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safePosterUrl } from "@/lib/posters/hosts";
import { fetchOmdbPoster } from "@/lib/posters/omdb";
import { fakeOmdbEnv, FAKE_POSTER_HOST, SCRIPTED, startFakeOmdb, type FakeOmdb } from "../support/fake-omdb";

describe("safePosterUrl", () => {
  it("lets through https URLs on the default image hosts", () => {
    expect(safePosterUrl("https://m.media-amazon.com/images/M/abc._V1_SX300.jpg")).toBe("https://m.media-amazon.com/images/M/abc._V1_SX300.jpg");
    expect(safePosterUrl("https://image.tmdb.org/t/p/w342/abc.jpg")).toBe("https://image.tmdb.org/t/p/w342/abc.jpg");
  });

  it.each([
    ["plain http", "http://m.media-amazon.com/x.jpg"],
    ["javascript:", "javascript:alert(1)//https://m.media-amazon.com/x.jpg"],
    ["data:", "data:image/svg+xml,<svg onload=alert(1)>"],
    ["another host", "https://evil.example/x.jpg"],
    ["a look-alike host", "https://m.media-amazon.com.evil.example/x.jpg"],
    ["credentials before the host", "https://m.media-amazon.com@evil.example/x.jpg"],
    ["credentials on an allowed host", "https://user:pw@m.media-amazon.com/x.jpg"],
    ["a non-default port", "https://m.media-amazon.com:8443/x.jpg"],
    ["protocol-relative", "//m.media-amazon.com/x.jpg"],
    ["OMDB's N/A", "N/A"],
    ["too long", `https://m.media-amazon.com/${"a".repeat(1000)}.jpg`],
    ["not a string", 42],
  ])("refuses %s", (_what, url) => {
    expect(safePosterUrl(url)).toBeUndefined();
  });

  it("adds hosts from POSTER_HOSTS", () => {
    expect(safePosterUrl("https://posters.example/x.jpg")).toBeUndefined();
    process.env.POSTER_HOSTS = " Posters.Example , other.example";
    try {
      expect(safePosterUrl("https://posters.example/x.jpg")).toBe("https://posters.example/x.jpg");
    } finally {
      delete process.env.POSTER_HOSTS;
    }
    expect(safePosterUrl("https://posters.example/x.jpg")).toBeUndefined();
  });
});

describe("fetchOmdbPoster against a fake OMDB", () => {
  let omdb: FakeOmdb;
  const saved = { ...process.env };
  beforeAll(async () => {
    omdb = await startFakeOmdb();
    Object.assign(process.env, fakeOmdbEnv(omdb), { OMDB_LOOKUPS_PER_MINUTE: "1000" });
  });
  afterAll(() => {
    process.env = saved;
    omdb.close();
  });

  it("returns a poster, none, or a failure that is not to be cached as none", async () => {
    expect(await fetchOmdbPoster("tt0371746")).toEqual({ kind: "poster", url: `https://${FAKE_POSTER_HOST}/tt0371746.jpg` });
    expect(await fetchOmdbPoster("tt0114709")).toEqual({ kind: "none" });
    expect(await fetchOmdbPoster(SCRIPTED.plainHttp)).toEqual({ kind: "none" });
    expect(await fetchOmdbPoster(SCRIPTED.otherHost)).toEqual({ kind: "none" });
    expect(await fetchOmdbPoster(SCRIPTED.hugeBody)).toMatchObject({ kind: "failed", reason: expect.stringMatching(/over \d+ bytes/) });
    expect(await fetchOmdbPoster(SCRIPTED.serverError)).toEqual({ kind: "failed", reason: "HTTP 500" });
    expect(await fetchOmdbPoster(SCRIPTED.firstCallHangs)).toEqual({ kind: "failed", reason: "timeout" });
  });
});
