// The reference production topology and its firewall (`./stack drill hosts`), as data: an edge
// (the load balancer), two app hosts (api, ws and worker each), a data host (PostgreSQL with a
// streaming replica, a queue and a cache Valkey), an inbound host (the SMTP ingress, where the
// MX points) and a mail host (the outside provider); which
// addresses, what listens where, and which connections the firewall table below allows. Pure functions only; network.ts turns them into namespaces and
// iptables rules, and helpdesk/tests/deployment/drill-hosts.test.ts checks them without root.

export type HostRole = 'edge' | 'app1' | 'app2' | 'data' | 'inbound' | 'mail';

/** Where a connection comes from: a host of the drill, or the machine itself ("the Internet"). */
export type Source = HostRole | 'outside';

/** The topology's ports (443, 3001, 3002, 5432, 6379), with the drill's additions. */
export const PORTS = {
  https: 443,
  http: 80,
  api: 3001,
  ws: 3002,
  /** The worker's health endpoint: nothing may reach it from another host. */
  worker: 3003,
  postgres: 5432,
  replica: 5433,
  queueValkey: 6379,
  cacheValkey: 6380,
  smtp: 2525,
  /** The SMTP ingress, on the Internet's port: mail from outside (the MX). */
  smtpIngress: 25,
  /** The ingress's health endpoint: nothing may reach it from another host. */
  inboundHealth: 3004,
} as const;

export type Service = keyof typeof PORTS;

/** What each host runs (its listening ports, by service). */
export const SERVICES: Readonly<Record<HostRole, readonly Service[]>> = {
  edge: ['https', 'http'],
  app1: ['api', 'ws', 'worker'],
  app2: ['api', 'ws', 'worker'],
  data: ['postgres', 'replica', 'queueValkey', 'cacheValkey'],
  // The SMTP ingress (services/inbound): its own host, as it scales and fails apart.
  inbound: ['smtpIngress', 'inboundHealth'],
  // The outside mail provider the workers send through (the drill's SMTP catcher).
  mail: ['smtp'],
};

const HOST_NUMBER: Readonly<Record<Source, number>> = {
  outside: 1,
  edge: 10,
  app1: 21,
  app2: 22,
  data: 30,
  inbound: 35,
  mail: 40,
};

export const HOST_ROLES = ['edge', 'app1', 'app2', 'data', 'inbound', 'mail'] as const;

export interface Host {
  readonly role: HostRole;
  /** The network namespace's name (`ip netns`). */
  readonly netns: string;
  readonly address: string;
}

export interface Topology {
  /** Unique per run: every name and the subnet derive from it (two runs never collide). */
  readonly runId: string;
  /** A /24, `10.X.Y.0/24`. */
  readonly subnet: string;
  /** The namespace holding the bridge that connects every host (the "switch"). */
  readonly lanNetns: string;
  /** The machine's end of its link to the switch, in the root namespace. */
  readonly outsideLink: string;
  readonly outsideAddress: string;
  readonly hosts: Readonly<Record<HostRole, Host>>;
}

/** The names and addresses of one run. `runId`: 4–6 lower-case hex digits; `subnet`: 10.X.Y.0. */
export function hostsTopology(runId: string, subnet: string): Topology {
  if (!/^[0-9a-f]{4,6}$/.test(runId)) throw new Error(`bad run id ${runId}`);
  const prefix = subnet.match(/^(10\.\d{1,3}\.\d{1,3})\.0$/)?.[1];
  if (!prefix) throw new Error(`bad subnet ${subnet}`);
  const address = (source: Source) => `${prefix}.${HOST_NUMBER[source]}`;
  const host = (role: HostRole): Host => ({
    role,
    netns: `idh-${runId}-${role}`,
    address: address(role),
  });
  return {
    runId,
    subnet: `${subnet}/24`,
    lanNetns: `idh-${runId}-lan`,
    // Interface names have at most 15 characters.
    outsideLink: `idh${runId}`,
    outsideAddress: address('outside'),
    hosts: {
      edge: host('edge'),
      app1: host('app1'),
      app2: host('app2'),
      data: host('data'),
      inbound: host('inbound'),
      mail: host('mail'),
    },
  };
}

