import { afterAll, expect, test } from 'bun:test';
import { loadConfig } from '@insightdesk/shared/config';
import { registerOwner } from '../../../tests/support/api';
import { deployment } from '../../../tests/support/deployment';
import { connectClient, request, waitConnected } from '../../../tests/support/realtime';
import { ROOT } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

// The help desk's own bound on presence (its config group, declared in its catalogue); the
// platform's caps per socket are tests/realtime/budgets.test.ts's.
const { watchesPerSocket } = loadConfig(deployment.config, { dir: ROOT }).presence;

const sockets: ReturnType<typeof connectClient>[] = [];
afterAll(() => {
  for (const s of sockets) s.disconnect();
});

test('tickets watched per socket are capped; an unwatch makes room', async () => {
  const owner = await registerOwner('Caps');
  const tickets = [];
  for (let i = 0; i <= watchesPerSocket; i++) tickets.push(await openTicket(owner, owner.orgId));
  const watcher = connectClient({ token: owner.token });
  sockets.push(watcher);
  await waitConnected(watcher);
  const watch = (ticketId: string) =>
    request(watcher, 'ticket.watch', { orgId: owner.orgId, ticketId });
  for (const t of tickets.slice(0, watchesPerSocket)) expect((await watch(t.id)).ok).toBe(true);
  const [first, last] = [tickets[0]?.id ?? '', tickets.at(-1)?.id ?? ''];
  expect(await watch(last)).toEqual({ ok: false, error: 'rate_limited' });
  expect((await watch(first)).ok).toBe(true); // already watched: no more room needed
  await request(watcher, 'ticket.unwatch', { orgId: owner.orgId, ticketId: first });
  expect((await watch(last)).ok).toBe(true);
}, 30_000);
