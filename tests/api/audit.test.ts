import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { Secret, TOTP } from 'otpauth';
import postgres from 'postgres';
import {
  acceptLink,
  addMember,
  operatorToken,
  PASSWORD,
  registerOwner,
  team,
  uniqueEmail,
} from '../support/api';
import { call, isProblem } from '../support/http';
import { ROOT } from '../support/stack';

// The services' role (DATABASE_URL) and the owner of the schema (DATABASE_OWNER_URL): the local
// stack has both (tools/stack/db-setup.ts).
const config = loadConfig({ db: dbConfig }, { dir: ROOT }).db;
const asService = postgres(config.url, { max: 1, onnotice: () => {} });
const asOwner = postgres(config.ownerUrl, { max: 1, onnotice: () => {} });
afterAll(async () => {
  await asService.end();
  await asOwner.end();
});

interface Entry {
  seq: number;
  action: string;
  actor: { type: string; id: string | null };
  target: { type: string; id: string } | null;
  change: Record<string, unknown>;
  requestId: string | null;
  userAgent: string | null;
  address: string | null;
}

const auditLog = (orgId: string, token: string, query = '') =>
  call<{ items: Entry[]; nextCursor: string | null }>(`/api/v1/orgs/${orgId}/audit-log${query}`, {
    token,
  });
const verify = (orgId: string, token: string) =>
  call(`/api/v1/orgs/${orgId}/audit-log/verify`, { token });

