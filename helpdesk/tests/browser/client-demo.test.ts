import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { type Owner, registerOwner } from '../../../tests/support/api';
import { openBrowser, openPage, screenshot } from '../../../tests/support/browser';
import { BASE_URL, eventually, processInfo, stack } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

// The client demo (/api/demo, development only) in a real Chromium: the page logs in with
// @insightdesk/client bundled for the browser and lists new tickets as the realtime client hands
// them on, over long-polling and over WebSocket, and across a ws instance stop.

let browser: Browser;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack('start', 'ws-1');
});

async function logIn(page: Page, owner: Owner, transport: 'polling' | 'websocket') {
  const opened = await page.goto(`/api/demo?transport=${transport}`);
  expect(opened?.status()).toBe(200);
  await page.locator('#status[data-state="logged"]').waitFor();
  await page.fill('#email', owner.email);
  await page.fill('#password', owner.password);
  await page.click('button[type="submit"]');
  await page.locator('#status[data-state="connected"]').waitFor({ timeout: 15_000 });
  await page.locator(`#events[data-org-id="${owner.orgId}"]`).waitFor({ state: 'attached' });
}

/** The tickets the page lists, in its order, with their event ids. */
const listed = (page: Page) =>
  page.$$eval('#events li', (items) =>
    items.map((li) => ({ ticketId: li.dataset.ticketId ?? '', eventId: li.dataset.eventId ?? '' })),
  );

describe('client demo page in a browser', () => {
  for (const transport of ['polling', 'websocket'] as const) {
    test(`logs in with the SDK and receives a live ticket over ${transport}`, async () => {
      const owner = await registerOwner('Demo');
      const { context, page, problems } = await openPage(browser);
      try {
        await logIn(page, owner, transport);
        expect(await page.textContent('#status')).toBe(`connected over ${transport}`);
        const ticket = await openTicket(owner, owner.orgId, { subject: `Live over ${transport}` });
        await page.locator(`#events li[data-ticket-id="${ticket.id}"]`).waitFor();
        expect(await listed(page)).toHaveLength(1);
        expect(existsSync(await screenshot(page, `client-demo-${transport}`))).toBe(true);
        // The script ran under the page's CSP, nothing failed, nothing went elsewhere.
        expect(problems.list).toEqual([]);
        expect(problems.offsite).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  test('survives a ws instance stop: tickets opened while it is away arrive once, in order', async () => {
    const owner = await registerOwner('Survivor');
    const { context, page, problems } = await openPage(browser);
    try {
      // Sessions stick to an instance by this cookie: the page starts on ws-1.
      await context.addCookies([{ name: 'insightdesk_ws', value: 'ws-1', url: BASE_URL }]);
      await logIn(page, owner, 'websocket');
      const created = [(await openTicket(owner, owner.orgId, { subject: 'before' })).id];
      await eventually(async () => (await listed(page)).length === 1);

      const stopping = stack('stop', 'ws-1');
      await page.locator('#status[data-state="disconnected"]').waitFor({ timeout: 20_000 });
      let openedWhileAway = 0;
      for (let i = 0; i < 4; i++) {
        created.push((await openTicket(owner, owner.orgId, { subject: `away ${i}` })).id);
        if ((await page.getAttribute('#status', 'data-state')) === 'disconnected')
          openedWhileAway += 1;
      }
      await stopping;
      expect((await processInfo('ws-1')).state).toBe('stopped');
      created.push((await openTicket(owner, owner.orgId, { subject: 'after' })).id);

      await page.locator('#status[data-state="connected"]').waitFor({ timeout: 20_000 });
      await eventually(async () => (await listed(page)).length >= created.length, 20_000);
      await Bun.sleep(300); // a duplicate would have arrived by now
      const items = await listed(page);
      expect(openedWhileAway).toBeGreaterThan(0); // those came from the replay after `since`
      expect(items.map((item) => item.ticketId)).toEqual(created);
      expect(new Set(items.map((item) => item.eventId)).size).toBe(created.length);
      expect(existsSync(await screenshot(page, 'client-demo-after-ws-stop'))).toBe(true);
      // The stop itself shows up as failed connections; the page's script never threw.
      expect(problems.list.filter((p) => p.startsWith('exception'))).toEqual([]);
    } finally {
      await context.close();
      await stack('start', 'ws-1');
    }
  }, 60_000);
});
