import type { ParamIndexMap, ParamStash } from 'hono/router';
import type { RegExpRouter } from 'hono/router/reg-exp-router';
import type { H, RouterRoute } from 'hono/types';

// Hono's internals, reached here and nowhere else (hono-internals.test.ts exercises each against
// the pinned version). A router is Hono's public extension point (`new Hono({ router })`); what
// our router (router.ts) and chain (chain.ts) rely on beyond its interface:
//
// - what Hono adds to its router for each route: `[handler, route]` (`RouteEntry`);
// - a RegExpRouter's answer: its handler lists with their parameters' places, and the stash the
//   places index (`Stashed`); each list built once per route and answered again on every match;
// - a RegExpRouter refuses a path it cannot compile with `UnsupportedPathError` (a literal
//   segment beside a parameter at one position, as our published paths have): as it is added,
//   or at the latest when it builds its expression on the first match;
// - Hono's dispatch runs a match of one entry without `compose`: its handler gets the context
//   and a `next` that sets the not-found answer; `c.req.param()` and `c.req.routePath` read that
//   entry's parameters (through the stash) and route.

/** The version whose internals this file was written against. */
export const HONO = { name: 'hono', version: '4.13.19' } as const;

/** What Hono's router holds for each route: its handler, and the route it was added as. */
export type RouteEntry = [H, RouterRoute];

/** A RegExpRouter's answer: the matched handler lists and the stash of their parameters. */
export type Stashed<T> = [[T, ParamIndexMap][], ParamStash];

/** `router`'s answer for a request, in the form a RegExpRouter answers in. */
export function matchStashed<T>(router: RegExpRouter<T>, method: string, path: string): Stashed<T> {
  return router.match(method, path) as Stashed<T>;
}

/** Builds `router`'s expression now (or throws `UnsupportedPathError`, as an `add` may). */
export function buildExpression<T>(router: RegExpRouter<T>): void {
  router.match('GET', '/');
}
