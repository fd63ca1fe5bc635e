import { z } from 'zod';

/**
 * One spelling per id. PostgreSQL reads a UUID in any letter case as the same value, but a
 * string keys caches, storage paths, quotas, flags and budgets as written: an organization
 * reachable as `ABC…` and `abc…` would have two cache entries (and a removal that drops one),
 * two storage folders, two quotas. So an id enters the system only in its canonical form — the
 * lower-case text PostgreSQL itself answers — and any other spelling is refused where it enters:
 * 404 for a path (`enterOrg`, every owner's lookup by id), a refusal for a socket payload or a
 * job's data, 400 for a body or a query (the schemas below). Zod only: browsers share it.
 */
export const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isCanonicalId = (value: string) => CANONICAL_UUID.test(value);

/** A UUID in its canonical (lower-case) form: the schema of every id the system takes in. */
export const canonicalId = () =>
  z.stringFormat('uuid', CANONICAL_UUID, { error: 'A UUID in lower case.' }).max(36);
