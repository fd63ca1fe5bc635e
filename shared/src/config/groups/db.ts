import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { stackDefault } from '../local-stack';
import { integer, list } from '../variables';

export const dbConfig = defineConfigGroup({
  env: {
    DATABASE_URL: z.url().describe('postgres:// URL of the role the services connect as'),
    DATABASE_OWNER_URL: z
      .url()
      .optional()
      .describe(
        "postgres:// URL of the role that owns the schema and runs migrations (then grants the services' role what it may do: INSERT and SELECT only on the audit log); defaults to DATABASE_URL (one role: the audit log is then protected by its triggers alone)",
      ),
    DB_POOL_MAX: integer(1, 200).default(10).describe('PostgreSQL connections per api process'),
    DB_PIPELINE_MAX: integer(0, 20)
      .default(2)
      .describe(
        "PostgreSQL connections per process, besides the pool's, that the hottest short reads share, pipelined (several reads a write and a wake-up under load); opened when first used; 0: they run on the pool",
      ),
    DATABASE_REPLICA_URLS: list
      .default([])
      .describe(
        'comma-separated postgres:// URLs of streaming replicas; reads that tolerate lag go there',
      ),
    DATABASE_REPLICA_MAX_LAG_MS: integer(0)
      .default(5000)
      .describe('a replica whose replay lags further behind is skipped (the primary serves)'),
    DB_MIGRATE_ON_START: z
      .stringbool()
      .default(true)
      .describe('api applies migrations when it starts'),
    DB_SLOW_STATEMENT_MS: integer(0)
      .default(250)
      .describe(
        'a statement slower than this is logged by the service that ran it, with its normalized text and the request id (0: none; docs/observability.md)',
      ),
  },
  secrets: ['DATABASE_URL', 'DATABASE_OWNER_URL', 'DATABASE_REPLICA_URLS'],
  // Named without its value: the URLs carry passwords.
  check: (e) => [
    ...(e.DATABASE_REPLICA_URLS.every((url) =>
      /^postgres(ql)?:$/.test(URL.parse(url)?.protocol ?? ''),
    )
      ? []
      : ['DATABASE_REPLICA_URLS: expected comma-separated postgres:// URLs']),
    ...(e.DATABASE_OWNER_URL === undefined ||
    URL.parse(e.DATABASE_OWNER_URL)?.pathname === URL.parse(e.DATABASE_URL)?.pathname
      ? []
      : ['DATABASE_OWNER_URL: must name the same database as DATABASE_URL']),
  ],
  devDefaults: {
    // The local stack's two roles: the services' (insightdesk_app) and the owner of the schema
    // (insightdesk). A DATABASE_URL of your own without an owner URL is the one role for both.
    DATABASE_URL: (raw) =>
      `postgres://insightdesk_app:insightdesk_app@127.0.0.1:${stackDefault(raw, 'STACK_PG_PORT')}/insightdesk`,
    DATABASE_OWNER_URL: (raw) =>
      raw.DATABASE_URL === undefined
        ? `postgres://insightdesk:insightdesk@127.0.0.1:${stackDefault(raw, 'STACK_PG_PORT')}/insightdesk`
        : undefined,
  },
  map: (e) => ({
    url: e.DATABASE_URL,
    /** Where migrations run: the owner's role, or the services' own when there is one role. */
    ownerUrl: e.DATABASE_OWNER_URL ?? e.DATABASE_URL,
    poolMax: e.DB_POOL_MAX,
    pipelineMax: e.DB_PIPELINE_MAX,
    replicaUrls: e.DATABASE_REPLICA_URLS,
    replicaMaxLagMs: e.DATABASE_REPLICA_MAX_LAG_MS,
    migrateOnStart: e.DB_MIGRATE_ON_START,
    slowStatementMs: e.DB_SLOW_STATEMENT_MS,
  }),
});
