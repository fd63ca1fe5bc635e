import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import type { RawEnv } from './define';

/** Lowest precedence first: `.env.{NODE_ENV}.local` > `.env.{NODE_ENV}` > `.env.local` > `.env`. */
function envFileNames(nodeEnv: string): string[] {
  return ['.env', '.env.local', `.env.${nodeEnv}`, `.env.${nodeEnv}.local`];
}

/** Merges the cascading env files of `dir`, later files overriding earlier ones. */
export function readEnvFiles(dir: string, nodeEnv: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const name of envFileNames(nodeEnv)) {
    const path = join(dir, name);
    if (existsSync(path)) Object.assign(merged, parse(readFileSync(path)));
  }
  return merged;
}

/** Process variables win over files; empty strings count as unset (`SENTRY_DSN=` in a file). */
export function mergeEnv(files: RawEnv, processEnv: RawEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [files, processEnv]) {
    for (const [key, value] of Object.entries(source)) {
      if (value !== undefined && value !== '') out[key] = value;
    }
  }
  return out;
}
