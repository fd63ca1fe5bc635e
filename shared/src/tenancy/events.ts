import { z } from 'zod';
import { defineEvent, WHOLE_ORGANIZATION } from '../events/define';
import { role, userRef } from '../shapes';

/** The events of organizations' members and invitations (zod and types only). */
export const tenancyEvents = {
  /** A new member: the members who see the whole organization see them arrive. */
  'member.joined': defineEvent({
    about: 'the members whose role sees the whole organization',
    data: z.object({ user: userRef, role }),
    delivery: 'organization stream',
    audience: () => WHOLE_ORGANIZATION,
  }),
  /** The invitation email follows from it (the link is rebuilt from the id). */
  'invitation.created': defineEvent({
    about: 'the invitation email (platform mail jobs)',
    data: z.object({
      invitationId: z.uuid(),
      email: z.email(),
      role,
      organizationName: z.string(),
      invitedBy: userRef,
    }),
    delivery: 'none',
  }),
} as const;
