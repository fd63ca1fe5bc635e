// Tables, one file per area; every file is re-exported here for drizzle and drizzle-kit.
export * from './accounts';
export * from './platform';
export * from './tickets';
