import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredVariables } from './docs/config-layers';

/**
 * `.env.example`, written from the declared config groups of both layers (the platform's, the
 * product's) and the local stack's:
 *
 *   bun tools/env-example.ts           # print it
 *   bun tools/env-example.ts --write   # rewrite .env.example
 *
 * tests/architecture/docs-tables.test.ts fails while the file differs from what this writes.
 */
export function envExample(): string {
  const lines: string[] = [
    '# InsightDesk configuration. Files cascade (highest first): .env.$NODE_ENV.local,',
    '# .env.$NODE_ENV, .env.local, .env; real environment variables win over all of them.',
    '# Outside production every variable has a working default for the local stack (./stack).',
    '# In production, variables marked [required in production] have no default.',
    "# Layers: [platform] is InsightDesk's own; [product (<name>)] is declared in the product's",
    '# catalogue; the local stack (./stack only) comes last: containers and platforms ignore it.',
    '',
  ];
  let section = '';
  for (const v of declaredVariables()) {
    const title = `[${v.layer}] ${v.group}`;
    if (title !== section) {
      if (section) lines.push('');
      lines.push(`# --- ${title} ${'-'.repeat(Math.max(3, 66 - title.length))}`);
      section = title;
    }
    const note =
      `${v.description}${v.secret ? ' [secret]' : ''}${v.required ? ' [required in production]' : ''}`.trim();
    if (note) lines.push(`# ${note}`);
    lines.push(`# ${v.name}=${v.development ?? v.fallback ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.main) {
  if (process.argv.includes('--write'))
    writeFileSync(join(import.meta.dir, '..', '.env.example'), envExample());
  else process.stdout.write(envExample());
}
