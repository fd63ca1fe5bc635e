import { z } from 'zod';
import { type Audience, defineEvent } from '../events/define';
import { role, userRef } from '../shapes';

const staff: Audience = { staffOnly: true };

/** The events of organizations' members and invitations (zod and types only). */
export const tenancyEvents = {
  /** A new member: the organization's staff see them arrive. */
  'member.joined': defineEvent({
    about: 'staff',
    data: z.object({ user: userRef, role }),
    delivery: 'organization stream',
    audience: () => staff,
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
