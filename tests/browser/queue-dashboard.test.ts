import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { operatorToken, registerOwner } from '../support/api';
import { openBrowser, openPage, screenshot } from '../support/browser';
import { deployment } from '../support/deployment';

// The queue dashboard (bull-board at /api/admin/queues) in a real Chromium: a platform operator
// exchanges the Bearer token for the dashboard's cookie, as its sign-in page would, and the page
// renders with its scripts running; anyone else is refused, with or without a cookie.

const DASHBOARD = '/api/admin/queues';

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** `POST /api/admin/session` from inside the page: the browser stores the cookie it sets. */
function exchange(page: Page, token: string): Promise<number> {
  return page.evaluate(
    async (bearer) =>
      (
        await fetch('/api/admin/session', {
          method: 'POST',
          headers: { Authorization: `Bearer ${bearer}` },
        })
      ).status,
    token,
  );
}

describe('queue dashboard in a browser', () => {
  test('opens for a platform operator after the cookie exchange, every queue listed', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
      const before = await page.goto(DASHBOARD);
      expect(before?.status()).toBe(401);
      problems.list.length = 0; // the refused document itself is logged as an error

      expect(await exchange(page, await operatorToken())).toBe(204);
      const cookies = await context.cookies();
      expect(cookies.map((c) => [c.name, c.path, c.httpOnly, c.secure, c.sameSite])).toEqual([
        ['insightdesk_admin', '/api/admin', true, true, 'Strict'],
      ]);

      const opened = await page.goto(DASHBOARD);
      expect(opened?.status()).toBe(200);
      // Rendered by its scripts (not just served): each queue appears in the page.
      for (const queue of Object.keys(deployment.queues)) {
        await page.getByText(queue, { exact: true }).first().waitFor({ timeout: 30_000 });
      }
      const file = await screenshot(page, 'queue-dashboard-operator');
      expect(existsSync(file)).toBe(true);
      expect(problems.list).toEqual([]);
      // Nothing leaves the origin: no script, no stylesheet, no font (bull-board's Google Fonts
      // link is dropped by the api).
      expect(problems.offsite).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('refuses an organization owner: no cookie for them, and their token as a cookie is no key', async () => {
    const owner = await registerOwner('Owner');
    const { context, page } = await openPage(browser);
    try {
      await page.goto(DASHBOARD);
      expect(await exchange(page, owner.token)).toBe(403);
      expect(await context.cookies()).toEqual([]);

      // Planting the owner's own token as the cookie: the cookie is checked like the header.
      await context.addCookies([
        {
          name: 'insightdesk_admin',
          value: owner.token,
          url: new URL(DASHBOARD, page.url()).toString(),
          httpOnly: true,
          secure: true,
          sameSite: 'Strict',
        },
      ]);
      const refused = await page.goto(DASHBOARD);
      expect(refused?.status()).toBe(403);
      expect(await refused?.json()).toMatchObject({ code: 'platform_admins_only' });
      await screenshot(page, 'queue-dashboard-owner-refused');
      // No queue data either.
      const api = await page.evaluate(
        async () => (await fetch('/api/admin/queues/api/queues')).status,
      );
      expect(api).toBe(403);
    } finally {
      await context.close();
    }
  });

  test('refuses an anonymous visitor', async () => {
    const { context, page } = await openPage(browser);
    try {
      const refused = await page.goto(DASHBOARD);
      expect(refused?.status()).toBe(401);
      expect(await refused?.json()).toMatchObject({ code: 'missing_token' });
      await screenshot(page, 'queue-dashboard-anonymous-refused');
    } finally {
      await context.close();
    }
  });
});
