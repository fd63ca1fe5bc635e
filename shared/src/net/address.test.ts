import { describe, expect, test } from 'bun:test';
import { addressSet, classifyAddress, parseAddress, parseNetwork, parseNetworks } from './address';

const NOBODY = addressSet([]);
const refused = (address: string, allowed: string[] = [], own = NOBODY) => {
  const verdict = classifyAddress(address, parseNetworks(allowed), own);
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
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'TEST-NET-1'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.255', 'TEST-NET-3'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['192.88.99.1', '6to4 relay'],
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
    ['::ffff:0:0', 'this network address ::ffff:0:0 (IPv4 0.0.0.0 inside)'],
    // The attacker's spellings: IPv4-compatible and IPv4-translated forms of 127.0.0.1.
    ['::127.0.0.1', 'IPv4-compatible address ::127.0.0.1 (IPv4 127.0.0.1 inside)'],
    ['::7f00:1', 'IPv4-compatible address ::7f00:1 (IPv4 127.0.0.1 inside)'],
    ['0:0:0:0:0:0:7F00:0001', 'IPv4-compatible'],
    ['::ffff:0:7f00:1', 'IPv4-translated address ::ffff:0:7f00:1 (IPv4 127.0.0.1 inside)'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 address 64:ff9b::a9fe:a9fe (IPv4 169.254.169.254 inside)'],
    ['64:ff9b::8.8.8.8', 'NAT64'],
    ['64:ff9b:1:7f00:0:100::', 'NAT64 (local use)'],
    ['2002:7f00:1::', '6to4 address 2002:7f00:1:: (IPv4 127.0.0.1 inside)'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', '(IPv4 127.0.0.1 inside)'],
    ['2001:2::1', 'IETF protocol assignments'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['5f00::1', 'segment routing'],
    ['100::1', 'discard'],
    ['fec0::1', 'site-local'],
    ['::2:0:0:1', 'not global unicast'],
    ['4000::1', 'not global unicast'],
    ['1fff:ffff::1', 'not global unicast'],
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
    '2001:4860:4860::8888',
    '2a00:1450:4001:80b::200e',
    '::ffff:93.184.215.14',
    '::FFFF:5DB8:D70E',
  ])('%s (public) is allowed', (address) => {
    expect(classifyAddress(address, [], NOBODY)).toEqual({ allowed: true, allowListed: false });
  });

  test("this host's own addresses are refused, whatever range they are in, unless allowed", () => {
    const own = addressSet(['93.184.215.14', '2a01:4f8::1', 'fe80::1%eth0', '192.0.2.2']);
    expect(refused('93.184.215.14', [], own)).toBe("this host's own address 93.184.215.14");
    expect(refused('::ffff:5db8:d70e', [], own)).toBe(
      "this host's own address ::ffff:5db8:d70e (IPv4 93.184.215.14 inside)",
    );
    expect(refused('2a01:4f8:0::1', [], own)).toContain("this host's own");
    expect(refused('192.0.2.2', [], own)).toBe(
      "documentation (TEST-NET-1) address 192.0.2.2, this host's own",
    );
    expect(refused('fe80::1', [], own)).toContain("this host's own");
    expect(refused('93.184.215.15', [], own)).toBeNull();
    expect(refused('93.184.215.14', ['93.184.215.0/24'], own)).toBeNull();
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
    expect(classifyAddress('127.0.0.2', parseNetworks(['127.0.0.2/32']), NOBODY)).toEqual({
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
    // Not its other embeddings: those are other addresses on the wire.
    expect(refused('::127.0.0.2', ['127.0.0.2'])).toContain('IPv4-compatible');
    expect(refused('64:ff9b::127.0.0.2', ['127.0.0.2'])).toContain('NAT64');
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
