import { beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call } from '../../../tests/support/http';
import { DATA, ROOT, runStack, type StackRun } from '../../../tests/support/stack';
import { SEED, SEED_PASSWORD } from '../../../tools/stack/seed/data';

// `./stack seed` through the real API, twice: what it prints works, what it made is what the
// data set says, and the second run adds nothing.

let first: StackRun;
let second: StackRun;

beforeAll(async () => {
  first = await runStack(['seed']);
  second = await runStack(['seed']);
}, 240_000);

async function login(email: string): Promise<string> {
  const res = await call('/api/v1/auth/login', { body: { email, password: SEED_PASSWORD } });
  expect(res.status).toBe(200);
  return res.body.tokens.accessToken;
}

interface Member {
  user: { id: string; email: string };
  role: string;
}
interface TicketRow {
  id: string;
  subject: string;
  status: string;
  priority: string;
  requester: { id: string };
  assignee: { id: string } | null;
}
interface MessageRow {
  body: string;
  internal: boolean;
}

/** Every item of a list (the seed's lists fit one page). */
async function all<T>(path: string, token: string): Promise<T[]> {
  const res = await call<{ items: T[]; nextCursor: string | null }>(path, { token });
  expect(res.status).toBe(200);
  expect(res.body.nextCursor).toBeNull();
  return res.body.items;
}

async function orgIdOf(token: string, name: string): Promise<string> {
  const me = await call<{ memberships: { organization: { id: string; name: string } }[] }>(
    '/api/v1/me',
    { token },
  );
  const id = me.body.memberships.find((m) => m.organization.name === name)?.organization.id;
  if (!id) throw new Error(`not a member of ${name}`);
  return id;
}

describe('./stack seed', () => {
  test('prints every account with its password, and each of them signs in', async () => {
    expect(first.code).toBe(0);
    const rows = first.stdout
      .split('\n')
      .filter((line) => line.includes('@'))
      .map((line) => line.split(/\s{2,}/));
    const people = SEED.flatMap((org) =>
      org.people.map((p) => [org.name, p.role, p.name, p.email]),
    );
    expect(rows.map((r) => r.slice(0, 4)).slice(0, people.length)).toEqual(people);
    for (const row of rows) expect(row[4]).toBe(SEED_PASSWORD);
    for (const [, , , email] of people) await login(email ?? '');
  });

  test('a second run creates nothing', () => {
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/✓ 0 created, \d+ already there/);
    expect(second.stdout).toBe(first.stdout);
  });

  for (const org of SEED) {
    test(`${org.name}: its people with their roles, its tickets once each, as seeded`, async () => {
      const byKey = new Map(org.people.map((p) => [p.key, p]));
      const owner = org.people.find((p) => p.role === 'owner');
      const ownerToken = await login(owner?.email ?? '');
      const orgId = await orgIdOf(ownerToken, org.name);
      const members = await all<Member>(`/api/v1/orgs/${orgId}/members`, ownerToken);
      expect(members.map((m) => [m.user.email, m.role]).sort()).toEqual(
        org.people.map((p) => [p.email, p.role]).sort(),
      );
      const idOf = (key: string) =>
        members.find((m) => m.user.email === byKey.get(key)?.email)?.user.id;

      const tickets = await all<TicketRow>(`/api/v1/orgs/${orgId}/tickets?limit=100`, ownerToken);
      expect(tickets.map((t) => t.subject).sort()).toEqual(
        org.tickets.map((t) => t.subject).sort(),
      );
      for (const seeded of org.tickets) {
        const ticket = tickets.find((t) => t.subject === seeded.subject);
        if (!ticket) throw new Error(`no ticket ${seeded.subject}`);
        expect(ticket.status).toBe(seeded.status);
        expect(ticket.priority).toBe(seeded.priority);
        expect(ticket.requester.id).toBe(idOf(seeded.by) ?? '');
        expect(ticket.assignee?.id ?? null).toBe(
          seeded.assignee ? (idOf(seeded.assignee) ?? '') : null,
        );
        const messages = await all<MessageRow>(
          `/api/v1/orgs/${orgId}/tickets/${ticket.id}/messages?limit=100`,
          ownerToken,
        );
        expect(messages.map((m) => [m.body, m.internal])).toEqual([
          [seeded.body, false],
          ...seeded.messages.map((m) => [m.body, m.internal === true]),
        ]);
      }

      // The requester sees their own tickets and no internal note.
      const requester = org.people.find((p) => p.role === 'requester');
      const requesterToken = await login(requester?.email ?? '');
      const own = await all<TicketRow>(`/api/v1/orgs/${orgId}/tickets?limit=100`, requesterToken);
      expect(own.map((t) => t.subject).sort()).toEqual(
        org.tickets
          .filter((t) => t.by === requester?.key)
          .map((t) => t.subject)
          .sort(),
      );
      for (const ticket of own) {
        const seen = await all<MessageRow>(
          `/api/v1/orgs/${orgId}/tickets/${ticket.id}/messages?limit=100`,
          requesterToken,
        );
        expect(seen.some((m) => m.internal)).toBe(false);
      }
    });
  }

  test('the image is attached once, processed, and served as uploaded', async () => {
    const org = SEED.find((o) => o.tickets.some((t) => t.image));
    const seeded = org?.tickets.find((t) => t.image);
    const requester = org?.people.find((p) => p.key === seeded?.by);
    const token = await login(requester?.email ?? '');
    const orgId = await orgIdOf(token, org?.name ?? '');
    const tickets = await all<TicketRow>(`/api/v1/orgs/${orgId}/tickets?limit=100`, token);
    const ticket = tickets.find((t) => t.subject === seeded?.subject);
    if (!ticket) throw new Error('no ticket with the image');

    const state = JSON.parse(readFileSync(join(DATA, 'seed.json'), 'utf8'));
    const attachment = await call(
      `/api/v1/orgs/${orgId}/tickets/${ticket.id}/attachments/${state.attachments[ticket.id]}`,
      { token },
    );
    expect(attachment.status).toBe(200);
    expect(attachment.body).toMatchObject({
      filename: seeded?.image,
      contentType: 'image/png',
      status: 'ready',
    });
    expect(attachment.body.thumbnailUrl).toBeString();
    const file = readFileSync(join(ROOT, 'tools/stack/seed', seeded?.image ?? ''));
    const served = await fetch(attachment.body.url);
    expect(served.status).toBe(200);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(new Uint8Array(await served.arrayBuffer()))).toBe(sha(file));
  });
});
