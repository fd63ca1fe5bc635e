import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { stackDefault } from '../local-stack';
import { integer, port } from '../variables';

/**
 * The SMTP ingress (services/inbound): what it enforces before a product sees a mail. The
 * product decides which recipients exist and records what is accepted.
 */
export const smtpIngressConfig = defineConfigGroup({
  env: {
    SMTP_INGRESS_HOST: z.string().min(1).default('0.0.0.0').describe('SMTP ingress listen address'),
    SMTP_INGRESS_PORT: port
      .default(2525)
      .describe(
        'SMTP ingress port (MX or a relay points here, 25 on the Internet; local stack: STACK_INBOUND_PORT)',
      ),
    SMTP_INGRESS_HOSTNAME: z
      .string()
      .min(1)
      .default('localhost')
      .describe('the name the ingress greets with (the MX host name)'),
    SMTP_INGRESS_MAX_BYTES: integer(1024, 100 * 1024 * 1024)
      .default(10 * 1024 * 1024)
      .describe('SIZE announced in EHLO and enforced while the message streams in (552 above it)'),
    SMTP_INGRESS_MAX_RECIPIENTS: integer(1, 1000)
      .default(20)
      .describe('recipients of one mail (452 above it)'),
    SMTP_INGRESS_MAX_CONNECTIONS_PER_ADDRESS: integer(1, 10_000)
      .default(10)
      .describe('concurrent SMTP connections from one client address (421 above it)'),
    SMTP_INGRESS_MAX_CONNECTIONS: integer(1, 100_000)
      .default(500)
      .describe('open SMTP connections in all (421 above it)'),
    SMTP_INGRESS_SOCKET_TIMEOUT_MS: integer(1000, 600_000)
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
