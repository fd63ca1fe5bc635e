import type { Executor } from '../db';
import type { Step } from '../lifecycle';
import type { Logger } from '../logger';
import { type Redis, subscribe } from '../valkey';
import type { FeatureCatalog, FeatureDeclaration, FeatureFlag } from './catalog';
import { type FeatureOverride, listOverrides, setOverride } from './overrides';

/** Published when an override changes: every instance reloads. */
const CHANGED_CHANNEL = 'insightdesk:features:changed';
/** A missed message (Valkey restarting) is caught up by this. */
const RELOAD_MS = 30_000;

/** The deployment's flags (`F`: their names), the platform's and its product's. */
export interface Features<F extends string = string> {
  /** The organization's override, else the platform-wide one, else the environment's default. */
  isEnabled(flag: F, orgId?: string): boolean;
  /** On for some organization at least (the deployment's value, or an organization's override). */
  isEnabledAnywhere(flag: F): boolean;
  all(orgId?: string): Record<F, boolean>;
  /** A flag's declaration, if `name` is one of the deployment's flags. */
  declaration(name: string): FeatureDeclaration | undefined;
  /** `alsoInTransaction`: what else commits with the override (its audit entry). */
  set(
    override: FeatureOverride,
    updatedBy: string,
    alsoInTransaction?: (tx: Executor) => Promise<unknown>,
  ): Promise<void>;
  start(): Promise<void>;
  stop(): void;
}

/**
 * Feature flags: defaults from the environment (`FEATURE_*_ENABLED`), overrides in PostgreSQL,
 * held in memory by each instance and reloaded on a Valkey message, so a change reaches every
 * instance within moments (and within RELOAD_MS if a message was missed).
 */
export function createFeatures<C extends FeatureCatalog>(deps: {
  db: Executor;
  /** The deployment's flags (`deploymentCatalog(…).features`). */
  flags: C;
  defaults: Record<FeatureFlag<C>, boolean>;
  /** A connection in subscriber mode (may be shared with other subscriptions). */
  subscriber: Redis;
  publisher: Redis;
  logger: Logger;
}): Features<FeatureFlag<C>> {
  type Flag = FeatureFlag<C>;
  let overrides = new Map<string, boolean>();
  const keyOf = (flag: string, orgId: string | null) => `${flag}:${orgId ?? '*'}`;
  let timer: Timer | undefined;

  async function reload() {
    try {
      const rows = await listOverrides(deps.db);
      overrides = new Map(rows.map((r) => [keyOf(r.flag, r.orgId), r.enabled]));
    } catch (err) {
      deps.logger.warn({ err }, 'feature overrides not reloaded; keeping the ones known');
    }
  }

  const declaration = (name: string) =>
    Object.hasOwn(deps.flags, name) ? deps.flags[name] : undefined;
  const isEnabled = (flag: Flag, orgId?: string) =>
    (declaration(flag)?.perOrganization && orgId !== undefined
      ? overrides.get(keyOf(flag, orgId))
      : undefined) ??
    overrides.get(keyOf(flag, null)) ??
    deps.defaults[flag];

  return {
    isEnabled,
    isEnabledAnywhere(flag) {
      if (isEnabled(flag)) return true;
      if (!declaration(flag)?.perOrganization) return false;
      const suffix = `${flag}:`;
      for (const [key, enabled] of overrides)
        if (enabled && key.startsWith(suffix) && !key.endsWith(':*')) return true;
      return false;
    },
    declaration,
    all(orgId) {
      const flags = Object.keys(deps.flags) as Flag[];
      return Object.fromEntries(flags.map((f) => [f, isEnabled(f, orgId)])) as Record<
        Flag,
        boolean
      >;
    },
    async set(override, updatedBy, alsoInTransaction) {
      await deps.db.transaction(async (tx) => {
        await setOverride(tx, override, updatedBy);
        await alsoInTransaction?.(tx);
      });
      await reload();
      await deps.publisher.publish(CHANGED_CHANNEL, override.flag).catch(() => 0);
    },
    async start() {
      const subscription = subscribe(deps.subscriber, {
        channel: CHANGED_CHANNEL,
        logger: deps.logger,
        onMessage: reload,
        // A change published while the connection was down was missed: read them all again.
        onGap: reload,
      });
      await subscription.ready(3000);
      await reload();
      timer = setInterval(() => void reload(), RELOAD_MS);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/**
 * The lifecycle step that loads the flags (and follows their changes) before what reads them:
 * a service's listener depends on `features`.
 */
export const featuresStep = (features: Pick<Features, 'start' | 'stop'>): Step => ({
  name: 'features',
  dependsOn: ['postgres', 'valkey'],
  async start() {
    await features.start();
    return () => features.stop();
  },
});
