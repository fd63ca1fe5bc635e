// `bun run audit:verify [--org <id> | --deployment] [--head <seq>:<hash>]`: walks each hash chain
// of the audit log (every organization's and the deployment's, or one) and computes every hash
// again. Prints one line per chain; exits 1 when a chain is broken, naming its first broken link.
// With --head (one chain), the head kept from an earlier run must still be there: rows removed or
// written again after it (a cut tail, which a chain alone cannot show) count as broken too.
import {
  auditChains,
  type ChainLink,
  type ChainVerification,
  formatChainLink,
  parseChainLink,
  verifyChain,
} from '@insightdesk/shared/audit';
import { ConfigError, dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, isUuid } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';

function usage(message: string): never {
  console.error(
    `audit:verify: ${message}\nusage: bun run audit:verify [--org <organization id> | --deployment] [--head <seq>:<hash>]`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
/** One chain (an organization's id, or null: the deployment's), or every chain. */
let only: string | null | undefined;
let head: ChainLink | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--org') {
    only = args[++i];
    if (!only || !isUuid(only)) usage('--org takes an organization id (a UUID)');
  } else if (args[i] === '--deployment') only = null;
  else if (args[i] === '--head') {
    head = parseChainLink(args[++i] ?? '');
    if (!head) usage('--head takes <seq>:<hash>, the head of an earlier verification');
  } else usage(`unknown argument ${args[i]}`);
}
if (head && only === undefined) usage('--head needs one chain: --org <id> or --deployment');

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
  const saved = result.savedHead
    ? `; saved head seq ${result.savedHead.seq}: ${result.savedHead.status}`
    : '';
  if (result.valid)
    return `${name}: valid, ${result.checked} rows checked${from}${result.head ? `, head ${formatChainLink(result.head)}` : ''}${saved}`;
  const broken = result.firstBroken;
  if (broken?.reason === 'tail cut')
    return `${name}: TAIL CUT from seq ${broken.seq}${saved}, ${result.checked} rows checked${from}`;
  return `${name}: BROKEN at seq ${broken?.seq} (row ${broken?.id}: ${broken?.reason}), ${result.checked} rows checked before it${from}${result.tailCut ? `; TAIL CUT${saved}` : ''}`;
};

let broken = 0;
try {
  const chains = only !== undefined ? [only] : await auditChains(database.db);
  if (chains.length === 0) console.log('audit:verify: no entries yet');
  for (const chain of chains) {
    const result = await verifyChain(database.db, chain, head);
    if (!result.valid) broken += 1;
    console.log(describe(chain, result));
  }
} finally {
  await database.close();
}
process.exit(broken > 0 ? 1 : 0);
