import type { MetricObjectWithValues, MetricValueWithName, Registry } from 'prom-client';

const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Series {
  readonly labels: { method: string; route: string; status: string };
  readonly buckets: Float64Array;
  count: number;
  sum: number;
}

export interface HttpRecorder {
  record(method: string, route: string, status: number, seconds: number): void;
}

/**
 * `http_requests_total` and `http_request_duration_seconds`, exposed through prom-client's
 * registry. Recording is a map lookup and a few additions: prom-client's own `observe` hashes
 * the label set on every call, which cost a measurable share of a health probe's time on this
 * hardware (see bench/README.md).
 */
export function registerHttpMetrics(registry: Registry): HttpRecorder {
  const series = new Map<string, Series>();

  const get = (key: string, method: string, route: string, status: string): Series => {
    let s = series.get(key);
    if (!s) {
      s = {
        labels: { method, route, status },
        buckets: new Float64Array(HTTP_BUCKETS.length),
        count: 0,
        sum: 0,
      };
      series.set(key, s);
    }
    return s;
  };

  const collected = <T extends 'counter' | 'histogram'>(
    name: string,
    help: string,
    type: T,
    values: () => MetricValueWithName<string>[],
  ) => ({
    name,
    help,
    type,
    aggregator: 'sum' as const,
    collect: undefined,
    reset() {
      series.clear();
    },
    async get(): Promise<MetricObjectWithValues<MetricValueWithName<string>>> {
      return { name, help, type, aggregator: 'sum', values: values() } as never;
    },
  });

  registry.registerMetric(
    collected(
      'http_requests_total',
      'HTTP requests by method, route pattern and status',
      'counter',
      () =>
        [...series.values()].map((s) => ({
          labels: s.labels,
          value: s.count,
          metricName: 'http_requests_total',
        })),
    ) as never,
  );
  registry.registerMetric(
    collected(
      'http_request_duration_seconds',
      'HTTP request duration by method, route pattern and status',
      'histogram',
      () =>
        [...series.values()].flatMap((s) => {
          let cumulative = 0;
          const name = 'http_request_duration_seconds';
          return [
            ...HTTP_BUCKETS.map((le, i) => {
              cumulative += s.buckets[i] ?? 0;
              return {
                labels: { ...s.labels, le },
                value: cumulative,
                metricName: `${name}_bucket`,
              };
            }),
            { labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${name}_bucket` },
            { labels: s.labels, value: s.sum, metricName: `${name}_sum` },
            { labels: s.labels, value: s.count, metricName: `${name}_count` },
          ];
        }),
    ) as never,
  );

  return {
    record(method, route, status, seconds) {
      const code = String(status);
      const s = get(`${method} ${code} ${route}`, method, route, code);
      s.count += 1;
      s.sum += seconds;
      const i = HTTP_BUCKETS.findIndex((le) => seconds <= le);
      if (i >= 0) s.buckets[i] = (s.buckets[i] ?? 0) + 1;
    },
  };
}
