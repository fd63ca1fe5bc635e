import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { openBrowser, openPage, screenshot } from '../support/browser';

// The API reference (Scalar at /api/docs) in a real Chromium: it renders the live document with
// everything from our origin and nothing refused by its CSP, and its "try it" client sends a
// request to this API and shows the answer.

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Violations are reported to the page as events (and only sometimes to the console). */
const RECORD_CSP_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
`;

describe('API reference in a browser', () => {
  test('renders from our origin under its CSP, and "try it" sends a request and shows the answer', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
      await page.addInitScript(RECORD_CSP_VIOLATIONS);
      const opened = await page.goto('/api/docs');
      expect(opened?.status()).toBe(200);
      // Rendered by its script from the document: an operation's summary appears.
      await page.getByText('Exchange email and password for tokens').first().waitFor({
        timeout: 60_000,
      });
      await screenshot(page, 'api-reference');

      // "Try it": the operation's test-request client, then Send.
      await page.getByRole('button', { name: 'Open Group - account' }).click();
      const operation = page.locator('[id$="tag/account/GET/v1/me"]').first();
      await operation.scrollIntoViewIfNeeded();
      await operation
        .getByRole('button', { name: /test request/i })
        .first()
        .click();
      const sent = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/v1/me' && res.request().method() === 'GET',
        { timeout: 30_000 },
      );
      await page.getByRole('button', { name: /^send/i }).first().click();
      const answer = await sent;
      // Without a token the API answers 401 problem+json, and the client shows it.
      expect(answer.status()).toBe(401);
      await page.getByText('missing_token').first().waitFor({ timeout: 30_000 });
      const file = await screenshot(page, 'api-reference-try-it');
      expect(existsSync(file)).toBe(true);

      expect(await page.evaluate('window.cspViolations')).toEqual([]);
      expect(problems.offsite).toEqual([]);
      // The 401 the client was sent for is the one answer of 400 and above.
      expect(problems.list).toEqual([`401: ${answer.url()}`]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
