import { ValidationError } from '../errors';
import { isUuid } from './uuid';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Keyset position: the (timestamp, id) of the last item of the previous page. */
export interface Position {
  readonly at: Date;
  readonly id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString(
    'base64url',
  );
}

const invalidCursor = () =>
  new ValidationError([{ path: 'cursor', message: 'Not a cursor returned by this list.' }]);

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    const year = date.getUTCFullYear(); // NaN for an invalid date
    // Anything PostgreSQL could not take as a uuid or timestamptz is refused here, not there.
    if (typeof id !== 'string' || !isUuid(id) || !(year >= 1 && year <= 9999))
      throw invalidCursor();
    return { at: date, id };
  } catch {
    throw invalidCursor();
  }
}

/** Cuts the one extra row a query fetched to know whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  position: (row: R) => Position,
): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { items: kept.map(map), nextCursor: more && last ? encodeCursor(position(last)) : null };
}
