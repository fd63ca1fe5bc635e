import { z } from 'zod';
import { type FeatureCatalog, type FeatureFlag, platformFeatures } from '../features/catalog';
import { parseNetwork } from '../net/address';
import { isClusterUrl } from '../valkey/url';
import { parseSchedule } from '../webhooks/schedule';
import { defineConfigGroup } from './define';
import { isStrictEnvironment } from './load';

/**
 * Every config group of the platform, declared once. Services pick the groups they need:
 * `loadConfig({ app: appConfig, db: dbConfig })`; a product declares its own groups in its
 * catalogue (`defineProduct({ config })`). `.env.example` and the configuration table document
 * the variables of both layers (tests keep them in sync).
 */

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().min(0);
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/**
 * The local stack's ports (`./stack`, tools/stack/config.ts declares their variables): the
 * development defaults below derive from them.
 */
export const LOCAL_STACK_PORTS = {
  HTTPS_PORT: 8443,
  HTTP_PORT: 8080,
  STACK_PG_PORT: 25432,
  STACK_VALKEY_PORT: 26379,
  STACK_SMTP_PORT: 2525,
  STACK_INBOUND_PORT: 2526,
  STACK_PORT_BASE: 13100,
} as const;

const stackDefault = (
  raw: Record<string, string | undefined>,
  key: keyof typeof LOCAL_STACK_PORTS,
) => raw[key] ?? String(LOCAL_STACK_PORTS[key]);

export const appConfig = defineConfigGroup({
  env: {
    NODE_ENV: z
      .enum(['development', 'test', 'staging', 'production'])
      .default('development')
      .describe(
        'staging is treated like production: no development defaults, development secrets refused',
      ),
    INSTANCE_ID: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('defaults to <service>-<hostname>-<pid> (unique per container)'),
    PUBLIC_URL: z.url().describe('public base URL, used in links (emails)'),
    SECRET_FILES_READABLE_BY_OTHERS: z
      .stringbool()
      .default(false)
      .describe(
        'production and staging: read <NAME>_FILE secrets that others may read too (by default such a file is refused: chmod o-r it)',
      ),
  },
  devDefaults: {
    PUBLIC_URL: (raw) => `https://localhost:${stackDefault(raw, 'HTTPS_PORT')}`,
  },
  map: (e) => ({
    env: e.NODE_ENV,
    /** Production or staging: no development defaults, no development secrets. */
    isStrict: isStrictEnvironment(e.NODE_ENV),
    instanceId: e.INSTANCE_ID,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
  }),
});

export const logConfig = defineConfigGroup({
  env: {
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('least severe level logged'),
    LOG_FORMAT: z
      .enum(['json', 'pretty'])
      .default('json')
      .describe('pretty by default outside production'),
  },
  devDefaults: { LOG_FORMAT: 'pretty' },
  map: (e) => ({ level: e.LOG_LEVEL, format: e.LOG_FORMAT }),
});

export const httpConfig = defineConfigGroup({
  env: {
    HOST: z.string().min(1).default('0.0.0.0').describe("the service's own listener address"),
    PORT: port.default(3000).describe("the service's own listener port"),
    CORS_ORIGINS: list.describe('comma-separated origins allowed by CORS'),
    BODY_LIMIT_BYTES: positiveInt
      .default(1024 * 1024)
      .describe('JSON request bodies larger than this get 413 (nginx and service)'),
    UPLOAD_LIMIT_BYTES: positiveInt
      .default(25 * 1024 * 1024)
      .describe('uploaded files larger than this get 413 (nginx and service)'),
    CLIENT_IP_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .default('X-Real-IP')
      .describe(
        'header the proxy in front overwrites with the client address (nginx: X-Real-IP, Fly.io: Fly-Client-IP); none = the peer address',
      ),
  },
  devDefaults: {
    CORS_ORIGINS: (raw) => `https://localhost:${stackDefault(raw, 'HTTPS_PORT')}`,
  },
  map: (e) => ({
    host: e.HOST,
    port: e.PORT,
    corsOrigins: e.CORS_ORIGINS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    clientIpHeader:
      e.CLIENT_IP_HEADER.toLowerCase() === 'none' ? undefined : e.CLIENT_IP_HEADER.toLowerCase(),
  }),
});

export const lifecycleConfig = defineConfigGroup({
  env: {
    SHUTDOWN_TIMEOUT_MS: positiveInt
      .default(20_000)
      .describe('graceful shutdown deadline; past it the process exits with code 1'),
    SHUTDOWN_DRAIN_DELAY_MS: positiveInt
      .default(0)
      .describe('time between readiness turning 503 and closing listeners (probe period)'),
  },
  map: (e) => ({ timeoutMs: e.SHUTDOWN_TIMEOUT_MS, drainDelayMs: e.SHUTDOWN_DRAIN_DELAY_MS }),
});

