import { afterAll, describe, expect, test } from 'bun:test';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformConfigGroups as platformGroups } from '../platform/config';
import {
  appConfig,
  authConfig,
  ConfigError,
  DEFAULT_SECRET_PROVIDERS,
  encryptionConfig,
  loadConfig,
  redactedSummary,
  type SecretProvider,
} from '.';

const dir = mkdtempSync(join(tmpdir(), 'insightdesk-secret-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIGNING = 'k1:a-signing-key-from-a-mounted-secret-file-0123456789';
const INVITATION = 'an-invitation-secret-from-a-mounted-file-0123456789';
const ENCRYPTION = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

/** A secret file as a mount leaves it: the value, a trailing newline, the given mode. */
function secretFile(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const groups = { app: appConfig, auth: authConfig, encryption: encryptionConfig };
const production = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://desk.example.com',
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('secrets from files (<NAME>_FILE)', () => {
  test('production reads them, one trailing newline trimmed, and never prints them', () => {
    const env = {
      ...production,
      JWT_KEYS_FILE: secretFile('jwt', `${SIGNING}\n`),
      INVITATION_SECRET_FILE: secretFile('invitation', `${INVITATION}\r\n`),
      ENCRYPTION_KEYS_FILE: secretFile('encryption', ENCRYPTION),
    };
    const config = loadConfig(groups, { env, dir });
    expect(config.auth.signingKeys).toEqual([
      { kid: 'k1', secret: 'a-signing-key-from-a-mounted-secret-file-0123456789' },
    ]);
    expect(config.auth.invitationSecret).toBe(INVITATION);
    expect(config.encryption.keys[0]?.kid).toBe('k1');
    const summary = JSON.stringify(redactedSummary(groups, { env, dir }));
    for (const secret of [SIGNING, INVITATION, ENCRYPTION]) expect(summary).not.toContain(secret);
  });

  test('both the variable and its file: an error naming both, and neither value', () => {
    const problems = problemsOf(() =>
      loadConfig(groups, {
        env: {
          ...production,
          JWT_KEYS: SIGNING,
          JWT_KEYS_FILE: secretFile('jwt-both', SIGNING),
          INVITATION_SECRET: INVITATION,
          ENCRYPTION_KEYS: ENCRYPTION,
        },
        dir,
      }),
    );
    expect(problems).toEqual(['JWT_KEYS: given both as JWT_KEYS and as JWT_KEYS_FILE; give one']);
    // In development too: which one wins would be a guess.
    expect(
      problemsOf(() =>
        loadConfig(groups, {
          env: { NODE_ENV: 'development', JWT_KEYS: SIGNING, JWT_KEYS_FILE: join(dir, 'jwt-both') },
          dir,
        }),
      ),
    ).toEqual(['JWT_KEYS: given both as JWT_KEYS and as JWT_KEYS_FILE; give one']);
  });

  test('production refuses a file others may read, unless told to; development reads it', () => {
    const open = secretFile('jwt-open', SIGNING, 0o644);
    const env = {
      ...production,
      JWT_KEYS_FILE: open,
      INVITATION_SECRET_FILE: secretFile('invitation-group', INVITATION, 0o640),
      ENCRYPTION_KEYS: ENCRYPTION,
    };
    expect(problemsOf(() => loadConfig(groups, { env, dir }))).toEqual([
      `JWT_KEYS_FILE: ${open} is readable by others (mode 644): chmod o-r it, or set SECRET_FILES_READABLE_BY_OTHERS=true`,
    ]);
    const allowed = { ...env, SECRET_FILES_READABLE_BY_OTHERS: 'true' };
    expect(loadConfig(groups, { env: allowed, dir }).auth.signingKeys[0]?.kid).toBe('k1');
    const development = { NODE_ENV: 'development', JWT_KEYS_FILE: open };
    expect(loadConfig(groups, { env: development, dir }).auth.signingKeys[0]?.kid).toBe('k1');
  });

  test('a missing, empty or unreadable file is a problem of its own, not a missing variable', () => {
    mkdirSync(join(dir, 'a-directory'), { recursive: true });
    const problems = problemsOf(() =>
      loadConfig(groups, {
        env: {
          ...production,
          JWT_KEYS_FILE: join(dir, 'nowhere'),
          INVITATION_SECRET_FILE: secretFile('empty', '\n'),
          ENCRYPTION_KEYS_FILE: join(dir, 'a-directory'),
        },
        dir,
      }),
    );
    expect(problems).toEqual([
      `JWT_KEYS_FILE: cannot read ${join(dir, 'nowhere')} (ENOENT)`,
      `INVITATION_SECRET_FILE: ${join(dir, 'empty')} is empty`,
      `ENCRYPTION_KEYS_FILE: cannot read ${join(dir, 'a-directory')} (EISDIR)`,
    ]);
    // A file's value is validated as the variable's would be, and still never printed.
    const wrong = problemsOf(() =>
      loadConfig(groups, {
        env: { ...production, JWT_KEYS_FILE: secretFile('short', 'k1:TOP-SECRET-short') },
        dir,
      }),
    );
    expect(wrong.some((p) => p.startsWith('JWT_KEYS:'))).toBe(true);
    expect(wrong.join('\n')).not.toContain('TOP-SECRET');
  });

  test('every secret variable of the platform is read through the providers: a vault plugs in', () => {
    const asked = new Set<string>();
    const vault: SecretProvider = {
      where: (variable) => `vault:${variable}`,
      read(variable) {
        asked.add(variable);
        return variable === 'INVITATION_SECRET' ? INVITATION : undefined;
      },
    };
    const secrets = [...DEFAULT_SECRET_PROVIDERS, vault];
    try {
      loadConfig(platformGroups, { env: { NODE_ENV: 'production' }, dir, secrets });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
    }
    const declared = Object.values(platformGroups).flatMap((g) => [...(g.secrets ?? [])]);
    expect([...asked].sort()).toEqual([...new Set(declared)].sort());
    const config = loadConfig(groups, {
      env: { ...production, JWT_KEYS: SIGNING, ENCRYPTION_KEYS: ENCRYPTION },
      dir,
      secrets,
    });
    expect(config.auth.invitationSecret).toBe(INVITATION);
    // The vault and the environment both holding one: the same refusal.
    expect(
      problemsOf(() =>
        loadConfig(groups, {
          env: {
            ...production,
            JWT_KEYS: SIGNING,
            ENCRYPTION_KEYS: ENCRYPTION,
            INVITATION_SECRET: INVITATION,
          },
          dir,
          secrets,
        }),
      ),
    ).toEqual([
      'INVITATION_SECRET: given both as INVITATION_SECRET and as vault:INVITATION_SECRET; give one',
    ]);
  });
});
