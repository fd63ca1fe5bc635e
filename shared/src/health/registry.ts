import { safeErrorMessage } from '../logger';
export type CheckStatus = 'up' | 'down';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly latencyMs: number;
  readonly critical: boolean;
  readonly error?: string;
  readonly details?: unknown;
}

export interface HealthCheck {
  readonly name: string;
  /** A failing critical check makes the instance not ready; others only degrade `/health`. */
  readonly critical: boolean;
  readonly timeoutMs?: number;
  /** Resolves (optionally with details) when healthy, throws otherwise. */
  readonly check: () => Promise<unknown>;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not_ready';
  readonly draining: boolean;
  readonly checks: Record<string, CheckResult>;
}

export type OverallStatus = 'ok' | 'degraded' | 'down';

export interface HealthReport {
  readonly status: OverallStatus;
  readonly service: string;
  readonly instance: string;
  /** The release the instance runs (RELEASE_VERSION). */
  readonly version: string;
  readonly uptimeSeconds: number;
  readonly draining: boolean;
  readonly checks: Record<string, CheckResult>;
  readonly [section: string]: unknown;
}

/** What the public may know: the overall status and each component's, nothing more. */
export interface HealthSummary {
  readonly status: OverallStatus;
  readonly components: Record<string, OverallStatus>;
}

/** A section of the full report (heartbeats, queue depths); `degraded` lowers the overall status. */
export type ReportSection = () => Promise<{ value: unknown; degraded?: boolean }>;

export interface HealthRegistry {
  addCheck(check: HealthCheck): void;
  addSection(name: string, section: ReportSection): void;
  setDraining(): void;
  readonly draining: boolean;
  readiness(): Promise<ReadinessReport>;
  report(): Promise<HealthReport>;
  summary(): Promise<HealthSummary>;
  readonly identity: ServiceIdentity;
}

/** Who answers: the service, the instance and the release it runs (the full reports say it). */
export interface ServiceIdentity {
  readonly service: string;
  readonly instance: string;
  readonly version: string;
}

const DEFAULT_TIMEOUT_MS = 2000;

async function runCheck(check: HealthCheck): Promise<CheckResult> {
  const t0 = performance.now();
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const details = await Promise.race([check.check(), timeout]);
    return {
      status: 'up',
      latencyMs: Math.round((performance.now() - t0) * 10) / 10,
      critical: check.critical,
      ...(details === undefined ? {} : { details }),
    };
  } catch (err) {
    return {
      status: 'down',
      latencyMs: Math.round((performance.now() - t0) * 10) / 10,
      critical: check.critical,
      // Only the message: a check's error never carries a stack or a connection string.
      error: err instanceof Error ? safeErrorMessage(err.message).slice(0, 200) : 'check failed',
    };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRegistry(identity: ServiceIdentity): HealthRegistry {
  const checks: HealthCheck[] = [];
  const sections = new Map<string, ReportSection>();
  const startedAt = Date.now();
  let draining = false;

  async function runAll(critical?: boolean): Promise<Record<string, CheckResult>> {
    const selected =
      critical === undefined ? checks : checks.filter((c) => c.critical === critical);
    const results = await Promise.all(selected.map(runCheck));
    return Object.fromEntries(selected.map((c, i) => [c.name, results[i] as CheckResult]));
  }

  return {
    identity,
    addCheck(check) {
      checks.push(check);
    },
    addSection(name, section) {
      sections.set(name, section);
    },
    setDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    async readiness() {
      const results = await runAll(true);
      const allUp = Object.values(results).every((r) => r.status === 'up');
      return { status: allUp && !draining ? 'ready' : 'not_ready', draining, checks: results };
    },
    async report() {
      return (await collect()).report;
    },
    async summary() {
      const { report, degradedSections } = await collect();
      const components: Record<string, OverallStatus> = {};
      for (const [name, check] of Object.entries(report.checks))
        components[name] = check.status === 'up' ? 'ok' : check.critical ? 'down' : 'degraded';
      for (const name of sections.keys())
        components[name] = degradedSections.includes(name) ? 'degraded' : 'ok';
      return { status: report.status, components };
    },
  };

  async function collect(): Promise<{ report: HealthReport; degradedSections: string[] }> {
    const [results, sectionValues] = await Promise.all([
      runAll(),
      Promise.all(
        [...sections].map(async ([name, section]) => {
          try {
            return [name, await section()] as const;
          } catch {
            return [name, { value: null, degraded: true }] as const;
          }
        }),
      ),
    ]);
    const criticalDown = Object.values(results).some((r) => r.critical && r.status === 'down');
    const anyDown = Object.values(results).some((r) => r.status === 'down');
    const sectionDegraded = sectionValues.some(([, s]) => s.degraded);
    // Draining is readiness' business (503 there); the report only calls it degraded.
    const status: OverallStatus = criticalDown
      ? 'down'
      : anyDown || sectionDegraded || draining
        ? 'degraded'
        : 'ok';
    const report: HealthReport = {
      status,
      ...identity,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      draining,
      checks: results,
      ...Object.fromEntries(sectionValues.map(([name, s]) => [name, s.value])),
    };
    return {
      report,
      degradedSections: sectionValues.filter(([, s]) => s.degraded).map(([name]) => name),
    };
  }
}