/** Every entry of an organization, oldest first, through the API (all pages). */
async function entries(orgId: string, token: string): Promise<Entry[]> {
  const all: Entry[] = [];
  let cursor: string | null = null;
  do {
    const res = await auditLog(orgId, token, `?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    all.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return all.sort((a, b) => a.seq - b.seq);
}

/** The deployment chain's entries about one account (operators read it: here, the database). */
async function accountActs(userId: string): Promise<string[]> {
  const rows = await asService<{ action: string }[]>`
    select action from audit_log
     where organization_id is null and target_type = 'user' and target_id = ${userId}
     order by seq`;
  return rows.map((r) => r.action);
}

const codeAt = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6 }).generate();

describe('the audit log records each act', () => {
  test('organization acts: created, invitations sent/accepted/revoked, role changed, member removed', async () => {
    const t = await team();
    const email = uniqueEmail('revoked');
    const invited = await call(`/api/v1/orgs/${t.orgId}/invitations`, {
      token: t.admin.token,
      body: { email, role: 'agent' },
      headers: { 'User-Agent': 'audit-test/1.0' },
    });
    expect(invited.status).toBe(201);
    const revoked = await call(`/api/v1/orgs/${t.orgId}/invitations/${invited.body.id}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(revoked.status).toBe(204);
    const changed = await call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
      method: 'PATCH',
      token: t.owner.token,
      body: { role: 'admin' },
    });
    expect(changed.status).toBe(200);
    const removed = await call(`/api/v1/orgs/${t.orgId}/members/${t.requester2.user.id}`, {
      method: 'DELETE',
      token: t.owner.token,
    });
    expect(removed.status).toBe(204);

    const log = await entries(t.orgId, t.admin.token);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const actions = log.map((e) => e.action);
    expect(actions[0]).toBe('organization.created');
    expect(actions.filter((a) => a === 'invitation.sent')).toHaveLength(5);
    expect(actions.filter((a) => a === 'invitation.accepted')).toHaveLength(4);
    expect(actions.slice(-3)).toEqual([
      'invitation.revoked',
      'member.role-changed',
      'member.removed',
    ]);

    const sent = log.find(
      (e) => e.target?.id === invited.body.id && e.action === 'invitation.sent',
    );
    expect(sent).toMatchObject({
      actor: { type: 'user', id: t.admin.user.id },
      target: { type: 'invitation', id: invited.body.id },
      change: { email, role: 'agent' },
      requestId: invited.headers.get('x-request-id'),
      userAgent: 'audit-test/1.0',
    });
    expect(sent?.address).toBeTruthy();
    expect(log.find((e) => e.action === 'member.role-changed')).toMatchObject({
      actor: { type: 'user', id: t.owner.user.id },
      target: { type: 'user', id: t.agent.user.id },
      change: { from: 'agent', to: 'admin' },
    });
    expect(log.find((e) => e.action === 'member.removed')?.target?.id).toBe(t.requester2.user.id);
    // No secret is ever in an entry: no token, password or hash of either.
    const text = JSON.stringify(log);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(acceptLink(invited.body.id));

    expect((await verify(t.orgId, t.admin.token)).body).toMatchObject({
      valid: true,
      checked: log.length,
      anchor: null,
      head: { seq: log.length },
    });
    // Each entry is announced in the same transaction (audit.<action>): webhooks deliver them.
    const announced = await asService<{ type: string; payload: Entry }[]>`
      select type, payload from outbox where org_id = ${t.orgId} and type like 'audit.%'
       order by id`;
    expect(announced.map((e) => e.type)).toEqual(actions.map((a) => `audit.${a}`));
    expect(announced.map((e) => e.payload.seq)).toEqual(log.map((e) => e.seq));
  });

  test('account acts: login, failed logins, password change, 2FA on and off, new recovery codes, log out everywhere', async () => {
    const user = await registerOwner('Audited');
    const login = (password: string) =>
      call('/api/v1/auth/login', { body: { email: user.email, password } });
    expect((await login('not the password at all')).status).toBe(401);
    expect((await login(PASSWORD)).status).toBe(200);
    const setup = await call('/api/v1/me/2fa/setup', {
      token: user.token,
      body: { currentPassword: PASSWORD },
    });
    expect(setup.status).toBe(200);
    const enabled = await call('/api/v1/me/2fa/enable', {
      token: user.token,
      body: { code: codeAt(setup.body.secret), currentPassword: PASSWORD },
    });
    expect(enabled.status).toBe(200);
    const challenged = await login(PASSWORD);
    expect(challenged.body.twoFactorRequired).toBe(true);
    const wrong = await call('/api/v1/auth/login/2fa', {
      body: { challenge: challenged.body.challenge, recoveryCode: 'not-a-code' },
    });
    expect(wrong.status).toBe(401);
    const completed = await call('/api/v1/auth/login/2fa', {
      body: { challenge: challenged.body.challenge, recoveryCode: enabled.body.recoveryCodes[0] },
    });
    expect(completed.status).toBe(200);
    const token = completed.body.tokens.accessToken as string;
    const regenerated = await call('/api/v1/me/2fa/recovery-codes', {
      token,
      body: { code: codeAt(setup.body.secret) },
    });
    // The code of this 30 s step may have been spent by enable: then the next step's is needed.
    expect([200, 403]).toContain(regenerated.status);
    // New codes replace the old ones (a slow machine gets past enable's step, and new codes).
    const codes = regenerated.status === 200 ? regenerated.body : enabled.body;
    const disabled = await call('/api/v1/me/2fa', {
      method: 'DELETE',
      token,
      body: { recoveryCode: codes.recoveryCodes[1] },
    });
    expect(disabled.status).toBe(204);
    const changed = await call('/api/v1/me/password', {
      method: 'POST',
      token,
      body: { currentPassword: PASSWORD, newPassword: `${PASSWORD} again` },
    });
    expect(changed.status).toBe(204);
    const ended = await call('/api/v1/me/sessions', { method: 'DELETE', token });
    expect(ended.status).toBe(204);

    expect(await accountActs(user.user.id)).toEqual([
      'auth.login-failed',
      'auth.login',
      'auth.two-factor-enabled',
      'auth.login-failed',
      'auth.login',
      ...(regenerated.status === 200 ? ['auth.recovery-codes-regenerated'] : []),
      'auth.two-factor-disabled',
      'auth.password-changed',
      'auth.sessions-ended',
    ]);
    const [failed] = await asService<{ change: unknown; actor_type: string }[]>`
      select change, actor_type from audit_log
       where organization_id is null and target_id = ${user.user.id} order by seq limit 1`;
    expect(failed).toEqual({ change: { reason: 'wrong password' }, actor_type: 'anonymous' });
  });

  test('operator acts: a feature flag for one organization, a queue paused and resumed', async () => {
    const owner = await registerOwner('Flagged');
    const operator = await operatorToken();
    const set = await call('/api/v1/admin/features/oauth', {
      method: 'PUT',
      token: operator,
      body: { orgId: owner.orgId, enabled: false },
    });
    expect(set.status).toBe(200);
    const log = await entries(owner.orgId, owner.token);
    expect(log.at(-1)).toMatchObject({
      action: 'feature.changed',
      actor: { type: 'operator' },
      target: { type: 'feature', id: 'oauth' },
      change: { enabled: false, scope: 'organization' },
    });
    for (const action of ['pause', 'resume'])
      expect(
        (await call(`/api/v1/admin/queues/maintenance/${action}`, { token: operator, body: {} }))
          .status,
      ).toBe(200);
    const rows = await asService<{ action: string }[]>`
      select action from audit_log where organization_id is null and target_type = 'queue'
       order by seq desc limit 2`;
    expect(rows.map((r) => r.action)).toEqual(['operator.queue-resumed', 'operator.queue-paused']);
  });
});

