import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { registerOwner, verifyEmail } from '../support/api';
import { call, isProblem } from '../support/http';
import { ROOT } from '../support/stack';

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});
afterAll(() => db.end());

describe('Idempotency-Key', () => {
  test('a repeat replays the first answer and creates nothing twice', async () => {
    const owner = await registerOwner();
    const url = `/api/v1/orgs/${owner.orgId}/items`;
    const key = crypto.randomUUID();
    const body = { title: 'Only once please' };
    const first = await call(url, {
      token: owner.token,
      body,
      headers: { 'Idempotency-Key': key },
    });
    const second = await call(url, {
      token: owner.token,
      body,
      headers: { 'Idempotency-Key': key },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body).toEqual(first.body);
    const list = await call(url, { token: owner.token });
    expect(list.body.items).toHaveLength(1);
  });

  test('the same key with a different body is 422 and changes nothing', async () => {
    const owner = await registerOwner();
    const url = `/api/v1/orgs/${owner.orgId}/items`;
    const key = crypto.randomUUID();
    await call(url, {
      token: owner.token,
      body: { title: 'a' },
      headers: { 'Idempotency-Key': key },
    });
    const other = await call(url, {
      token: owner.token,
      body: { title: 'b' },
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(422);
    expect(isProblem(other)).toBe(true);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect((await call(url, { token: owner.token })).body.items).toHaveLength(1);
  });

  test('concurrent repeats: one creation, the others replay it', async () => {
    const owner = await registerOwner();
    const url = `/api/v1/orgs/${owner.orgId}/items`;
    const key = crypto.randomUUID();
    const body = { title: 'Who wins' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(url, { token: owner.token, body, headers: { 'Idempotency-Key': key } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    expect((await call(url, { token: owner.token })).body.items).toHaveLength(1);
  });

  test('keys are per user; refused requests leave no record; a malformed key is 400', async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    const key = crypto.randomUUID();
    const ra = await call('/api/v1/orgs', {
      token: a.token,
      body: { name: 'Same' },
      headers: { 'Idempotency-Key': key },
    });
    const rb = await call('/api/v1/orgs', {
      token: b.token,
      body: { name: 'Same' },
      headers: { 'Idempotency-Key': key },
    });
    expect(ra.status).toBe(201);
    expect(rb.status).toBe(201);
    expect(ra.body.id).not.toBe(rb.body.id);

    // A refused request leaves no record: the corrected retry with the same key runs.
    const badKey = crypto.randomUUID();
    const invalid = await call('/api/v1/orgs', {
      token: a.token,
      body: { name: '' },
      headers: { 'Idempotency-Key': badKey },
    });
    expect(invalid.status).toBe(400);
    const corrected = await call('/api/v1/orgs', {
      token: a.token,
      body: { name: 'Fixed' },
      headers: { 'Idempotency-Key': badKey },
    });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();

    const malformed = await call('/api/v1/orgs', {
      token: a.token,
      body: { name: 'x' },
      headers: { 'Idempotency-Key': 'has space' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid_idempotency_key');
  });

  test('credential routes store nothing under a key: passwords and tokens are never kept', async () => {
    const email = `idem-${crypto.randomUUID()}@example.test`;
    const body = { email, password: 'correct horse battery', name: 'I', organizationName: 'I' };
    const key = crypto.randomUUID();
    const first = await call('/api/v1/auth/register', {
      body,
      headers: { 'Idempotency-Key': key },
    });
    const login = await call('/api/v1/auth/login', {
      body: { email, password: body.password },
      headers: { 'Idempotency-Key': key },
    });
    const again = await call('/api/v1/auth/register', {
      body,
      headers: { 'Idempotency-Key': key },
    });
    expect(first.status).toBe(201);
    expect(login.status).toBe(200);
    // Not a replay (that would hand out the first answer's tokens again): the account exists.
    expect(again.status).toBe(409);
    const [stored] = await db`select count(*)::int as n from idempotency_keys where key = ${key}`;
    expect(stored?.n).toBe(0);
    const [tokens] = await db`select count(*)::int as n from idempotency_keys
                               where response_body like ${`%${first.body.tokens.refreshToken}%`}`;
    expect(tokens?.n).toBe(0);

    // /me answers a TOTP secret and recovery codes, and takes passwords: not replayed, not kept.
    await verifyEmail(first.body.user.id);
    const token = first.body.tokens.accessToken;
    const meKey = crypto.randomUUID();
    const setups = [];
    for (let i = 0; i < 2; i++)
      setups.push(
        await call('/api/v1/me/2fa/setup', {
          token,
          headers: { 'Idempotency-Key': meKey },
          body: { currentPassword: body.password },
        }),
      );
    expect(setups.map((r) => r.status)).toEqual([200, 200]);
    expect(setups[1]?.headers.get('idempotent-replayed')).toBeNull();
    expect(setups[1]?.body.secret).not.toBe(setups[0]?.body.secret);
    const changed = await call('/api/v1/me/password', {
      token,
      headers: { 'Idempotency-Key': meKey },
      body: { currentPassword: body.password, newPassword: 'another horse battery' },
    });
    expect(changed.status).toBe(204);
    const [kept] = await db`select count(*)::int as n from idempotency_keys
                             where key = ${meKey} or scope = ${first.body.user.id}`;
    expect(kept?.n).toBe(0);
  });
});
