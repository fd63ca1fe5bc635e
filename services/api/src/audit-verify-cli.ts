// `bun run audit:verify [--org <id>]`: walks each hash chain of the audit log (every
// organization's and the deployment's, or one organization's) and computes every hash again.
// Prints one line per chain; exits 1 when a chain is broken, naming its first broken link.
import { auditChains, type ChainVerification, verifyChain } from '@insightdesk/shared/audit';
import { ConfigError, dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, isUuid } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';

function usage(message: string): never {
  console.error(`audit:verify: ${message}\nusage: bun run audit:verify [--org <organization id>]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let only: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--org') {
    only = args[++i];
    if (!only || !isUuid(only)) usage('--org takes an organization id (a UUID)');
  } else usage(`unknown argument ${args[i]}`);
}

let config: ReturnType<typeof loadConfig<{ db: typeof dbConfig }>>;
try {
  config = loadConfig({ db: dbConfig });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`audit:verify: ${err.message}`);
  process.exit(1);
}
const logger = createLogger({
  service: 'audit-verify',
  instance: 'cli',
  level: 'warn',
  format: 'json',
});
const database = createDatabase({
  ...config.db,
  poolMax: 2,
  applicationName: 'audit-verify',
  logger,
});

const describe = (chain: string | null, result: ChainVerification) => {
  const name = chain ?? 'deployment';
  const from = result.anchor ? ` after anchor seq ${result.anchor.seq}` : '';
  if (result.valid)
    return `${name}: valid, ${result.checked} rows checked${from}${result.head ? `, head seq ${result.head.seq} ${result.head.hash}` : ''}`;
  const broken = result.firstBroken;
  return `${name}: BROKEN at seq ${broken?.seq} (row ${broken?.id}: ${broken?.reason}), ${result.checked} rows checked before it${from}`;
};

let broken = 0;
try {
  const chains = only ? [only] : await auditChains(database.db);
  if (chains.length === 0) console.log('audit:verify: no entries yet');
  for (const chain of chains) {
    const result = await verifyChain(database.db, chain);
    if (!result.valid) broken += 1;
    console.log(describe(chain, result));
  }
} finally {
  await database.close();
}
process.exit(broken > 0 ? 1 : 0);
