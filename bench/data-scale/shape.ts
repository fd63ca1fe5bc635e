/**
 * The shape of the data `bench/data-scale.ts` loads: which organization a ticket belongs to, when
 * it was opened, its status, its messages and the words they use — each a pure function of the
 * ticket's index, so that growing from one size to the next writes only the new tickets, and a
 * bench finds any ticket again without asking the database.
 *
 * - 10,000 organizations; one of them (the "large" one) holds a tenth of all tickets (1 M at
 *   10 M), the others share the rest.
 * - Tickets opened over the year before the data set's anchor, uniformly: each size is a year of
 *   data at a different rate. 95 % are solved or closed.
 * - 1 to 5 messages a ticket (3 on average); the large organization's first ticket is a thread of
 *   10,000 messages.
 * - Per ticket: one notification to its organization's owner (95 % read), one status change and
 *   one outbox row already relayed; per ten tickets: one attachment's row and one audit row.
 */

export const ORGANIZATIONS = 10_000;
export const LARGE_ORG = 0;
export const LONG_THREAD_MESSAGES = 10_000;
/** The long thread is the large organization's first ticket. */
export const LONG_THREAD_TICKET = 0;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** A 32-bit mix of an integer (splitmix-like): the data's one source of "randomness". */
export function mix(n: number, salt = 0): number {
  let x = (Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ salt) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x27d4eb2d) >>> 0;
  return (x ^ (x >>> 15)) >>> 0;
}

/** The organization of ticket `i`: every tenth the large one, the rest spread over the others. */
export const orgOf = (i: number) =>
  i % 10 === 0 ? LARGE_ORG : 1 + (mix(i, 1) % (ORGANIZATIONS - 1));

/** A UUID in version 7's layout: `ms` in its time field, then `kind` and `n` (unique per kind). */
export function uuidOf(kind: number, n: number, ms: number): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0');
  const k = kind.toString(16).padStart(3, '0');
  const i = n.toString(16).padStart(15, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${k}-8${i.slice(0, 3)}-${i.slice(3, 15)}`;
}

export const KIND = {
  organization: 1,
  user: 2,
  ticket: 3,
  message: 4,
  longThreadMessage: 5,
  attachment: 6,
  notification: 7,
  audit: 8,
} as const;

export const orgId = (o: number, anchor: number) => uuidOf(KIND.organization, o, anchor - YEAR_MS);
export const ownerId = (o: number, anchor: number) => uuidOf(KIND.user, o, anchor - YEAR_MS);
export const ownerEmail = (o: number) => `scale-owner-${o}@scale.test`;
export const orgName = (o: number) => `scale-org-${o}`;

/** When ticket `i` was opened: uniformly over the year before the anchor (ms). */
export const openedAt = (i: number, anchor: number) =>
  i === LONG_THREAD_TICKET
    ? anchor - YEAR_MS / 2
    : anchor - YEAR_MS + ((mix(i, 2) * 4096 + (mix(i, 3) % 4096)) / 2 ** 44) * YEAR_MS;

export const ticketId = (i: number, anchor: number) => uuidOf(KIND.ticket, i, openedAt(i, anchor));

const STATUSES = ['open', 'pending', 'solved', 'closed'] as const;
/** 3 % open, 2 % pending, 5 % solved, 90 % closed (the long thread stays open). */
export function statusOf(i: number): (typeof STATUSES)[number] {
  if (i === LONG_THREAD_TICKET) return 'open';
  const r = mix(i, 4) % 100;
  return r < 3 ? 'open' : r < 5 ? 'pending' : r < 10 ? 'solved' : 'closed';
}

export const priorityOf = (i: number) =>
  (['low', 'normal', 'normal', 'high', 'urgent'] as const)[mix(i, 5) % 5] ?? 'normal';

/** Messages of ticket `i` (the long thread's are written apart). */
export const messageCountOf = (i: number) => (i === LONG_THREAD_TICKET ? 0 : 1 + (mix(i, 6) % 5));
/** Message `k` of ticket `i`'s index among all messages (unique: k < 8). */
export const messageIndex = (i: number, k: number) => i * 8 + k;

/**
 * The vocabulary: pseudo-words from syllables. Word `w`'s frequency falls with `w` (a word is
 * picked as `floor(n * r³)`), so that the first words are in most tickets and the last in few:
 * the search bench asks for both.
 */
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'to', 'vas', 'qu', 'dex', 'nor', 'pim', 'zal', 'bu'];
export const VOCABULARY = Array.from({ length: 3000 }, (_, w) => {
  let word = 'x';
  for (let n = w + 1; n > 0; n = Math.floor(n / SYLLABLES.length))
    word += SYLLABLES[n % SYLLABLES.length];
  return `${word}z`;
});

/** `count` words drawn for (seed, salt): indexes into VOCABULARY. */
export function wordsOf(seed: number, salt: number, count: number): number[] {
  const words: number[] = [];
  for (let k = 0; k < count; k++) {
    const r = mix(seed * 31 + k, salt) / 2 ** 32;
    words.push(Math.floor(VOCABULARY.length * r * r * r));
  }
  return words;
}

export const subjectWords = (i: number) => wordsOf(i, 7, 4 + (mix(i, 8) % 3));
export const bodyWords = (m: number) => wordsOf(m, 9, 10 + (mix(m, 10) % 20));
/** Every tenth message is an internal note (its words are not searched). */
export const isInternal = (m: number) => mix(m, 11) % 10 === 0;

export const SIZES = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
export type SizeName = keyof typeof SIZES;
