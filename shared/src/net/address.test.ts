import { describe, expect, test } from 'bun:test';
import { classifyAddress, parseAddress, parseNetwork, parseNetworks } from './address';

const refused = (address: string, allowed: string[] = []) => {
  const verdict = classifyAddress(address, parseNetworks(allowed));
  return verdict.allowed ? null : verdict.reason;
};

describe('address classifier (SSRF)', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['0:0:0:0:0:ffff:a00:1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'NAT64'],
    ['2002:7f00:1::', '6to4'],
  ])('%s is refused (%s)', (address, reason) => {
    expect(refused(address)).toContain(reason);
  });

  test.each([
    '93.184.215.14',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:93.184.215.14',
  ])('%s (public) is allowed', (address) => {
    expect(classifyAddress(address, [])).toEqual({ allowed: true, allowListed: false });
  });

  test('what is not an address is refused', () => {
    for (const text of [
      'localhost',
      '',
      '1.2.3',
      '1.2.3.256',
      '01.2.3.4x',
      ':::1',
      '1::2::3',
      'g::1',
    ])
      expect(refused(text)).toBe('not an IP address');
  });

  test("the operator's networks are allowed, and only they", () => {
    expect(classifyAddress('127.0.0.2', parseNetworks(['127.0.0.2/32']))).toEqual({
      allowed: true,
      allowListed: true,
    });
    expect(refused('127.0.0.1', ['127.0.0.2/32'])).toContain('loopback');
    expect(refused('10.1.2.3', ['10.1.0.0/16'])).toBeNull();
    expect(refused('10.2.0.1', ['10.1.0.0/16'])).toContain('private');
    expect(refused('fd00::5', ['fd00::/8'])).toBeNull();
    expect(refused('::1', ['127.0.0.0/8'])).toContain('loopback');
    // An IPv4 network also covers the address's IPv4-mapped IPv6 spelling.
    expect(refused('::ffff:127.0.0.2', ['127.0.0.2'])).toBeNull();
  });

  test('networks parse, and what is not one is refused', () => {
    expect(parseNetwork('10.0.0.0/8')?.bits).toBe(104);
    expect(parseNetwork('fc00::/7')?.bits).toBe(7);
    expect(parseNetwork('1.2.3.4')?.bits).toBe(128);
    for (const bad of ['10.0.0.0/33', '::/129', 'x/8', '10.0.0.0/8/1', '10.0.0.0/-1'])
      expect(parseNetwork(bad)).toBeNull();
    expect(() => parseNetworks(['nope'], 'WEBHOOK_ALLOWED_NETWORKS')).toThrow(
      'WEBHOOK_ALLOWED_NETWORKS',
    );
    expect(parseAddress('::ffff:1.2.3.4')?.v4).toBe(true);
  });
});
