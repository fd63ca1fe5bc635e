/** What wakes someone (`page`) and what waits for working hours (`ticket`). */
export type Severity = 'page' | 'ticket';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { readonly severity: Severity; readonly [k: string]: string };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    readonly runbook_url: string;
  };
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: { readonly [k: string]: string };
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** Where every alert's runbook lives: a section of docs/runbooks.md named after the alert. */
export const RUNBOOKS = 'https://github.com/insightdesk/insightdesk/blob/main/docs/runbooks.md';

/** The anchor GitHub gives a heading that is the alert's name alone. */
export const runbookAnchor = (alert: string) => alert.toLowerCase();

export function alert(rule: {
  name: string;
  expr: string;
  for?: string;
  severity: Severity;
  /** One line, with the alert's labels where they say which (`{{ $labels.queue }}`). */
  summary: string;
  /** What it means, in a sentence or two; the runbook says what to do. */
  description: string;
}): AlertRule {
  return {
    alert: rule.name,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for } : {}),
    labels: { severity: rule.severity },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      runbook_url: `${RUNBOOKS}#${runbookAnchor(rule.name)}`,
    },
  };
}

export const isAlert = (rule: Rule): rule is AlertRule => 'alert' in rule;