describe('who reads it', () => {
  test('admins and owners only; agents and requesters 403; another organization 404', async () => {
    const t = await team();
    const other = await registerOwner('Stranger');
    for (const path of ['', '/verify']) {
      const url = `/api/v1/orgs/${t.orgId}/audit-log${path}`;
      expect((await call(url, { token: t.owner.token })).status).toBe(200);
      expect((await call(url, { token: t.admin.token })).status).toBe(200);
      for (const token of [t.agent.token, t.requester.token]) {
        const refused = await call(url, { token });
        expect(refused.status).toBe(403);
        expect(isProblem(refused)).toBe(true);
      }
      const stranger = await call(url, { token: other.token });
      expect(stranger.status).toBe(404);
      expect(JSON.stringify(stranger.body)).not.toContain('invitation');
      expect((await call(url)).status).toBe(401);
    }
  });

  test('filters and cursor pagination; malformed queries are 400 and change nothing', async () => {
    const t = await team();
    const sent = await auditLog(t.orgId, t.admin.token, '?action=invitation.sent');
    expect(sent.body.items).toHaveLength(4);
    expect(sent.body.items.every((e) => e.action === 'invitation.sent')).toBe(true);
    const byOwner = await auditLog(t.orgId, t.admin.token, `?actorId=${t.owner.user.id}`);
    expect(byOwner.body.items.every((e) => e.actor.id === t.owner.user.id)).toBe(true);
    expect(byOwner.body.items.length).toBeGreaterThanOrEqual(5);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await auditLog(t.orgId, t.admin.token, `?since=${future}`)).body.items).toEqual([]);
    expect(
      (await auditLog(t.orgId, t.admin.token, '?until=2000-01-01T00:00:00Z')).body.items,
    ).toEqual([]);
    const first = await auditLog(t.orgId, t.admin.token, '?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await auditLog(
      t.orgId,
      t.admin.token,
      `?limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items[0]?.seq).toBe((first.body.items[2]?.seq ?? 0) - 1);

    const before = await entries(t.orgId, t.admin.token);
    for (const query of [
      '?action=not.an.action',
      `?actorId=${t.owner.user.id.toUpperCase()}`,
      '?since=yesterday',
      '?limit=0',
      '?limit=100000',
      '?cursor=garbage',
      `?action=${'x'.repeat(5000)}`,
    ]) {
      const res = await auditLog(t.orgId, t.admin.token, query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(isProblem(res)).toBe(true);
    }
    const notAnOrg = await call('/api/v1/orgs/not-a-uuid/audit-log', { token: t.admin.token });
    expect(notAnOrg.status).toBe(404);
    expect(await entries(t.orgId, t.admin.token)).toEqual(before);
  });
});

describe('enforced by PostgreSQL', () => {
  test("the services' role may insert and read, never update, delete or truncate", async () => {
    const owner = await registerOwner('Guarded');
    const [row] = await asService<{ id: string }[]>`
      select id from audit_log where organization_id = ${owner.orgId} limit 1`;
    expect(row).toBeDefined();
    const refusal = async (statement: Promise<unknown>) => {
      try {
        await statement;
        return 'allowed';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    expect(
      await refusal(asService`update audit_log set action = 'x' where id = ${row?.id ?? ''}`),
    ).toBe('42501');
    expect(await refusal(asService`delete from audit_log where id = ${row?.id ?? ''}`)).toBe(
      '42501',
    );
    expect(await refusal(asService`truncate audit_log`)).toBe('42501');
    expect(await refusal(asService`update audit_anchors set hash = 'x'`)).toBe('42501');
    expect(await refusal(asService`alter table audit_log disable trigger all`)).toBe('42501');
    // An insert must follow its chain's head: a forged row is refused by the trigger.
    const forged = asService`
      insert into audit_log (id, organization_id, seq, at, actor_type, action, change, prev_hash, hash)
      values (gen_random_uuid(), ${owner.orgId}, 1, now(), 'system', 'member.removed', '{}',
              ${'0'.repeat(64)}, ${'a'.repeat(64)})`;
    expect(await refusal(forged)).toBe('23514');
    // Even the owner's UPDATE meets the trigger (a second line, whatever the grants say).
    expect(
      await refusal(asOwner`update audit_log set action = 'x' where id = ${row?.id ?? ''}`),
    ).toBe('42501');
    expect((await verify(owner.orgId, owner.token)).body.valid).toBe(true);
  });

  test("a chain's head is found through an index, never by sorting the chain: each append (and its trigger) reads it under the chain's lock", async () => {
    // What recordAudit and the audit_log_link trigger ask for, the deployment's chain (account
    // acts: every login) and an organization's. Seq scans off, so that the plan on a small table
    // is the one a large one gets: `is null` alone gave no order, and every login sorted the chain.
    const [org] = await asService<{ id: string }[]>`select id from organizations limit 1`;
    // With the statistics of a fresh database (no row of the deployment's chain seen yet), the
    // planner estimates one row for `is null` and may walk another partial index on it (an
    // account's entries, by actor) and sort that one row: a plan no chain of any length gets
    // once autovacuum has analyzed it, as here.
    await asOwner`analyze audit_log`;
    interface PlanNode {
      'Node Type': string;
      'Index Name'?: string;
      'Scan Direction'?: string;
      Plans?: PlanNode[];
    }
    const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
    const plans = await asService.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      const plan = async (where: ReturnType<typeof tx>) => {
        const [row] = await tx<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>`
          explain (format json) select seq, hash from audit_log where ${where}
           order by seq desc limit 1`;
        return row ? nodesOf(row['QUERY PLAN'][0].Plan) : [];
      };
      return [
        await plan(tx`organization_id is null`),
        await plan(tx`organization_id = ${org?.id ?? '00000000-0000-0000-0000-000000000000'}`),
      ];
    });
    for (const nodes of plans) {
      expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort');
      expect(nodes.some((n) => n['Scan Direction'] === 'Backward')).toBe(true);
    }
    expect(plans[0]?.map((n) => n['Index Name'])).toContain('audit_log_deployment_head_idx');
  });

  test('a row changed behind the API (as the owner, triggers off) is named by verify and the CLI', async () => {
    const t = await team();
    const log = await entries(t.orgId, t.owner.token);
    const victim = log.find((e) => e.action === 'invitation.sent');
    if (!victim) throw new Error('no invitation.sent entry');
    await asOwner.begin(async (tx) => {
      await tx`alter table audit_log disable trigger audit_log_immutable`;
      await tx`update audit_log set change = jsonb_set(change, '{role}', '"owner"')
                where organization_id = ${t.orgId} and seq = ${victim.seq}`;
      await tx`alter table audit_log enable trigger audit_log_immutable`;
    });
    const checked = await verify(t.orgId, t.owner.token);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      valid: false,
      checked: victim.seq - 1,
      firstBrokenSeq: victim.seq,
      reason: 'row altered',
    });
    const cli = Bun.spawnSync(
      [process.execPath, 'services/api/src/audit-verify-cli.ts', '--org', t.orgId],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: config.url },
      },
    );
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout.toString()).toContain(`BROKEN at seq ${victim.seq}`);
    const bad = Bun.spawnSync(
      [process.execPath, 'services/api/src/audit-verify-cli.ts', '--org', 'nope'],
      {
        cwd: ROOT,
      },
    );
    expect(bad.exitCode).toBe(2);
  });

  test('retention drops the old rows as configured (audit_prune, as the owner) and the chain still verifies from its anchor', async () => {
    const owner = await registerOwner('Kept');
    const orgId = owner.orgId;
    for (const role of ['agent', 'requester', 'admin'] as const) await addMember(owner, role);
    const before = await entries(orgId, owner.token);
    expect(before.length).toBe(7);
    // The first four entries were written 40 days ago (dated by the owner, triggers off).
    await asOwner.begin(async (tx) => {
      await tx`alter table audit_log disable trigger audit_log_immutable`;
      await tx`update audit_log set at = at - interval '40 days'
                where organization_id = ${orgId} and seq <= 4`;
      await tx`alter table audit_log enable trigger audit_log_immutable`;
    });
    // Retention as `migrate` writes it from AUDIT_RETENTION_DAYS=30 (the owner's setting), for
    // this test; then the maintenance purge's call, as the services' role.
    const [setting] = await asOwner<{ days: number }[]>`
      select retention_days as days from audit_settings`;
    await asOwner`update audit_settings set retention_days = 30`;
    try {
      await asService`select audit_prune()`;
    } finally {
      await asOwner`update audit_settings set retention_days = ${setting?.days ?? 0}`;
    }
    const after = await entries(orgId, owner.token);
    expect(after.map((e) => e.seq)).toEqual([5, 6, 7]);
    const anchored = await verify(orgId, owner.token);
    expect(anchored.body).toMatchObject({ valid: true, checked: 3, anchor: { seq: 4 } });
    // A new act links to what is kept; the chain verifies still.
    await addMember(owner, 'agent');
    expect((await verify(orgId, owner.token)).body).toMatchObject({
      valid: true,
      checked: 5,
      anchor: { seq: 4 },
    });
    // An argument below a day is refused, whatever the setting.
    expect(
      await asService`select audit_prune(0)`.then(
        () => 'allowed',
        (err: { code?: string }) => err.code,
      ),
    ).toBe('22023');
  });
});

describe('account and operator entries through the API', () => {
  interface Listed extends Entry {
    organizationId: string | null;
  }
  const mine = (token: string, query = '') =>
    call<{ items: Listed[]; nextCursor: string | null }>(`/api/v1/me/audit-log${query}`, {
      token,
    });
  const platform = (token: string, query = '') =>
    call<{ items: Listed[]; nextCursor: string | null }>(`/api/v1/admin/audit-log${query}`, {
      token,
    });
  const login = (email: string, password: string) =>
    call('/api/v1/auth/login', { body: { email, password } });

  test("a member reads their own account's entries, and nobody else's", async () => {
    const user = await registerOwner('Reader');
    const other = await registerOwner('Neighbour');
    expect((await login(user.email, 'not the password at all')).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(200);
    expect((await login(other.email, 'not the password either')).status).toBe(401);
    expect((await login(other.email, PASSWORD)).status).toBe(200);

    const res = await mine(user.token, '?limit=100');
    expect(res.status).toBe(200);
    expect(res.body.items.map((e) => e.action)).toEqual(['auth.login', 'auth.login-failed']);
    expect(res.body.items[1]).toMatchObject({
      organizationId: null,
      actor: { type: 'anonymous', id: null },
      target: { type: 'user', id: user.user.id },
      change: { reason: 'wrong password' },
    });
    // Only the deployment's chain, only this account: not its organization's entries
    // (organization.created is the admins' to read), not the neighbour's.
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(other.user.id);
    expect(text).not.toContain(user.orgId);
    // The neighbour's own list is theirs.
    const theirs = await mine(other.token, '?limit=100');
    expect(theirs.body.items.map((e) => e.action)).toEqual(['auth.login', 'auth.login-failed']);
    expect(JSON.stringify(theirs.body)).not.toContain(user.user.id);

    // Filters and pages like every list.
    const failed = await mine(user.token, '?action=auth.login-failed');
    expect(failed.body.items.map((e) => e.action)).toEqual(['auth.login-failed']);
    const first = await mine(user.token, '?limit=1');
    expect(first.body.items.map((e) => e.action)).toEqual(['auth.login']);
    const next = await mine(user.token, `?limit=1&cursor=${first.body.nextCursor}`);
    expect(next.body.items.map((e) => e.action)).toEqual(['auth.login-failed']);
    expect(next.body.nextCursor).toBeNull();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await mine(user.token, `?since=${future}`)).body.items).toEqual([]);

    for (const query of [
      '?action=not.an.action',
      '?limit=0',
      '?limit=100000',
      '?cursor=garbage',
      '?since=yesterday',
      `?action=${'x'.repeat(5000)}`,
    ]) {
      const bad = await mine(user.token, query);
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
      expect(isProblem(bad)).toBe(true);
    }
    expect((await call('/api/v1/me/audit-log')).status).toBe(401);
  });

  test("operators read and verify the deployment's chain (and any organization's); others 403", async () => {
    const user = await registerOwner('Watched');
    expect((await login(user.email, PASSWORD)).status).toBe(200);
    const operator = await operatorToken();

    const deployment = await platform(operator, `?actorId=${user.user.id}`);
    expect(deployment.status).toBe(200);
    expect(deployment.body.items.map((e) => e.action)).toEqual(['auth.login']);
    expect(deployment.body.items.every((e) => e.organizationId === null)).toBe(true);
    const ofOrg = await platform(operator, `?orgId=${user.orgId}`);
    expect(ofOrg.body.items.map((e) => e.action)).toEqual(['organization.created']);
    expect((await platform(operator, '?action=auth.login&limit=2')).body.items).toHaveLength(2);

    const verified = await call('/api/v1/admin/audit-log/verify', { token: operator });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, head: { seq: expect.any(Number) } });
    const orgVerified = await call(`/api/v1/admin/audit-log/verify?orgId=${user.orgId}`, {
      token: operator,
    });
    expect(orgVerified.body).toMatchObject({ valid: true, checked: 1 });

    // A row of the deployment's chain changed behind the API is named; put back, it verifies.
    const [row] = await asService<{ seq: string; change: Record<string, unknown> }[]>`
      select seq, change from audit_log
       where organization_id is null and actor_id = ${user.user.id} and action = 'auth.login'`;
    if (!row) throw new Error('no auth.login entry');
    const tamper = (change: Record<string, unknown>) =>
      asOwner.begin(async (tx) => {
        await tx`alter table audit_log disable trigger audit_log_immutable`;
        await tx`update audit_log set change = ${tx.json(change as never)}
                  where organization_id is null and seq = ${row.seq}`;
        await tx`alter table audit_log enable trigger audit_log_immutable`;
      });
    await tamper({ secondFactor: 'forged' });
    try {
      const broken = await call('/api/v1/admin/audit-log/verify', { token: operator });
      expect(broken.body).toMatchObject({
        valid: false,
        firstBrokenSeq: Number(row.seq),
        reason: 'row altered',
      });
    } finally {
      await tamper(row.change);
    }
    expect((await call('/api/v1/admin/audit-log/verify', { token: operator })).body.valid).toBe(
      true,
    );

    // Not an operator (an organization's owner included): 403; no token: 401.
    for (const path of ['/api/v1/admin/audit-log', '/api/v1/admin/audit-log/verify']) {
      const refused = await call(path, { token: user.token });
      expect(refused.status).toBe(403);
      expect(isProblem(refused)).toBe(true);
      expect((await call(path)).status).toBe(401);
    }
    for (const query of [
      `?orgId=${user.orgId.toUpperCase()}`,
      '?orgId=not-a-uuid',
      '?limit=0',
      '?cursor=garbage',
    ]) {
      const bad = await platform(operator, query);
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
    }
  });
});
