import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { stackDefault } from '../local-stack';
import { integer, list, port } from '../variables';

export const httpConfig = defineConfigGroup({
  env: {
    HOST: z.string().min(1).default('0.0.0.0').describe("the service's own listener address"),
    PORT: port.default(3000).describe("the service's own listener port"),
    CORS_ORIGINS: list.describe('comma-separated origins allowed by CORS'),
    BODY_LIMIT_BYTES: integer(0)
      .default(1024 * 1024)
      .describe('JSON request bodies larger than this get 413 (nginx and service)'),
    UPLOAD_LIMIT_BYTES: integer(0)
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
