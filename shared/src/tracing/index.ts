import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/**
 * Traces across the hops of one change: the api request (with nginx's request id), the outbox
 * row, the relay, the job and the socket delivery. The context travels as a W3C `traceparent`
 * string: in the outbox row, in a job's options, in the stream entry the ws instances receive.
 *
 * Exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is created
 * at all (`noTracing`: every call returns at once). The provider is ours, not registered
 * globally: Sentry's SDK keeps its own, and nothing here depends on ambient OpenTelemetry state.
 */
export interface Tracing {
  readonly enabled: boolean;
  /**
   * Runs `fn` inside a span (the current one, or `parent`, is its parent), ends it when `fn`
   * settles, and records an exception as the span's error.
   */
  inSpan<T>(
    name: string,
    options: {
      parent?: string | null;
      kind?: 'server' | 'consumer' | 'internal';
      attributes?: Attributes;
    },
    fn: (span: SpanHandle) => Promise<T>,
  ): Promise<T>;
  /** The current span's `traceparent` (to carry across a hop), or null. */
  current(): string | null;
  shutdown(): Promise<void>;
}

export interface SpanHandle {
  setAttribute(key: string, value: string | number | boolean): void;
}

const propagator = new W3CTraceContextPropagator();
const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

function contextOf(traceparent: string | null | undefined): Context {
  if (!traceparent || !TRACEPARENT.test(traceparent)) return ROOT_CONTEXT;
  return propagator.extract(
    ROOT_CONTEXT,
    { traceparent },
    {
      get: (carrier, key) => carrier[key as 'traceparent'],
      keys: (carrier) => Object.keys(carrier),
    },
  );
}

function traceparentOf(span: Span): string {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, {
    set: (c, key, value) => {
      c[key] = value;
    },
  });
  return carrier.traceparent ?? '';
}

const noop: SpanHandle = { setAttribute() {} };

/** Tracing off: no provider, no spans, no cost beyond a function call. */
export const noTracing: Tracing = {
  enabled: false,
  inSpan: (_name, _options, fn) => fn(noop),
  current: () => null,
  async shutdown() {},
};

const KINDS = { server: SpanKind.SERVER, consumer: SpanKind.CONSUMER, internal: SpanKind.INTERNAL };

export function createTracing(options: {
  endpoint: string | undefined;
  service: string;
  instance: string;
}): Tracing {
  if (!options.endpoint) return noTracing;
  const provider = new TracerProvider({
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
  const tracer: Tracer = provider.getTracer('insightdesk');
  const active = new AsyncLocalStorage<Span>();

  return {
    enabled: true,
    async inSpan(name, spanOptions, fn) {
      const current = active.getStore();
      const parent =
        spanOptions.parent !== undefined
          ? contextOf(spanOptions.parent)
          : current
            ? trace.setSpan(ROOT_CONTEXT, current)
            : ROOT_CONTEXT;
      const span = tracer.startSpan(
        name,
        {
          kind: KINDS[spanOptions.kind ?? 'internal'],
          ...(spanOptions.attributes ? { attributes: spanOptions.attributes } : {}),
        },
        parent,
      );
      try {
        return await active.run(span, () =>
          fn({ setAttribute: (key, value) => span.setAttribute(key, value) }),
        );
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? 'error' });
        throw err;
      } finally {
        span.end();
      }
    },
    current() {
      const span = active.getStore();
      return span ? traceparentOf(span) : null;
    },
    shutdown: () => provider.shutdown(),
  };
}
