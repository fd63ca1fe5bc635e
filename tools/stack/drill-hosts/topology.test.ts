import { describe, expect, test } from 'bun:test';
import {
  allPaths,
  firewallRules,
  HOST_ROLES,
  hostsTopology,
  isAllowed,
  PORTS,
  SERVICES,
} from './topology';

// The hosts drill's topology and firewall as data (the drill itself: helpdesk/tests/deployment/drill-hosts.test.ts).

const topology = hostsTopology('b00c', '10.222.7.0');

/** The ACCEPT rules of a host's firewall as `source → port`. */
const accepts = (role: (typeof HOST_ROLES)[number]) =>
  firewallRules(topology, role)
    .filter((r) => r.at(-1) === 'ACCEPT' && r.includes('--dport'))
    .map((r) => `${r[r.indexOf('-s') + 1]}→${r[r.indexOf('--dport') + 1]}`)
    .sort();

const address = (role: (typeof HOST_ROLES)[number]) => `${topology.hosts[role].address}/32`;

describe('hosts drill: topology and firewall (pure)', () => {
  test('every name derives from the run id, every address lies in the run’s subnet', () => {
    const other = hostsTopology('b00d', '10.222.8.0');
    const names = (t: typeof topology) => [
      t.lanNetns,
      t.outsideLink,
      ...HOST_ROLES.map((r) => t.hosts[r].netns),
    ];
    for (const name of names(topology)) expect(name).toContain('b00c');
    expect(names(topology).filter((n) => names(other).includes(n))).toEqual([]);
    // Interface names have at most 15 characters (IFNAMSIZ).
    expect(topology.outsideLink.length).toBeLessThanOrEqual(15);
    const addresses = [
      topology.outsideAddress,
      ...HOST_ROLES.map((r) => topology.hosts[r].address),
    ];
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const a of addresses) expect(a).toStartWith('10.222.7.');
    expect(topology.subnet).toBe('10.222.7.0/24');
    expect(() => hostsTopology('xyz!', '10.222.7.0')).toThrow();
    expect(() => hostsTopology('b00c', '192.168.1.0')).toThrow();
  });

  test('the firewall table: only the edge and SMTP from outside, only app hosts to data, nothing to workers', () => {
    for (const to of HOST_ROLES)
      for (const service of SERVICES[to])
        expect(isAllowed('outside', to, service)).toBe(
          to === 'edge' || (to === 'inbound' && service === 'smtpIngress'),
        );
    for (const from of ['outside', 'edge', 'mail', 'data'] as const)
      for (const service of SERVICES.data) expect(isAllowed(from, 'data', service)).toBe(false);
    for (const from of ['app1', 'app2'] as const)
      for (const service of SERVICES.data) expect(isAllowed(from, 'data', service)).toBe(true);
    for (const from of ['outside', ...HOST_ROLES] as const) {
      expect(isAllowed(from, 'app1', 'worker')).toBe(false);
      expect(isAllowed(from, 'app2', 'worker')).toBe(false);
    }
    expect(isAllowed('edge', 'app1', 'api')).toBe(true);
    expect(isAllowed('edge', 'app2', 'ws')).toBe(true);
    // The SMTP ingress: SMTP from outside only (no host of ours needs it, nobody its health
    // port), and it reaches the data host's PostgreSQL and nothing else.
    for (const from of ['edge', 'app1', 'app2', 'data', 'mail'] as const)
      for (const service of SERVICES.inbound)
        expect(isAllowed(from, 'inbound', service)).toBe(false);
    expect(isAllowed('outside', 'inbound', 'inboundHealth')).toBe(false);
    const reached = HOST_ROLES.flatMap((to) =>
      SERVICES[to].filter((service) => isAllowed('inbound', to, service)).map((s) => `${to}:${s}`),
    );
    expect(reached).toEqual(['data:postgres']);
    // App hosts do not talk to each other, nor to the edge.
    expect(isAllowed('app1', 'app2', 'api')).toBe(false);
    expect(isAllowed('app1', 'edge', 'https')).toBe(false);
  });

  test('iptables rules: exactly the allowed sources per port, then REJECT (admin-prohibited)', () => {
    expect(accepts('edge')).toEqual(
      [`${topology.outsideAddress}/32→443`, `${topology.outsideAddress}/32→80`].sort(),
    );
    expect(accepts('app1')).toEqual(
      [`${address('edge')}→${PORTS.api}`, `${address('edge')}→${PORTS.ws}`].sort(),
    );
    const dataPorts = [PORTS.postgres, PORTS.replica, PORTS.queueValkey, PORTS.cacheValkey];
    expect(accepts('data')).toEqual(
      dataPorts
        .flatMap((p) => [`${address('app1')}→${p}`, `${address('app2')}→${p}`])
        .concat([`${address('inbound')}→${PORTS.postgres}`])
        .sort(),
    );
    expect(accepts('mail')).toEqual(
      [`${address('app1')}→${PORTS.smtp}`, `${address('app2')}→${PORTS.smtp}`].sort(),
    );
    expect(accepts('inbound')).toEqual([`${topology.outsideAddress}/32→25`]);
    for (const role of HOST_ROLES) {
      const rules = firewallRules(topology, role);
      expect(rules.at(-1)).toEqual([
        '-A',
        'INPUT',
        '-j',
        'REJECT',
        '--reject-with',
        'icmp-admin-prohibited',
      ]);
      // Loopback and replies to the host's own connections pass before anything else.
      expect(rules[0]).toEqual(['-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT']);
      expect(rules[1]).toContain('ESTABLISHED,RELATED');
    }
  });

  test('the path matrix the drill probes covers every listening port from every other host', () => {
    const paths = allPaths();
    const listening = HOST_ROLES.reduce((n, r) => n + SERVICES[r].length, 0);
    // Seven sources (outside and six hosts), none probing itself.
    expect(paths.length).toBe(HOST_ROLES.reduce((n, r) => n + 6 * SERVICES[r].length, 0));
    expect(listening).toBe(15);
    expect(paths.length).toBe(90);
    // The 16 of the web topology, SMTP from outside, and the ingress to PostgreSQL.
    expect(paths.filter((p) => p.allowed).length).toBe(18);
    expect(paths.some((p) => p.from === p.to)).toBe(false);
  });
});
