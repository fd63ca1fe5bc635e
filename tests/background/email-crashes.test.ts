import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { emailQueue } from '@insightdesk/shared/queues';
import postgres from 'postgres';
import { uniqueEmail } from '../support/api';
import {
  deliveryOf,
  invite,
  killInstance,
  lockHolder,
  terminateBackend,
} from '../support/deliveries';
import { mailTo, waitForMail } from '../support/mail';
import { queueClient } from '../support/queues';
import { eventually, processInfo, ROOT, stack } from '../support/stack';

// Each point at which an attempt to send an email can die, and what the claim protocol
// (shared/src/mail/deliveries.ts) promises there: exactly once everywhere, except between the SMTP
// server's 250 and the mark, where the mail goes out again under the same Message-ID. The worker is
// stopped at a chosen statement by a row lock this test holds from its own connection; the SMTP
// catcher holds its answer to DATA for a recipient address with `smtp-delay-<ms>` in it.
const config = loadConfig({ db: dbConfig }, { dir: ROOT });
const sql = postgres(config.db.url, { max: 4, onnotice: () => {} });
const email = queueClient(emailQueue);
const holders: Array<{ release(): Promise<void> }> = [];

afterAll(async () => {
  for (const holder of holders) await holder.release();
  await email.queue.resume();
  await stack('start', 'worker');
  await email.close();
  await sql.end();
});

const delivery = (dedupeKey: string) => deliveryOf(sql, dedupeKey);

async function holdLocks() {
  const holder = await lockHolder(sql);
  holders.push(holder);
  return holder;
}

/** The one backend waiting on `holder` (other than `except`): the worker's stopped statement. */
async function stoppedStatement(
  holder: Awaited<ReturnType<typeof lockHolder>>,
  except?: number,
): Promise<{ pid: number; instance: string; statement: string }> {
  return eventually(async () => {
    const waiting = (await holder.blocked()).filter((b) => b.pid !== except);
    return waiting.length === 1 ? waiting[0] : undefined;
  }, 20_000);
}

async function completed(jobId: string) {
  return eventually(async () => {
    const job = await email.queue.getJob(jobId);
    return (await job?.getState()) === 'completed' ? job : undefined;
  }, 20_000);
}

/** A further job for the same invitation, run to its end: it must find the mail sent. */
async function runAgain(invitationId: string) {
  const again = await email.handle.add(
    'invitation',
    { invitationId },
    { jobId: `invitation-${invitationId}-again` },
  );
  return email.finished(again);
}

async function waitReady(instance: string) {
  await eventually(async () => (await processInfo(instance)).ready || undefined, 30_000);
}