export const dbConfig = defineConfigGroup({
  env: {
    DATABASE_URL: z.url().describe('postgres:// URL of the role the services connect as'),
    DATABASE_OWNER_URL: z
      .url()
      .optional()
      .describe(
        "postgres:// URL of the role that owns the schema and runs migrations (then grants the services' role what it may do: INSERT and SELECT only on the audit log); defaults to DATABASE_URL (one role: the audit log is then protected by its triggers alone)",
      ),
    DB_POOL_MAX: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .default(10)
      .describe('PostgreSQL connections per api process'),
    DB_PIPELINE_MAX: z.coerce
      .number()
      .int()
      .min(0)
      .max(20)
      .default(2)
      .describe(
        "PostgreSQL connections per process, besides the pool's, that the hottest short reads share, pipelined (several reads a write and a wake-up under load); opened when first used; 0: they run on the pool",
      ),
    DATABASE_REPLICA_URLS: list
      .default([])
      .describe(
        'comma-separated postgres:// URLs of streaming replicas; reads that tolerate lag go there',
      ),
    DATABASE_REPLICA_MAX_LAG_MS: positiveInt
      .default(5000)
      .describe('a replica whose replay lags further behind is skipped (the primary serves)'),
    DB_MIGRATE_ON_START: z
      .stringbool()
      .default(true)
      .describe('api applies migrations when it starts'),
    DB_SLOW_STATEMENT_MS: z.coerce
      .number()
      .int()
      .min(0)
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

/**
 * Valkey by store. The queue store holds what must not be lost (run it with noeviction and AOF):
 * BullMQ's queues, the organizations' event streams, presence, the Socket.IO adapter's pub/sub,
 * the ws session registry and the session-ended channel. The cache store holds what may be
 * evicted: the cache and its invalidations, rate-limit and login-throttle counters, heartbeats.
 */
export const valkeyConfig = defineConfigGroup({
  env: {
    VALKEY_URL: z
      .url()
      .describe(
        'redis:// or rediss:// URL of Valkey (or Redis >= 7); redis+cluster://host:port?nodes=host:port,… for a cluster',
      ),
    VALKEY_QUEUE_URL: z
      .url()
      .optional()
      .describe(
        'Valkey for queues, event streams, presence, pub/sub (noeviction, AOF); defaults to VALKEY_URL',
      ),
    VALKEY_CACHE_URL: z
      .url()
      .optional()
      .describe(
        'Valkey for the cache and rate-limit counters (may evict, e.g. allkeys-lru); defaults to VALKEY_URL',
      ),
    VALKEY_WAIT_REPLICAS: z.coerce
      .number()
      .int()
      .min(0)
      .max(5)
      .optional()
      .describe(
        'replicas the outbox relay waits for (WAIT) before marking rows relayed, so a failover cannot lose their jobs and stream entries; default 1 when VALKEY_QUEUE_URL is a cluster, else 0 (off)',
      ),
    VALKEY_WAIT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(1500)
      .default(1000)
      .describe(
        'how long the relay waits for those replicas; past it the rows stay unrelayed and are tried again',
      ),
  },
  secrets: ['VALKEY_URL', 'VALKEY_QUEUE_URL', 'VALKEY_CACHE_URL'],
  devDefaults: {
    VALKEY_URL: (raw) => `redis://127.0.0.1:${stackDefault(raw, 'STACK_VALKEY_PORT')}`,
  },
  map: (e) => ({
    url: e.VALKEY_URL,
    queueUrl: e.VALKEY_QUEUE_URL ?? e.VALKEY_URL,
    cacheUrl: e.VALKEY_CACHE_URL ?? e.VALKEY_URL,
    waitReplicas:
      e.VALKEY_WAIT_REPLICAS ?? (isClusterUrl(e.VALKEY_QUEUE_URL ?? e.VALKEY_URL) ? 1 : 0),
    waitTimeoutMs: e.VALKEY_WAIT_TIMEOUT_MS,
  }),
});

export const monitoringConfig = defineConfigGroup({
  env: {
    SENTRY_DSN: z.url().optional().describe('enables Sentry when set'),
    SENTRY_TRACES_SAMPLE_RATE: z.coerce
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("share of requests Sentry's own performance tracing keeps"),
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url()
      .optional()
      .describe(
        'OTLP/HTTP collector base URL (spans go to <url>/v1/traces); tracing is off when unset',
      ),
    OTEL_TRACES_SAMPLER_ARG: z.coerce
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe('share of traces kept, decided once at the edge and followed by every hop'),
  },
  secrets: ['SENTRY_DSN'],
  map: (e) => ({
    sentryDsn: e.SENTRY_DSN,
    tracesSampleRate: e.SENTRY_TRACES_SAMPLE_RATE,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    traceRatio: e.OTEL_TRACES_SAMPLER_ARG,
  }),
});

/**
 * A key ring, `kid:value[,kid:value…]`: the first key is the one in use, every key is accepted
 * (rotate by prepending a new one). `value` turns the text after the colon into the key.
 */
const keyRing = <K>(
  value: (kid: string, text: string) => K & { kid: string },
  valid: (key: K) => boolean,
  expected: string,
) =>
  z.string().transform((s, ctx) => {
    const keys = s
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const i = pair.indexOf(':');
        return value(pair.slice(0, i), pair.slice(i + 1));
      });
    if (keys.length === 0 || keys.some((k) => !/^[A-Za-z0-9_-]{1,32}$/.test(k.kid) || !valid(k))) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
      return z.NEVER;
    }
    return keys;
  });

const signingKeys = keyRing(
  (kid, secret) => ({ kid, secret }),
  (k) => k.secret.length >= 32,
  'kid:secret pairs (kid 1-32 of [A-Za-z0-9_-], secret >= 32 characters)',
);

