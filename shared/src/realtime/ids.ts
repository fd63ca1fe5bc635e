/** Event ids are Valkey stream ids, `<ms>-<seq>`: they increase per organization. */
const EVENT_ID = /^(\d{1,20})-(\d{1,20})$/;

export const isEventId = (id: string): boolean => EVENT_ID.test(id);

/** Negative when a < b, positive when a > b, 0 when equal. */
export function compareEventIds(a: string, b: string): number {
  const [, am = '0', as = '0'] = a.match(EVENT_ID) ?? [];
  const [, bm = '0', bs = '0'] = b.match(EVENT_ID) ?? [];
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}
