import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { BASE_URL, DATA } from './stack';

/** Debian's Chromium, which `./stack test` installs when a browser test runs. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where screenshots go (gitignored with the rest of .data/). */
export const SCREENSHOTS = join(DATA, 'test-output', 'browser');

/**
 * Chromium trusts exactly our nginx's key: the SPKI pin of the local certificate, not a blanket
 * "ignore certificate errors" (a page that loads something from another https origin would still
 * be checked).
 */
function localCertificatePin(): string {
  const pem = readFileSync(join(DATA, 'tls', 'localhost.crt'), 'utf8');
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * A headless Chromium for one test file: `await using browser = await openBrowser()` or close it
 * in afterAll. The flags keep it off the network this machine does not have (background
 * networking, component updates, sync) and work as root (no sandbox).
 */
export function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--ignore-certificate-errors-spki-list=${localCertificatePin()}`,
    ],
  });
}

export interface PageProblems {
  /**
   * Uncaught exceptions, console errors, answers of 400 and above and failed requests, as they
   * happened (each with its URL).
   */
  readonly list: string[];
  /** Requests to other origins: blocked before they leave (this machine reaches no one). */
  readonly offsite: string[];
}

/**
 * A fresh context (its own cookies) and page on the stack's origin, recording everything that
 * went wrong in the page: a page that "loads" but throws, or whose script the CSP refused, fails
 * the test that checks `problems.list`.
 */
export async function openPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const origin = new URL(BASE_URL).origin;
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
  });
  const problems: PageProblems = { list: [], offsite: [] };
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      problems.offsite.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.list.push(`exception: ${err.message}`));
  page.on('console', (message) => {
    // "Failed to load resource" carries no URL: the response or failure below does.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.list.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.list.push(`${response.status()}: ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).origin === origin)
      problems.list.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return { context, page, problems };
}

/** Saves a full-page screenshot as .data/test-output/browser/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
