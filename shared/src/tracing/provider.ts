import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type IdGenerator,
  ParentBasedSampler,
  RandomIdGenerator,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

// The OpenTelemetry SDK and its OTLP exporter: imported (by index.ts) only when an endpoint is
// configured, so a service without tracing never loads them.

/** Random ids, except a trace id handed over for the next root span (see `traceId`). */
export class RequestTraceIds implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  next: string | undefined;
  generateTraceId() {
    const id = this.next;
    this.next = undefined;
    return id ?? this.random.generateTraceId();
  }
  generateSpanId() {
    return this.random.generateSpanId();
  }
}

export interface TraceProvider {
  readonly tracer: Tracer;
  readonly ids: RequestTraceIds;
  readonly provider: TracerProvider;
}

export function createTraceProvider(options: {
  endpoint: string;
  ratio?: number;
  service: string;
  instance: string;
}): TraceProvider {
  const ids = new RequestTraceIds();
  const provider = new TracerProvider({
    idGenerator: ids,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.ratio ?? 1) }),
    resource: resourceFromAttributes({
      'service.name': `insightdesk-${options.service}`,
      'service.instance.id': options.instance,
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({
          url: `${options.endpoint.replace(/\/$/, '')}/v1/traces`,
        }),
        scheduledDelayMillis: 500,
      }),
    ],
  });
  return { tracer: provider.getTracer('insightdesk'), ids, provider };
}
