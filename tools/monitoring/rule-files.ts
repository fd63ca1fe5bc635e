import type { RuleProfile } from './profile';
import type { RuleGroup } from './rule';
import { apiRules } from './rules/api';
import { dataRules } from './rules/data';
import { platformRules } from './rules/platform';
import { queueRules } from './rules/queues';
import { realtimeRules } from './rules/realtime';
import { securityRules } from './rules/security';

/** Each rule file, by its name under deploy/monitoring/rules/ (and drill/rules/). */
export const RULE_FILES: Record<string, (p: RuleProfile) => RuleGroup[]> = {
  api: apiRules,
  realtime: realtimeRules,
  queues: queueRules,
  data: dataRules,
  platform: platformRules,
  security: securityRules,
};

export const ruleFileName = (name: string) => `${name}.rules.yml`;

/** Every group of every file, in file order. */
export const allGroups = (p: RuleProfile): RuleGroup[] =>
  Object.values(RULE_FILES).flatMap((rules) => rules(p));
