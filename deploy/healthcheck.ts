// Container HEALTHCHECK: the instance's own readiness (not draining, dependencies reachable).
const port = process.env.PORT ?? '3000';
try {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`, {
    signal: AbortSignal.timeout(2500),
  });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
