import { expect } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { addMember, type Owner, registerOwner } from '../../../tests/support/api';
import { callInstance } from '../../../tests/support/http';
import { queueClient } from '../../../tests/support/queues';
import { ROOT, startInstance } from '../../../tests/support/stack';
import { slaQueue } from '../../src/queues';

// Service levels end to end, on the real stack's workers: the timers are computed by an api of
// the test's own whose business minute lasts one second (SLA_MINUTE_MS=1000: a 3-minute target
// falls due 3 s after the ticket opens, on the default calendar, around the clock); the stack's
// workers fire what is due from the stored timers, whatever the minute's length.
const API = 9;
export const MINUTE = 1000;

/** The database, the sla queue and the api of the test's own; `close` when done. */
export async function slaHarness() {
  const sql = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
    max: 4,
    onnotice: () => {},
  });
  const sla = queueClient(slaQueue);
  const api = await startInstance('api', API, { SLA_MINUTE_MS: String(MINUTE) });
  return {
    sql,
    sla,
    async close() {
      await api.stop();
      await sla.close();
      await sql.end();
    },
  };
}
export type SlaHarness = Awaited<ReturnType<typeof slaHarness>>;

// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
export const call = <T = any>(path: string, options: Parameters<typeof callInstance>[2] = {}) =>
  callInstance<T>(API, path, options);

export interface Desk {
  owner: Owner;
  agent: Awaited<ReturnType<typeof addMember>>;
  requester: Awaited<ReturnType<typeof addMember>>;
}

/** An organization with an agent, a requester and these policies. */
export async function desk(policies: object[]): Promise<Desk> {
  const owner = await registerOwner('Sla');
  const [agent, requester] = await Promise.all([
    addMember(owner, 'agent'),
    addMember(owner, 'requester'),
  ]);
  for (const policy of policies) {
    const res = await call(`/api/v1/orgs/${owner.orgId}/sla/policies`, {
      token: owner.token,
      body: policy,
    });
    expect(res.status).toBe(201);
  }
  return { owner, agent, requester };
}

/** A ticket of the requester's, assigned to the agent (who receives the alerts) at `priority`. */
export async function open(d: Desk, priority = 'normal') {
  const res = await call(`/api/v1/orgs/${d.owner.orgId}/tickets`, {
    token: d.requester.token,
    body: { subject: 'Late again', body: 'Where is my parcel?' },
  });
  expect(res.status).toBe(201);
  const changed = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${res.body.id}`, {
    method: 'PATCH',
    token: d.agent.token,
    headers: { 'If-Match': `"${res.body.version}"` },
    body: { assigneeId: d.agent.user.id, priority },
  });
  expect(changed.status).toBe(200);
  return changed.body;
}

export const firings = async (b: SlaHarness, ticketId: string) => [
  ...(await b.sql<{ target: string; kind: string }[]>`
    select target, kind from sla_firings where ticket_id = ${ticketId} order by fired_at, id`),
];

/** The ticket's `sla.warning` and `sla.breached` events in the outbox. */
export const events = async (b: SlaHarness, ticketId: string) => [
  ...(await b.sql<{ type: string; target: string }[]>`
    select type, payload->>'target' as target from outbox
     where type in ('sla.warning', 'sla.breached') and payload->'ticket'->>'id' = ${ticketId}
     order by id`),
];

/** The default policy: first response in 3 minutes, a warning one minute before. */
export const standard = (over: object = {}) => ({
  name: 'Standard',
  isDefault: true,
  targets: { firstResponse: 3, nextResponse: null, resolution: null },
  warningMinutes: 1,
  ...over,
});
