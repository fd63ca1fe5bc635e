import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { decimal } from '../variables';

export const monitoringConfig = defineConfigGroup({
  env: {
    SENTRY_DSN: z.url().optional().describe('enables Sentry when set'),
    SENTRY_TRACES_SAMPLE_RATE: decimal(0, 1)
      .default(0)
      .describe("share of requests Sentry's own performance tracing keeps"),
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .url()
      .optional()
      .describe(
        'OTLP/HTTP collector base URL (spans go to <url>/v1/traces); tracing is off when unset',
      ),
    OTEL_TRACES_SAMPLER_ARG: decimal(0, 1)
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
