import { defineConfigGroup, LOCAL_STACK_PORTS } from '@insightdesk/shared/config';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

/**
 * Ports of the local stack (`./stack`); containers and PaaS ignore them. All defaults sit below
 * Linux's ephemeral range (32768+), where an outgoing connection could hold a port first.
 */
export const stackConfig = defineConfigGroup({
  env: {
    HTTPS_PORT: port.default(LOCAL_STACK_PORTS.HTTPS_PORT).describe('public HTTPS port of nginx'),
    HTTP_PORT: port
      .default(LOCAL_STACK_PORTS.HTTP_PORT)
      .describe('public plain-HTTP port of nginx (redirects to HTTPS)'),
    STACK_PG_PORT: port.default(LOCAL_STACK_PORTS.STACK_PG_PORT).describe('local PostgreSQL port'),
    STACK_VALKEY_PORT: port
      .default(LOCAL_STACK_PORTS.STACK_VALKEY_PORT)
      .describe('local Valkey/Redis port'),
    STACK_SMTP_PORT: port
      .default(LOCAL_STACK_PORTS.STACK_SMTP_PORT)
      .describe('local SMTP catcher port'),
    STACK_INBOUND_PORT: port
      .default(LOCAL_STACK_PORTS.STACK_INBOUND_PORT)
      .describe('local SMTP ingress port (inbound mail: services/inbound)'),
    STACK_PORT_BASE: port
      .default(13100)
      .describe('service ports: api-N = base+N, ws-N = base+10+N, worker-N = base+20+N'),
    STACK_CLUSTER_PORT: port
      .default(17000)
      .describe(
        'first of the six Valkey Cluster node ports of `./stack drill cluster` (port..port+5; cluster bus: +10000)',
      ),
    STACK_HA_PORT: port
      .default(15400)
      .describe(
        'first port of the PostgreSQL HA topology of `./stack up --ha` (etcd, Patroni REST +10+n, PostgreSQL +20+n, HAProxy replicas +30); the drill uses +100.., the bench +200..',
      ),
    STACK_NGINX_AUTH_RATE: z
      .string()
      .regex(/^\d+r\/[sm]$/)
      .default('200r/s')
      .describe('nginx limit_req rate for /api/v1/auth/ (local stack; compose sets its own)'),
    STACK_NGINX_AUTH_BURST: z.coerce
      .number()
      .int()
      .min(0)
      .default(400)
      .describe('local nginx: requests to /api/v1/auth/ let through at once above the rate'),
    STACK_BACKUP_ARCHIVE_TIMEOUT_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(60)
      .describe(
        "local PostgreSQL's archive_timeout: a change reaches the backup repository within this (plus the push): the RPO (docs/backups.md)",
      ),
    STACK_BACKUP_FULL_EVERY_HOURS: z.coerce
      .number()
      .min(1)
      .default(168)
      .describe('the local stack takes a full backup when the last is this old (./stack backups)'),
    STACK_BACKUP_DIFF_EVERY_HOURS: z.coerce
      .number()
      .min(1)
      .default(24)
      .describe('the local stack takes a differential backup when the last backup is this old'),
    STACK_BACKUP_KEEP_FULL_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .default(14)
      .describe('local full backups (and the WAL they need) are kept until this many days old'),
    STACK_BACKUP_KEEP_DIFF: z.coerce
      .number()
      .int()
      .min(1)
      .default(7)
      .describe('local differential backups kept (the newest N)'),
  },
  map: (e) => ({
    httpsPort: e.HTTPS_PORT,
    httpPort: e.HTTP_PORT,
    pgPort: e.STACK_PG_PORT,
    valkeyPort: e.STACK_VALKEY_PORT,
    smtpPort: e.STACK_SMTP_PORT,
    inboundPort: e.STACK_INBOUND_PORT,
    portBase: e.STACK_PORT_BASE,
    clusterPort: e.STACK_CLUSTER_PORT,
    haPort: e.STACK_HA_PORT,
    nginxAuthRate: e.STACK_NGINX_AUTH_RATE,
    nginxAuthBurst: e.STACK_NGINX_AUTH_BURST,
    backup: {
      archiveTimeoutSeconds: e.STACK_BACKUP_ARCHIVE_TIMEOUT_SECONDS,
      fullEveryHours: e.STACK_BACKUP_FULL_EVERY_HOURS,
      diffEveryHours: e.STACK_BACKUP_DIFF_EVERY_HOURS,
      retention: { fullDays: e.STACK_BACKUP_KEEP_FULL_DAYS, diff: e.STACK_BACKUP_KEEP_DIFF },
    },
  }),
});
