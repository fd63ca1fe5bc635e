import { describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { team } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { CA, eventually } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

type Line = Record<string, unknown>;
interface Entry {
  id: string;
  seq: number;
  action: string;
  target: { type: string; id: string } | null;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}
interface Trail {
  organizationId: string;
  entries: number;
  anchor: { seq: number; hash: string } | null;
  head: { seq: number; hash: string } | null;
  hashRule: string;
}

/**
 * An offline verifier that shares no code with ours: RFC 8785 from the `canonicalize` package,
 * SHA-256 from node:crypto, the rule the file states. Answers the first entry that fails.
 */
function verifyOffline(trail: Trail, entries: Entry[]): { seq: number; why: string } | null {
  let prev = trail.anchor ?? { seq: 0, hash: '0'.repeat(64) };
  for (const entry of entries) {
    const { prevHash, hash, ...covered } = entry;
    if (entry.seq !== prev.seq + 1) return { seq: entry.seq, why: 'gap' };
    if (prevHash !== prev.hash) return { seq: entry.seq, why: 'link' };
    const computed = createHash('sha256')
      .update(prevHash)
      .update(canonicalize(covered) ?? '')
      .digest('hex');
    if (computed !== hash) return { seq: entry.seq, why: 'altered' };
    prev = { seq: entry.seq, hash };
  }
  return prev.hash === (trail.head?.hash ?? prev.hash) ? null : { seq: prev.seq, why: 'head' };
}

/** Starts an export as `token`'s admin and answers it once ready. */
async function exportNow(orgId: string, token: string) {
  const started = await call(`/api/v1/orgs/${orgId}/exports`, { token, body: {} });
  expect(started.status).toBe(202);
  const id = started.body.id as string;
  const ready = await eventually(
    async () => {
      const got = await call(`/api/v1/orgs/${orgId}/exports/${id}`, { token });
      return got.body.status === 'ready' ? got : undefined;
    },
    60_000,
    500,
  );
  return { id, ready };
}

/** The export's file, as lines: the tickets, then its audit section. */
async function download(url: string) {
  const file = await fetch(url, { tls: CA ? { ca: CA } : {} });
  expect(file.status).toBe(200);
  const text = new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await file.arrayBuffer())));
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
  const at = lines.findIndex((l) => 'auditTrail' in l);
  expect(at).toBeGreaterThanOrEqual(0);
  return {
    tickets: lines.slice(0, at),
    trail: lines[at]?.auditTrail as Trail,
    entries: lines.slice(at + 1).map((l) => {
      expect(Object.keys(l)).toEqual(['auditEntry']);
      return l.auditEntry as Entry;
    }),
  };
}

// The help desk records its exports in the platform's audit log (recordAudit, in the export's
// transaction; the link handed out once it is ready), and every export carries the audit trail.
describe('exports in the audit log', () => {
  test('starting an export and taking its link leave their entries; the chain verifies', async () => {
    const t = await team();
    await openTicket(t.requester, t.orgId);
    const { id, ready } = await exportNow(t.orgId, t.admin.token);
    expect(ready.body.url).toBeString();

    const log = await call(`/api/v1/orgs/${t.orgId}/audit-log?limit=100`, { token: t.admin.token });
    const mine = log.body.items.filter(
      (e: { target: { id: string } | null }) => e.target?.id === id,
    );
    expect(mine.map((e: { action: string }) => e.action)).toEqual([
      'export.downloaded',
      'export.started',
    ]);
    expect(mine[1]).toMatchObject({ actor: { type: 'user', id: t.admin.user.id } });
    const verified = await call(`/api/v1/orgs/${t.orgId}/audit-log/verify`, {
      token: t.admin.token,
    });
    expect(verified.body.valid).toBe(true);
  });

  test('the export carries the audit trail after the tickets, verifiable offline; a changed entry is named', async () => {
    const t = await team();
    const other = await team(); // another organization's entries stay out of this one's file
    await openTicket(t.requester, t.orgId);
    await openTicket(t.requester, t.orgId);
    const role = await call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
      method: 'PATCH',
      token: t.owner.token,
      body: { role: 'admin' },
    });
    expect(role.status).toBe(200);
    const { id, ready } = await exportNow(t.orgId, t.admin.token);
    const { tickets, trail, entries } = await download(ready.body.url as string);
    expect(tickets).toHaveLength(2);
    expect(ready.body.lines).toBe(2); // `lines` counts the tickets

    // Every entry of the chain up to the assembly (the link handed out comes after it), in order,
    // exactly as the API serves them.
    const log = await call(`/api/v1/orgs/${t.orgId}/audit-log?limit=100`, { token: t.admin.token });
    const served = (log.body.items as Entry[]).filter((e) => e.action !== 'export.downloaded');
    expect(entries).toEqual(served.reverse());
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['organization.created', 'member.role-changed', 'export.started']),
    );
    expect(entries.find((e) => e.action === 'export.started')?.target?.id).toBe(id);
    expect(entries.every((e) => e.organizationId === t.orgId)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(other.orgId);
    expect(trail).toMatchObject({
      organizationId: t.orgId,
      entries: entries.length,
      anchor: null,
      head: { seq: entries.length, hash: entries.at(-1)?.hash },
    });
    expect(trail.hashRule).toContain('RFC 8785');

    // Verified with no code of ours; the verifier does catch a change, a removal and a cut.
    expect(verifyOffline(trail, entries)).toBeNull();
    const changed = entries.map((e) =>
      e.action === 'member.role-changed'
        ? { ...e, change: { ...(e.change as Line), to: 'owner' } }
        : e,
    );
    const seq = entries.find((e) => e.action === 'member.role-changed')?.seq;
    expect(verifyOffline(trail, changed)).toEqual({ seq: seq as number, why: 'altered' });
    expect(
      verifyOffline(
        trail,
        entries.filter((e) => e.seq !== 2),
      ),
    ).toEqual({ seq: 3, why: 'gap' });
    expect(verifyOffline(trail, entries.slice(0, -1))?.why).toBe('head');
  });

  test('a later export has the earlier export and its download in its trail', async () => {
    const t = await team();
    const first = await exportNow(t.orgId, t.admin.token);
    const second = await exportNow(t.orgId, t.admin.token);
    const { tickets, trail, entries } = await download(second.ready.body.url as string);
    expect(tickets).toEqual([]);
    const ofFirst = entries.filter((e) => e.target?.id === first.id).map((e) => e.action);
    expect(ofFirst).toEqual(['export.started', 'export.downloaded']);
    expect(verifyOffline(trail, entries)).toBeNull();
  });
});
