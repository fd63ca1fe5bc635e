import { expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, MIGRATIONS_DIR, runMigrations } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { ROOT } from '../support/stack';

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });

test('concurrent migration runs serialize on the advisory lock and all succeed', async () => {
  const { db } = loadConfig({ db: dbConfig }, { dir: ROOT });
  const databases = Array.from({ length: 4 }, (_, i) =>
    createDatabase({ url: db.url, poolMax: 2, applicationName: `migrate-test-${i}`, logger }),
  );
  try {
    await Promise.all(databases.map((d) => runMigrations(d, logger)));
    const first = databases[0];
    if (!first) throw new Error('no database handle');
    const applied = await first.sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    expect(applied?.[0]?.n).toBe(files.length);
  } finally {
    await Promise.all(databases.map((d) => d.close()));
  }
});
