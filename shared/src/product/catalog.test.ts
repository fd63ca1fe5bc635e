import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { defineEvent, typesDelivered } from '../events/define';
import { platformEvents } from '../events/platform';
import { emailQueue, platformQueues } from '../queues/catalog';
import { defineJobs, defineQueue, mergeQueues } from '../queues/define';
import { defineClientEvents, platformClientEvents } from '../realtime/socket-events';
import { defineProduct, deploymentCatalog, emptyCatalog } from './catalog';

const widgetsQueue = defineQueue({
  name: 'widgets',
  jobs: { polish: z.object({ id: z.string() }) },
  defaults: { attempts: 1 },
});
const product = defineProduct({
  name: 'widgets',
  events: {
    'widget.made': defineEvent({
      data: z.object({ id: z.string() }),
      delivery: 'organization stream',
      about: 'staff',
      audience: () => ({ staffOnly: true }),
    }),
  },
  queues: { widgets: widgetsQueue },
  jobs: {
    email: defineJobs({
      jobs: { 'widget-ready': z.object({ id: z.string() }) },
      urgent: ['widget-ready'],
    }),
  },
  schedules: [{ id: 'polish-all', job: 'polish-all', every: 60_000 }],
  clientEvents: defineClientEvents({ 'widget.watch': { payload: z.object({}), answer: null } }),
  ephemeralEvents: {},
  migrations: null,
});

describe('a deployment catalogue: the platform and its product, merged', () => {
  test('without a product it is the platform alone', () => {
    const alone = deploymentCatalog(emptyCatalog);
    expect(Object.keys(alone.events)).toEqual(Object.keys(platformEvents));
    expect(Object.keys(alone.queues)).toEqual(Object.keys(platformQueues));
    expect(Object.keys(alone.clientEvents)).toEqual(Object.keys(platformClientEvents));
    expect(alone.migrations.map((m) => m.name)).toEqual(['platform']);
  });

  test('events, queues, jobs, schedules and client events of both', () => {
    const both = deploymentCatalog(product);
    expect(typesDelivered(both.events, 'organization stream')).toEqual([
      'member.joined',
      'webhook.endpoint-disabled',
      'widget.made',
    ]);
    expect(Object.keys(both.queues)).toEqual(['email', 'maintenance', 'webhooks', 'widgets']);
    expect(Object.keys(both.queues.email.jobs)).toEqual([
      ...Object.keys(emailQueue.jobs),
      'widget-ready',
    ]);
    expect(both.queues.email.urgent).toEqual([...(emailQueue.urgent ?? []), 'widget-ready']);
    // The platform's declaration is left as it was.
    expect(Object.keys(emailQueue.jobs)).not.toContain('widget-ready');
    expect(both.schedules.map((s) => s.id)).toEqual(['purge', 'polish-all']);
    expect(Object.keys(both.clientEvents)).toEqual([
      ...Object.keys(platformClientEvents),
      'widget.watch',
    ]);
  });

  test('a name declared by both, or jobs for a queue nobody declared, is refused', () => {
    expect(() =>
      deploymentCatalog({
        ...product,
        events: { 'member.joined': platformEvents['member.joined'] },
      }),
    ).toThrow('event types declared twice: member.joined');
    expect(() =>
      mergeQueues(
        platformQueues,
        { email: defineJobs({ jobs: { invitation: z.object({}) } }) },
        {},
      ),
    ).toThrow('jobs of email declared twice: invitation');
    expect(() => mergeQueues(platformQueues, { mail: defineJobs({ jobs: {} }) }, {})).toThrow(
      'jobs added to an undeclared queue: mail',
    );
    expect(() => mergeQueues(platformQueues, {}, { email: widgetsQueue })).toThrow(
      'queue declared twice: email',
    );
    expect(() =>
      deploymentCatalog({
        ...product,
        clientEvents: { subscribe: platformClientEvents.subscribe },
      }),
    ).toThrow('client events declared twice: subscribe');
  });
});