/** A run's files (PostgreSQL clusters, Valkey data, nginx, mail, logs): outside the checkout. */
export const runDirectory = (runId: string) => `/tmp/insightdesk-drill-hosts-${runId}`;

export interface Allowance {
  readonly from: 'outside' | 'edge' | 'app' | 'inbound';
  readonly to: 'edge' | 'app' | 'data' | 'inbound' | 'mail';
  readonly services: readonly Service[];
  readonly purpose: string;
}

/**
 * The firewall table, one row per allowed connection: the Internet → the load balancer (edge) on
 * 443, the edge → the API servers on 3001 and the WebSocket servers on 3002, the app hosts → the
 * data host's databases and Valkeys; nothing else, and nothing to a worker. API servers and
 * workers share the app hosts, so their rows merge. Port 80 (the redirect to HTTPS) and the
 * outgoing mail are the drill's additions, and so is inbound mail: the Internet → the SMTP
 * ingress on 25 (SMTP only, never its health port), the ingress → the data host's PostgreSQL
 * alone (it records each mail there before its 250; the workers take it from the outbox).
 */
export const ALLOWED: readonly Allowance[] = [
  { from: 'outside', to: 'edge', services: ['https', 'http'], purpose: 'API traffic' },
  { from: 'edge', to: 'app', services: ['api'], purpose: 'internal routing' },
  { from: 'edge', to: 'app', services: ['ws'], purpose: 'WebSocket traffic' },
  { from: 'app', to: 'data', services: ['postgres', 'replica'], purpose: 'database access' },
  {
    from: 'app',
    to: 'data',
    services: ['queueValkey', 'cacheValkey'],
    purpose: 'cache/queue access',
  },
  { from: 'app', to: 'mail', services: ['smtp'], purpose: 'outgoing mail' },
  { from: 'outside', to: 'inbound', services: ['smtpIngress'], purpose: 'inbound mail (MX)' },
  { from: 'inbound', to: 'data', services: ['postgres'], purpose: 'recording inbound mail' },
];

const members = (group: Allowance['from'] | Allowance['to']): Source[] =>
  group === 'app' ? ['app1', 'app2'] : [group];

/** Whether the firewall table lets `from` open a connection to `service` on `to`. */
export function isAllowed(from: Source, to: HostRole, service: Service): boolean {
  return ALLOWED.some(
    (rule) =>
      members(rule.from).includes(from) &&
      members(rule.to).includes(to) &&
      rule.services.includes(service),
  );
}

/**
 * The iptables commands (arguments after `iptables`) of one host: loopback and replies pass,
 * each allowed source reaches each allowed port, everything else is refused with "administratively
 * prohibited" (a refusal the drill can tell apart from a closed port).
 */
export function firewallRules(topology: Topology, role: HostRole): string[][] {
  const rules: string[][] = [
    ['-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT'],
    ['-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'],
  ];
  const sources: Source[] = ['outside', ...HOST_ROLES];
  for (const service of SERVICES[role]) {
    for (const from of sources) {
      if (from === role || !isAllowed(from, role, service)) continue;
      const address = from === 'outside' ? topology.outsideAddress : topology.hosts[from].address;
      rules.push([
        '-A',
        'INPUT',
        '-p',
        'tcp',
        '-s',
        `${address}/32`,
        '--dport',
        String(PORTS[service]),
        '-j',
        'ACCEPT',
      ]);
    }
  }
  rules.push(['-A', 'INPUT', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited']);
  return rules;
}

export interface Path {
  readonly from: Source;
  readonly to: HostRole;
  readonly service: Service;
  readonly allowed: boolean;
}

/** Every connection between different hosts (and from outside) to every listening port. */
export function allPaths(): Path[] {
  const paths: Path[] = [];
  for (const from of ['outside', ...HOST_ROLES] as const) {
    for (const to of HOST_ROLES) {
      if (from === to) continue;
      for (const service of SERVICES[to])
        paths.push({ from, to, service, allowed: isAllowed(from, to, service) });
    }
  }
  return paths;
}

export const describePath = (p: Path) => `${p.from}→${p.to}:${PORTS[p.service]} (${p.service})`;
