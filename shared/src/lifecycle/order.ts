export interface Ordered {
  readonly name: string;
  readonly dependsOn?: readonly string[];
}

/** Orders items so each comes after its dependencies, keeping declaration order otherwise. */
export function dependencyOrder<T extends Ordered>(items: readonly T[]): T[] {
  const byName = new Map(items.map((item) => [item.name, item]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: T, path: readonly string[]) => {
    const seen = state.get(item.name);
    if (seen === 'done') return;
    if (seen === 'visiting')
      throw new Error(`dependency cycle: ${[...path, item.name].join(' -> ')}`);
    state.set(item.name, 'visiting');
    for (const dep of item.dependsOn ?? []) {
      const target = byName.get(dep);
      if (!target) throw new Error(`step "${item.name}" depends on unknown step "${dep}"`);
      visit(target, [...path, item.name]);
    }
    state.set(item.name, 'done');
    ordered.push(item);
  };
  for (const item of items) visit(item, []);
  return ordered;
}