describe('email crash points', () => {
  test('SIGKILL after the claim, before any SMTP byte: the next attempt takes the claim over after the lease and sends once', async () => {
    const address = uniqueEmail('crash-before-send');
    // Held in the queue until the test stands on the dedupe key: an uncommitted row of the test's
    // own, so the worker's claim waits for it.
    await email.queue.pause();
    let invited: Awaited<ReturnType<typeof invite>>;
    const holder = await holdLocks();
    try {
      invited = await invite(address);
      await holder.sql`
        insert into email_deliveries (dedupe_key, recipient, template)
        values (${invited.dedupeKey}, ${address}, 'invitation')`;
    } finally {
      await email.queue.resume();
    }
    const { invitationId, jobId, dedupeKey } = invited;
    const claim = await stoppedStatement(holder);
    expect(claim.statement).toBe('insert');
    // The worker dies while its claim is at the database; the claim then commits without it
    // (PostgreSQL finishes a statement whose client has gone): claimed, and nothing sent.
    await killInstance(claim.instance);
    await holder.release();
    await eventually(async () => (await delivery(dedupeKey))?.claimed);
    expect(await delivery(dedupeKey)).toEqual({ sent: false, claimed: true });
    expect(await mailTo(address)).toEqual([]);

    // The job comes back (stalled), waits out the dead attempt's lease (30 s), takes the claim
    // over and sends.
    const [mail] = await waitForMail(address, 1, () => true, 80_000);
    expect(mail?.template).toBe('invitation');
    await completed(jobId);
    expect(await delivery(dedupeKey)).toEqual({ sent: true, claimed: false });
    expect(await runAgain(invitationId)).toEqual({ sent: 0 });
    expect(await mailTo(address)).toHaveLength(1);
    await waitReady(claim.instance);
  }, 150_000);

  test('SIGKILL while the SMTP server holds its send: the mail arrives once, after the lease', async () => {
    const address = uniqueEmail('smtp-delay-8000');
    const { invitationId, jobId, dedupeKey } = await invite(address);
    // The attempt has claimed the key and is in the SMTP exchange (the catcher holds DATA 8 s).
    await eventually(async () => ((await delivery(dedupeKey))?.claimed ? true : undefined), 20_000);
    const instance = await eventually(async () => {
      const job = await email.queue.getJob(jobId);
      return (job as { processedBy?: string } | undefined)?.processedBy;
    });
    await killInstance(instance);
    // The catcher drops what it never answered; the job comes back (stalled) and waits for the
    // dead attempt's lease (30 s) to end; then the mail goes out, once.
    expect(await delivery(dedupeKey)).toEqual({ sent: false, claimed: true });
    const [mail] = await waitForMail(address, 1, () => true, 80_000);
    expect(mail?.template).toBe('invitation');
    await completed(jobId);
    expect(await delivery(dedupeKey)).toEqual({ sent: true, claimed: false });
    expect(await runAgain(invitationId)).toEqual({ sent: 0 });
    expect(await mailTo(address)).toHaveLength(1);
    await waitReady(instance);
  }, 150_000);

  test('SIGKILL after the SMTP server accepted, before the mark committed: a second copy, under the same Message-ID, and no more', async () => {
    const address = uniqueEmail('smtp-delay-5000');
    const { invitationId, jobId, dedupeKey } = await invite(address);
    // While the catcher holds its answer, the test takes the claimed row: the mark will wait.
    await eventually(async () => ((await delivery(dedupeKey))?.claimed ? true : undefined), 20_000);
    const holder = await holdLocks();
    const [row] = await holder.sql<{ sent: boolean }[]>`
      select sent_at is not null as sent from email_deliveries
       where dedupe_key = ${dedupeKey} for update`;
    expect(row?.sent).toBe(false);
    // The mark is issued on the 250, so the message is in the mailbox.
    const mark = await stoppedStatement(holder);
    expect(mark.statement).toBe('update');
    const [first] = await mailTo(address);
    const messageId = first?.messageId ?? '';
    expect(messageId).toMatch(/^<.+@.+>$/);

    // The worker dies, and its mark never commits (as when it dies before the statement leaves).
    await killInstance(mark.instance);
    await terminateBackend(sql, mark.pid);
    await holder.release();
    expect(await delivery(dedupeKey)).toEqual({ sent: false, claimed: true });

    // The next attempt cannot tell this from a crash before the send: after the lease it sends
    // again, with the same Message-ID, and records it.
    const copies = await waitForMail(address, 2, () => true, 80_000);
    await completed(jobId);
    expect(await delivery(dedupeKey)).toEqual({ sent: true, claimed: false });
    const [recorded] = await sql<{ message_id: string }[]>`
      select message_id from email_deliveries where dedupe_key = ${dedupeKey}`;
    expect(new Set(copies.map((m) => m.messageId))).toEqual(new Set([messageId]));
    expect(recorded?.message_id).toBe(messageId);
    expect(await runAgain(invitationId)).toEqual({ sent: 0 });
    expect(await mailTo(address)).toHaveLength(2);
    await waitReady(mark.instance);
  }, 150_000);

  test("the mark's database connection lost after the SMTP server accepted: the live worker marks again, and the mail goes out once", async () => {
    const address = uniqueEmail('smtp-delay-5000');
    const { invitationId, jobId, dedupeKey } = await invite(address);
    await eventually(async () => ((await delivery(dedupeKey))?.claimed ? true : undefined), 20_000);
    const holder = await holdLocks();
    await holder.sql`select 1 from email_deliveries where dedupe_key = ${dedupeKey} for update`;
    const mark = await stoppedStatement(holder);
    expect(mark.statement).toBe('update');
    await terminateBackend(sql, mark.pid);
    // The same worker repeats the mark on another connection, which waits on the lock in turn.
    const again = await stoppedStatement(holder, mark.pid);
    expect(again).toMatchObject({ instance: mark.instance, statement: 'update' });
    await holder.release();

    const job = await completed(jobId);
    expect(job.stacktrace ?? []).toEqual([]); // no failed attempt: no retry that would send again
    expect(await delivery(dedupeKey)).toEqual({ sent: true, claimed: false });
    expect(await runAgain(invitationId)).toEqual({ sent: 0 });
    expect(await mailTo(address)).toHaveLength(1);
  }, 60_000);
});
