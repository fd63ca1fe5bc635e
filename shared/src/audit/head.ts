/**
 * A chain's entry as an operator keeps it elsewhere (a ticket, a log): its `seq` and `hash`,
 * written `<seq>:<hash>`. A chain alone cannot show that its last rows were removed, or removed
 * and written again; compared with a head saved earlier, it can (`verifyChain`).
 */
export interface ChainLink {
  readonly seq: number;
  readonly hash: string;
}

/**
 * `<seq>:<hash>`: a seq from 1 (at most 15 digits: every one a JavaScript number holds exactly),
 * the hash as the chain stores it (SHA-256, lower-case hex).
 */
export const CHAIN_LINK_PATTERN = /^[1-9][0-9]{0,14}:[0-9a-f]{64}$/;

/** A saved head from its text, or undefined when it is not `<seq>:<hash>`. */
export function parseChainLink(text: string): ChainLink | undefined {
  if (!CHAIN_LINK_PATTERN.test(text)) return undefined;
  const [seq = '', hash = ''] = text.split(':');
  return { seq: Number(seq), hash };
}

export const formatChainLink = (link: ChainLink) => `${link.seq}:${link.hash}`;

/**
 * What became of a saved head: its row is there with the same hash (`matches`), with another
 * (`differs`: the rows from there on were written again), gone past the chain's last row
 * (`missing`: the tail was cut), or dropped by retention before the chain's anchor (`before
 * anchor`: nothing left to compare, and no cut — retention only drops a prefix). The anchor
 * stands for the row it names.
 */
export type SavedHeadStatus = 'matches' | 'differs' | 'missing' | 'before anchor';

export function savedHeadStatus(
  saved: ChainLink,
  row: { readonly hash: string } | undefined,
  anchor: ChainLink | null,
): SavedHeadStatus {
  const found = row ?? (anchor?.seq === saved.seq ? anchor : undefined);
  if (found) return found.hash === saved.hash ? 'matches' : 'differs';
  if (anchor && saved.seq < anchor.seq) return 'before anchor';
  return 'missing';
}

/** Whether a saved head's status says rows after it were removed or written again. */
export const tailCut = (status: SavedHeadStatus) => status === 'differs' || status === 'missing';
