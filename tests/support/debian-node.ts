import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './root';

/**
 * Debian 12's own Node 18 — the node of the stock Debian the suite promises — which ./stack test
 * unpacks into .tools/debian-node (`ensure_debian_node`), beside this machine's node: the path
 * of its wrapper, which runs it with its libraries.
 */
export function debianNode(): string {
  const node = join(ROOT, '.tools/debian-node/node');
  if (!existsSync(node))
    throw new Error(`no Debian Node 18 at ${node}: ./stack test unpacks it (ensure_debian_node)`);
  return node;
}
