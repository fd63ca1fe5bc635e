import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { defineConfigGroup } from '../config/define';
import { featuresConfig } from '../config/groups';
import { loadConfig } from '../config/load';
import { defineEvent, typesDelivered } from '../events/define';
import { defineFeatures, platformFeatures } from '../features/catalog';
import { platformConfigGroups } from '../platform/config';
import { platformEvents } from '../platform/events';
import { platformCatalog } from '../platform/modules';
import { emailQueue } from '../queues/catalog';
import { defineJobs, defineQueue, mergeQueues } from '../queues/define';
import { defineClientEvents, platformClientEvents } from '../realtime/socket-events';
import { configLayers, defineProduct, deploymentCatalog, emptyCatalog } from './catalog';

const widgetsQueue = defineQueue({
  name: 'widgets',
  jobs: { polish: z.object({ id: z.string() }) },
  defaults: { attempts: 1 },
});
const product = defineProduct({
  name: 'widgets',
  roles: [{ name: 'polisher', sees: 'own', about: 'polishes the widgets they are given' }],
  events: {
    'widget.made': defineEvent({
      data: z.object({ id: z.string() }),
      delivery: 'organization stream',
      about: 'staff',
      audience: () => ({}),
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
  config: {
    widgets: defineConfigGroup({
      env: { WIDGET_POLISH_PASSES: z.coerce.number().int().min(1).default(3) },
      map: (e) => ({ passes: e.WIDGET_POLISH_PASSES }),
    }),
  },
  features: defineFeatures({
    polish: {
      env: 'FEATURE_POLISH_ENABLED',
      description: 'widgets get polished',
      default: false,
      perOrganization: true,
    },
  }),
});

const { queues: platformQueues, schedules: platformSchedules } = platformCatalog;

describe('a deployment catalogue: the platform and its product, merged', () => {
  test('without a product it is the platform alone', () => {
    const alone = deploymentCatalog(emptyCatalog);
    expect(Object.keys(alone.events)).toEqual(Object.keys(platformEvents));
    expect(Object.keys(alone.queues)).toEqual(Object.keys(platformQueues));
    expect(Object.keys(alone.clientEvents)).toEqual(Object.keys(platformClientEvents));
    expect(alone.migrations.map((m) => m.name)).toEqual(['platform']);
    expect(alone.features).toEqual(platformFeatures);
    expect(alone.config).toEqual({});
    // Its documented variables: the platform's alone, no product section with a variable.
    const [platform, none] = configLayers(emptyCatalog);
    expect(platform.groups).toBe(platformConfigGroups);
    expect(Object.values(none.groups).flatMap((g) => Object.keys(g.env))).toEqual([]);
  });

  test("the product's config groups and flags beside the platform's, read typed", () => {
    const both = deploymentCatalog(product);
    expect(Object.keys(both.features)).toEqual([...Object.keys(platformFeatures), 'polish']);
    const env = { NODE_ENV: 'test', WIDGET_POLISH_PASSES: '5', FEATURE_POLISH_ENABLED: 'true' };
    const dir = '/nonexistent';
    const config = loadConfig(both.config, { env, dir });
    const passes: number = config.widgets.passes;
    expect(passes).toBe(5);
    const flags = loadConfig({ features: featuresConfig(both.features) }, { env, dir }).features;
    expect(flags).toEqual({ 'two-factor': true, 'fair-queues': true, oauth: false, polish: true });
    // A bad value of a product's variable is a configuration problem like any other.
    expect(() => loadConfig(both.config, { env: { WIDGET_POLISH_PASSES: '0' }, dir })).toThrow(
      'WIDGET_POLISH_PASSES',
    );
    const [platform, own] = configLayers(product);
    expect(platform.layer).toBe('platform');
    expect(own.layer).toBe('product (widgets)');
    expect(Object.values(own.groups).flatMap((g) => Object.keys(g.env))).toEqual([
      'WIDGET_POLISH_PASSES',
      'FEATURE_POLISH_ENABLED',
    ]);
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
    expect(both.schedules.map((s) => s.id)).toEqual([
      ...platformSchedules.map((s) => s.id),
      'polish-all',
    ]);
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
    expect(() =>
      deploymentCatalog({ ...product, features: { 'two-factor': platformFeatures['two-factor'] } }),
    ).toThrow('feature flags declared twice: two-factor');
    expect(() =>
      deploymentCatalog({
        ...product,
        features: { second: { ...platformFeatures['two-factor'], perOrganization: true } },
      }),
    ).toThrow('feature variables declared twice: FEATURE_2FA_ENABLED');
    const group = (name: string) =>
      defineConfigGroup({ env: { [name]: z.string().default('x') }, map: (e) => e });
    expect(() => deploymentCatalog({ ...product, config: { mine: group('PUBLIC_URL') } })).toThrow(
      'configuration variables declared twice: PUBLIC_URL',
    );
    expect(() =>
      deploymentCatalog({ ...product, config: { mine: group('FEATURE_POLISH_ENABLED') } }),
    ).toThrow('configuration variables declared twice: FEATURE_POLISH_ENABLED');
    expect(() =>
      deploymentCatalog({ ...product, config: { a: group('MINE'), b: group('MINE') } }),
    ).toThrow('configuration variables declared twice: MINE');
  });
});