export const authConfig = defineConfigGroup({
  env: {
    JWT_KEYS: signingKeys.describe(
      'access-token signing keys, kid:secret[,kid:secret…]; the first signs, all verify',
    ),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(86_400)
      .default(900)
      .describe('lifetime of an access token'),
    REFRESH_TOKEN_TTL_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe('a session unused for this long ends (its refresh token expires)'),
    SESSION_MAX_AGE_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe('a session ends this long after its login, however often it is refreshed'),
    INVITATION_SECRET: z
      .string()
      .min(32)
      .describe(
        'HMAC key from which the tokens of mailed links are derived: invitations, email verification, password reset (>= 32 characters)',
      ),
    INVITATION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(168)
      .describe('lifetime of an invitation link'),
    PASSWORD_MEMORY_KIB: z.coerce
      .number()
      .int()
      .min(8192)
      .default(19_456)
      .describe('argon2id memory cost (OWASP: 19 MiB with 2 iterations)'),
    PASSWORD_TIME_COST: z.coerce
      .number()
      .int()
      .min(1)
      .max(10)
      .default(2)
      .describe('argon2id iterations'),
  },
  secrets: ['JWT_KEYS', 'INVITATION_SECRET'],
  devDefaults: {
    JWT_KEYS: 'dev-1:insightdesk-development-signing-key-not-for-production',
    INVITATION_SECRET: 'insightdesk-development-invitation-secret-not-for-production',
  },
  map: (e) => ({
    signingKeys: e.JWT_KEYS,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    sessionMaxAgeDays: e.SESSION_MAX_AGE_DAYS,
    invitationSecret: e.INVITATION_SECRET,
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    password: { memoryCost: e.PASSWORD_MEMORY_KIB, timeCost: e.PASSWORD_TIME_COST },
  }),
});

/** 32-byte keys in base64; the first encrypts, all decrypt. */
const encryptionKeys = keyRing(
  (kid, text) => ({ kid, key: new Uint8Array(Buffer.from(text, 'base64')) }),
  (k) => k.key.length === 32,
  'kid:base64key pairs (kid 1-32 of [A-Za-z0-9_-], a 32-byte key in base64)',
);

export const encryptionConfig = defineConfigGroup({
  env: {
    ENCRYPTION_KEYS: encryptionKeys.describe(
      'keys for secrets stored in the database (AES-256-GCM), kid:base64key[,kid:base64key…]; the first encrypts, all decrypt; `bun run encryption:rotate` re-encrypts under the first (make one: openssl rand -base64 32)',
    ),
  },
  secrets: ['ENCRYPTION_KEYS'],
  devDefaults: { ENCRYPTION_KEYS: 'dev-1:aW5zaWdodGRlc2stZGV2ZWxvcG1lbnQta2V5LW9ubHk=' },
  map: (e) => ({ keys: e.ENCRYPTION_KEYS }),
});

/**
 * Request budgets and tenant quotas (each answers 429 with Retry-After when spent). Per-address
 * and per-user budgets are generous outside production because
 * every local client (tests, benchmarks) shares 127.0.0.1 and a few accounts; the per-account
 * login and second-factor budgets are the same everywhere.
 */
