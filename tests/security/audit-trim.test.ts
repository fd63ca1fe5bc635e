import { afterAll, describe, expect, test } from 'bun:test';
import { auditConfig, dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { addMember, type Owner, operatorToken, registerOwner } from '../support/api';
import { call, isProblem } from '../support/http';
import { ROOT } from '../support/stack';

// The audit log's history, attacked as the attacker worked (issue 69): a database session as the
// services' role (DATABASE_URL) and as the owner of the schema (DATABASE_OWNER_URL), and the
// verify routes given a head saved before rows were removed.
const config = loadConfig({ db: dbConfig, audit: auditConfig }, { dir: ROOT });
const asService = postgres(config.db.url, { max: 1, onnotice: () => {} });
const asOwner = postgres(config.db.ownerUrl, { max: 1, onnotice: () => {} });
const asLockHolder = postgres(config.db.ownerUrl, { max: 1, onnotice: () => {} });
afterAll(async () => {
  await asService.end();
  await asOwner.end();
  await asLockHolder.end();
});

/** The SQLSTATE a statement is refused with, or 'allowed'. */
const refusal = (statement: Promise<unknown>) =>
  statement.then(
    () => 'allowed',
    (err: { code?: string }) => err.code ?? String(err),
  );

/** An organization's rows as the database holds them, and its anchor. */
async function chainOf(orgId: string) {
  const rows = await asService<{ seq: string; hash: string }[]>`
    select seq, hash from audit_log where organization_id = ${orgId} order by seq`;
  const [anchor] = await asService<{ seq: string }[]>`
    select seq from audit_anchors where chain = ${orgId}`;
  return {
    seqs: rows.map((r) => Number(r.seq)),
    hashes: rows.map((r) => r.hash),
    anchor: anchor ? Number(anchor.seq) : null,
  };
}

/**
 * An organization with seven entries (created, three invitations sent and accepted), its oldest
 * dated back as the owner with the trigger off: `ages[i]` days for seq i + 1.
 */
async function agedOrganization(ages: number[]): Promise<Owner> {
  const owner = await registerOwner('Aged');
  for (const role of ['agent', 'requester', 'admin'] as const) await addMember(owner, role);
  await asOwner.begin(async (tx) => {
    await tx`alter table audit_log disable trigger audit_log_immutable`;
    for (const [i, days] of ages.entries())
      await tx`update audit_log set at = at - make_interval(days => ${days})
                where organization_id = ${owner.orgId} and seq = ${i + 1}`;
    await tx`alter table audit_log enable trigger audit_log_immutable`;
  });
  return owner;
}

/**
 * The retention the owner configures, for the length of `run` (the deployment's, restored after).
 * `held`: the maintenance purge (audit_prune, every worker's) waits meanwhile, so that only the
 * test's own statements meet the retention.
 */
async function withRetention(
  days: number,
  run: () => Promise<void>,
  { held = false } = {},
): Promise<void> {
  if (held) await asLockHolder`select pg_advisory_lock(hashtext('insightdesk:audit:prune'))`;
  const [before] = await asOwner<{ days: number }[]>`
    select retention_days as days from audit_settings`;
  await asOwner`update audit_settings set retention_days = ${days}`;
  try {
    await run();
  } finally {
    await asOwner`update audit_settings set retention_days = ${before?.days ?? 0}`;
    if (held) await asLockHolder`select pg_advisory_unlock(hashtext('insightdesk:audit:prune'))`;
  }
}

const verifyUrl = (orgId: string, head?: string) =>
  `/api/v1/orgs/${orgId}/audit-log/verify${head === undefined ? '' : `?head=${encodeURIComponent(head)}`}`;

describe('retention removes rows only as configured', () => {
  test("the services' role calls audit_prune with any argument while retention is 0: no row goes", async () => {
    // The stack runs with AUDIT_RETENTION_DAYS unset: kept forever.
    expect(config.audit.retentionDays).toBe(0);
    const owner = await agedOrganization([400, 400, 40, 40]);
    const before = await chainOf(owner.orgId);
    expect(before.seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const days of [1, 2, 30, 365])
      await asService`select audit_prune(${days}::integer)`.catch(() => undefined);
    expect(await chainOf(owner.orgId)).toEqual(before);
    // The maintenance purge's own call, without an argument: the setting decides.
    expect(await refusal(asService`select audit_prune()`)).toBe('allowed');
    expect(await chainOf(owner.orgId)).toEqual(before);
    const [setting] = await asService<{ days: number }[]>`
      select retention_days as days from audit_settings`;
    expect(setting?.days).toBe(0);
  });

  test("the services' role cannot change the retention setting", async () => {
    for (const statement of [
      asService`update audit_settings set retention_days = 1`,
      asService`insert into audit_settings (id, retention_days) values (true, 1)
                on conflict (id) do update set retention_days = 1`,
      asService`delete from audit_settings`,
      asService`truncate audit_settings`,
      asService`alter table audit_settings disable trigger all`,
    ])
      expect(await refusal(statement)).toBe('42501');
    const [setting] = await asService<{ days: number }[]>`
      select retention_days as days from audit_settings`;
    expect(setting?.days).toBe(0);
  });

  test('with a retention configured, audit_prune removes only the rows older than it, a prefix, whatever it is asked', async () => {
    const owner = await agedOrganization([400, 400, 10, 10]);
    const before = await chainOf(owner.orgId);
    await withRetention(30, async () => {
      // Asked for one day, it keeps the configured thirty: only seq 1 and 2 go.
      await asService`select audit_prune(1)`;
    });
    const after = await chainOf(owner.orgId);
    expect(after.seqs).toEqual([3, 4, 5, 6, 7]);
    // The anchor is the last row dropped, as it was: seq 3 links to it (verify starts there).
    const [anchor] = await asService<{ hash: string }[]>`
      select hash from audit_anchors where chain = ${owner.orgId} and seq = 2`;
    expect(anchor?.hash).toBe(before.hashes[1]);
  });
});

describe('no session variable lets a DELETE through the trigger', () => {
  test("the owner's DELETE with insightdesk.audit_prune set is refused, old rows and new", async () => {
    const owner = await agedOrganization([400, 400, 400, 400]);
    const before = await chainOf(owner.orgId);
    const deleting = (where: 'newest' | 'oldest' | 'all') =>
      asOwner.begin(async (tx) => {
        await tx`select set_config('insightdesk.audit_prune', 'on', true)`;
        if (where === 'all') await tx`delete from audit_log where organization_id = ${owner.orgId}`;
        else
          await tx`delete from audit_log where organization_id = ${owner.orgId}
                    and seq = ${where === 'newest' ? 7 : 1}`;
      });
    for (const where of ['newest', 'oldest', 'all'] as const)
      expect({ where, code: await refusal(deleting(where)) }).toEqual({ where, code: '42501' });
    // The session's setting too, and with a retention configured: rows the retention keeps stay.
    await asOwner`set insightdesk.audit_prune = 'on'`;
    try {
      await withRetention(
        30,
        async () => {
          expect(
            await refusal(asOwner`delete from audit_log where organization_id = ${owner.orgId}
                                     and seq = 7`),
          ).toBe('42501');
          // An old row, but not behind the chain's anchor: removing it would cut the chain.
          expect(
            await refusal(asOwner`delete from audit_log where organization_id = ${owner.orgId}
                                     and seq = 2`),
          ).toBe('42501');
        },
        { held: true },
      );
    } finally {
      await asOwner`reset insightdesk.audit_prune`;
    }
    expect(await chainOf(owner.orgId)).toEqual(before);
  });

  test('the owner cannot move an anchor past rows the retention keeps, nor remove one', async () => {
    const owner = await agedOrganization([400, 400, 400, 400]);
    const before = await chainOf(owner.orgId);
    // With retention 0, no anchor may be set at all (it would hide rows from verify).
    const anchorAt = (seq: number) =>
      asOwner`insert into audit_anchors (chain, seq, hash)
              values (${owner.orgId}, ${seq}, ${before.hashes[seq - 1] ?? ''})`;
    expect(await refusal(anchorAt(4))).toBe('42501');
    await withRetention(
      30,
      async () => {
        // Seq 6 is from today: an anchor there would skip rows the retention keeps.
        expect(await refusal(anchorAt(6))).toBe('42501');
        // A hash that is not the row's.
        expect(
          await refusal(
            asOwner`insert into audit_anchors (chain, seq, hash)
                  values (${owner.orgId}, 3, ${'f'.repeat(64)})`,
          ),
        ).toBe('42501');
      },
      { held: true },
    );
    expect(await chainOf(owner.orgId)).toEqual(before);
    // Retention's own anchor: then it can be neither removed nor moved back.
    await withRetention(30, async () => {
      await asService`select audit_prune()`;
    });
    expect((await chainOf(owner.orgId)).anchor).toBe(4);
    expect(await refusal(asOwner`delete from audit_anchors where chain = ${owner.orgId}`)).toBe(
      '42501',
    );
    expect(
      await refusal(asOwner`update audit_anchors set seq = 2 where chain = ${owner.orgId}`),
    ).toBe('42501');
  });
});

describe('verify, given the head kept elsewhere, reports a cut tail', () => {
  /** An organization whose last rows the owner removes with the trigger off (DDL: out of reach). */
  async function cutTail(owner: Owner, from: number) {
    await asOwner.begin(async (tx) => {
      await tx`alter table audit_log disable trigger audit_log_immutable`;
      await tx`delete from audit_log where organization_id = ${owner.orgId} and seq >= ${from}`;
      await tx`alter table audit_log enable trigger audit_log_immutable`;
    });
  }

  test('rows removed after the saved head: the chain alone verifies, against the head it is cut', async () => {
    const owner = await registerOwner('Cut');
    for (const role of ['agent', 'admin'] as const) await addMember(owner, role);
    const saved = await call(verifyUrl(owner.orgId), { token: owner.token });
    expect(saved.body).toMatchObject({ valid: true, checked: 5, head: { seq: 5 } });
    const head = `${saved.body.head.seq}:${saved.body.head.hash}`;

    const intact = await call(verifyUrl(owner.orgId, head), { token: owner.token });
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ valid: true, tailCut: false, checked: 5 });

    await cutTail(owner, 4);
    // What a chain alone shows: nothing.
    expect((await call(verifyUrl(owner.orgId), { token: owner.token })).body).toMatchObject({
      valid: true,
      checked: 3,
    });
    const cut = await call(verifyUrl(owner.orgId, head), { token: owner.token });
    expect(cut.status).toBe(200);
    expect(cut.body).toMatchObject({
      valid: false,
      tailCut: true,
      checked: 3,
      head: { seq: 3 },
      firstBrokenSeq: 4,
      reason: 'tail cut',
      savedHead: { seq: 5, status: 'missing' },
    });

    // The operators' route, and the offline verifier, say the same.
    const operator = await operatorToken();
    const platform = await call(
      `/api/v1/admin/audit-log/verify?orgId=${owner.orgId}&head=${encodeURIComponent(head)}`,
      { token: operator },
    );
    expect(platform.status).toBe(200);
    expect(platform.body).toMatchObject({ valid: false, tailCut: true, firstBrokenSeq: 4 });
    const cli = Bun.spawnSync(
      [
        process.execPath,
        'services/api/src/audit-verify-cli.ts',
        '--org',
        owner.orgId,
        '--head',
        head,
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: config.db.url } },
    );
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout.toString()).toContain('TAIL CUT');
  });

  test('rows rewritten after the saved head (removed, then new acts in their place): the head differs', async () => {
    const owner = await registerOwner('Rewritten');
    for (const role of ['agent', 'admin'] as const) await addMember(owner, role);
    const saved = await call(verifyUrl(owner.orgId), { token: owner.token });
    const head = `${saved.body.head.seq}:${saved.body.head.hash}`;
    await cutTail(owner, 4);
    // New acts link to what is left: seq 4 and 5 again, a chain that verifies on its own.
    await addMember(owner, 'requester');
    const rewritten = await call(verifyUrl(owner.orgId, head), { token: owner.token });
    expect(rewritten.body).toMatchObject({
      valid: false,
      tailCut: true,
      checked: 5,
      firstBrokenSeq: 5,
      reason: 'tail cut',
      savedHead: { seq: 5, status: 'differs' },
    });
    expect(rewritten.body.firstBrokenId).toEqual(expect.any(String));
  });

  test('a malformed head is refused', async () => {
    const owner = await registerOwner('Malformed');
    for (const head of ['5', `0:${'a'.repeat(64)}`, `5:${'a'.repeat(63)}`, `x:${'a'.repeat(64)}`]) {
      const res = await call(verifyUrl(owner.orgId, head), { token: owner.token });
      expect({ head, status: res.status }).toEqual({ head, status: 400 });
      expect(isProblem(res)).toBe(true);
    }
  });
});
