import { expect, test } from 'bun:test';
import { readPromql } from './promql';

test('selectors, their labels and the grouping labels of an expression', () => {
  const read = readPromql(
    'sum by (queue) (rate(queue_job_failures_total{queue=~"a|b",name!="x"}[5m]))\n/ on (queue) api:request_errors:ratio_rate1h or vector(0)',
  );
  expect(read.errors).toEqual([]);
  expect(read.selectors).toEqual([
    { metric: 'queue_job_failures_total', labels: ['queue', 'name'] },
    { metric: 'api:request_errors:ratio_rate1h', labels: [] },
  ]);
  expect(read.grouping.sort()).toEqual(['queue']);
});

test('a syntax error is found', () => {
  expect(readPromql('sum(rate(x[5m])').errors.length).toBeGreaterThan(0);
  expect(readPromql('sum by (queue) rate(x[5m]) )').errors.length).toBeGreaterThan(0);
});
