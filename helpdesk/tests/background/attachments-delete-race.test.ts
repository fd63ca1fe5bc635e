import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { registerOwner } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { eventually, ROOT } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';
import { paddedPdf, scratchFiles, storedFiles, storedPath, upload } from '../support/uploads';

// A ticket deleted while an upload to it is being recorded, both ways round. The deletion locks
// the ticket's row as it reads it: an upload inserting later waits on that lock (its foreign key
// check) and finds the ticket gone; one that inserted first holds the deletion back until it
// commits, and its attachment is then among those the deletion removes. The test plays the other
// transaction from its own connection, so each interleaving is certain.

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 2,
  onnotice: () => {},
});

afterAll(() => db.end());

test.each([
  ['', false],
  [' (under an Idempotency-Key)', true],
])(
  'an upload whose ticket is deleted as it is recorded: 404 ticket_not_found, its file discarded%s',
  async (_, keyed) => {
    const owner = await registerOwner('Racer');
    const ticket = await openTicket(owner, owner.orgId);
    const scratchBefore = scratchFiles().sort();

    let answer: ReturnType<typeof upload> | undefined;
    await db.begin(async (tx) => {
      await tx`select 1 from tickets where id = ${ticket.id} for update`;
      const [me] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
      answer = upload(
        owner.token,
        owner.orgId,
        ticket.id,
        new Blob([paddedPdf(4096)], { type: 'application/pdf' }),
        'late.pdf',
        keyed ? { 'Idempotency-Key': crypto.randomUUID() } : {},
      );
      // The upload's file is stored and its insert waits on this transaction's lock.
      await eventually(async () => {
        const waiting = await db`
        select 1 from pg_stat_activity
         where ${me?.pid ?? 0}::int = any(pg_blocking_pids(pid))
           and query ilike '%insert into attachments%'`;
        return waiting.length > 0;
      });
      await tx`delete from tickets where id = ${ticket.id}`;
    });

    const res = await answer;
    expect({
      status: res?.status,
      type: res?.headers.get('content-type'),
      code: res?.body?.code,
    }).toEqual({
      status: 404,
      type: expect.stringMatching(/^application\/problem\+json/),
      code: 'ticket_not_found',
    });
    expect(storedFiles(owner.orgId)).toEqual([]);
    expect(scratchFiles().sort()).toEqual(scratchBefore);
    const [row] =
      await db`select count(*)::int as n from attachments where ticket_id = ${ticket.id}`;
    expect(row?.n).toBe(0);
  },
);

test('a ticket deleted while an upload is being recorded waits for it, and removes that file too', async () => {
  const owner = await registerOwner('Deleter');
  const ticket = await openTicket(owner, owner.orgId);
  const id = crypto.randomUUID();
  // The upload's stored file, and its insert, not yet committed.
  await Bun.write(storedPath(owner.orgId, id), paddedPdf(4096));
  let deleted: ReturnType<typeof call> | undefined;
  await db.begin(async (tx) => {
    await tx`insert into attachments
               (id, org_id, ticket_id, uploaded_by, filename, content_type, size, storage_key)
             values (${id}, ${owner.orgId}, ${ticket.id}, ${owner.user.id}, 'early.pdf',
                     'application/pdf', 4096, ${`${owner.orgId}/${id}`})`;
    const [me] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
    deleted = call(`/api/v1/orgs/${owner.orgId}/tickets/${ticket.id}`, {
      method: 'DELETE',
      token: owner.token,
    });
    // The deletion waits on this insert's key lock (at its first read, which locks the row).
    await eventually(async () => {
      const waiting = await db`
        select 1 from pg_stat_activity where ${me?.pid ?? 0}::int = any(pg_blocking_pids(pid))`;
      return waiting.length > 0;
    });
  });
  expect((await deleted)?.status).toBe(204);
  // Its file is the worker's to remove, as for any attachment the deletion listed.
  await eventually(() => storedFiles(owner.orgId).length === 0);
});
