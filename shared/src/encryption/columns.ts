import { replaceTotpSecret, totpSecretsNotUnder } from '../auth/users';
import type { Executor } from '../db';

/** An encrypted column, with its owner's two statements that key rotation needs. */
interface EncryptedColumn {
  /** `table.column`, as the rotation reports it. */
  readonly name: string;
  /** The authenticated context: binds each value to its row. */
  context(id: string): string;
  /** Up to `limit` values after the row `after` (id order) whose text is not like `current`. */
  notUnder(
    db: Executor,
    current: string,
    after: string,
    limit: number,
  ): Promise<{ id: string; value: string }[]>;
  /** Writes `fresh` in place of `old` unless a concurrent write changed it; true if written. */
  replace(db: Executor, id: string, old: string, fresh: string): Promise<boolean>;
}

/**
 * Every column whose values are encrypted at rest, declared once: rotation walks this list, so
 * a new secret column is covered by adding it here (and encrypting with its context).
 */
export const encryptedColumns: readonly [EncryptedColumn, ...EncryptedColumn[]] = [
  {
    name: 'users.totp_secret',
    context: (id) => `users.totp_secret:${id}`,
    notUnder: totpSecretsNotUnder,
    replace: replaceTotpSecret,
  },
];
