import { z } from 'zod';
import type { AnyConfigGroup, ConfigGroups, ConfigOf, RawEnv } from './define';
import { mergeEnv, readEnvFiles } from './env-files';
import { DEFAULT_SECRET_PROVIDERS, readSecret, type SecretProvider } from './secrets';

export interface LoadOptions {
  /** Defaults to `process.env`. */
  readonly env?: RawEnv;
  /** Directory holding the `.env*` files; defaults to the working directory. */
  readonly dir?: string;
  /** Where secret variables come from: the environment and `<NAME>_FILE` unless given. */
  readonly secrets?: readonly SecretProvider[];
}

/** Every problem of every group, one per line, naming variables and never printing their values. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export const REDACTED = '[redacted]';

function rawEnvironment(options: LoadOptions = {}): Record<string, string> {
  const processEnv = options.env ?? process.env;
  const nodeEnv = processEnv.NODE_ENV || 'development';
  return mergeEnv(readEnvFiles(options.dir ?? process.cwd(), nodeEnv), processEnv);
}

/**
 * Environments other than `development` and `test` (production, staging, or a mistyped name) get
 * no implicit values: no development defaults, and the well-known development secrets are refused.
 * A process that runs without NODE_ENV (a VM, a platform running `bun` directly) is development,
 * and says so loudly when it is reachable from outside (`developmentExposure`).
 */
export function isStrictEnvironment(nodeEnv: string | undefined): boolean {
  return !['development', 'test'].includes(nodeEnv || 'development');
}

const isStrict = (raw: RawEnv) => isStrictEnvironment(raw.NODE_ENV);

/**
 * The group's variables as given: secrets from their providers (secrets.ts), the others from the
 * environment, development defaults for what is unset outside production; the secrets that
 * could not be read go to `unreadable`, with their problems.
 */
function groupInput(
  group: AnyConfigGroup,
  raw: RawEnv,
  options: LoadOptions,
  unreadable: Map<string, string[]> = new Map(),
): Record<string, string | undefined> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(group.env)) {
    let value = raw[key];
    if (group.secrets?.includes(key)) {
      const secret = readSecret(key, options.secrets ?? DEFAULT_SECRET_PROVIDERS, {
        raw,
        strict: isStrict(raw),
      });
      if (secret.problems.length > 0) unreadable.set(key, secret.problems);
      value = secret.value;
    }
    const fallback = group.devDefaults?.[key];
    if (value === undefined && fallback !== undefined && !isStrict(raw)) {
      value = typeof fallback === 'function' ? fallback(raw) : fallback;
    }
    input[key] = value;
  }
  return input;
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  const key = String(issue.path[0] ?? '?');
  if (input[key] === undefined && issue.code === 'invalid_type') return `${key}: is required`;
  return `${key}: ${issue.message}`;
}

/**
 * Validates the variables of the given groups and maps them into typed namespaces.
 * Throws one ConfigError listing every problem at once.
 */
export function loadConfig<G extends ConfigGroups>(
  groups: G,
  options: LoadOptions = {},
): ConfigOf<G> {
  const raw = rawEnvironment(options);
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, group] of Object.entries(groups)) {
    const unreadable = new Map<string, string[]>();
    const input = groupInput(group, raw, options, unreadable);
    problems.push(...[...unreadable.values()].flat());
    if (isStrict(raw)) {
      for (const key of group.secrets ?? []) {
        const dev = group.devDefaults?.[key];
        const devValue = typeof dev === 'function' ? dev(raw) : dev;
        if (input[key] !== undefined && input[key] === devValue) {
          problems.push(
            `${key}: the development default is not allowed with NODE_ENV=${raw.NODE_ENV}`,
          );
        }
      }
    }
    const parsed = z.object(group.env).safeParse(input);
    if (parsed.success) {
      const found = group.check?.(parsed.data, { strict: isStrict(raw) }) ?? [];
      problems.push(...found);
      if (found.length === 0) out[name] = group.map(parsed.data);
    } else
      problems.push(
        ...parsed.error.issues
          // A secret whose source failed is named by that problem, not again as missing.
          .filter((issue) => !unreadable.has(String(issue.path[0])))
          .map((issue) => describeIssue(issue, input)),
      );
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return out as ConfigOf<G>;
}

/** The secrets of the groups whose effective value is the public development default. */
export function developmentSecretsInUse(groups: ConfigGroups, options: LoadOptions = {}): string[] {
  const raw = rawEnvironment(options);
  const found: string[] = [];
  for (const group of Object.values(groups)) {
    const input = groupInput(group, raw, options);
    for (const key of group.secrets ?? []) {
      const dev = group.devDefaults?.[key];
      const devValue = typeof dev === 'function' ? dev(raw) : dev;
      if (devValue !== undefined && input[key] === devValue) found.push(key);
    }
  }
  return found;
}

/** The effective variables of the groups with every secret replaced, for a startup log line. */
export function redactedSummary(
  groups: ConfigGroups,
  options: LoadOptions = {},
): Record<string, string> {
  const raw = rawEnvironment(options);
  const summary: Record<string, string> = {};
  for (const group of Object.values(groups)) {
    const input = groupInput(group, raw, options);
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      summary[key] = group.secrets?.includes(key) ? REDACTED : value;
    }
  }
  return summary;
}
