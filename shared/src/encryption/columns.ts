/**
 * Every column whose values are encrypted at rest, declared once: rotation walks this list, so
 * a new secret column is covered by adding it here (and encrypting with its context).
 */
export const encryptedColumns = [
  {
    table: 'users',
    column: 'totp_secret',
    /** The authenticated context: binds each value to its row. */
    context: (id: string) => `users.totp_secret:${id}`,
  },
] as const;

export type EncryptedColumn = (typeof encryptedColumns)[number];

export const contextFor = (column: EncryptedColumn, id: string) => column.context(id);
