import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

/** Debian's Chromium (installed by `.ci/run` when missing); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
export const MISSING_CHROMIUM = `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH); skipping`;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface ConsoleIssue {
  text: string;
  url: string;
}

/**
 * A page whose console errors and uncaught exceptions are collected. Poster images are loaded
 * from image hosts the (offline) test machine cannot reach, and Chromium logs each of those as a
 * console error "Failed to load resource"; `unexpectedErrors()` leaves out exactly those: failed
 * loads of image requests on another origin than the app's. Everything else counts.
 */
export class WatchedPage {
  readonly errors: ConsoleIssue[] = [];
  /** URLs of image requests that failed (network error or HTTP error status). */
  readonly failedImages = new Set<string>();
  /** Same-origin URLs a test expects to answer an error status (e.g. a deleted movie's 404). */
  readonly expectedFailures = new Set<string>();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly origin: string,
  ) {
    page.on("console", (msg: ConsoleMessage) => {
      if (msg.type() === "error") this.errors.push({ text: msg.text(), url: msg.location().url ?? "" });
    });
    page.on("pageerror", (err) => this.errors.push({ text: `uncaught: ${err.message}`, url: page.url() }));
    page.on("requestfailed", (req) => {
      if (req.resourceType() === "image") this.failedImages.add(req.url());
    });
    page.on("response", (res) => {
      if (res.status() >= 400 && res.request().resourceType() === "image") this.failedImages.add(res.url());
    });
  }

  static async open(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport, reducedMotion: "reduce" });
    const page = await context.newPage();
    page.setDefaultTimeout(45_000);
    page.setDefaultNavigationTimeout(60_000);
    return new WatchedPage(context, page, new URL(baseUrl).origin);
  }

  private ignorable(e: ConsoleIssue): boolean {
    if (!e.text.startsWith("Failed to load resource")) return false;
    if (this.expectedFailures.has(e.url)) return true;
    let origin = "";
    try {
      origin = new URL(e.url).origin;
    } catch {
      return false;
    }
    return origin !== this.origin && this.failedImages.has(e.url);
  }

  unexpectedErrors(): ConsoleIssue[] {
    return this.errors.filter((e) => !this.ignorable(e));
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Scrolls every matching image into view and waits until each has finished: loaded or the placeholder. */
export async function waitForImages(page: Page, selector: string, timeoutMs = 30_000): Promise<void> {
  const imgs = page.locator(selector);
  const n = await imgs.count();
  for (let i = 0; i < n; i++) await imgs.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (sel) =>
      [...document.querySelectorAll<HTMLImageElement>(sel)].every((img) => img.complete && img.naturalWidth > 0),
    selector,
    { timeout: timeoutMs, polling: 200 },
  );
}
