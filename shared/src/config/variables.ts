import { z } from 'zod';

// The shapes the platform's variables share, so that each declaration says only its bounds.

/** An integer from `min` (up to `max`): counts, sizes, ports and durations in whole units. */
export function integer(min: number, max?: number) {
  const value = z.coerce.number().int().min(min);
  return max === undefined ? value : value.max(max);
}

/** A number from `min` (up to `max`), fractions allowed: shares, rates, days. */
export function decimal(min: number, max?: number) {
  const value = z.coerce.number().min(min);
  return max === undefined ? value : value.max(max);
}

export const port = integer(1, 65535);

/** Comma-separated values, trimmed, empty ones dropped. */
export const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/**
 * A key ring, `kid:value[,kid:value…]`: the first key is the one in use, every key is accepted
 * (rotate by prepending a new one). `value` turns the text after the colon into the key.
 */
export const keyRing = <K>(
  value: (kid: string, text: string) => K & { kid: string },
  valid: (key: K) => boolean,
  expected: string,
) =>
  z.string().transform((s, ctx) => {
    const keys = s
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const i = pair.indexOf(':');
        return value(pair.slice(0, i), pair.slice(i + 1));
      });
    if (keys.length === 0 || keys.some((k) => !/^[A-Za-z0-9_-]{1,32}$/.test(k.kid) || !valid(k))) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected}` });
      return z.NEVER;
    }
    return keys;
  });
