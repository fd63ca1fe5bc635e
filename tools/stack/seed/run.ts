import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { readMaildir } from '../maildir';
import { ok, say } from '../output';
import { paths } from '../paths';
import type { ApiClient } from './api';
import {
  type Role,
  SEED,
  SEED_PASSWORD,
  type SeedOrganization,
  type SeedPerson,
  type SeedTicket,
} from './data';

/** What the seed reads of the help desk's answers (the API's document has them whole). */
interface Ticket {
  readonly id: string;
  readonly number: number;
  readonly subject: string;
  readonly status: string;
  readonly priority: string;
  readonly assignee: { readonly id: string } | null;
  readonly version: number;
}
interface Message {
  readonly id: string;
  readonly body: string;
  readonly internal: boolean;
}

interface Session {
  readonly userId: string;
  readonly token: string;
}

interface Me {
  user: { id: string; emailVerified: boolean };
  memberships: { organization: { id: string; name: string }; role: Role }[];
}

interface Tokens {
  accessToken: string;
}

/** What a run did, to print: a second run creates nothing. */
export interface SeedReport {
  created: number;
  kept: number;
  readonly accounts: { organization: string; role: string; name: string; email: string }[];
  readonly organizations: { name: string; id: string; tickets: number }[];
}

/** Attachments have no list in the API: the ids this seed uploaded, per ticket (wiped with .data/). */
const STATE_FILE = join(paths.data, 'seed.json');
type State = { attachments: Record<string, string> };
const loadState = (): State =>
  existsSync(STATE_FILE)
    ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State)
    : { attachments: {} };

