/** The PostgreSQL error (SQLSTATE `code`) postgres.js raised, possibly wrapped by drizzle. */
function violation(err: unknown, code: string, constraint?: string): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: string; constraint_name?: string };
    if (pg.code === code) return constraint === undefined || pg.constraint_name === constraint;
  }
  return false;
}

/** A unique violation (SQLSTATE 23505), of `constraint` when given. */
export const isUniqueViolation = (err: unknown, constraint?: string) =>
  violation(err, '23505', constraint);

/** A foreign key violation (SQLSTATE 23503): the referenced row is gone. */
export const isForeignKeyViolation = (err: unknown, constraint?: string) =>
  violation(err, '23503', constraint);
