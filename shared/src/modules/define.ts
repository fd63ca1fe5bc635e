import type { AnyConfigGroup, ConfigGroups } from '../config/define';
import type { MigrationSet } from '../db/migrate';
import type { EncryptedColumn } from '../encryption/columns';
import { type EventCatalog, mergeDisjoint } from '../events/define';
import { type FeatureCatalog, mergeFeatures } from '../features/catalog';
import {
  type JobExtensions,
  type MergedQueues,
  mergeQueues,
  type QueueCatalog,
  type Schedule,
} from '../queues/define';
import type { ClientEventCatalog } from '../realtime/socket-events';

/**
 * What a module declares to every service, once: the catalogue part of a concern of the platform
 * (accounts, tenancy, webhooks, audit, mail, real-time…) or of the product (`defineProduct`, whose
 * catalogue is one more module). Each field is optional for the platform's modules; a concern
 * declares what it owns. Its service parts — routes, processors, effects, purges, recoveries,
 * socket handlers — sit beside each service's code (`services/<service>/src/modules/`) and take
 * the shape of the product's parts (`shared/src/product/{api,worker,ws}.ts`).
 *
 * A platform module is a plain object in its concern's folder (`shared/src/<concern>/module.ts`),
 * checked against this shape where the platform lists its modules (`platform/modules.ts`): no
 * concern imports this file, so a concern this shape names can declare a module too.
 */
export interface ModuleCatalog {
  /** For logs and errors. */
  readonly name: string;
  readonly events?: EventCatalog;
  /** Its own queues. */
  readonly queues?: QueueCatalog;
  /** Jobs it adds to another module's queue, by queue name (the product's mail, maintenance). */
  readonly jobs?: JobExtensions;
  /** Schedules of the maintenance queue. */
  readonly schedules?: readonly Schedule[];
  readonly clientEvents?: ClientEventCatalog;
  /** Its configuration groups (`defineConfigGroup`), by name. */
  readonly config?: ConfigGroups;
  /** Its feature flags (`defineFeatures`). */
  readonly features?: FeatureCatalog;
  /** Its tables' migration set (run in the order of the modules). */
  readonly migrations?: MigrationSet | null;
  /** Its encrypted columns: what the key rotation re-encrypts. */
  readonly encryptedColumns?: readonly EncryptedColumn[];
}

/** What module `M` declares as `K`, or `E` when it declares none. */
type Part<M, K extends keyof ModuleCatalog, E> = M extends { readonly [P in K]: infer V }
  ? V extends null | undefined
    ? E
    : V
  : E;

/** What every module of `Ms` declares as `K`, as one type (the keys of each, disjoint). */
export type Declared<
  Ms extends readonly unknown[],
  K extends keyof ModuleCatalog,
> = Ms extends readonly [infer H, ...infer T] ? Part<H, K, unknown> & Declared<T, K> : unknown;

type None = Record<never, never>;

/** The queues of modules `Ms`: each one's own, with the jobs later ones add to them. */
export type DeclaredQueues<
  Ms extends readonly unknown[],
  Q extends QueueCatalog = None,
> = Ms extends readonly [infer H, ...infer T]
  ? DeclaredQueues<
      T,
      MergedQueues<
        Q,
        Part<H, 'jobs', None> extends infer X extends JobExtensions ? X : never,
        Part<H, 'queues', None> extends infer O extends QueueCatalog ? O : never
      >
    >
  : Q;

const variablesOf = (groups: ConfigGroups) =>
  Object.values(groups).flatMap((group: AnyConfigGroup) => Object.keys(group.env));

/**
 * Modules merged into one catalogue, in their order: events, queues (with the jobs each adds to
 * another's), schedules, client events, flags, migration sets and encrypted columns. A name
 * declared twice — an event type, a queue or job, a client event, a flag or its variable, a
 * configuration variable (a flag's among them) — is refused (one owner each).
 */
export function mergeModules(modules: readonly ModuleCatalog[]) {
  let events: EventCatalog = {};
  let queues: QueueCatalog = {};
  let clientEvents: ClientEventCatalog = {};
  let features: FeatureCatalog = {};
  for (const module of modules) {
    events = mergeDisjoint('event types', events, module.events ?? {});
    queues = mergeQueues(queues, module.jobs ?? {}, module.queues ?? {});
    clientEvents = mergeDisjoint('client events', clientEvents, module.clientEvents ?? {});
    features = mergeFeatures(features, module.features ?? {});
  }
  // A flag's variable is taken before any group is read: a group may not declare it.
  const taken = new Set(Object.values(features).map((f) => f.env));
  const twice = new Set<string>();
  for (const variable of modules.flatMap((m) => variablesOf(m.config ?? {}))) {
    if (taken.has(variable)) twice.add(variable);
    taken.add(variable);
  }
  if (twice.size > 0)
    throw new Error(`configuration variables declared twice: ${[...twice].join(', ')}`);
  return {
    events,
    queues,
    schedules: modules.flatMap((m) => m.schedules ?? []),
    clientEvents,
    features,
    migrations: modules.flatMap((m) => (m.migrations ? [m.migrations] : [])),
    encryptedColumns: modules.flatMap((m) => m.encryptedColumns ?? []),
  };
}
