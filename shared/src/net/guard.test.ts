import { describe, expect, test } from 'bun:test';
import { networkInterfaces } from 'node:os';
import { addressSet, parseNetworks } from './address';
import { registrationProblem, vetTarget } from './guard';

const NOBODY = addressSet([]);
const policy = (own = NOBODY, allowed: string[] = []) => ({
  allowedNetworks: parseNetworks(allowed),
  allowedPorts: [8080],
  ownAddresses: () => own,
});

describe('the guard judges the address a URL names once WHATWG parsing normalized it', () => {
  test.each([
    ['http://[::127.0.0.1]:8080/', 'IPv4-compatible address ::7f00:1 (IPv4 127.0.0.1 inside)'],
    ['http://[::ffff:0:7f00:1]:8080/', 'IPv4-translated'],
    ['http://[0:0:0:0:0:FFFF:127.0.0.1]/', 'loopback address ::ffff:7f00:1'],
    ['http://2130706433/', 'loopback address 127.0.0.1'],
    ['http://0177.0.0.1/', 'loopback address 127.0.0.1'],
    ['http://0x7f.1/', 'loopback address 127.0.0.1'],
    ['http://127.1:8080/', 'loopback address 127.0.0.1'],
    ['http://127.0.0.1./', 'loopback address 127.0.0.1'],
    ['http://0/', 'this network address 0.0.0.0'],
    ['http://4294967295/', 'broadcast address 255.255.255.255'],
    ['http://3221225985/', 'TEST-NET-1'],
    ['http://0xc6.0x12.1/', 'benchmarking address 198.18.0.1'],
    ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', 'Teredo'],
  ])('registering %s is refused: %s', (url, reason) => {
    expect(registrationProblem(url, policy())).toStartWith('refused: ');
    expect(registrationProblem(url, policy())).toContain(reason);
  });

  test("this host's own address is refused at registration and at connection, unless allowed", async () => {
    const own = addressSet(['93.184.215.14']);
    expect(registrationProblem('http://93.184.215.14/', policy(own))).toBe(
      "refused: this host's own address 93.184.215.14",
    );
    const named = new URL('https://receiver.example/hook');
    const resolvingTo = (address: string) => ({
      ...policy(own),
      resolve: async () => [address],
    });
    expect(await vetTarget(named, resolvingTo('93.184.215.14'))).toEqual({
      refused: "refused: this host's own address 93.184.215.14",
    });
    expect(await vetTarget(named, resolvingTo('::ffff:93.184.215.14'))).toEqual({
      refused: "refused: this host's own address ::ffff:93.184.215.14 (IPv4 93.184.215.14 inside)",
    });
    expect(
      await vetTarget(named, {
        ...resolvingTo('93.184.215.14'),
        ...policy(own, ['93.184.215.14']),
      }),
    ).toEqual({ address: '93.184.215.14' });
  });

  test("by default, the machine's own interface addresses are refused", () => {
    const listed = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    for (const { address, family } of listed) {
      const host = family === 'IPv6' ? `[${address.replace(/%.*$/, '')}]` : address;
      const problem = registrationProblem(`http://${host}/`, {
        allowedNetworks: [],
        allowedPorts: [],
      });
      expect({ address, problem }).toEqual({
        address,
        problem: expect.stringContaining("this host's own"),
      });
    }
  });

  test('a host whose addresses cannot be read refuses, with the reason', async () => {
    const unreadable = {
      allowedNetworks: [],
      allowedPorts: [],
      ownAddresses: () => {
        throw new Error("cannot read this host's addresses: EPERM");
      },
    };
    expect(registrationProblem('http://93.184.215.14/', unreadable)).toBe(
      "refused: cannot read this host's addresses: EPERM",
    );
    expect(await vetTarget(new URL('http://93.184.215.14/'), unreadable)).toEqual({
      refused: "refused: cannot read this host's addresses: EPERM",
    });
  });
});
