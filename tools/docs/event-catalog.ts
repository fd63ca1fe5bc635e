/**
 * The event catalogues of the docs, written from the declarations (the platform's events and
 * those of the product the services run): one table of the platform's events, one of the
 * product's, each between its markers in whichever Markdown file holds them.
 *
 *   bun tools/docs/event-catalog.ts           # check: exit 1, naming each table out of date
 *   bun tools/docs/event-catalog.ts --write   # rewrite them
 *
 * tests/architecture/docs-tables.test.ts fails while a table differs from what this writes.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { EventCatalog } from '@insightdesk/shared/events';
import { platformEvents } from '@insightdesk/shared/platform';
import { z } from 'zod';
import { product } from '../../services/api/src/product';
import { blockOf, markdownFiles, writeBlock } from './marked-blocks';

const ROOT = resolve(import.meta.dir, '../..');

export const TABLES = {
  platform: { start: '<!-- platform-events:start -->', end: '<!-- platform-events:end -->' },
  product: { start: '<!-- product-events:start -->', end: '<!-- product-events:end -->' },
} as const;

const DELIVERY = {
  'organization stream': "the organization's stream (resumable with `since`)",
  'user channel': "the user's own channel (no subscription)",
  none: 'none (background work only)',
};

/** `{ticket, changes}`: the top-level fields of an event's data. */
function fields(schema: z.ZodType): string {
  const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return shape.length > 0 ? `\`{${shape.join(', ')}}\`` : '`{}`';
}

/** The rows of one catalogue, in declaration order. */
export function catalogTable(catalog: EventCatalog): string {
  const rows = Object.entries(catalog).map(
    ([type, d]) => `| \`${type}\` | ${DELIVERY[d.delivery]} | ${fields(d.data)} | ${d.about} |`,
  );
  return [
    '| event | delivered through | data | who receives it, or what it sets off |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Each marked table's file, and the text it should hold between its markers. */
function tables(root: string) {
  const wanted = {
    platform: catalogTable(platformEvents),
    product: catalogTable(product.catalog.events),
  };
  return markdownFiles(root).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return (Object.keys(TABLES) as (keyof typeof TABLES)[])
      .filter((which) => text.includes(TABLES[which].start))
      .map((which) => ({ file, which, text, table: wanted[which] }));
  });
}

/** The tables that differ from the declarations (and where), none when all are current. */
export function staleTables(root = ROOT): string[] {
  return tables(root)
    .filter(({ text, which, table }) => blockOf(text, TABLES[which]) !== table)
    .map(({ file, which }) => `${relative(root, file)}: the ${which}'s events`);
}

/** Rewrites every marked table from the declarations. */
export function writeTables(root = ROOT): void {
  for (const { file, which, table } of tables(root)) writeBlock(file, TABLES[which], table);
}

if (import.meta.main) {
  if (process.argv.includes('--write')) writeTables();
  const stale = staleTables();
  for (const line of stale) console.error(`${line} differ from the declarations (--write)`);
  process.exit(stale.length > 0 ? 1 : 0);
}
