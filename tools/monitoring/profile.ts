/**
 * The time scale the rules are written for. Production's is the rules' own: the windows, `for:`
 * and age thresholds below are production's. The drill's (`./stack drill alerts`) is the same
 * rules sixty times faster — a minute of production is a second of the drill — so that real
 * faults fire and resolve every alert within a minute; its Prometheus scrapes and evaluates
 * every second. Both sets are generated from one source and both are unit-tested by promtool.
 */
export interface RuleProfile {
  readonly name: 'production' | 'drill';
  /** A duration as production writes it (`5m`, `1h`, `3d`), in this profile's time. */
  d(duration: string): string;
  /** A number of seconds production compares with (an age, a lag), in this profile's time. */
  s(seconds: number): number;
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds of a Prometheus duration (`90s`, `5m`, `1h30m`). */
export function seconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration)
    throw new Error(`not a duration: ${duration}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNITS[unit ?? 's'] ?? 1), 0);
}

/** A number of seconds as the shortest Prometheus duration that says it exactly. */
export function duration(totalSeconds: number): string {
  const ms = Math.round(totalSeconds * 1000);
  if (ms % 1000 !== 0) return `${ms}ms`;
  let rest = ms / 1000;
  let out = '';
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out || '0s';
}

export const production: RuleProfile = {
  name: 'production',
  d: (d) => d,
  s: (s) => s,
};

/** Sixty times faster than production. */
export const DRILL_SPEEDUP = 60;

export const drill: RuleProfile = {
  name: 'drill',
  d: (d) => duration(seconds(d) / DRILL_SPEEDUP),
  s: (s) => s / DRILL_SPEEDUP,
};
