import { isCanonicalId } from '../shapes/ids';

/**
 * Row ids are UUIDs in their canonical form (shapes/ids.ts): anything else names no row (a 404,
 * never a query PostgreSQL refuses, never a second spelling of one id).
 */
export const isUuid = isCanonicalId;
