/** Event ids are Valkey stream ids, `<ms>-<seq>`: they increase per organization. */
const EVENT_ID = /^(\d{1,20})-(\d{1,20})$/;

export const isEventId = (id: string): boolean => EVENT_ID.test(id);

/**
 * Negative when a < b, positive when a > b, 0 when equal; a string that is no event id counts as
 * `0-0`. It runs once or twice for every subscriber of every live event, so the ids Valkey makes
 * (digits without leading zeros) are compared in place; anything else takes the exact path.
 */
export function compareEventIds(a: string, b: string): number {
  if (a === b) return 0;
  const aDash = canonicalDash(a);
  const bDash = canonicalDash(b);
  if (aDash < 0 || bDash < 0) return compareParsed(a, b);
  return (
    compareDigits(a, 0, aDash, b, 0, bDash) ||
    compareDigits(a, aDash + 1, a.length, b, bDash + 1, b.length)
  );
}

/**
 * Where the dash of a Valkey-made id is: two runs of 1–20 digits, neither with a leading zero
 * (but a lone 0); -1 for any other string.
 */
function canonicalDash(id: string): number {
  const dash = id.indexOf('-');
  const seqLength = id.length - dash - 1;
  if (dash < 1 || dash > 20 || seqLength < 1 || seqLength > 20) return -1;
  // A leading zero (but a lone 0) in either run.
  if (dash > 1 && id.charCodeAt(0) === 48) return -1;
  if (seqLength > 1 && id.charCodeAt(dash + 1) === 48) return -1;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if ((code < 48 || code > 57) && i !== dash) return -1;
  }
  return dash;
}

/** Two runs of digits without leading zeros, by value: the longer is larger, else the first difference. */
function compareDigits(
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number,
) {
  const length = aEnd - aStart;
  if (length !== bEnd - bStart) return length < bEnd - bStart ? -1 : 1;
  for (let i = 0; i < length; i++) {
    const difference = a.charCodeAt(aStart + i) - b.charCodeAt(bStart + i);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}

function compareParsed(a: string, b: string): number {
  const [, am = '0', as = '0'] = a.match(EVENT_ID) ?? [];
  const [, bm = '0', bs = '0'] = b.match(EVENT_ID) ?? [];
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}
