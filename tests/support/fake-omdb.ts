import http from "node:http";
import type net from "node:net";

export const FAKE_OMDB_KEY = "test-omdb-key";
/** The fake's poster host: allowed through POSTER_HOSTS in tests only. */
export const FAKE_POSTER_HOST = "posters.example";

/**
 * IMDb ids (tt99000NN) for which the fake misbehaves the way a compromised or broken OMDB could.
 * Every other id: a poster on FAKE_POSTER_HOST for even ids, "N/A" for odd ones.
 */
export const SCRIPTED = {
  plainHttp: "tt9900001", // Poster: http://posters.example/...
  javascriptUrl: "tt9900003", // Poster: javascript:...
  otherHost: "tt9900005", // Poster: https://evil.example/...
  userinfoTrick: "tt9900007", // Poster: https://posters.example@evil.example/...
  hugeBody: "tt9900009", // a valid answer padded to 4 MB
  tooLongUrl: "tt9900011", // Poster: an allowed host, 5000 characters long
  firstCallHangs: "tt9900013", // the first call answers after 4 s (past the app's timeout), then normally
  slowAnswer: "tt9900014", // answers after 400 ms, with a poster
  serverError: "tt9900015", // HTTP 500
} as const;

export const HANG_MS = 4000;

export interface FakeOmdb {
  url: string;
  /** Calls received per IMDb id (the `i` parameter). */
  calls: (imdbId: string) => number;
  total: () => number;
  close: () => void;
}

function answer(res: http.ServerResponse, body: unknown) {
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** A stand-in OMDB on loopback; `onCall` sees every call (the global setup writes a hit count for workers). */
export function startFakeOmdb(onCall: (total: number) => void = () => {}): Promise<FakeOmdb> {
  const perId = new Map<string, number>();
  let total = 0;
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const imdb = u.searchParams.get("i") ?? "";
    const n = (perId.get(imdb) ?? 0) + 1;
    perId.set(imdb, n);
    onCall(++total);
    if (u.searchParams.get("apikey") !== FAKE_OMDB_KEY) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ Response: "False", Error: "Invalid API key!" }));
      return;
    }
    const good = `https://${FAKE_POSTER_HOST}/${imdb}.jpg`;
    switch (imdb) {
      case SCRIPTED.plainHttp:
        return answer(res, { Response: "True", Poster: `http://${FAKE_POSTER_HOST}/${imdb}.jpg` });
      case SCRIPTED.javascriptUrl:
        return answer(res, { Response: "True", Poster: "javascript:alert(document.cookie)//https://posters.example/x.jpg" });
      case SCRIPTED.otherHost:
        return answer(res, { Response: "True", Poster: `https://evil.example/${imdb}.jpg` });
      case SCRIPTED.userinfoTrick:
        return answer(res, { Response: "True", Poster: `https://${FAKE_POSTER_HOST}@evil.example/${imdb}.jpg` });
      case SCRIPTED.hugeBody:
        return answer(res, { Response: "True", Poster: good, Plot: "x".repeat(4 * 1024 * 1024) });
      case SCRIPTED.tooLongUrl:
        return answer(res, { Response: "True", Poster: `${good}?${"p".repeat(5000)}` });
      case SCRIPTED.firstCallHangs:
        if (n === 1) {
          setTimeout(() => !res.destroyed && answer(res, { Response: "True", Poster: good }), HANG_MS);
          return;
        }
        return answer(res, { Response: "True", Poster: good });
      case SCRIPTED.slowAnswer:
        setTimeout(() => answer(res, { Response: "True", Poster: good }), 400);
        return;
      case SCRIPTED.serverError:
        res.writeHead(500).end("oops");
        return;
    }
    const digits = Number(imdb.replace(/\D/g, ""));
    answer(res, { Response: "True", Poster: digits % 2 === 0 ? good : "N/A" });
  });
  return new Promise((resolve) =>
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        calls: (id) => perId.get(id) ?? 0,
        total: () => total,
        close: () => {
          srv.closeAllConnections();
          srv.close();
        },
      });
    }),
  );
}

/** The app environment that points at a fake OMDB and lets its poster host through. */
export function fakeOmdbEnv(omdb: FakeOmdb): Record<string, string> {
  return { OMDB_API_KEY: FAKE_OMDB_KEY, OMDB_BASE_URL: omdb.url, POSTER_HOSTS: FAKE_POSTER_HOST };
}
