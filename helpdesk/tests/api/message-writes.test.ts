import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { team } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { ROOT } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

// What one POST …/messages changes besides the message (one statement and the trigger
// `tickets_search_on_message` do it): the ticket's updated_at, its search words (public messages
// only, in `ticket_search`)
// and its first-response clock (the first public answer of someone but the requester), and the
// outbox events and notifications of the same transaction.
const sql = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});
afterAll(() => sql.end());

async function ticketRow(id: string) {
  const [row] = await sql<
    { updated_at: Date; first_response_at: Date | null; search: string; version: number }[]
  >`select t.updated_at, t.first_response_at, s.search::text as search, t.version
      from tickets t join ticket_search s on s.ticket_id = t.id where t.id = ${id}`;
  if (!row) throw new Error('no ticket');
  return row;
}

const outboxOf = (messageId: string) =>
  sql<{ type: string }[]>`
    select type from outbox
     where payload->'message'->>'id' = ${messageId} or payload->'notification'->>'messageId' = ${messageId}
     order by id`;

describe('message writes', () => {
  test('the requester and internal notes leave the response clock alone; the first public answer starts it, once', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId, { subject: 'Scanner' });
    const post = (token: string, body: string, internal?: boolean) =>
      call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
        token,
        body: { body, ...(internal === undefined ? {} : { internal }) },
      });
    const created = await ticketRow(ticket.id);

    expect((await post(t.requester.token, 'still broken')).status).toBe(201);
    expect((await post(t.agent.token, 'xylophonist notes', true)).status).toBe(201);
    const afterNotes = await ticketRow(ticket.id);
    expect(afterNotes.first_response_at).toBeNull();
    expect(afterNotes.updated_at.getTime()).toBeGreaterThan(created.updated_at.getTime());
    expect(afterNotes.search).toContain("'broken'");
    expect(afterNotes.search).not.toContain('xylophonist'); // internal notes are not searchable
    expect(afterNotes.version).toBe(created.version); // a message is not a change of the ticket

    expect((await post(t.agent.token, 'rebooted the quokka')).status).toBe(201);
    const answered = await ticketRow(ticket.id);
    expect(answered.first_response_at).not.toBeNull();
    expect(answered.search).toContain("'quokka'");
    expect((await post(t.admin.token, 'second answer')).status).toBe(201);
    expect((await ticketRow(ticket.id)).first_response_at).toEqual(answered.first_response_at);

    const search = await call(`/api/v1/orgs/${t.orgId}/tickets?q=quokka`, { token: t.agent.token });
    expect(search.body.items.map((i: { id: string }) => i.id)).toEqual([ticket.id]);
  });

  test("a thread past a tsvector's 1 MB of words still takes replies and a new subject; the words that do not fit are left out", async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId, { subject: 'Pasted logs' });
    const base = `/api/v1/orgs/${t.orgId}/tickets`;
    const found = async (q: string) =>
      (await call(`${base}?q=${q}`, { token: t.agent.token })).body.items.map(
        (i: { id: string }) => i.id,
      );
    // 60 bodies of the limit's 20,000 characters, each of 1,000 distinct 19-character tokens:
    // ~1.4 MB of distinct words, past the 1 MB a tsvector holds, written through the trigger.
    await sql`
      insert into messages (id, org_id, ticket_id, author_id, body)
      select gen_random_uuid(), ${t.orgId}, ${ticket.id}, ${t.requester.user.id},
             case when j = 1 then 'ocelot ' else '' end ||
             string_agg(substr(md5(${ticket.id} || i || '-' || j), 1, 19), ' ')
        from generate_series(1, 1000) i, generate_series(1, 60) j group by j order by j`;
    const [{ size = 0 } = {}] = await sql<{ size: number }[]>`
      select pg_column_size(search) as size from ticket_search where ticket_id = ${ticket.id}`;
    expect(size).toBeGreaterThan(900_000);

    const post = (body: string) =>
      call(`${base}/${ticket.id}/messages`, { token: t.agent.token, body: { body } });
    const tokens = Array.from({ length: 990 }, (_, i) =>
      crypto.randomUUID().slice(0, 19 - (i % 2)),
    );
    expect((await post(`quetzal ${tokens.join(' ')}`)).status).toBe(201);
    expect(await found('quetzal')).toEqual([]); // words that do not fit are left out
    expect((await post('A short note about the axolotl')).status).toBe(201);
    expect(await found('axolotl')).toEqual([ticket.id]); // words that fit still go in
    expect(await found('ocelot')).toEqual([ticket.id]); // the thread's first words stay

    const renamed = await call(`${base}/${ticket.id}`, {
      method: 'PATCH',
      token: t.agent.token,
      headers: { 'If-Match': '"1"' },
      body: { subject: 'Overflowing capybara thread' },
    });
    expect(renamed.status).toBe(200);
    expect(await found('capybara')).toEqual([ticket.id]);
    expect(await found('pasted')).toEqual([]);
    expect(await found('ocelot')).toEqual([ticket.id]);
  });

  test('one reply: its event, then a notification (and its event) for the requester, in order', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const reply = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.agent.token,
      body: { body: 'On it' },
    });
    expect(reply.status).toBe(201);
    expect((await outboxOf(reply.body.id)).map((r) => r.type)).toEqual([
      'message.created',
      'notification.created',
    ]);
    const [notification] = await sql<{ user_id: string; kind: string }[]>`
      select user_id, kind from notifications where message_id = ${reply.body.id}`;
    expect(notification).toEqual({ user_id: t.requester.user.id, kind: 'reply' });

    const note = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.agent.token,
      body: { body: 'internal', internal: true },
    });
    expect((await outboxOf(note.body.id)).map((r) => r.type)).toEqual(['message.created']);
  });

  test("another organization's ticket, or a requester's view of someone else's: 404 and nothing written", async () => {
    const t = await team();
    const other = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const before = await ticketRow(ticket.id);
    const [{ n: messagesBefore } = { n: 0 }] = await sql<{ n: number }[]>`
      select count(*)::int as n from messages where ticket_id = ${ticket.id}`;
    for (const [token, orgId] of [
      [other.agent.token, other.orgId],
      [t.requester2.token, t.orgId],
    ] as const) {
      const res = await call(`/api/v1/orgs/${orgId}/tickets/${ticket.id}/messages`, {
        token,
        body: { body: 'sneaky' },
      });
      expect(res.status).toBe(404);
    }
    const [{ n: messagesAfter } = { n: 0 }] = await sql<{ n: number }[]>`
      select count(*)::int as n from messages where ticket_id = ${ticket.id}`;
    expect(messagesAfter).toBe(messagesBefore);
    expect((await ticketRow(ticket.id)).updated_at).toEqual(before.updated_at);
  });
});
