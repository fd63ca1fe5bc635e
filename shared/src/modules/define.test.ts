import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { defineEvent } from '../events/define';
import { platformConfigGroups } from '../platform/config';
import { platformEvents } from '../platform/events';
import { platformCatalog } from '../platform/modules';
import { defineJobs, defineQueue } from '../queues/define';
import { mergeModules } from './define';

describe("the platform's modules, merged", () => {
  test('each declaration in the order of its modules', () => {
    // The protocol's list of the platform's events (browser-safe) is the modules' events.
    expect(Object.entries(platformCatalog.events)).toEqual(Object.entries(platformEvents));
    expect(Object.keys(platformCatalog.queues)).toEqual(['email', 'maintenance', 'webhooks']);
    expect(platformCatalog.schedules.map((s) => s.id)).toEqual([
      'purge',
      'recheck-domains',
      'verify-audit',
    ]);
    expect(platformCatalog.migrations.map((set) => set.name)).toEqual(['platform']);
    expect(platformCatalog.encryptedColumns.map((c) => c.name)).toEqual([
      'users.totp_secret',
      'webhook_endpoints.secret',
      'webhook_endpoints.previous_secret',
      'oidc_providers.client_secret',
      'oidc_providers.client_key',
    ]);
    // The docs' order: each module's groups, the flags' after the encryption's.
    expect(Object.keys(platformConfigGroups)).toEqual([
      'app',
      'log',
      'http',
      'lifecycle',
      'db',
      'valkey',
      'monitoring',
      'auth',
      'encryption',
      'features',
      'rateLimit',
      'realtime',
      'wsRouting',
      'mail',
      'smtpIngress',
      'storage',
      'worker',
      'platform',
      'webhooks',
      'oidc',
      'audit',
    ]);
  });

  test("a module adds jobs to an earlier module's queue; a name declared twice is refused", () => {
    const queue = defineQueue({ name: 'q', jobs: { a: z.object({}) }, defaults: {} });
    const merged = mergeModules([
      { name: 'one', queues: { q: queue } },
      { name: 'two', jobs: { q: defineJobs({ jobs: { b: z.object({}) } }) } },
    ]);
    expect(Object.keys(merged.queues.q?.jobs ?? {})).toEqual(['a', 'b']);
    const event = defineEvent({ data: z.object({}), delivery: 'none', about: 'x' });
    expect(() =>
      mergeModules([
        { name: 'one', events: { 'x.done': event } },
        { name: 'two', events: { 'x.done': event } },
      ]),
    ).toThrow('event types declared twice: x.done');
  });
});
