import type { HaLayout, HaNode } from './layout';

// Patroni's REST API, as the drill, the bench and the tests read and drive a topology: who leads,
// who is a (synchronous) replica, a planned switchover.

export interface Member {
  readonly name: string;
  /** leader, sync_standby, replica (Patroni 3.0's words). */
  readonly role: string;
  /** running, streaming, starting, stopped, … */
  readonly state: string;
  readonly timeline?: number;
  readonly lag?: number | string;
}

const rest = (node: HaNode, path: string) => `http://127.0.0.1:${node.restPort}${path}`;

/** The cluster as the first node that answers sees it; [] while none does. */
export async function members(layout: HaLayout): Promise<Member[]> {
  for (const node of layout.nodes) {
    try {
      const res = await fetch(rest(node, '/cluster'), { signal: AbortSignal.timeout(1000) });
      if (!res.ok) continue;
      const body = (await res.json()) as { members?: Member[] };
      return body.members ?? [];
    } catch {
      // That node is down: ask the next.
    }
  }
  return [];
}

/** The node whose Patroni says it is the running primary (`/primary` 200), if one does. */
export async function primaryNode(layout: HaLayout): Promise<HaNode | undefined> {
  const answers = await Promise.all(
    layout.nodes.map((node) =>
      fetch(rest(node, '/primary'), { method: 'OPTIONS', signal: AbortSignal.timeout(1000) })
        .then((r) => r.status === 200)
        .catch(() => false),
    ),
  );
  return layout.nodes[answers.indexOf(true)];
}

/** The member names in each role: the leader, its synchronous standby, the other replicas. */
export function roles(list: readonly Member[]) {
  const running = (m: Member) => m.state === 'running' || m.state === 'streaming';
  return {
    leader: list.find((m) => m.role === 'leader' && running(m))?.name,
    sync: list.filter((m) => m.role === 'sync_standby' && running(m)).map((m) => m.name),
    replicas: list.filter((m) => m.role !== 'leader' && running(m)).map((m) => m.name),
  };
}

/**
 * A planned switchover from `leader`, asked of its Patroni (`POST /switchover`). In synchronous
 * mode Patroni hands over to the synchronous standby. Resolves once Patroni accepted it.
 */
export async function switchover(layout: HaLayout, leader: string): Promise<void> {
  const node = layout.nodes.find((n) => n.name === leader);
  if (!node) throw new Error(`no node ${leader}`);
  const res = await fetch(rest(node, '/switchover'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ leader }),
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`switchover from ${leader}: ${res.status} ${await res.text()}`);
}
