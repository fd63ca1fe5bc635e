const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Row ids are UUIDs: anything else names no row (a 404, never a query PostgreSQL refuses). */
export const isUuid = (value: string) => UUID.test(value);
