import type { RawEnv } from './define';

/**
 * The local stack's ports (`./stack`, tools/stack/config.ts declares their variables): the
 * groups' development defaults derive from them.
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

/** The local stack's port `key` as the environment moves it, for a development default. */
export const stackDefault = (raw: RawEnv, key: keyof typeof LOCAL_STACK_PORTS) =>
  raw[key] ?? String(LOCAL_STACK_PORTS[key]);
