import { loadConfig, platformConfig } from '@insightdesk/shared/config';
import { ok, say, table } from '../output';
import { paths } from '../paths';
import type { StackSettings } from '../settings';
import { apiClient } from './api';
import { SEED_PASSWORD } from './data';
import { createSeeder } from './run';

/**
 * `./stack seed`: loads the data set of ./data.ts through the public API of the running stack
 * (as a client would: mailed links included), then prints every account with its password.
 */
export async function seed(settings: StackSettings) {
  const baseUrl = `https://localhost:${settings.stack.httpsPort}`;
  say(`seeding through ${baseUrl}/api/v1`);
  const { admins } = loadConfig({ platform: platformConfig }, { dir: paths.root }).platform;
  const operator = admins.find((entry) => entry.includes('@'));
  const report = await createSeeder(apiClient(baseUrl, paths.caCert)).run(operator);
  ok(`${report.created} created, ${report.kept} already there`);
  console.log(
    table([
      ['ORGANIZATION', 'ROLE', 'NAME', 'EMAIL', 'PASSWORD'],
      ...report.accounts.map((a) => [a.organization, a.role, a.name, a.email, SEED_PASSWORD]),
    ]),
  );
  console.log(
    `\n${report.organizations.map((o) => `${o.name.padEnd(18)} ${o.id}  ${o.tickets} tickets`).join('\n')}`,
  );
  return report;
}
