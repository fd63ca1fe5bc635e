import { type ConfigOf, defineConfigGroup } from '@insightdesk/shared/config';
// The catalogue alone: the client's generator reads this file's types without the runtime's.
import { defineFeatures } from '@insightdesk/shared/features/catalog';
import { z } from 'zod';
import { inboundConfig } from './inbound/config';
import { slaConfig } from './sla/config';

/**
 * The help desk's configuration groups: every service loads them beside the platform's
 * (`defineProduct({ config })`), and each of its parts reads them typed (`HelpdeskConfig`).
 */
export const helpdeskConfig = {
  messages: defineConfigGroup({
    env: {
      EVENT_BODY_MAX_CHARS: z.coerce
        .number()
        .int()
        .min(100)
        .max(20_000)
        .default(2000)
        .describe('longer message bodies are cut in events (bodyTruncated: true; the API has all)'),
    },
    map: (e) => ({ eventBodyMaxChars: e.EVENT_BODY_MAX_CHARS }),
  }),
  attachments: defineConfigGroup({
    env: {
      IMAGE_JOB_CONCURRENCY: z.coerce
        .number()
        .int()
        .min(1)
        .max(50)
        .default(2)
        .describe('attachment (image) jobs at once per worker: each decode takes memory and CPU'),
      IMAGE_MAX_PIXELS: z.coerce
        .number()
        .int()
        .min(1_000_000)
        .default(40_000_000)
        .describe('images with more pixels get no thumbnail: the attachment fails with the reason'),
    },
    map: (e) => ({ jobConcurrency: e.IMAGE_JOB_CONCURRENCY, maxPixels: e.IMAGE_MAX_PIXELS }),
  }),
  exports: defineConfigGroup({
    env: {
      EXPORT_MAX_BYTES: z.coerce
        .number()
        .int()
        .min(1024 * 1024)
        .default(1024 ** 3)
        .describe(
          'an export whose gzipped file or one of its gzipped parts passes this fails; each export job running needs up to this in STORAGE_DIR/tmp',
        ),
    },
    map: (e) => ({ maxBytes: e.EXPORT_MAX_BYTES }),
  }),
  presence: defineConfigGroup({
    env: {
      WS_WATCHES_PER_SOCKET: z.coerce
        .number()
        .int()
        .min(1)
        .default(20)
        .describe('tickets one socket may watch at once'),
    },
    map: (e) => ({ watchesPerSocket: e.WS_WATCHES_PER_SOCKET }),
  }),
  sla: slaConfig,
  inbound: inboundConfig,
};

export type HelpdeskConfig = ConfigOf<typeof helpdeskConfig>;

/** The help desk's feature flags, switched like the platform's (PUT /api/v1/admin/features/{flag}). */
export const helpdeskFeatures = defineFeatures({
  analytics: {
    env: 'FEATURE_ANALYTICS_ENABLED',
    description: "an organization's analytics summary",
    default: true,
    perOrganization: true,
  },
});
