import { afterAll, describe, expect, test } from 'bun:test';
import { accountTokenMailSource, createAccountToken } from '@insightdesk/shared/auth';
import { authConfig, dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import {
  claimDelivery,
  claimingRead,
  markSent,
  purgeDeliveries,
  releaseClaim,
} from '@insightdesk/shared/mail';
import { emailQueue } from '@insightdesk/shared/queues';
import { sql as drizzleSql } from 'drizzle-orm';
import postgres from 'postgres';
import { registerOwner, uniqueEmail } from '../support/api';
import { deliveryOf, invite } from '../support/deliveries';
import { mailTo, waitForMail } from '../support/mail';
import { queueClient } from '../support/queues';
import { eventually, ROOT } from '../support/stack';

// The email claim protocol (shared/src/mail/deliveries.ts): sent once across retries, refusals and
// duplicates, with the SMTP exchange outside any transaction (crashes: email-crashes.test.ts). The SMTP catcher is told through
// the recipient's address to hold its answer to DATA (`smtp-delay-<ms>`) or to refuse once
// (`smtp-fail-once`).
const config = loadConfig({ db: dbConfig, auth: authConfig }, { dir: ROOT });
const sql = postgres(config.db.url, { max: 2, onnotice: () => {} });
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const database = createDatabase({ ...config.db, poolMax: 2, applicationName: 'tests', logger });
const email = queueClient(emailQueue);

afterAll(async () => {
  await email.close();
  await sql.end();
  await database.close();
});

const delivery = (dedupeKey: string) => deliveryOf(sql, dedupeKey);

const record = (key: string) => ({
  dedupeKey: key,
  recipient: 'claims@example.test',
  template: 'test',
  messageId: `<${key}@example.test>`,
});

describe('email claims', () => {
  test('the protocol: a live claim is busy, a lapsed one is taken over, only the holder marks it, a sent key stays sent', async () => {
    const key = `test:${crypto.randomUUID()}`;
    const db = database.db;
    const first = await claimDelivery(db, record(key), 1);
    expect(first.kind).toBe('claimed');
    const busy = await claimDelivery(db, record(key), 1);
    expect(busy.kind).toBe('busy');
    if (busy.kind === 'busy') expect(busy.retryAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    await Bun.sleep(1100); // the first attempt "died": its lease runs out
    const second = await claimDelivery(db, record(key), 30);
    expect(second.kind).toBe('claimed');
    if (first.kind !== 'claimed' || second.kind !== 'claimed') throw new Error('unreachable');
    expect(await markSent(db, first.claim)).toBe(false); // no longer its claim
    await releaseClaim(db, first.claim); // neither can it give the key back
    expect(await delivery(key)).toEqual({ sent: false, claimed: true });
    expect(await markSent(db, second.claim)).toBe(true);
    expect(await delivery(key)).toEqual({ sent: true, claimed: false });
    // A mark repeated (its answer lost) finds its own; the attempt that lost the key still fails.
    expect(await markSent(db, second.claim)).toBe(true);
    expect(await markSent(db, first.claim)).toBe(false);
    expect((await claimDelivery(db, record(key), 30)).kind).toBe('sent');

    const released = `test:${crypto.randomUUID()}`;
    const claim = await claimDelivery(db, record(released), 30);
    if (claim.kind !== 'claimed') throw new Error('not claimed');
    await releaseClaim(db, claim.claim); // the send failed
    expect(await delivery(released)).toBeUndefined();
    expect((await claimDelivery(db, record(released), 30)).kind).toBe('claimed');
  });

  test('a read and its claim in one statement: claimed only when the row is mailable, and never over a live claim or a sent key', async () => {
    const db = database.db;
    // A source of the test's own: the recipient and `mailable` as given, one more column.
    const read = claimingRead<
      { recipient: string; mailable: boolean; extra: string },
      { recipient: string; mailable: boolean }
    >(drizzleSql`
      select ${drizzleSql.placeholder('recipient')}::text as recipient,
             ${drizzleSql.placeholder('mailable')}::boolean as mailable, 'x' as extra`);
    const claimOf = (key: string, mailable: boolean, leaseSeconds = 30) => {
      const token = crypto.randomUUID();
      const values = { ...record(key), mailable, token, leaseSeconds };
      return read(db, values).then(([row]) => ({ row, token }));
    };
    const key = `test:${crypto.randomUUID()}`;

    // Not mailable: the row, nothing claimed.
    const skipped = await claimOf(key, false);
    expect(skipped.row).toEqual({
      recipient: 'claims@example.test',
      mailable: false,
      extra: 'x',
      claim_token: null,
    });
    expect(await delivery(key)).toBeUndefined();

    // Mailable: claimed with the recipient read, the token given.
    const first = await claimOf(key, true, 1);
    expect(first.row?.claim_token).toBe(first.token);
    const [row] = await sql`
      select recipient, template, message_id from email_deliveries where dedupe_key = ${key}`;
    expect(row).toEqual({
      recipient: 'claims@example.test',
      template: 'test',
      message_id: record(key).messageId,
    });
    // While its lease lives, another read does not take it (claimDelivery then says busy).
    const live = await claimOf(key, true);
    expect(live.row?.claim_token).toBeNull();
    expect((await claimDelivery(db, record(key), 30)).kind).toBe('busy');
    // A lapsed lease is taken over; once marked, the key stays sent.
    await Bun.sleep(1100);
    const second = await claimOf(key, true);
    expect(second.row?.claim_token).toBe(second.token);
    expect(await markSent(db, { dedupeKey: key, token: second.token })).toBe(true);
    expect((await claimOf(key, true)).row?.claim_token).toBeNull();
    expect(await delivery(key)).toEqual({ sent: true, claimed: false });
  });

  test('an invitation expired before its mail job runs: the job skips it, and claims nothing', async () => {
    const address = uniqueEmail('expired-before-mail');
    // Held in the queue while the invitation expires, so that the job finds it expired.
    await email.queue.pause();
    let invited: Awaited<ReturnType<typeof invite>>;
    try {
      invited = await invite(address);
      await sql`
        update invitations set expires_at = now() - interval '1 second'
         where id = ${invited.invitationId}`;
    } finally {
      await email.queue.resume();
    }
    const job = await eventually(() => email.queue.getJob(invited.jobId), 20_000);
    expect(await email.finished(job)).toEqual({ skipped: 'not pending' });
    expect(await delivery(invited.dedupeKey)).toBeUndefined();
    expect(await mailTo(address)).toEqual([]);
  });

  test("an account link's read: mailable while unused, unexpired and, for a verification, the address unverified; a token of another purpose is not found", async () => {
    const db = database.db;
    const read = claimingRead<
      { recipient: string; mailable: boolean; name: string },
      { tokenId: string; purpose: 'verify_email' | 'password_reset' }
    >(accountTokenMailSource);
    const owner = await registerOwner('Linked', { verified: false });
    const verifyId = await createAccountToken(
      db,
      owner.user.id,
      'verify_email',
      config.auth.invitationSecret,
    );
    const resetId = await createAccountToken(
      db,
      owner.user.id,
      'password_reset',
      config.auth.invitationSecret,
    );
    const readOf = async (tokenId: string, purpose: 'verify_email' | 'password_reset') => {
      const key = `test:${crypto.randomUUID()}`;
      const token = crypto.randomUUID();
      const [row] = await read(db, { ...record(key), tokenId, purpose, token, leaseSeconds: 30 });
      return { row, key, claimed: row?.claim_token === token };
    };

    // Another purpose's token: no row, nothing claimed.
    const crossed = await readOf(resetId, 'verify_email');
    expect(crossed.row).toBeUndefined();
    expect(await delivery(crossed.key)).toBeUndefined();

    // Usable: the user's address and name, claimed.
    const usable = await readOf(verifyId, 'verify_email');
    expect(usable.row).toMatchObject({ recipient: owner.email, name: 'Linked', mailable: true });
    expect(usable.claimed).toBe(true);

    // The address verified meanwhile: the verification is no longer due, the reset still is.
    await sql`update users set email_verified_at = now() where id = ${owner.user.id}`;
    const needless = await readOf(verifyId, 'verify_email');
    expect(needless.row?.mailable).toBe(false);
    expect(needless.claimed).toBe(false);
    expect(await delivery(needless.key)).toBeUndefined();
    expect((await readOf(resetId, 'password_reset')).row?.mailable).toBe(true);

    // Used or expired: not mailable.
    await sql`update account_tokens set used_at = now() where id = ${resetId}`;
    expect((await readOf(resetId, 'password_reset')).row?.mailable).toBe(false);
    await sql`
      update account_tokens set used_at = null, expires_at = now() - interval '1 second'
       where id = ${resetId}`;
    const expired = await readOf(resetId, 'password_reset');
    expect(expired.row?.mailable).toBe(false);
    expect(await delivery(expired.key)).toBeUndefined();
  });

  test('a verification mail job for an address verified before it runs: skipped, nothing claimed or sent', async () => {
    const owner = await registerOwner('Early', { verified: false });
    const tokenId = await createAccountToken(
      database.db,
      owner.user.id,
      'verify_email',
      config.auth.invitationSecret,
    );
    await sql`update users set email_verified_at = now() where id = ${owner.user.id}`;
    const job = await email.handle.add('verify-email', { tokenId });
    expect(await email.finished(job)).toEqual({ skipped: 'link used, expired or not needed' });
    expect(await delivery(`verify-email:${tokenId}`)).toBeUndefined();
  });

  test('the purge drops deliveries sent 90 days ago and claims abandoned as long ago, nothing newer', async () => {
    const key = () => `test:${crypto.randomUUID()}`;
    const [old, abandoned, recent] = [key(), key(), key()];
    await sql`
      insert into email_deliveries (dedupe_key, recipient, template, sent_at, claimed_until) values
        (${old}, 'a@example.test', 'test', now() - interval '91 days', null),
        (${abandoned}, 'a@example.test', 'test', null, now() - interval '91 days'),
        (${recent}, 'a@example.test', 'test', now() - interval '89 days', null)`;
    expect(await purgeDeliveries(database.db)).toBeGreaterThanOrEqual(2);
    expect(await delivery(old)).toBeUndefined();
    expect(await delivery(abandoned)).toBeUndefined();
    expect(await delivery(recent)).toEqual({ sent: true, claimed: false });
  });

  test('a send the SMTP server refuses gives the key back: the retry sends, once', async () => {
    const address = uniqueEmail('smtp-fail-once');
    const { invitationId, dedupeKey } = await invite(address);
    const [mail] = await waitForMail(address, 1, () => true, 30_000);
    expect(mail?.template).toBe('invitation');
    const job = await email.queue.getJob(`invitation-${invitationId}`);
    expect(job?.attemptsMade).toBeGreaterThanOrEqual(1); // the refused attempt failed
    await Bun.sleep(500);
    expect(await mailTo(address)).toHaveLength(1);
    expect(await delivery(dedupeKey)).toEqual({ sent: true, claimed: false });
  }, 45_000);

  test('a duplicate job while the first attempt sends waits for it, then sends nothing', async () => {
    const address = uniqueEmail('smtp-delay-3000');
    const { invitationId, dedupeKey } = await invite(address);
    await eventually(async () => ((await delivery(dedupeKey))?.claimed ? true : undefined), 20_000);
    const duplicate = await email.handle.add(
      'invitation',
      { invitationId },
      { jobId: `invitation-${invitationId}-duplicate` },
    );
    // Put back until the first attempt's lease ends (not failed: no attempt spent).
    await eventually(async () => ((await duplicate.getState()) === 'delayed' ? true : undefined));
    await waitForMail(address, 1, () => true, 20_000);
    await eventually(async () => ((await delivery(dedupeKey))?.sent ? true : undefined));
    await duplicate.promote(); // no need to wait out the lease to see what it does
    expect(await email.finished(duplicate)).toEqual({ sent: 0 });
    const done = await email.queue.getJob(duplicate.id as string);
    expect(done?.stacktrace ?? []).toEqual([]); // waiting was no failed attempt
    expect(done?.failedReason).toBeFalsy();
    expect(await mailTo(address)).toHaveLength(1);
  }, 60_000);
});
