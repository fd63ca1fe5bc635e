import { readFileSync, statSync } from 'node:fs';
import type { RawEnv } from './define';

/**
 * Where the values of secret variables (a group's `secrets`) come from. `loadConfig` asks every
 * provider for each secret; exactly one may have it (two is a problem: which one wins would be a
 * guess), none leaves the variable unset (a development default may then apply). The two built
 * in: the environment (`JWT_KEYS=…`, process variables over the `.env*` files) and files
 * (`JWT_KEYS_FILE=/run/secrets/jwt_keys`, as Docker and Kubernetes mount secrets and the official
 * images read them). A team plugs in a vault with a provider of its own, passed to `loadConfig`
 * (`secrets: [...DEFAULT_SECRET_PROVIDERS, vault]`) at the service's composition root; `read` is
 * synchronous, so such a provider fetches what it holds before the config is loaded.
 */
export interface SecretProvider {
  /** Where the variable would be given, for messages: `JWT_KEYS`, `JWT_KEYS_FILE`, `vault:…`. */
  where(variable: string): string;
  /**
   * The variable's value, or undefined when this provider holds none. A provider that holds one
   * but cannot give it throws a `SecretSourceError` saying why — never the value.
   */
  read(variable: string, context: SecretContext): string | undefined;
}

export interface SecretContext {
  /** The merged environment (process variables over the `.env*` files). */
  readonly raw: RawEnv;
  /** Production or staging. */
  readonly strict: boolean;
}

/** A secret's source that cannot give its value: the message names the source, never the value. */
export class SecretSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretSourceError';
  }
}

/** `NAME=value`: process variables over the `.env*` files, an empty one unset. */
export const environmentSecrets: SecretProvider = {
  where: (variable) => variable,
  read: (variable, { raw }) => raw[variable],
};

/**
 * Set to `true`, production reads secret files that others may read too (a mount whose mode the
 * deployment cannot set); by default it refuses them. Declared in `appConfig`.
 */
export const READABLE_BY_OTHERS = 'SECRET_FILES_READABLE_BY_OTHERS';
/** What zod's `stringbool` reads as true, as the declaration parses it. */
const TRUE = /^(?:true|1|yes|on|y|enabled)$/i;

/**
 * `NAME_FILE=/path`: the file's content is the value, one trailing newline trimmed (what `echo`
 * and most editors leave). Outside development and test a file others may read is refused,
 * unless SECRET_FILES_READABLE_BY_OTHERS=true: a secret the whole host can read is no secret.
 * An empty file, a directory or a missing file is a problem, not an unset variable.
 */
export const fileSecrets: SecretProvider = {
  where: (variable) => `${variable}_FILE`,
  read(variable, { raw, strict }) {
    const name = `${variable}_FILE`;
    const path = raw[name];
    if (path === undefined) return undefined;
    let mode: number;
    let text: string;
    try {
      mode = statSync(path).mode;
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new SecretSourceError(`${name}: cannot read ${path} (${code})`);
    }
    if (strict && mode & 0o004 && !TRUE.test(raw[READABLE_BY_OTHERS] ?? ''))
      throw new SecretSourceError(
        `${name}: ${path} is readable by others (mode ${(mode & 0o777).toString(8)}): chmod o-r it, or set ${READABLE_BY_OTHERS}=true`,
      );
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new SecretSourceError(`${name}: ${path} is empty`);
    return value;
  },
};

export const DEFAULT_SECRET_PROVIDERS: readonly SecretProvider[] = [
  environmentSecrets,
  fileSecrets,
];

/**
 * The value of a secret variable from the providers, or the problems that keep it from having
 * one (given by two of them, or a source that cannot give it).
 */
export function readSecret(
  variable: string,
  providers: readonly SecretProvider[],
  context: SecretContext,
): { value: string | undefined; problems: string[] } {
  const found: { where: string; value: string }[] = [];
  const problems: string[] = [];
  for (const provider of providers) {
    try {
      const value = provider.read(variable, context);
      if (value !== undefined) found.push({ where: provider.where(variable), value });
    } catch (err) {
      if (!(err instanceof SecretSourceError)) throw err;
      problems.push(err.message);
    }
  }
  if (found.length > 1)
    problems.push(
      `${variable}: given both as ${found.map((f) => f.where).join(' and as ')}; give one`,
    );
  return { value: found.length === 1 ? found[0]?.value : undefined, problems };
}
