import { parser } from '@prometheus-io/lezer-promql';

/** A series selector of a PromQL expression: its metric name (if any) and the labels it names. */
export interface Selector {
  readonly metric: string | undefined;
  /** Labels in its matchers (`__name__` aside). */
  readonly labels: readonly string[];
}

/**
 * The expression read by Prometheus's own PromQL grammar (the parser its web UI uses): its
 * series selectors, the labels its `by`/`on`/`ignoring` clauses group on, and its syntax
 * errors' positions (none for a valid expression).
 */
export function readPromql(expr: string): {
  selectors: Selector[];
  grouping: string[];
  errors: number[];
} {
  const selectors: Selector[] = [];
  const grouping = new Set<string>();
  const errors: number[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'GroupingLabels') {
        const cursor = node.node.cursor();
        if (cursor.firstChild())
          do {
            if (cursor.name === 'LabelName') grouping.add(text(cursor.from, cursor.to));
          } while (cursor.nextSibling());
        return false;
      }
      if (node.name !== 'VectorSelector') return undefined;
      let metric: string | undefined;
      const labels: string[] = [];
      node.node.toTree().iterate({
        enter(inner) {
          const value = text(node.from + inner.from, node.from + inner.to);
          if (inner.name === 'Identifier') metric = value;
          if (inner.name === 'LabelName' && value !== '__name__') labels.push(value);
        },
      });
      selectors.push({ metric, labels });
      return false;
    },
  });
  return { selectors, grouping: [...grouping], errors };
}