export const rateLimitConfig = defineConfigGroup({
  env: {
    RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_ADDRESS: z.coerce
      .number()
      .int()
      .min(1)
      .default(5)
      .describe(
        'failed logins of one account from one client address per 15 minutes (then 429 for that pair)',
      ),
    RATE_LIMIT_LOGIN_PER_ACCOUNT: z.coerce
      .number()
      .int()
      .min(1)
      .default(50)
      .describe(
        'failed logins of one account from all addresses per 15 minutes; past it only addresses and devices that logged in before, or have not failed, may try',
      ),
    RATE_LIMIT_LOGIN_PER_IP: z.coerce
      .number()
      .int()
      .min(1)
      .default(50)
      .describe('login attempts per client address per 15 minutes'),
    RATE_LIMIT_REGISTER_PER_IP: z.coerce
      .number()
      .int()
      .min(1)
      .default(20)
      .describe('registrations and invitation accepts per client address per hour'),
    RATE_LIMIT_USER_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1)
      .default(3000)
      .describe('authenticated API requests per user per minute'),
    RATE_LIMIT_LOGIN_NEW_ADDRESSES_PER_ACCOUNT: z.coerce
      .number()
      .int()
      .min(1)
      .default(20)
      .describe(
        'past RATE_LIMIT_LOGIN_PER_ACCOUNT, guesses from addresses that have not failed yet, per account per hour (known addresses and devices are not counted)',
      ),
    RATE_LIMIT_2FA_PER_CHALLENGE: z.coerce
      .number()
      .int()
      .min(1)
      .default(3)
      .describe(
        'codes one login challenge takes; then it is dead (sign in with the password again)',
      ),
    RATE_LIMIT_2FA_PER_USER_AND_ADDRESS: z.coerce
      .number()
      .int()
      .min(1)
      .default(3)
      .describe(
        'second-factor codes of one account from one client address (IPv6: /64) per 15 minutes',
      ),
    RATE_LIMIT_2FA_PER_USER: z.coerce
      .number()
      .int()
      .min(1)
      .default(30)
      .describe(
        'second-factor codes of one account from all addresses per hour; past it only devices and addresses that completed a sign-in of the account may try',
      ),
    RATE_LIMIT_CREDENTIAL_CHECKS_PER_SESSION: z.coerce
      .number()
      .int()
      .min(1)
      .default(10)
      .describe(
        're-authentication checks of one signed-in session per 15 minutes: current password, two-factor codes',
      ),
    RATE_LIMIT_ACCOUNT_EMAILS_PER_HOUR: z.coerce
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('verification and password-reset emails per account per hour'),
    QUOTA_ORGS_PER_USER_PER_DAY: z.coerce
      .number()
      .int()
      .min(1)
      .default(10)
      .describe('organizations one user may create per day'),
    QUOTA_ORGS_PER_ADDRESS_PER_DAY: z.coerce
      .number()
      .int()
      .min(1)
      .default(30)
      .describe(
        'organizations created from one client address (IPv6: /64) per day, registrations included',
      ),
    QUOTA_INVITATIONS_PER_ORG_PER_DAY: z.coerce
      .number()
      .int()
      .min(1)
      .default(300)
      .describe('invitations one organization may send per day'),
    QUOTA_INVITATIONS_PER_INVITER_PER_DAY: z.coerce
      .number()
      .int()
      .min(1)
      .default(100)
      .describe('invitations one member may send per day (across organizations)'),
  },
  devDefaults: {
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    RATE_LIMIT_REGISTER_PER_IP: '100000',
    QUOTA_ORGS_PER_ADDRESS_PER_DAY: '100000',
    // Benchmarks drive thousands of requests per second through a hundred users.
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
  },
  map: (e) => ({
    loginPerAccountAndAddress: e.RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_ADDRESS,
    loginPerAccount: e.RATE_LIMIT_LOGIN_PER_ACCOUNT,
    loginPerIp: e.RATE_LIMIT_LOGIN_PER_IP,
    registerPerIp: e.RATE_LIMIT_REGISTER_PER_IP,
    userPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
    loginNewAddressesPerAccount: e.RATE_LIMIT_LOGIN_NEW_ADDRESSES_PER_ACCOUNT,
    secondFactorPerChallenge: e.RATE_LIMIT_2FA_PER_CHALLENGE,
    secondFactorPerUserAndAddress: e.RATE_LIMIT_2FA_PER_USER_AND_ADDRESS,
    secondFactorPerUser: e.RATE_LIMIT_2FA_PER_USER,
    credentialChecksPerSession: e.RATE_LIMIT_CREDENTIAL_CHECKS_PER_SESSION,
    accountEmailsPerHour: e.RATE_LIMIT_ACCOUNT_EMAILS_PER_HOUR,
    orgsPerUserPerDay: e.QUOTA_ORGS_PER_USER_PER_DAY,
    orgsPerAddressPerDay: e.QUOTA_ORGS_PER_ADDRESS_PER_DAY,
    invitationsPerOrgPerDay: e.QUOTA_INVITATIONS_PER_ORG_PER_DAY,
    invitationsPerInviterPerDay: e.QUOTA_INVITATIONS_PER_INVITER_PER_DAY,
  }),
});

export const realtimeConfig = defineConfigGroup({
  env: {
    EVENT_STREAM_MAX_LENGTH: z.coerce
      .number()
      .int()
      .min(100)
      .default(10_000)
      .describe('events kept per organization for catch-up (older `since` gets resync: true)'),
    EVENT_STREAM_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(65_536)
      .default(4 * 1024 * 1024)
      .describe('bytes of events kept per organization (the oldest go first, like the count)'),
    EVENT_STREAM_IDLE_DAYS: z.coerce
      .number()
      .min(0.001)
      .default(7)
      .describe(
        'an organization with no event for this long loses its event stream (a client resuming after it gets resync: true)',
      ),
    WS_CONNECTIONS_PER_IP: z.coerce
      .number()
      .int()
      .min(1)
      .default(60)
      .describe('Socket.IO handshakes per client address per 10 seconds'),
    WS_SOCKETS_PER_USER: z.coerce
      .number()
      .int()
      .min(1)
      .default(30)
      .describe(
        'open sockets per user, across every ws instance (more: connect_error rate_limited)',
      ),
    WS_MAX_PACKET_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1_000_000)
      .default(16_384)
      .describe('largest WebSocket message or polling request body; larger closes the connection'),
    WS_EVENTS_PER_SECOND: z.coerce
      .number()
      .min(0.1)
      .default(10)
      .describe('client events a socket may send per second, on average (token bucket refill)'),
    WS_EVENT_BURST: z.coerce
      .number()
      .int()
      .min(1)
      .default(40)
      .describe('client events a socket may send at once (token bucket size)'),
    WS_SUBSCRIPTIONS_PER_SOCKET: z.coerce
      .number()
      .int()
      .min(1)
      .default(20)
      .describe('organizations one socket may subscribe to at once'),
    WS_REPLAYS_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1)
      .default(30)
      .describe('subscribes with `since` (each replays up to 5,000 events) per socket per minute'),
    WS_REFUSALS_BEFORE_DISCONNECT: z.coerce
      .number()
      .int()
      .min(1)
      .default(100)
      .describe('a socket refused this many events (rate_limited) within 10 s is disconnected'),
    WS_NATIVE_PUBLISH: z
      .stringbool()
      .default(true)
      .describe(
        "a live event for every staff subscriber of an organization on an instance, all on WebSocket, is written by Bun's publish (no Socket.IO JavaScript per socket); false: always through Socket.IO's broadcast",
      ),
    PRESENCE_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(5)
      .max(300)
      .default(20)
      .describe(
        'a viewer (or an open socket, for WS_SOCKETS_PER_USER) whose instance stops refreshing it disappears after this long',
      ),
  },
  devDefaults: { WS_CONNECTIONS_PER_IP: '1000' },
  map: (e) => ({
    streamMaxLength: e.EVENT_STREAM_MAX_LENGTH,
    streamMaxBytes: e.EVENT_STREAM_MAX_BYTES,
    streamIdleSeconds: Math.round(e.EVENT_STREAM_IDLE_DAYS * 86_400),
    connectionsPerIp: e.WS_CONNECTIONS_PER_IP,
    socketsPerUser: e.WS_SOCKETS_PER_USER,
    maxPacketBytes: e.WS_MAX_PACKET_BYTES,
    eventsPerSecond: e.WS_EVENTS_PER_SECOND,
    eventBurst: e.WS_EVENT_BURST,
    subscriptionsPerSocket: e.WS_SUBSCRIPTIONS_PER_SOCKET,
    replaysPerMinute: e.WS_REPLAYS_PER_MINUTE,
    refusalsBeforeDisconnect: e.WS_REFUSALS_BEFORE_DISCONNECT,
    nativePublish: e.WS_NATIVE_PUBLISH,
    presenceTtlSeconds: e.PRESENCE_TTL_SECONDS,
  }),
});

