import { describe, expect, test } from 'bun:test';
import type { Result } from 'hono/router';
import { CompiledRouter } from './router';

/** Each matched handler with its parameters, whichever of Hono's two result shapes came back. */
function matched(result: Result<string>): [string, Record<string, string>][] {
  const [handlers, stash] = result;
  return handlers.map(([handler, params]) => [
    handler,
    stash
      ? Object.fromEntries(
          Object.entries(params as Record<string, number>).map(([k, i]) => [k, String(stash[i])]),
        )
      : (params as Record<string, string>),
  ]);
}

/** A router with the shape of our routes: middleware on wildcards, a literal beside a parameter. */
function router() {
  const r = new CompiledRouter<string>();
  r.add('ALL', '/*', 'instrument');
  r.add('ALL', '/api/*', 'edge');
  r.add('GET', '/api/orgs/:orgId/tickets/:ticketId', 'ticket');
  r.add('GET', '/api/orgs/:orgId/webhooks/event-types', 'event types');
  r.add('GET', '/api/orgs/:orgId/webhooks/:webhookId', 'webhook');
  r.add('POST', '/api/orgs/:orgId/webhooks', 'create webhook');
  return r;
}

describe('CompiledRouter: one compiled expression where Hono can build one, the trie elsewhere', () => {
  test('a path no set-aside route can match: its middleware and route, in the order added, from the expression', () => {
    const result = router().match('GET', '/api/orgs/o1/tickets/t1');
    expect(result[1]).toBeDefined(); // the RegExpRouter's shape: its match carries the parameters
    expect(matched(result)).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['ticket', { orgId: 'o1', ticketId: 't1' }],
    ]);
  });

  test('a literal beside a parameter (refused by the RegExpRouter): both match, the literal first, as Hono matches', () => {
    const r = router();
    const result = r.match('GET', '/api/orgs/o1/webhooks/event-types');
    expect(result[1]).toBeUndefined(); // the trie's shape
    expect(matched(result)).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['event types', { orgId: 'o1' }],
      ['webhook', { orgId: 'o1', webhookId: 'event-types' }],
    ]);
    expect(matched(r.match('GET', '/api/orgs/o1/webhooks/w1'))).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['webhook', { orgId: 'o1', webhookId: 'w1' }],
    ]);
  });

  test('the method decides; an unknown path meets only the middleware that covers it', () => {
    const r = router();
    expect(matched(r.match('POST', '/api/orgs/o1/webhooks'))).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['create webhook', { orgId: 'o1' }],
    ]);
    expect(matched(r.match('DELETE', '/api/orgs/o1/tickets/t1'))).toEqual([
      ['instrument', {}],
      ['edge', {}],
    ]);
    expect(matched(r.match('GET', '/nowhere'))).toEqual([['instrument', {}]]);
  });

  test('routes are added before the first match, never after', () => {
    const r = router();
    r.match('GET', '/');
    expect(() => r.add('GET', '/late', 'late')).toThrow(/after the first match/);
  });
});