/** The token of the newest mail to `email` made from `template` since `since`, as its link carries it. */
export async function mailedToken(email: string, template: string, since: number): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const mail of readMaildir(paths.mail)) {
      if (mail.receivedAt.getTime() < since - 1000) break; // newest first
      if (mail.headers['x-insightdesk-template'] !== template) continue;
      if (!mail.headers.to?.toLowerCase().includes(email)) continue;
      const text = (await PostalMime.parse(mail.raw)).text ?? '';
      const token = text.match(/[?&]token=([^\s&"<>]+)/)?.[1];
      if (token) return decodeURIComponent(token);
    }
    await Bun.sleep(250);
  }
  throw new Error(`no ${template} mail reached ${email} within a minute (is worker running?)`);
}

export function createSeeder(api: ApiClient) {
  const report: SeedReport = { created: 0, kept: 0, accounts: [], organizations: [] };
  /** Counts one thing the run made (true) or found already there (false). */
  const made = (created: boolean) => {
    if (created) report.created += 1;
    else report.kept += 1;
  };

  async function login(email: string): Promise<Session | null> {
    const res = await api.request<{ user: { id: string }; tokens: Tokens }>(
      'POST',
      '/api/v1/auth/login',
      { body: { email, password: SEED_PASSWORD } },
    );
    if (res.status === 401) return null;
    if (res.status !== 200) throw new Error(`login of ${email}: ${res.status}`);
    return { userId: res.body.user.id, token: res.body.tokens.accessToken };
  }

  const me = (s: Session) => api.expect<Me>([200], 'GET', '/api/v1/me', { token: s.token });

  /** Verifies the account's email the way its owner would: with the mailed link. */
  async function verify(email: string, s: Session, mailedSince: number | null) {
    let since = mailedSince;
    if (since === null) {
      since = Date.now();
      await api.expect([202], 'POST', '/api/v1/me/verify-email', { token: s.token });
    }
    const token = await mailedToken(email, 'verify-email', since);
    await api.expect([204], 'POST', '/api/v1/auth/verify-email', { body: { token } });
  }

  /** The owner's account and organization: registered together, found again by name. */
  async function ensureOwner(org: SeedOrganization, owner: SeedPerson) {
    let session = await login(owner.email);
    let mailedSince: number | null = null;
    if (!session) {
      mailedSince = Date.now();
      const made = await api.expect<{ user: { id: string }; tokens: Tokens }>(
        [201],
        'POST',
        '/api/v1/auth/register',
        {
          body: {
            email: owner.email,
            password: SEED_PASSWORD,
            name: owner.name,
            organizationName: org.name,
          },
        },
      );
      session = { userId: made.user.id, token: made.tokens.accessToken };
    }
    const account = await me(session);
    if (!account.user.emailVerified) await verify(owner.email, session, mailedSince);
    let orgId = account.memberships.find(
      (m) => m.organization.name === org.name && m.role === 'owner',
    )?.organization.id;
    made(orgId === undefined || mailedSince !== null);
    orgId ??= (
      await api.expect<{ id: string }>([201], 'POST', '/api/v1/orgs', {
        token: session.token,
        body: { name: org.name },
      })
    ).id;
    return { session, orgId };
  }

  /** A member of `orgId` with their role: invited by the owner, joined with the mailed link. */
  async function ensureMember(orgId: string, owner: Session, person: SeedPerson) {
    const session = await login(person.email);
    const membership = session
      ? (await me(session)).memberships.find((m) => m.organization.id === orgId)
      : undefined;
    if (session && membership) {
      made(false);
      if (membership.role !== person.role) {
        await api.expect([200], 'PATCH', `/api/v1/orgs/${orgId}/members/${session.userId}`, {
          token: owner.token,
          body: { role: person.role },
        });
      }
      return session;
    }
    const since = Date.now();
    await api.expect([201], 'POST', `/api/v1/orgs/${orgId}/invitations`, {
      token: owner.token,
      body: { email: person.email, role: person.role },
    });
    const token = await mailedToken(person.email, 'invitation', since);
    // A new person names themselves and picks a password; an existing account shows its token.
    const joined = await api.expect<{ user: { id: string }; tokens: Tokens }>(
      [200],
      'POST',
      '/api/v1/invitations/accept',
      session
        ? { token: session.token, body: { token } }
        : { body: { token, name: person.name, password: SEED_PASSWORD } },
    );
    made(true);
    return { userId: joined.user.id, token: joined.tokens.accessToken };
  }

  async function ensureTicket(
    orgId: string,
    seed: SeedTicket,
    people: ReadonlyMap<string, Session>,
    existing: readonly Ticket[],
  ): Promise<Ticket> {
    const person = (key: string) => {
      const s = people.get(key);
      if (!s) throw new Error(`seed data: no person "${key}"`);
      return s;
    };
    const base = `/api/v1/orgs/${orgId}/tickets`;
    const owner = person('__owner');
    let ticket = existing.find((t) => t.subject === seed.subject);
    made(ticket === undefined);
    ticket ??= await api.expect<Ticket>([201], 'POST', base, {
      token: person(seed.by).token,
      // Priority, status and assignee are the staff's to set (below), not the requester's.
      body: { subject: seed.subject, body: seed.body },
    });

    // Messages: the ticket's first one is its body; the others are found by their text.
    const messages = await api.expect<{ items: Message[] }>(
      [200],
      'GET',
      `${base}/${ticket.id}/messages?limit=100`,
      { token: owner.token },
    );
    const bodies = new Set(messages.items.map((m) => m.body));
    for (const message of seed.messages) {
      made(!bodies.has(message.body));
      if (bodies.has(message.body)) continue;
      await api.expect([201], 'POST', `${base}/${ticket.id}/messages`, {
        token: person(message.by).token,
        body: { body: message.body, ...(message.internal ? { internal: true } : {}) },
      });
    }

    if (seed.image) await ensureImage(base, ticket.id, seed.image, person(seed.by));

    const wanted = {
      status: seed.status,
      priority: seed.priority,
      assigneeId: seed.assignee ? person(seed.assignee).userId : null,
    };
    const current = await api.request<Ticket>('GET', `${base}/${ticket.id}`, {
      token: owner.token,
    });
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(([field, value]) =>
        field === 'assigneeId'
          ? (current.body.assignee?.id ?? null) !== value
          : current.body[field as 'status' | 'priority'] !== value,
      ),
    );
    if (Object.keys(changes).length > 0) {
      ticket = await api.expect<Ticket>([200], 'PATCH', `${base}/${ticket.id}`, {
        token: owner.token,
        body: changes,
        headers: { 'If-Match': current.headers.get('etag') ?? '' },
      });
    }
    return ticket;
  }

  /** The image, once: the id from an earlier run is checked; the upload itself is idempotent. */
  async function ensureImage(base: string, ticketId: string, file: string, by: Session) {
    const state = loadState();
    const known = state.attachments[ticketId];
    if (known) {
      const found = await api.request('GET', `${base}/${ticketId}/attachments/${known}`, {
        token: by.token,
      });
      made(found.status !== 200);
      if (found.status === 200) return;
    } else made(true);
    const form = new FormData();
    form.append('file', Bun.file(join(import.meta.dir, file), { type: 'image/png' }), file);
    const uploaded = await api.expect<{ id: string }>(
      [201],
      'POST',
      `${base}/${ticketId}/attachments`,
      { token: by.token, form, headers: { 'Idempotency-Key': `seed-${ticketId}-${file}` } },
    );
    state.attachments[ticketId] = uploaded.id;
    writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
    // Ready once the worker made its thumbnail: the seed leaves nothing half done.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const a = await api.expect<{ status: string }>(
        [200],
        'GET',
        `${base}/${ticketId}/attachments/${uploaded.id}`,
        { token: by.token },
      );
      if (a.status === 'ready') return;
      if (Date.now() > deadline) throw new Error(`attachment ${file} is still ${a.status}`);
      await Bun.sleep(250);
    }
  }

  async function seedOrganization(org: SeedOrganization) {
    const ownerSeed = org.people.find((p) => p.role === 'owner');
    if (!ownerSeed) throw new Error(`seed data: ${org.name} has no owner`);
    const { session: owner, orgId } = await ensureOwner(org, ownerSeed);
    const people = new Map<string, Session>([
      ['__owner', owner],
      [ownerSeed.key, owner],
    ]);
    for (const person of org.people) {
      if (person !== ownerSeed) people.set(person.key, await ensureMember(orgId, owner, person));
      report.accounts.push({
        organization: org.name,
        role: person.role,
        name: person.name,
        email: person.email,
      });
    }
    const existing = await api.expect<{ items: Ticket[] }>(
      [200],
      'GET',
      `/api/v1/orgs/${orgId}/tickets?limit=100`,
      { token: owner.token },
    );
    for (const ticket of org.tickets) await ensureTicket(orgId, ticket, people, existing.items);
    report.organizations.push({ name: org.name, id: orgId, tickets: org.tickets.length });
    ok(`${org.name}: ${org.people.length} people, ${org.tickets.length} tickets`);
  }

  /** The platform operator of PLATFORM_ADMINS (an email outside production), for the dashboard. */
  async function seedOperator(email: string) {
    const session = await login(email);
    made(session === null);
    if (session) return report.accounts.push(operatorAccount(email));
    const registered = await api.request('POST', '/api/v1/auth/register', {
      body: {
        email,
        password: SEED_PASSWORD,
        name: 'Platform Operator',
        organizationName: 'Platform operations',
      },
    });
    if (registered.status === 201) return report.accounts.push(operatorAccount(email));
    if (registered.status !== 409) throw new Error(`registering ${email}: ${registered.status}`);
    // Someone registered the operator with their own password: theirs to keep.
    say(`${email} exists with another password than the seed's; left as it is`);
  }

  const operatorAccount = (email: string) => ({
    organization: '(platform)',
    role: 'operator',
    name: 'Platform Operator',
    email,
  });

  return {
    async run(operatorEmail: string | undefined): Promise<SeedReport> {
      for (const org of SEED) {
        say(`seeding ${org.name}`);
        await seedOrganization(org);
      }
      if (operatorEmail) await seedOperator(operatorEmail);
      return report;
    },
  };
}
