import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { hasChromium, launchBrowser, MISSING_CHROMIUM, waitForImages, WatchedPage } from "../support/browser";

/**
 * The web UI in Debian's Chromium against the built app (`next start`, real MySQL, the top-3000
 * catalog) that the global setup starts. UI_BASE_URL points the suite at another server (e.g. a
 * dev server) instead. No console errors are allowed besides failed loads of off-site posters.
 */
const baseUrl = process.env.UI_BASE_URL || (inject("baseUrl") as string | undefined);
const adminToken = process.env.UI_ADMIN_TOKEN || (inject("adminToken") as string);
const SHOTS = path.resolve(__dirname, "../../docs/screenshots");
const skipReason = !hasChromium ? MISSING_CHROMIUM : !baseUrl ? "no app server (TEST_APP=0 and no UI_BASE_URL); skipping" : "";
if (skipReason) console.warn(`browser tests: ${skipReason}`);

/** Polls a value until it matches: generous, the test machine's two cores are shared. */
const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });

describe.skipIf(Boolean(skipReason))("web UI in Chromium", { timeout: 180_000 }, () => {
  let browser: Browser;
  let watched: WatchedPage | undefined;
  /** securitypolicyviolation events of the open page (any navigation): every test must end with none. */
  let cspViolations: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const seen = cspViolations;
    cspViolations = [];
    await watched?.close();
    watched = undefined;
    expect(seen, "Content-Security-Policy violations").toEqual([]);
  });

  async function open(viewport?: { width: number; height: number }) {
    watched = await WatchedPage.open(browser, baseUrl!, viewport);
    await watched.page.exposeFunction("__reportCspViolation", (v: string) => cspViolations.push(v));
    await watched.page.addInitScript(() =>
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(
          `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`,
        ),
      ),
    );
    return watched;
  }

  function expectNoConsoleErrors(w: WatchedPage) {
    expect(w.unexpectedErrors(), JSON.stringify(w.unexpectedErrors(), null, 1)).toEqual([]);
  }

  async function shoot(w: WatchedPage, name: string, fullPage = false) {
    await w.page.evaluate(() => window.scrollTo(0, 0));
    await w.page.screenshot({ path: path.join(SHOTS, name), fullPage });
  }

  const cardHrefs = (w: WatchedPage) =>
    w.page.locator('ul[aria-label^="Movies, page"] a[data-testid="movie-card"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")));

  it("catalog: 50 posters a page, Next then Prev shows the first page again, and the back button works", async () => {
    const w = await open();
    const { page } = w;
    const res = await page.goto("/");
    expect(res?.status()).toBe(200);
    const first = await cardHrefs(w);
    expect(first).toHaveLength(50);
    // every card has a poster with alt text and a fixed 2:3 box
    const alts = await page.locator('ul[aria-label^="Movies, page"] img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute("alt")));
    expect(alts.every((a) => a?.startsWith("Poster of "))).toBe(true);
    await waitForImages(page, 'ul[aria-label^="Movies, page"] li:nth-child(-n+12) img');
    await shoot(w, "catalog.png");

    await page.getByRole("link", { name: "Next →" }).first().click();
    await page.waitForURL(/[?&]cursor=/);
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 2");
    const second = await cardHrefs(w);
    expect(second).toHaveLength(50);
    expect(second.filter((h) => first.includes(h))).toEqual([]);

    await page.getByRole("link", { name: "Next →" }).first().click();
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 3");
    const third = await cardHrefs(w);

    await page.getByRole("link", { name: "← Prev" }).first().click();
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 2");
    expect(await cardHrefs(w)).toEqual(second);
    await page.getByRole("link", { name: "← Prev" }).first().click();
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 1");
    expect(new URL(page.url()).search).toBe("");
    expect(await cardHrefs(w)).toEqual(first);

    // the browser's back button walks the same pages (state is in the URL)
    await page.goBack();
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 2");
    expect(await cardHrefs(w)).toEqual(second);
    await page.goBack();
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 3");
    expect(await cardHrefs(w)).toEqual(third);
    expectNoConsoleErrors(w);
  });

  it("catalog filters: genres and a year range narrow the grid through the URL", async () => {
    const w = await open();
    const { page } = w;
    await page.goto("/");
    await page.locator("summary", { hasText: /^Genres/ }).click();
    await page.getByRole("group", { name: "Genres", exact: true }).getByLabel("Animation", { exact: true }).check();
    await page.getByLabel("From year").fill("1995");
    await page.getByLabel("To year").fill("1995");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/genres=Animation/);
    expect(new URL(page.url()).searchParams.get("yearFrom")).toBe("1995");
    await poll(() => cardHrefs(w)).toContain("/movies/862"); // Toy Story (1995)
    expectNoConsoleErrors(w);
  });

  /** The ids the API gives for the same state: what the grid must show. */
  async function apiIds(w: WatchedPage, query: string): Promise<string[]> {
    const res = await w.page.request.get(`/api/movies?limit=50&${query}`);
    return ((await res.json()) as { data: { id: number }[] }).data.map((m) => `/movies/${m.id}`);
  }

  it("catalog sort, facets, paging and the back button: every state is the URL's, and the grid is the API's", async () => {
    const w = await open();
    const { page } = w;
    await page.goto("/");
    const popular = await cardHrefs(w);
    await page.getByLabel("Sort by").selectOption("rating");
    await page.getByLabel("Order").selectOption("asc");
    await page.locator("summary", { hasText: /^Exclude genres/ }).click();
    await page.getByRole("group", { name: "Exclude genres" }).getByLabel("Drama", { exact: true }).check();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/sort=rating/);
    const state = "sort=rating&order=asc&excludeGenres=Drama";
    const rated = await apiIds(w, state);
    await poll(() => cardHrefs(w)).toEqual(rated);

    await page.getByRole("link", { name: "Next →" }).first().click();
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 2");
    const cursor = new URL(page.url()).searchParams.get("cursor")!;
    const second = await apiIds(w, `${state}&cursor=${cursor}`);
    await poll(() => cardHrefs(w)).toEqual(second);

    // a facet narrows the list (back to page 1) and its count is the new total
    const comedy = page.getByRole("region", { name: "Genres counts" }).getByRole("link", { name: /^Comedy/ });
    const count = (await comedy.locator("span").last().textContent())!.replace(/,/g, "");
    await comedy.click();
    await page.waitForURL(/genres=Comedy/);
    await poll(() => page.getByTestId("facet-total").textContent()).toBe(`${Number(count).toLocaleString("en")} movies`);
    await poll(() => cardHrefs(w)).toEqual(await apiIds(w, `${state}&genres=Comedy`));
    expect(page.url()).not.toContain("cursor=");

    await page.getByRole("region", { name: "Decades counts" }).getByRole("link", { name: /^1990s/ }).click();
    await page.waitForURL(/yearFrom=1990/);
    const nineties = await apiIds(w, `${state}&genres=Comedy&yearFrom=1990&yearTo=1999`);
    await poll(() => cardHrefs(w)).toEqual(nineties);
    expect(nineties.length).toBeGreaterThan(0);

    // Back walks the states in reverse: genre facet, page 2, page 1 of the rating sort, the front page
    await page.goBack();
    await poll(() => cardHrefs(w)).toEqual(await apiIds(w, `${state}&genres=Comedy`));
    await page.goBack();
    await poll(() => page.getByTestId("page-number").first().textContent()).toBe("Page 2");
    await poll(() => cardHrefs(w)).toEqual(second);
    await page.goBack();
    await poll(() => cardHrefs(w)).toEqual(rated);
    await poll(() => page.getByLabel("Sort by").inputValue()).toBe("rating");
    await page.goBack();
    await poll(() => cardHrefs(w)).toEqual(popular);
    expect(new URL(page.url()).search).toBe("");
    expectNoConsoleErrors(w);
  });

  it('search: "harry poter" autocompletes and ArrowDown + Enter opens /movies/671', async () => {
    const w = await open();
    const { page } = w;
    await page.goto("/");
    const box = page.getByRole("combobox", { name: "Search titles" });
    await box.click();
    await box.pressSequentially("harry poter", { delay: 20 });
    const option = page.locator('[role="option"][data-movie-id="671"]');
    await option.waitFor({ state: "visible" });
    await poll(() => box.getAttribute("aria-expanded")).toBe("true");
    await poll(() => page.locator('[role="option"][data-movie-id]').first().textContent()).toContain("best match");
    await box.press("ArrowDown");
    expect(await box.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    expect(await option.getAttribute("aria-selected")).toBe("true");
    await box.press("Enter");
    await page.waitForURL(/\/movies\/671$/);
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Harry Potter");
    expectNoConsoleErrors(w);
  });

  it("movie page: details, links and >= 5 recommendations with an image and reasons each", async () => {
    const w = await open();
    const { page } = w;
    const res = await page.goto("/movies/1726");
    expect(res?.status()).toBe(200);
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Iron Man");
    expect(await page.getByRole("img", { name: "Poster of Iron Man" }).first().isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: /IMDb/ }).getAttribute("href")).toBe("https://www.imdb.com/title/tt0371746/");
    const recs = page.getByTestId("recommendation");
    expect(await recs.count()).toBeGreaterThanOrEqual(5);
    await waitForImages(page, '[data-testid="recommendation"] img');
    for (let i = 0; i < (await recs.count()); i++) {
      const card = recs.nth(i);
      expect(await card.locator("img").getAttribute("alt")).toMatch(/^Poster of /);
      expect((await card.getByTestId("reasons").textContent())?.trim().length).toBeGreaterThan(3);
      expect(await card.locator("h3").textContent()).toMatch(/\(\d{4}\)/);
    }
    expect(await recs.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("Iron Man 2")]));
    // the original's "See details" expander
    const first = recs.first();
    await first.getByText("See details").click();
    await poll(() => first.locator("details dl").textContent()).toContain("Runtime");
    await shoot(w, "movie.png", true);

    // a filter chip re-queries with a query parameter
    await page.getByRole("link", { name: /Same era/ }).click();
    await page.waitForURL(/era=1/);
    expect(await page.getByTestId("recommendation").count()).toBeGreaterThanOrEqual(1);
    expectNoConsoleErrors(w);
  });

  it("an unknown movie is a real 404 page", async () => {
    const w = await open();
    const url = `${baseUrl}/movies/2147483000`;
    w.expectedFailures.add(url);
    const res = await w.page.goto(url);
    expect(res?.status()).toBe(404);
    expect(await w.page.getByRole("heading", { level: 1 }).textContent()).toContain("not found");
    expectNoConsoleErrors(w);
  });

  it('/recommend: "iron man" gives Iron Man 2, and "more like these" posts the picks', async () => {
    const w = await open();
    const { page } = w;
    await page.goto("/recommend");
    const box = page.getByRole("combobox", { name: "Movie title" });
    await box.fill("iron man");
    await page.getByRole("button", { name: "Recommend" }).click();
    await page.waitForURL(/\/recommend\?title=iron\+man/);
    await poll(() => page.getByTestId("best-match").textContent()).toContain("Iron Man");
    const recs = page.getByTestId("recommendation");
    expect(await recs.count()).toBeGreaterThanOrEqual(5);
    expect(await recs.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("Iron Man 2")]));
    await waitForImages(page, '[data-testid="recommendation"] img');
    await shoot(w, "recommend.png");

    const ironMan2 = recs.filter({ hasText: "Iron Man 2" }).first();
    await ironMan2.getByRole("checkbox", { name: /I like this/ }).check();
    await page.getByRole("button", { name: /More like these/ }).click();
    const more = page.getByTestId("more-like-these");
    await more.waitFor({ state: "visible" });
    expect(await more.getByTestId("recommendation").count()).toBeGreaterThanOrEqual(1);
    expectNoConsoleErrors(w);
  });

  it('/recommend: an uncertain match offers "Did you mean" alternatives', async () => {
    const w = await open();
    const { page } = w;
    await page.goto("/recommend?title=harry%20poter");
    await poll(() => page.getByTestId("best-match").textContent()).toContain("Harry Potter");
    const alternatives = page.getByRole("navigation", { name: "Did you mean" }).getByRole("link");
    await poll(() => alternatives.count()).toBeGreaterThanOrEqual(1);
    const alt = alternatives.first();
    const altTitle = (await alt.textContent())!.replace(/\s*\(\d{4}\)$/, "");
    await alt.click();
    await page.waitForURL(/[?&]id=\d+/);
    await poll(() => page.getByTestId("best-match").textContent()).toContain(altTitle);
    expectNoConsoleErrors(w);
  });

  it("admin: sign in, create a movie, find it by search, see its recommendations, delete it (then 404)", async () => {
    const w = await open();
    const { page, context } = w;
    await page.goto("/admin");

    // a wrong token is refused next to the field
    await page.getByLabel("Admin token").fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#admin-token-error").waitFor();
    expect(await page.getByLabel("Admin token").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Admin token").fill(adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === "admin_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Strict");
    // Secure even over plain http (Chromium keeps Secure cookies from 127.0.0.1 and localhost)
    expect(cookie?.secure).toBe(true);
    expect(cookie?.value).not.toContain(adminToken);
    // a session, not a permanent credential: it expires within 8 hours
    expect(cookie!.expires * 1000).toBeGreaterThan(Date.now());
    expect(cookie!.expires * 1000).toBeLessThanOrEqual(Date.now() + 8 * 3600 * 1000);

    const create = page.getByRole("form", { name: "Add a movie" });
    const title = `Browser Test Film ${Date.now().toString(36)}`;
    await create.getByLabel("Title *").fill(title);
    await create.getByLabel("Release date").fill("2021-06-18");
    await create.getByLabel("Runtime (minutes)").fill("95");
    await create.getByLabel("Vote average (0–10)").fill("7.5");
    await create.getByLabel("Vote count").fill("1200");
    await create.getByLabel("Genres").fill("Animation, Family");
    await create.getByLabel("Keywords").fill("toy, friendship");
    await create.getByLabel("Overview").fill("A toy <b>cowboy</b> & friends go on an adventure.");
    await create.getByLabel("IMDb id").fill("not-an-imdb-id");
    await create.getByRole("button", { name: "Create movie" }).click();
    // field errors next to the field; what was typed stays
    const imdbError = create.locator('[id$="-imdb_id-error"]');
    await imdbError.waitFor();
    expect(await imdbError.textContent()).toContain("tt0123456");
    expect(await create.getByLabel("Title *").inputValue()).toBe(title);

    await create.getByLabel("IMDb id").fill("");
    await create.getByRole("button", { name: "Create movie" }).click();
    const saved = create.getByTestId("saved");
    await saved.waitFor();
    const href = await saved.getByRole("link", { name: title }).getAttribute("href");
    const id = Number(/^\/movies\/(\d+)$/.exec(href ?? "")?.[1]);
    expect(id).toBeGreaterThan(0);

    // found by the search box right away
    await page.goto("/");
    const box = page.getByRole("combobox", { name: "Search titles" });
    await box.click();
    await box.pressSequentially(title.toLowerCase(), { delay: 10 });
    const option = page.locator(`[role="option"][data-movie-id="${id}"]`);
    await option.waitFor({ state: "visible" });
    await option.click();
    await page.waitForURL(new RegExp(`/movies/${id}$`));
    await poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(title);
    // the overview is text, never HTML
    expect(await page.locator("article b").count()).toBe(0);
    const recs = page.getByTestId("recommendation");
    expect(await recs.count()).toBeGreaterThanOrEqual(5);
    expect(await recs.first().getByTestId("reasons").textContent()).toMatch(/\w/);

    // delete through the admin page
    await page.goto(`/admin?edit=${id}`);
    const del = page.getByRole("form", { name: new RegExp(`^Delete `) });
    await del.getByRole("checkbox").check();
    await del.getByRole("button", { name: "Delete movie" }).click();
    await page.getByTestId("deleted").waitFor();

    const gone = `${baseUrl}/movies/${id}`;
    w.expectedFailures.add(gone);
    const res = await page.goto(gone);
    expect(res?.status()).toBe(404);
    const search = await (await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(title)}&limit=10`)).json();
    expect((search.data as { id: number }[]).map((h) => h.id)).not.toContain(id);

    await page.goto("/admin");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect((await context.cookies()).some((c) => c.name === "admin_session")).toBe(false);

    // sign-out ends the session on the server: a copy of the old cookie gets the sign-in form
    const signedInWith = async (value: string) => {
      await context.addCookies([{ ...cookie!, value }]);
      await page.goto("/admin");
      await page.getByRole("heading", { name: "Admin" }).waitFor();
      return (await page.getByRole("button", { name: "Sign out" }).count()) === 1;
    };
    expect(await signedInWith(cookie!.value)).toBe(false);

    // each sign-in is a new session; its signed fields cannot be edited (here: a later expiry)
    await page.getByLabel("Admin token").fill(adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const second = (await context.cookies()).find((c) => c.name === "admin_session")!.value;
    expect(second).not.toBe(cookie!.value);
    const [sid, issued, expires, mac] = second.split(".");
    expect(await signedInWith([sid, issued, String(Number(expires) + 3600_000), mac].join("."))).toBe(false);
    expect(await signedInWith(second)).toBe(true);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expectNoConsoleErrors(w);
  });

  it("pages fit a phone screen and the docs page lists the API", async () => {
    const w = await open({ width: 390, height: 844 });
    const { page } = w;
    for (const url of ["/", "/movies/862", "/recommend?title=toy%20story", "/admin", "/docs"]) {
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${url} scrolls sideways`).toBeLessThanOrEqual(1);
    }
    expect(await page.getByText("/api/movies/{id}/similar").count()).toBeGreaterThanOrEqual(1);
    expectNoConsoleErrors(w);
  });

  it("CSP: pages carry a per-request nonce policy without 'unsafe-inline' scripts, and an injected inline script does not run", async () => {
    const w = await open();
    const { page } = w;
    const nonces = new Set<string>();
    w.expectedFailures.add(`${baseUrl}/movies/2147483000`);
    for (const url of ["/", "/movies/1726", "/recommend?title=toy%20story", "/admin", "/docs", "/movies/2147483000"]) {
      const res = await page.goto(url);
      const csp = (await res!.allHeaders())["content-security-policy"] ?? "";
      const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
      expect(scriptSrc, url).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(scriptSrc, url).not.toContain("unsafe-inline");
      nonces.add(/'nonce-([^']+)'/.exec(scriptSrc)![1]);
      // Next's client runtime (nonced scripts) still runs
      await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version));
    }
    expect(nonces.size).toBe(6);
    expectNoConsoleErrors(w);

    // An XSS that lands markup in the HTML (no nonce) is blocked and reported.
    await page.route("**/", async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace("</body>", '<script>document.documentElement.dataset.injected="ran"</script></body>');
      await route.fulfill({ response: res, body: html });
    });
    await page.goto("/");
    await page.waitForFunction(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version));
    expect(await page.evaluate(() => document.documentElement.dataset.injected ?? "blocked")).toBe("blocked");
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(cspViolations.every((v) => v.startsWith("script-src") && v.includes("inline"))).toBe(true);
    cspViolations = []; // expected: the one this test provoked
  });
});
