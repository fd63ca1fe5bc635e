import type { Yaml } from '../yaml';

/**
 * promtool unit tests, written as data and generated into deploy/monitoring/tests/ (and
 * drill/tests/): the input series, when to look, and which alerts fire with which labels. The
 * expected annotations — promtool compares them too — are the rule's own, with the expected
 * labels put in, so that a case states behaviour and not wording.
 */
export interface Series {
  readonly series: string;
  /** promtool's expanding notation: `0+60x20`, `1x10`, `0 0 5 10`. */
  readonly values: string;
}

export interface Check {
  readonly at: string;
  readonly alert: string;
  /** The labels of each firing alert beside `severity` (`{}` for one without any); none: silent. */
  readonly firing: readonly Readonly<Record<string, string>>[];
}

export interface Case {
  /** What the case shows, one line. */
  readonly name: string;
  /** Between two samples (1m unless said). */
  readonly interval?: string;
  readonly series: readonly Series[];
  readonly checks: readonly Check[];
}

/** `name="value"` pairs of a series selector, for the cases' series. */
export const labels = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');

export type { Yaml };
