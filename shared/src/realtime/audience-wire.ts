import { z } from 'zod';
import type { Audience } from '../events/define';

/*
 * An event's audience as stream entries and relay messages carry it: `members`, the ids it names
 * beside the members who see the whole organization. Release 1.0.0 wrote, and its ws instances
 * read, `{staffOnly, requesterId}` (one named member at most). During a rolling upgrade from it
 * both releases read each other's entries, and a stream keeps 1.0.0's entries for resumes: this
 * release writes both spellings and reads either. The 1.0.0 spelling goes with the release after
 * the one that stops supporting upgrades from 1.0.0 (docs/upgrades.md, "The wire").
 */

/** What an entry's `audience` field holds, written by this release. */
export function encodeAudience(audience: Audience) {
  const members = audience.members ?? [];
  return {
    members,
    staffOnly: members.length === 0,
    ...(members[0] === undefined ? {} : { requesterId: members[0] }),
  };
}

/** An entry's `audience` field, written by this release or by 1.0.0. */
export const storedAudience = z
  .object({
    members: z.array(z.string()).optional(),
    staffOnly: z.boolean().optional(),
    requesterId: z.string().optional(),
  })
  .refine((a) => a.members !== undefined || a.staffOnly !== undefined)
  .transform(
    (a): Audience => ({
      members:
        a.members ?? (a.staffOnly === false && a.requesterId !== undefined ? [a.requesterId] : []),
    }),
  );