/**
 * How a Socket.IO long-polling session reaches the one ws instance that holds it, whatever the
 * client sends (see README, Real-time). Unset: decided by the platform the process runs on.
 */
export const wsRoutingConfig = defineConfigGroup({
  env: {
    WS_SESSION_AFFINITY: z
      .enum(['proxy', 'fly-replay', 'websocket-only'])
      .optional()
      .describe(
        'proxy: the proxy in front keeps a session on its instance (nginx, ingress-nginx; or one instance); fly-replay: a misrouted request is replayed to its Machine; websocket-only: polling is refused. Unset: fly-replay on Fly.io, websocket-only on Railway, else proxy',
      ),
    FLY_MACHINE_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional()
      .describe("set by Fly.io on each Machine: where fly-replay sends a session's requests"),
    RAILWAY_SERVICE_ID: z
      .string()
      .min(1)
      .optional()
      .describe('set by Railway on each service: it has neither sticky sessions nor replay'),
  },
  check: (e) =>
    e.WS_SESSION_AFFINITY === 'fly-replay' && !e.FLY_MACHINE_ID
      ? ['WS_SESSION_AFFINITY=fly-replay needs FLY_MACHINE_ID (Fly.io sets it on each Machine)']
      : [],
  map: (e) => ({
    affinity:
      e.WS_SESSION_AFFINITY ??
      (e.FLY_MACHINE_ID ? 'fly-replay' : e.RAILWAY_SERVICE_ID ? 'websocket-only' : 'proxy'),
    machineId: e.FLY_MACHINE_ID,
  }),
});

export const mailConfig = defineConfigGroup({
  env: {
    SMTP_URL: z
      .url()
      .describe(
        'smtp:// or smtps:// URL with credentials (local stack: the catcher); credentials to another machine go only over TLS (smtps, or STARTTLS, required)',
      ),
    MAIL_FROM: z
      .string()
      .min(3)
      .default('InsightDesk <no-reply@insightdesk.local>')
      .describe('sender of every email'),
    MAIL_CLAIM_LEASE_SECONDS: z.coerce
      .number()
      .int()
      .min(4)
      .max(3600)
      .default(30)
      .describe(
        'how long one attempt holds an email it is sending; sends are cut off at half of it, and an attempt that died is taken over after it',
      ),
  },
  secrets: ['SMTP_URL'],
  devDefaults: {
    SMTP_URL: (raw) => `smtp://127.0.0.1:${stackDefault(raw, 'STACK_SMTP_PORT')}`,
  },
  map: (e) => ({
    smtpUrl: e.SMTP_URL,
    from: e.MAIL_FROM,
    leaseSeconds: e.MAIL_CLAIM_LEASE_SECONDS,
  }),
});

/**
 * The SMTP ingress (services/inbound): what it enforces before a product sees a mail. The
 * product decides which recipients exist and records what is accepted.
 */
export const smtpIngressConfig = defineConfigGroup({
  env: {
    SMTP_INGRESS_HOST: z.string().min(1).default('0.0.0.0').describe('SMTP ingress listen address'),
    SMTP_INGRESS_PORT: z.coerce
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(2525)
      .describe(
        'SMTP ingress port (MX or a relay points here, 25 on the Internet; local stack: STACK_INBOUND_PORT)',
      ),
    SMTP_INGRESS_HOSTNAME: z
      .string()
      .min(1)
      .default('localhost')
      .describe('the name the ingress greets with (the MX host name)'),
    SMTP_INGRESS_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024)
      .describe('SIZE announced in EHLO and enforced while the message streams in (552 above it)'),
    SMTP_INGRESS_MAX_RECIPIENTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(20)
      .describe('recipients of one mail (452 above it)'),
    SMTP_INGRESS_MAX_CONNECTIONS_PER_ADDRESS: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(10)
      .describe('concurrent SMTP connections from one client address (421 above it)'),
    SMTP_INGRESS_MAX_CONNECTIONS: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe('open SMTP connections in all (421 above it)'),
    SMTP_INGRESS_SOCKET_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .default(60_000)
      .describe('an idle SMTP connection is closed after this long'),
    SMTP_INGRESS_TLS_CERT: z
      .string()
      .optional()
      .describe('PEM certificate (chain) file for STARTTLS; unset: no STARTTLS offered'),
    SMTP_INGRESS_TLS_KEY: z.string().optional().describe('its private key file'),
  },
  devDefaults: {
    SMTP_INGRESS_PORT: (raw) => stackDefault(raw, 'STACK_INBOUND_PORT'),
  },
  map: (e) => ({
    host: e.SMTP_INGRESS_HOST,
    port: e.SMTP_INGRESS_PORT,
    hostname: e.SMTP_INGRESS_HOSTNAME,
    maxBytes: e.SMTP_INGRESS_MAX_BYTES,
    maxRecipients: e.SMTP_INGRESS_MAX_RECIPIENTS,
    maxConnectionsPerAddress: e.SMTP_INGRESS_MAX_CONNECTIONS_PER_ADDRESS,
    maxConnections: e.SMTP_INGRESS_MAX_CONNECTIONS,
    socketTimeoutMs: e.SMTP_INGRESS_SOCKET_TIMEOUT_MS,
    tls:
      e.SMTP_INGRESS_TLS_CERT && e.SMTP_INGRESS_TLS_KEY
        ? { certFile: e.SMTP_INGRESS_TLS_CERT, keyFile: e.SMTP_INGRESS_TLS_KEY }
        : null,
  }),
});

