// The platform's tables, one file per area; every file is re-exported here for drizzle and
// drizzle-kit. A product keeps its tables in its own schema (and migrations), beside these.
export * from './accounts';
export * from './audit';
export * from './platform';
export * from './webhooks';
