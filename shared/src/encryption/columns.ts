import type { Executor } from '../db';

/** An encrypted column, with its owner's two statements that key rotation needs. */
export interface EncryptedColumn {
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
