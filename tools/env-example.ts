import { type AnyConfigGroup, allConfigGroups } from '@insightdesk/shared/config';
import type { z } from 'zod';
import { stackConfig } from './stack/config';

// Prints a fresh .env.example from the declared config groups: `bun tools/env-example.ts`.
// Review the result before replacing the file; a test keeps the file and the groups in sync.
const lines: string[] = [
  '# InsightDesk configuration. Files cascade (highest first): .env.$NODE_ENV.local,',
  '# .env.$NODE_ENV, .env.local, .env; real environment variables win over all of them.',
  '# Outside production every variable has a working default for the local stack (./stack).',
  '# In production, variables marked [required in production] have no default.',
  '',
];
// The local stack's own variables come last: containers and platforms ignore them.
const groups = { ...allConfigGroups, 'local stack (./stack only)': stackConfig };
for (const [name, group] of Object.entries(groups) as [string, AnyConfigGroup][]) {
  lines.push(`# --- ${name} ${'-'.repeat(66 - name.length)}`);
  for (const [variable, schema] of Object.entries(group.env) as [string, z.ZodType][]) {
    const secret = group.secrets?.includes(variable) ? ' [secret]' : '';
    const dev = group.devDefaults?.[variable];
    let fallback: unknown;
    let required = false;
    try {
      fallback = schema.parse(undefined);
    } catch {
      required = true;
    }
    const note =
      `${schema.description ?? ''}${secret}${required ? ' [required in production]' : ''}`.trim();
    if (note) lines.push(`# ${note}`);
    const shown = typeof dev === 'function' ? dev({}) : (dev ?? fallback);
    const example =
      shown === undefined ? '' : Array.isArray(shown) ? shown.join(',') : String(shown);
    lines.push(`# ${variable}=${example}`);
  }
  lines.push('');
}
console.log(lines.join('\n'));
