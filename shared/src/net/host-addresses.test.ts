import { describe, expect, test } from 'bun:test';
import { networkInterfaces } from 'node:os';
import { parseAddress } from './address';
import { hostAddresses, hostAddressesReader, readHostAddresses } from './host-addresses';

const value = (address: string) => parseAddress(address)?.value ?? -1n;

describe("this host's own addresses", () => {
  test('every address of every interface, loopback or not, link-local without its zone', () => {
    const own = readHostAddresses({
      lo: [{ address: '127.0.0.1' }, { address: '::1' }],
      eth0: [{ address: '203.0.113.9' }, { address: '2a01:4f8::9' }, { address: 'fe80::9' }],
      // An address on the loopback interface that is not a loopback address (a load balancer's).
      lo1: [{ address: '198.51.100.4' }],
      down: undefined,
    });
    for (const address of [
      '127.0.0.1',
      '::1',
      '203.0.113.9',
      '::ffff:203.0.113.9',
      '2a01:4f8::9',
      'fe80::9',
      '198.51.100.4',
    ])
      expect({ address, own: own.has(value(address)) }).toEqual({ address, own: true });
    expect(own.has(value('203.0.113.10'))).toBe(false);
  });

  test('what the machine lists now, read again once the last read is older than its age', () => {
    let now = 0;
    let listed = ['203.0.113.9'];
    let reads = 0;
    const own = hostAddressesReader({
      maxAgeMs: 1000,
      now: () => now,
      interfaces: () => {
        reads++;
        return { eth0: listed.map((address) => ({ address })) };
      },
    });
    expect(own().has(value('203.0.113.9'))).toBe(true);
    listed = ['203.0.113.9', '192.0.2.77'];
    now = 999;
    expect(own().has(value('192.0.2.77'))).toBe(false);
    expect(reads).toBe(1);
    now = 1000;
    expect(own().has(value('192.0.2.77'))).toBe(true);
    expect(reads).toBe(2);
  });

  test('a failed read keeps the last list; with none, it throws (the guard refuses then)', () => {
    let now = 0;
    let fail = false;
    const own = hostAddressesReader({
      maxAgeMs: 10,
      now: () => now,
      interfaces: () => {
        if (fail) throw Object.assign(new Error('uv_interface_addresses'), { code: 'EPERM' });
        return { eth0: [{ address: '203.0.113.9' }] };
      },
    });
    expect(own().has(value('203.0.113.9'))).toBe(true);
    fail = true;
    now = 100;
    expect(own().has(value('203.0.113.9'))).toBe(true);
    const never = hostAddressesReader({
      interfaces: () => {
        throw Object.assign(new Error('uv_interface_addresses'), { code: 'EPERM' });
      },
    });
    expect(() => never()).toThrow("cannot read this host's addresses: EPERM");
  });

  test("the default reader lists every address this machine's interfaces have", () => {
    const listed = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    const own = hostAddresses();
    for (const { address } of listed)
      expect({ address, own: own.has(value(address)) }).toEqual({ address, own: true });
  });
});
