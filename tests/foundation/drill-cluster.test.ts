import { describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, ROOT } from '../support/stack';

// `./stack drill cluster` end to end: a six-node Valkey Cluster, api, two ws and a worker on it, a
// primary killed and slots migrated under load. It needs no root (loopback ports, its own
// processes); its figures are printed, not asserted (timings), but nothing may be lost and the
// cluster must have refused nothing (CROSSSLOT).

const cli = [process.execPath, join(ROOT, 'tools/stack/cli.ts'), 'drill', 'cluster'];

describe('./stack drill cluster', () => {
  test('passes: failover and reshard under load, nothing lost, one summary line, nothing left', async () => {
    const proc = Bun.spawn(cli, { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' });
    const [code, stdout, stderr] = await Promise.all([
      proc.exited,
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
    ]);
    if (code !== 0) console.error(stderr);
    console.log(stdout.trim());
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const [summary = ''] = lines;
    expect(summary).toMatch(
      /^cluster drill passed in [\d.]+ s: 6 nodes \(3 primaries \+ 3 replicas\)/,
    );
    expect(summary).toMatch(/replica promoted in [\d.]+ s/);
    expect(summary).toMatch(/reshard: \d+ slots/);
    expect(summary).toContain('lost: 0 events, 0 mails');
    expect(summary).toContain('CROSSSLOT 0');
    // The stderr narrates the run: the primary of the email queue killed, its replica promoted.
    expect(stderr).toMatch(/killed the primary on \d+ \(slot \d+: the email queue\)/);
    expect(existsSync(join(DATA, 'drill-cluster'))).toBe(false);
  }, 600_000);
});
