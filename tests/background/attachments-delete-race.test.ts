import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { openTicket, registerOwner } from '../support/api';
import { eventually, ROOT } from '../support/stack';
import { paddedPdf, scratchFiles, storedFiles, upload } from '../support/uploads';

// A ticket deleted while an upload to it is being recorded: the upload's insert waits on the
// deleting transaction's lock of the ticket row (its foreign key check), then finds the ticket
// gone. The test holds that lock itself, from its own connection, so the interleaving is certain.

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
