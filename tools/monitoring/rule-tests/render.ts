import type { RuleProfile } from '../profile';
import { type AlertRule, isAlert } from '../rule';
import { allGroups } from '../rule-files';
import type { Yaml } from '../yaml';
import type { Case } from './case';

/** The rule's annotations as Prometheus renders them for an alert with these labels. */
function rendered(rule: AlertRule, labels: Readonly<Record<string, string>>) {
  const fill = (text: string) =>
    text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? '');
  return Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, fill(v)]));
}

/** A promtool test file: the rule files it loads (relative to it), and the cases. */
export function testFile(
  profile: RuleProfile,
  ruleFiles: readonly string[],
  evaluationInterval: string,
  cases: readonly Case[],
): Yaml {
  const alerts = new Map(
    allGroups(profile)
      .flatMap((g) => g.rules)
      .filter(isAlert)
      .map((r) => [r.alert, r]),
  );
  const ruleOf = (name: string) => {
    const rule = alerts.get(name);
    if (!rule) throw new Error(`no alert ${name} in the ${profile.name} rules`);
    return rule;
  };
  return {
    rule_files: [...ruleFiles],
    evaluation_interval: evaluationInterval,
    tests: cases.map((c) => ({
      name: c.name,
      interval: c.interval ?? '1m',
      input_series: c.series.map((s) => ({ series: s.series, values: s.values })),
      alert_rule_test: c.checks.map((check) => {
        const rule = ruleOf(check.alert);
        return {
          eval_time: check.at,
          alertname: check.alert,
          exp_alerts: check.firing.map((labels) => ({
            exp_labels: { severity: rule.labels.severity, ...labels },
            exp_annotations: rendered(rule, labels),
          })),
        };
      }),
    })),
  };
}
