import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { TraceProvider } from './provider';

/**
 * Traces across the hops of one change: the api request (with nginx's request id), the outbox
 * row, the relay, the job and the socket delivery. The context travels as a W3C `traceparent`
 * string: in the outbox row, in a job's options, in the stream entry the ws instances receive.
 *
 * Exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is created
 * at all (`noTracing`: every call returns at once). The provider is ours, not registered
 * globally: Sentry's SDK keeps its own, and nothing here depends on ambient OpenTelemetry state.
 *
 * A trace that starts at the edge takes nginx's request id (32 hex digits, `$request_id`) as its
 * trace id: the id in the access logs and in `X-Request-Id` finds the trace.
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
      /** The trace id of a span that has no parent (32 hex digits), else a random one. */
      traceId?: string;
      kind?: 'server' | 'consumer' | 'internal';
      attributes?: Attributes;
    },
    fn: (span: SpanHandle) => Promise<T>,
  ): Promise<T>;
  /** The current span's `traceparent` (to carry across a hop), or null. */
  current(): string | null;
  /**
   * Resolves once the exporter is loaded (the SDK is imported only when an endpoint is set: it
   * costs a start ~0.2 s of CPU); spans begun before are not recorded. The service kit's
   * `tracing` step awaits it, so nothing is served before.
   */
  ready(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface SpanHandle {
  setAttribute(key: string, value: string | number | boolean): void;
  /** Names known only at the end (a request's matched route). */
  rename(name: string): void;
}

const propagator = new W3CTraceContextPropagator();
const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

export const isTraceparent = (value: string) => TRACEPARENT.test(value);

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

/**
 * The running span, wherever the code that wants to carry it across a hop sits (recording an
 * outbox row, adding a job): an async-local like OpenTelemetry's own context, so that the
 * context needs no parameter threaded through every call on the way. Empty when tracing is off.
 */
const active = new AsyncLocalStorage<Span>();

/** The running span's `traceparent`, or null (no span, or tracing off). */
export function activeTraceparent(): string | null {
  const span = active.getStore();
  return span ? traceparentOf(span) : null;
}

const TRACE_ID = /^[\da-f]{32}$/;

const noop: SpanHandle = { setAttribute() {}, rename() {} };

/** Tracing off: no provider, no spans, no cost beyond a function call. */
export const noTracing: Tracing = {
  enabled: false,
  inSpan: (_name, _options, fn) => fn(noop),
  current: () => null,
  async ready() {},
  async shutdown() {},
};

const KINDS = { server: SpanKind.SERVER, consumer: SpanKind.CONSUMER, internal: SpanKind.INTERNAL };

export function createTracing(options: {
  endpoint: string | undefined;
  /** Share of new traces kept (0–1); a continued trace follows its parent's decision. */
  ratio?: number;
  service: string;
  instance: string;
}): Tracing {
  if (!options.endpoint) return noTracing;
  const endpoint = options.endpoint;
  let loaded: TraceProvider | undefined;
  const loading = import('./provider').then((m) => {
    loaded = m.createTraceProvider({ ...options, endpoint });
  });

  return {
    enabled: true,
    async inSpan(name, spanOptions, fn) {
      if (!loaded) return fn(noop);
      const { tracer, ids } = loaded;
      const current = active.getStore();
      const parent =
        spanOptions.parent !== undefined
          ? contextOf(spanOptions.parent)
          : current
            ? trace.setSpan(ROOT_CONTEXT, current)
            : ROOT_CONTEXT;
      // Read synchronously by startSpan, for a root span only.
      if (spanOptions.traceId && TRACE_ID.test(spanOptions.traceId)) ids.next = spanOptions.traceId;
      const span = tracer.startSpan(
        name,
        {
          kind: KINDS[spanOptions.kind ?? 'internal'],
          ...(spanOptions.attributes ? { attributes: spanOptions.attributes } : {}),
        },
        parent,
      );
      ids.next = undefined;
      try {
        return await active.run(span, () =>
          fn({
            setAttribute: (key, value) => span.setAttribute(key, value),
            rename: (name) => span.updateName(name),
          }),
        );
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? 'error' });
        throw err;
      } finally {
        span.end();
      }
    },
    current: activeTraceparent,
    ready: () => loading,
    async shutdown() {
      await loading;
      await loaded?.provider.shutdown();
    },
  };
}
