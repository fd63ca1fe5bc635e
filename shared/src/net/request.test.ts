import { describe, expect, test } from 'bun:test';
import { guardedFetch, guardedRequest } from './request';

// Refusals only: a refused target is never connected to, so these need no network.
const policy = (resolved: string[]) => ({
  allowedNetworks: [],
  allowedPorts: [],
  timeoutMs: 1000,
  readLimit: 1024,
  resolve: async () => resolved,
});

describe('a request through the SSRF guard', () => {
  test.each([
    ['http://127.0.0.1:8080/x', [], 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', [], 'link-local'],
    ['http://[::ffff:127.0.0.1]/', [], 'loopback'],
    ['http://inside.example/', ['127.0.0.1'], 'loopback'],
    // Every address of a name must pass, not only the first.
    ['https://mixed.example/', ['93.184.216.34', '10.1.2.3'], 'private'],
    ['http://public.example:6379/', ['93.184.216.34'], 'port 6379'],
    ['file:///etc/passwd', [], 'only http'],
  ])('%s is refused before any connection', async (url, resolved, reason) => {
    const outcome = await guardedRequest(url, { method: 'GET', headers: {} }, policy(resolved));
    expect(outcome.kind).toBe('refused');
    expect(outcome.kind === 'refused' && outcome.error).toContain(reason);
  });

  test('the fetch face rejects as fetch does, with the reason', async () => {
    const fetch = guardedFetch(policy(['127.0.0.1']));
    await expect(fetch('http://inside.example/.well-known/openid-configuration')).rejects.toThrow(
      /refused.*loopback/,
    );
  });
});