export const storageConfig = defineConfigGroup({
  env: {
    STORAGE_DRIVER: z
      .enum(['local', 's3', 'azure', 'cloudinary'])
      .default('local')
      .describe('where stored files go: local, s3, azure or cloudinary'),
    STORAGE_DIR: z
      .string()
      .min(1)
      .describe(
        'local driver: where files are kept; every driver: scratch files in its tmp/ (uploads, exports)',
      ),
    FILE_SIGNING_SECRET: z
      .string()
      .min(32)
      .describe('local driver: HMAC key of the expiring file URLs (>= 32 characters)'),
    FILE_URL_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(86_400)
      .default(300)
      .describe('lifetime of a signed file URL'),
    CLOUDINARY_URL: z
      .string()
      .regex(/^cloudinary:\/\/[^:]+:[^@]+@.+$/)
      .optional()
      .describe('cloudinary driver: cloudinary://<key>:<secret>@<cloud>'),
    S3_BUCKET: z.string().min(3).max(63).optional().describe('s3 driver: the bucket'),
    S3_REGION: z.string().min(1).default('us-east-1').describe('s3 driver: the region'),
    S3_ENDPOINT: z
      .url()
      .optional()
      .describe('s3 driver: an S3-compatible endpoint (R2, MinIO…); unset for AWS'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional().describe('s3 driver: access key id'),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('s3 driver: secret access key'),
    AZURE_STORAGE_ACCOUNT: z
      .string()
      .regex(/^[a-z0-9]{3,24}$/)
      .optional()
      .describe('azure driver: the storage account'),
    AZURE_STORAGE_KEY: z
      .string()
      .min(1)
      .optional()
      .describe("azure driver: the account's access key (base64); it signs the SAS links"),
    AZURE_STORAGE_CONTAINER: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/)
      .optional()
      .describe('azure driver: the blob container (private)'),
    AZURE_STORAGE_ENDPOINT: z
      .url()
      .optional()
      .describe(
        'azure driver: the Blob service URL; unset: https://<account>.blob.core.windows.net (Azurite: http://127.0.0.1:10000/<account>)',
      ),
  },
  secrets: ['FILE_SIGNING_SECRET', 'CLOUDINARY_URL', 'S3_SECRET_ACCESS_KEY', 'AZURE_STORAGE_KEY'],
  devDefaults: {
    STORAGE_DIR: '.data/storage',
    FILE_SIGNING_SECRET: 'insightdesk-development-file-signing-key-not-for-production',
  },
  check: (e) => [
    ...(e.STORAGE_DRIVER === 'cloudinary' && !e.CLOUDINARY_URL
      ? ['CLOUDINARY_URL: required when STORAGE_DRIVER=cloudinary']
      : []),
    ...(e.STORAGE_DRIVER === 's3'
      ? (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
          .filter((k) => !e[k])
          .map((k) => `${k}: required when STORAGE_DRIVER=s3`)
      : []),
    ...(e.STORAGE_DRIVER === 'azure'
      ? (['AZURE_STORAGE_ACCOUNT', 'AZURE_STORAGE_KEY', 'AZURE_STORAGE_CONTAINER'] as const)
          .filter((k) => !e[k])
          .map((k) => `${k}: required when STORAGE_DRIVER=azure`)
      : []),
  ],
  map: (e) => ({
    driver: e.STORAGE_DRIVER,
    dir: e.STORAGE_DIR,
    signingSecret: e.FILE_SIGNING_SECRET,
    urlTtlSeconds: e.FILE_URL_TTL_SECONDS,
    cloudinaryUrl: e.CLOUDINARY_URL,
    s3:
      e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? {
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          }
        : undefined,
    azure:
      e.AZURE_STORAGE_ACCOUNT && e.AZURE_STORAGE_KEY && e.AZURE_STORAGE_CONTAINER
        ? {
            account: e.AZURE_STORAGE_ACCOUNT,
            accountKey: e.AZURE_STORAGE_KEY,
            container: e.AZURE_STORAGE_CONTAINER,
            ...(e.AZURE_STORAGE_ENDPOINT ? { endpoint: e.AZURE_STORAGE_ENDPOINT } : {}),
          }
        : undefined,
  }),
});

export const workerConfig = defineConfigGroup({
  env: {
    WORKER_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(20)
      .describe('jobs at once per queue'),
    QUEUE_LOCK_MS: z.coerce
      .number()
      .int()
      .min(2000)
      .default(10_000)
      .describe('job lock; a job whose worker died runs again after about lock + stalled check'),
    QUEUE_STALLED_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(5000)
      .describe('how often a worker looks for jobs whose worker died'),
    WATCHDOG_STALL_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .default(120)
      .describe('exit (to be restarted) when jobs wait and none was consumed for this long'),
  },
  map: (e) => ({
    concurrency: e.WORKER_CONCURRENCY,
    lockMs: e.QUEUE_LOCK_MS,
    stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
    watchdogStallSeconds: e.WATCHDOG_STALL_SECONDS,
  }),
});

export const auditConfig = defineConfigGroup({
  env: {
    AUDIT_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(0)
      .describe(
        'audit-log entries older than this are dropped by the maintenance purge (each chain keeps an anchor, so it still verifies); 0 keeps them forever. Written into the database by the migrations (`migrate`, as the owner): the services cannot change it',
      ),
  },
  map: (e) => ({ retentionDays: e.AUDIT_RETENTION_DAYS }),
});

export const platformConfig = defineConfigGroup({
  env: {
    PLATFORM_ADMINS: list
      .default([])
      .describe(
        'comma-separated user ids of the platform operators (queue dashboard), not org admins; emails also outside production',
      ),
  },
  devDefaults: { PLATFORM_ADMINS: 'operator@insightdesk.local' },
  // Emails are not verified: anyone could register an operator's address before they do.
  check: (e, { strict }) =>
    strict && e.PLATFORM_ADMINS.some((entry) => !z.uuid().safeParse(entry).success)
      ? ['PLATFORM_ADMINS: list user ids outside development and test (emails are not verified)']
      : [],
  map: (e) => ({ admins: e.PLATFORM_ADMINS.map((x) => x.toLowerCase()) }),
});

/** Outbound webhooks (shared/src/webhooks): delivery, retries, the SSRF guard, the log. */
export const webhookConfig = defineConfigGroup({
  env: {
    WEBHOOK_ALLOWED_NETWORKS: list
      .default([])
      .refine((l) => l.every((n) => parseNetwork(n) !== null), 'a list of CIDR networks')
      .describe(
        'comma-separated networks (CIDR) webhooks may reach although private or loopback (self-hosted receivers), on any port; empty: none',
      ),
    WEBHOOK_ALLOWED_PORTS: list
      .default([])
      .refine((l) => l.every((p) => port.safeParse(p).success), 'a list of ports')
      .describe('ports webhooks may use besides 80 and 443, comma-separated'),
    WEBHOOK_RETRY_SCHEDULE: z
      .string()
      .default('5s,5m,30m,2h,5h,10h,10h')
      .refine((s) => parseSchedule(s) !== null, 'durations like 5s,5m,2h, comma-separated')
      .describe(
        'delays before each retry of a failed delivery (±10% jitter, never before Retry-After); the delivery fails after the last',
      ),
    WEBHOOK_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .max(15_000)
      .default(15_000)
      .describe('how long one attempt may take, answer included'),
    WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(4)
      .describe(
        'attempts at once to one endpoint (the rest wait: one slow endpoint cannot hold the queue)',
      ),
    WEBHOOK_SECRET_GRACE_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 7)
      .default(24)
      .describe(
        'after a secret rotation, how long the old secret still signs (beside the new one)',
      ),
    WEBHOOK_DISABLE_AFTER_DAYS: z.coerce
      .number()
      .min(0.001)
      .max(90)
      .default(5)
      .describe('an endpoint failing this long with no success is disabled and its admins told'),
    WEBHOOK_LOG_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe('how long deliveries and their attempts are kept (the maintenance purge)'),
    WEBHOOK_HOSTS_FILE: z
      .string()
      .optional()
      .describe(
        'development and tests only: a JSON file of host names and their addresses ({"name": ["127.0.0.2"]}) answered before the system resolver; the addresses are vetted like any other',
      ),
  },
  // The local stack and its tests: a receiver on 127.0.0.2 (loopback itself stays refused),
  // retries in seconds, and host names the tests give addresses to (a receiver's TLS name).
  devDefaults: {
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.2/32',
    WEBHOOK_RETRY_SCHEDULE: '1s,2s,2s,2s,2s,2s,2s',
    WEBHOOK_HOSTS_FILE: () => '.data/webhook-hosts.json',
  },
  map: (e) => ({
    allowedNetworks: e.WEBHOOK_ALLOWED_NETWORKS,
    allowedPorts: e.WEBHOOK_ALLOWED_PORTS.map(Number),
    retrySchedule: parseSchedule(e.WEBHOOK_RETRY_SCHEDULE) as number[],
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    endpointConcurrency: e.WEBHOOK_ENDPOINT_CONCURRENCY,
    secretGraceSeconds: Math.round(e.WEBHOOK_SECRET_GRACE_HOURS * 3600),
    disableAfterMs: Math.round(e.WEBHOOK_DISABLE_AFTER_DAYS * 86_400_000),
    logRetentionDays: e.WEBHOOK_LOG_RETENTION_DAYS,
    hostsFile: e.WEBHOOK_HOSTS_FILE,
  }),
});

