import type { z } from 'zod';

/** Environment variables of one config group, keyed by variable name. */
export type EnvShape = Record<string, z.ZodType>;

/** The raw, merged environment (process env over the cascading files). */
export type RawEnv = Readonly<Record<string, string | undefined>>;

/** A default that only applies in development and test, possibly derived from other variables. */
/** A value, or one computed from the raw environment (undefined: no default then). */
export type DevDefault = string | ((raw: RawEnv) => string | undefined);

export interface ConfigGroup<S extends EnvShape = EnvShape, T = unknown> {
  readonly env: S;
  /** Variables whose values are never printed; outside development and test they have no default. */
  readonly secrets?: ReadonlyArray<keyof S & string>;
  /** Local-stack defaults, ignored outside development and test (those have no implicit values). */
  readonly devDefaults?: Partial<Record<keyof S & string, DevDefault>>;
  /**
   * Rules across variables or environments, beyond each variable's schema: problems found.
   * `strict`: NODE_ENV is neither development nor test (production, staging).
   */
  readonly check?: (env: z.output<z.ZodObject<S>>, context: { strict: boolean }) => string[];
  readonly map: (env: z.output<z.ZodObject<S>>) => T;
}

/** Declares a config group once; services pick the groups they need in `loadConfig`. */
export function defineConfigGroup<S extends EnvShape, T>(
  group: ConfigGroup<S, T>,
): ConfigGroup<S, T> {
  return group;
}

// biome-ignore lint/suspicious/noExplicitAny: a group of any shape
export type AnyConfigGroup = ConfigGroup<any, any>;
export type ConfigGroups = Record<string, AnyConfigGroup>;
export type ConfigOf<G extends ConfigGroups> = { readonly [K in keyof G]: ReturnType<G[K]['map']> };
