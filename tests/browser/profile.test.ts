import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { hasChromium, launchBrowser, MISSING_CHROMIUM, WatchedPage } from "../support/browser";
import { IMDB, LETTERBOXD } from "../support/ratings-files";

/**
 * The visitor profile in Chromium against the built app (top-3000 catalog): marks on the movie
 * page and its "more like this", the /for-you page, profile export/import and ratings import.
 */
const baseUrl = process.env.UI_BASE_URL || (inject("baseUrl") as string | undefined);
const skipReason = !hasChromium ? MISSING_CHROMIUM : !baseUrl ? "no app server (TEST_APP=0 and no UI_BASE_URL); skipping" : "";
if (skipReason) console.warn(`profile browser tests: ${skipReason}`);

const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000, interval: 100 });

/** Ids of the recommendation cards inside `scope` (from their /movies/ID links). */
async function recoIds(page: Page, scope: string): Promise<number[]> {
  return page
    .locator(`${scope} [data-testid="recommendation"] h3 a`)
    .evaluateAll((links) => links.map((a) => Number((a as HTMLAnchorElement).pathname.split("/").pop())));
}

const MORE = 'ol[aria-label="Movies like Iron Man"]';

describe.skipIf(Boolean(skipReason))("visitor profile in Chromium", { timeout: 180_000 }, () => {
  let browser: Browser;
  let watched: WatchedPage | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const w = watched;
    watched = undefined;
    if (!w) return;
    // CSP violations of the last page (the profile UI runs no eval: no zod in the browser).
    const csp = await w.page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    expect(csp, "Content-Security-Policy violations").toEqual([]);
    const errors = w.unexpectedErrors();
    await w.close();
    expect(errors, JSON.stringify(errors, null, 1)).toEqual([]);
  });

  async function open() {
    watched = await WatchedPage.open(browser, baseUrl!);
    watched.expectedFailures.add(new URL("/api/profile/import", baseUrl).href);
    watched.page.on("dialog", (d) => void d.accept());
    await watched.page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`));
    });
    return watched.page;
  }

  const counts = (page: Page) => page.getByTestId("profile-counts").textContent();

  it("not interested and seen leave more-like-this (which refills); a like fills For you without any marked movie", async () => {
    const page = await open();
    await page.goto("/movies/1726");
    await page.locator(`${MORE} [data-testid="recommendation"]`).first().waitFor();
    const before = await recoIds(page, MORE);
    expect(before).toHaveLength(10);
    const [hidden, seen] = before;
    const title = async (id: number) => (await page.locator(`${MORE} h3 a[href="/movies/${id}"]`).textContent())!.replace(/ \(\d{4}\)$/, "");
    const hiddenTitle = await title(hidden);
    await page.getByRole("button", { name: `Not interested: ${hiddenTitle}` }).first().click();
    await page.getByRole("button", { name: `Seen: ${await title(seen)}` }).first().click();
    await poll(async () => {
      const ids = await recoIds(page, MORE);
      return ids.length === 10 && !ids.includes(hidden) && !ids.includes(seen);
    }).toBe(true);
    const like = page.getByRole("button", { name: "Like: Iron Man" }).first();
    await like.click();
    await expect(await like.getAttribute("aria-pressed")).toBe("true");

    // A reload keeps the profile (localStorage) and still hides the marked movies.
    await page.reload();
    await poll(async () => {
      const ids = await recoIds(page, MORE);
      return ids.length === 10 && !ids.includes(hidden) && !ids.includes(seen);
    }).toBe(true);

    await page.getByRole("link", { name: "For you" }).click();
    await page.waitForURL(/\/for-you$/);
    await page.getByRole("heading", { name: "Because you liked Iron Man" }).waitFor();
    const shown = await recoIds(page, '[data-testid="for-you"]');
    expect(shown.length).toBeGreaterThanOrEqual(10);
    for (const id of [1726, hidden, seen]) expect(shown).not.toContain(id);
    expect(new Set(shown).size).toBe(shown.length);
    const group = await recoIds(page, '[data-testid="because-group"]');
    expect(group.length).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="because-group"] [data-testid="reasons"]').first().textContent()).resolves.toBeTruthy();

    // Hiding a For-you pick removes it there and, back on the movie page, from more-like-this.
    const pick = shown[0];
    const pickTitle = (await page.locator(`[data-testid="for-you"] h3 a[href="/movies/${pick}"]`).first().textContent())!.replace(/ \(\d{4}\)$/, "");
    await page.getByRole("button", { name: `Not interested: ${pickTitle}` }).first().click();
    await poll(async () => (await recoIds(page, '[data-testid="for-you"]')).includes(pick)).toBe(false);
    await poll(async () => (await recoIds(page, '[data-testid="for-you"]')).length).toBeGreaterThanOrEqual(10);
    await poll(() => counts(page)).toBe("1 liked · 0 disliked · 2 not interested · 1 seen");
    await page.goto("/movies/1726");
    await poll(async () => {
      const ids = await recoIds(page, MORE);
      return ids.length === 10 && ![hidden, seen, pick].some((id) => ids.includes(id));
    }).toBe(true);
  });

  it("exports the profile as JSON, clears it, and imports it back", async () => {
    const page = await open();
    await page.goto("/movies/862");
    await page.getByRole("button", { name: "Like: Toy Story" }).first().click();
    await expect(page.getByRole("button", { name: "Like: Toy Story" }).first().getAttribute("aria-pressed")).resolves.toBe("true");
    await page.goto("/movies/1726");
    await page.getByRole("button", { name: "Dislike: Iron Man" }).first().click();
    await page.goto("/for-you");
    await poll(() => counts(page)).toBe("1 liked · 1 disliked · 0 not interested · 0 seen");
    await page.getByRole("heading", { name: "Because you liked Toy Story" }).waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export profile" }).click()]);
    expect(download.suggestedFilename()).toBe("movie-profile.json");
    const file = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    expect(file).toMatchObject({ version: 1, likes: [862], dislikes: [1726], hidden: [], seen: [] });

    await page.getByRole("button", { name: "Clear profile" }).click();
    await poll(() => counts(page)).toBe("0 liked · 0 disliked · 0 not interested · 0 seen");
    await page.getByText("Like a few movies").waitFor();

    await page.getByTestId("profile-import").setInputFiles({ name: "movie-profile.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(file)) });
    await poll(() => counts(page)).toBe("1 liked · 1 disliked · 0 not interested · 0 seen");
    await page.getByRole("heading", { name: "Because you liked Toy Story" }).waitFor();
    expect(await recoIds(page, '[data-testid="for-you"]')).not.toContain(1726);

    await page.getByTestId("profile-import").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"likes":["x"]}') });
    await page.getByRole("alert").filter({ hasText: "is not a profile export" }).waitFor();
  });

  it("a Letterboxd and an IMDb file: matched, ambiguous (chosen) and missing rows shown, then merged", async () => {
    const page = await open();
    await page.goto("/for-you");
    const input = page.getByTestId("ratings-import");
    await input.setInputFiles({ name: "ratings.csv", mimeType: "text/csv", buffer: Buffer.from(LETTERBOXD) });
    await poll(() => page.getByTestId("import-summary").textContent()).toBe(
      "ratings.csv (Letterboxd): 4 matched (2 liked, 1 disliked), 1 to choose, 1 not found.",
    );
    expect(await page.getByTestId("matched-row").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-id"))))).toEqual([1726, 862, 157336, 194]);
    expect(await page.getByTestId("missing-row").allTextContents()).toEqual(["line 6: Zzyzx Qwertyuiop Film (2001), rated 3"]);
    const ambiguous = page.getByTestId("ambiguous-row");
    await expect(ambiguous.count()).resolves.toBe(1);
    expect(await ambiguous.locator("option").allTextContents()).toEqual(expect.arrayContaining(["The Lion King (1994)", "The Lion King (2019)"]));
    await ambiguous.locator("select").selectOption("8587");
    await page.getByRole("button", { name: "Add to my profile" }).click();
    await poll(() => counts(page)).toBe("3 liked · 1 disliked · 0 not interested · 5 seen");
    await page.getByRole("heading", { name: "Because you liked The Lion King" }).waitFor();

    await input.setInputFiles({ name: "imdb.csv", mimeType: "text/csv", buffer: Buffer.from(IMDB) });
    await poll(() => page.getByTestId("import-summary").textContent()).toBe("imdb.csv (IMDb): 2 matched (1 liked, 1 disliked), 1 to choose, 1 not found.");
    expect(await page.getByTestId("missing-row").allTextContents()).toEqual(["line 5: Nonexistent Picture Qqqzz (2003), rated 6"]);
    expect(await page.getByTestId("ambiguous-row").locator("option").allTextContents()).toEqual(
      expect.arrayContaining(["Frozen (2013)", "Frozen (2010)"]),
    );
    await page.getByRole("button", { name: "Add to my profile" }).click();
    // Iron Man again (already liked), Harry Potter disliked; the skipped Frozen row adds nothing.
    await poll(() => counts(page)).toBe("3 liked · 2 disliked · 0 not interested · 6 seen");
    const shown = await recoIds(page, '[data-testid="for-you"]');
    for (const id of [1726, 862, 8587, 157336, 194, 671]) expect(shown).not.toContain(id);

    await input.setInputFiles({ name: "notes.csv", mimeType: "text/csv", buffer: Buffer.from("Film,When\nIron Man,2008") });
    await page.getByRole("alert").filter({ hasText: "unrecognised columns" }).waitFor();
  });
});