/**
 * Defaults of the feature flags: one variable per flag, declared with the flag. Each service
 * loads the group of its deployment's flags (`featuresConfig(deploymentCatalog(…).features)`).
 */
export const featuresConfig = <C extends FeatureCatalog>(flags: C) =>
  defineConfigGroup({
    env: Object.fromEntries(
      Object.values(flags).map((f) => [
        f.env,
        z.stringbool().default(f.default).describe(f.description),
      ]),
    ),
    map: (e) =>
      Object.fromEntries(
        Object.entries(flags).map(([flag, declared]) => [flag, e[declared.env] as boolean]),
      ) as Record<FeatureFlag<C>, boolean>,
  });

/** A deployment-wide OpenID provider (e.g. one Google client for every organization). */
const deploymentProvider = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,31}$/)
    .describe('in the sign-in URL: /api/v1/auth/oidc/<name>/start'),
  issuer: z.url(),
  clientId: z.string().min(1).max(512),
  clientSecret: z.string().min(1).max(2048),
  /** Email domains it vouches for; `*`: any (only for a provider authoritative for its addresses). */
  vouchedDomains: z.array(z.string().min(1).max(253)).max(100).default([]),
});

/** Sign-in with OpenID Connect (the `oauth` feature flag; see docs/sso.md). */
export const oidcConfig = defineConfigGroup({
  env: {
    OIDC_PROVIDERS: z
      .string()
      .default('[]')
      .transform((text, ctx) => {
        try {
          return text.trim() === '' ? [] : (JSON.parse(text) as unknown);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'not JSON' });
          return z.NEVER;
        }
      })
      .pipe(z.array(deploymentProvider).max(20))
      .describe(
        'deployment-wide OpenID providers, a JSON array of {name, issuer, clientId, clientSecret, vouchedDomains} (organizations configure their own through the API)',
      ),
    OIDC_APP_CALLBACK_URL: z
      .url()
      .optional()
      .describe(
        'where the browser lands after an OpenID sign-in, with #code=<one-time code> to exchange at POST /api/v1/auth/oidc/exchange (default: PUBLIC_URL/sso/callback)',
      ),
    OIDC_JWKS_COOLDOWN_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(30)
      .describe(
        "an id_token signed with a key not in a provider's cached key set refetches the set, at most once per this long",
      ),
    OIDC_HTTP_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(5000)
      .describe('timeout of each request to a provider (discovery, token, key set)'),
    OIDC_ALLOWED_NETWORKS: list
      .default([])
      .refine((l) => l.every((n) => parseNetwork(n) !== null), 'a list of CIDR networks')
      .describe(
        "comma-separated networks (CIDR) an organization's issuer may be in although private or loopback (a provider on the private network), on any port; empty: none (OIDC_PROVIDERS are trusted)",
      ),
    OIDC_DOMAIN_RECHECK_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(24)
      .describe(
        "how often a proven domain's DNS record is checked again; missing at two checks in a row, the domain vouches for nobody until proven again",
      ),
    OIDC_DNS_RECORDS_FILE: z
      .string()
      .optional()
      .describe(
        "development and tests only: a JSON file of DNS records answered before real DNS (domains' proof records)",
      ),
  },
  secrets: ['OIDC_PROVIDERS'],
  // The local stack and its tests: a provider on 127.0.0.3 (loopback itself stays refused).
  devDefaults: {
    OIDC_JWKS_COOLDOWN_SECONDS: '1',
    OIDC_ALLOWED_NETWORKS: '127.0.0.3/32',
    OIDC_DNS_RECORDS_FILE: () => '.data/oidc-dns.json',
  },
  check: (e, { strict }) => [
    ...(strict && e.OIDC_DNS_RECORDS_FILE
      ? ['OIDC_DNS_RECORDS_FILE: development and tests only (proofs are read from real DNS)']
      : []),
    ...(strict
      ? e.OIDC_PROVIDERS.filter((p) => !p.issuer.startsWith('https://')).map(
          (p) => `OIDC_PROVIDERS: ${p.name}: the issuer must be https outside development and test`,
        )
      : []),
    ...(new Set(e.OIDC_PROVIDERS.map((p) => p.name)).size < e.OIDC_PROVIDERS.length
      ? ['OIDC_PROVIDERS: two providers share a name']
      : []),
  ],
  map: (e) => ({
    providers: e.OIDC_PROVIDERS,
    appCallbackUrl: e.OIDC_APP_CALLBACK_URL,
    jwksCooldownSeconds: e.OIDC_JWKS_COOLDOWN_SECONDS,
    httpTimeoutMs: e.OIDC_HTTP_TIMEOUT_MS,
    allowedNetworks: e.OIDC_ALLOWED_NETWORKS,
    domainRecheckHours: e.OIDC_DOMAIN_RECHECK_HOURS,
    dnsRecordsFile: e.OIDC_DNS_RECORDS_FILE,
  }),
});

/** Every group of the platform, for documentation (.env.example, the table) and their tests. */
export const platformConfigGroups = {
  app: appConfig,
  log: logConfig,
  http: httpConfig,
  lifecycle: lifecycleConfig,
  db: dbConfig,
  valkey: valkeyConfig,
  monitoring: monitoringConfig,
  auth: authConfig,
  encryption: encryptionConfig,
  features: featuresConfig(platformFeatures),
  rateLimit: rateLimitConfig,
  realtime: realtimeConfig,
  wsRouting: wsRoutingConfig,
  mail: mailConfig,
  smtpIngress: smtpIngressConfig,
  storage: storageConfig,
  worker: workerConfig,
  platform: platformConfig,
  webhooks: webhookConfig,
  oidc: oidcConfig,
  audit: auditConfig,
} as const;
