import { z } from 'zod';
import { defineEvent } from '../events/define';

/** The events of accounts (zod and types only). */
export const accountEvents = {
  /** Account events belong to no organization (recorded with orgId null); they only mail. */
  'account.verification-requested': defineEvent({
    about: 'the verification email',
    data: z.object({ tokenId: z.uuid() }),
    delivery: 'none',
  }),
  'account.password-reset-requested': defineEvent({
    about: 'the password-reset email',
    data: z.object({ tokenId: z.uuid() }),
    delivery: 'none',
  }),
} as const;
