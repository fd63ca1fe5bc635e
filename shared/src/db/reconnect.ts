/**
 * How long a pooled connection waits before it connects again, in seconds, after `attempts`
 * failed connections of its pool since one last succeeded (postgres.js's `backoff` option).
 *
 * postgres.js's default grows to 20 s (3^attempts / 100, capped), and a PostgreSQL restart is
 * enough to reach it: every pooled connection fails once or twice while the server is down, and
 * the count is the pool's. A connection that failed last waits out its delay with the query that
 * made it reconnect — after the server is back and its siblings serve again: requests took up to
 * 23 s after a 1.5 s restart (docs/background-work.md). Capped at 1 s, a pool down with its
 * server costs it at most one connection attempt per connection a second, and a request waits at
 * most about a second past the server's return. Jittered, so that a pool's connections do not
 * knock together.
 */
export function reconnectDelaySeconds(
  attempts: number,
  random: () => number = Math.random,
): number {
  return (0.5 + random() / 2) * Math.min(0.05 * 2 ** attempts, 1);
}
