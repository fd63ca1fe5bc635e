import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { fleetReleases } from '@insightdesk/shared/health';
import { createLogger } from '@insightdesk/shared/logger';
import { createValkey } from '@insightdesk/shared/valkey';
import { BASE_URL, CA, ports, ROOT, servicePort } from '../support/stack';

// The release each instance runs: in full on its own port (operators, probes, the upgrade drill),
// never through the edge; and in its heartbeat, which writers read before using what only this
// release reads.

const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

describe('the release in /health', () => {
  test("each service's own port reports the release", async () => {
    const own = [
      servicePort('api', 1),
      servicePort('ws', 1),
      servicePort('worker', 1),
      ports.portBase + 31, // inbound-1's health port
    ];
    for (const port of own) {
      const report = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
        service: string;
        version?: string;
      };
      expect({ service: report.service, version: report.version }).toEqual({
        service: report.service,
        version,
      });
      const live = (await (await fetch(`http://127.0.0.1:${port}/health/live`)).json()) as {
        version?: string;
      };
      expect(live.version).toBe(version);
    }
  });

  test('through the edge: the status only, no release', async () => {
    for (const path of ['/health', '/health/live']) {
      const res = await fetch(`${BASE_URL}${path}`, { tls: { ca: CA } });
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.status).toBeDefined();
      expect(body.version).toBeUndefined();
      expect(JSON.stringify(body)).not.toContain(version);
    }
  });

  test("every instance's heartbeat carries its release", async () => {
    const valkey = createValkey({
      url: loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey.url,
      name: 'release-version-test',
      kind: 'blocking',
      logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
    });
    try {
      const fleet = await fleetReleases(valkey, ['api', 'ws', 'worker']);
      const stack = fleet.filter((i) => /^(api|ws|worker)-[12]$/.test(i.instance));
      expect(stack.map((i) => i.instance).sort()).toEqual([
        'api-1',
        'api-2',
        'worker-1',
        'worker-2',
        'ws-1',
        'ws-2',
      ]);
      for (const instance of stack) expect(instance.version).toBe(version);
    } finally {
      valkey.disconnect();
    }
  });
});
