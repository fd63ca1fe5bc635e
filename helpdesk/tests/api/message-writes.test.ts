import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { openTicket, team } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { ROOT } from '../../../tests/support/stack';

// What one POST …/messages changes besides the message (one statement and the trigger of
// migration 0008 do it now): the ticket's updated_at, its search vector (public messages only)
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
