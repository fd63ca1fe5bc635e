import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';

/**
 * No import cycle, found by dependency-cruiser: none between files, and none between concerns —
 * the folders of `shared/src/*`, `helpdesk/src/*` and `services/*\/src` (and the folders inside
 * them). A concern that imports another sits above it; a cycle makes two concerns one, so that
 * neither can be read, tested or moved without the other. Type imports count: they couple the
 * concerns as much as the code they describe.
 */
export const CRUISED = ['shared/src', 'services', 'helpdesk/src', 'tools', 'tests'];
const CONCERN = '^(shared/src/[^/]+|helpdesk/src/[^/]+|services/[^/]+/src)(/|$)';

const options = (root: string): ICruiseOptions => ({
  baseDir: root,
  // TypeScript 7 has no JavaScript API; swc parses every import, type imports included.
  parser: 'swc',
  // Nothing imports a test, so a test is in no cycle of files; what it imports to test a
  // concern (the whole platform's catalogue, say) is no dependency of the concern.
  exclude: { path: '(^|/)node_modules/|\\.test\\.ts$|\\.(js|mjs|cjs|json)$' },
  doNotFollow: { path: '(^|/)node_modules/' },
  enhancedResolveOptions: {
    exportsFields: ['exports'],
    conditionNames: ['import', 'bun', 'default'],
    extensions: ['.ts', '.js'],
  },
  // Folder-level dependencies (and the cycles among them) are derived with the metrics.
  metrics: true,
  validate: true,
  ruleSet: {
    forbidden: [
      { name: 'files', severity: 'error', from: {}, to: { circular: true } },
      {
        name: 'concerns',
        scope: 'folder',
        severity: 'error',
        from: { path: CONCERN },
        to: { path: CONCERN, circular: true },
      },
    ],
  },
});

/** A cycle once, whichever of its edges reported it: it starts at its least member. */
function normalized(members: readonly string[]): string {
  const start = members.indexOf([...members].sort()[0] as string);
  const turned = [...members.slice(start), ...members.slice(0, start)];
  return [...turned, turned[0]].join(' → ');
}

/** Each cycle under `root`, as `files: a → b → a` or `concerns: x → y → x`. */
export async function importCycles(root: string): Promise<string[]> {
  // The platform without its product (a copy with helpdesk/ removed) is checked the same way.
  const present = CRUISED.filter((dir) => existsSync(join(root, dir)));
  const { output } = await cruise(present, options(root));
  const result = output as ICruiseResult;
  const found = new Set<string>();
  for (const violation of result.summary.violations) {
    // The cycle runs from the dependency's target back to its source.
    const path = (violation.cycle ?? []).map((step) => step.name);
    found.add(`${violation.rule.name}: ${normalized([violation.from, ...path.slice(0, -1)])}`);
  }
  return [...found].sort();
}

if (import.meta.main) {
  const found = await importCycles(resolve(import.meta.dir, '../..'));
  for (const line of found) console.error(line);
  process.exit(found.length > 0 ? 1 : 0);
}
