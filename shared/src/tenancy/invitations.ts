import { eq, lt, or, sql } from 'drizzle-orm';
import { takeOverByMailbox } from '../auth/mailbox-proof';
import { hashToken, invitationToken } from '../auth/secrets';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  markEmailVerified,
  setUserName,
  type UserRow,
} from '../auth/users';
import { type Executor, isoText, schema } from '../db';
import { decodeCursor, type Page, toPage } from '../db/pagination';
import {
  ForbiddenError,
  GoneError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../errors';
import { eventWriter } from '../events/outbox';
import type { Organization } from '../shapes';
import { tenancyEvents } from './events';
import { addMember, checkOwnerRights } from './memberships';
import { isUuid, type OrgScope } from './org-access';
import { findOrganization, getOrganization } from './organizations';
import type { Role, RoleLadder } from './roles';

const { record: recordTenancyEvent } = eventWriter(tenancyEvents);

/**
 * The one owner of the `invitations` table. Its reads join `users` (the inviter's name) and, for
 * the email, `organizations` (its name).
 */

export interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly expiresAt: string;
}

/**
 * Records the invitation and, in the same transaction, the `invitation.created` event from
 * which the worker sends the email (with the link rebuilt from the id: no token is stored).
 */
export async function createInvitation(
  tx: Executor,
  scope: OrgScope,
  input: { email: string; role: Role },
  options: { secret: string; ttlHours: number },
): Promise<Invitation> {
  checkOwnerRights(scope, input.role);
  const id = Bun.randomUUIDv7();
  const email = input.email.trim().toLowerCase();
  const expiresAt = new Date(Date.now() + options.ttlHours * 3_600_000);
  await tx.insert(schema.invitations).values({
    id,
    orgId: scope.orgId,
    email,
    role: input.role,
    tokenHash: hashToken(invitationToken(options.secret, id)),
    invitedBy: scope.userId,
    expiresAt,
  });
  // From their owners, sent together: the names the email needs.
  const [org, inviter] = await Promise.all([
    getOrganization(tx, scope),
    findUserById(tx, scope.userId),
  ]);
  // The inviter is the signed-in user: gone meanwhile, refused as a vanished organization is.
  if (!inviter) throw new NotFoundError('org_not_found', 'No such organization.');
  await recordTenancyEvent(tx, scope.orgId, 'invitation.created', {
    invitationId: id,
    email,
    role: input.role,
    organizationName: org.name,
    invitedBy: { id: scope.userId, name: inviter.name },
  });
  return { id, email, role: input.role, expiresAt: expiresAt.toISOString() };
}

export type InvitationRow = typeof schema.invitations.$inferSelect;

export interface PendingInvitation extends Invitation {
  readonly invitedBy: { id: string; name: string } | null;
  readonly createdAt: string;
}

/** The organization's invitations that can still be accepted, oldest first. */
export async function listPendingInvitations(
  db: Executor,
  scope: OrgScope,
  page: { limit: number; cursor?: string },
): Promise<Page<PendingInvitation>> {
  const after = decodeCursor(page.cursor);
  const rows = await db.execute<{
    id: string;
    email: string;
    role: Role;
    expires_at: string;
    created_at: string;
    inviter_id: string | null;
    inviter_name: string | null;
  }>(sql`
    select i.id, i.email, i.role_name as role, ${isoText(sql`i.expires_at`)} as expires_at,
           ${isoText(sql`i.created_at`)} as created_at, u.id as inviter_id, u.name as inviter_name
      from invitations i left join users u on u.id = i.invited_by
     where i.org_id = ${scope.orgId} and i.accepted_at is null and i.revoked_at is null
       and i.expires_at > now()
       ${after ? sql`and (i.created_at, i.id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
     order by i.created_at, i.id
     limit ${page.limit + 1}`);
  return toPage(
    rows,
    page.limit,
    (r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      expiresAt: r.expires_at,
      createdAt: r.created_at,
      invitedBy: r.inviter_id && r.inviter_name ? { id: r.inviter_id, name: r.inviter_name } : null,
    }),
    (r) => ({ at: new Date(r.created_at), id: r.id }),
  );
}

/** Revokes a pending invitation of the organization: its link answers 410 from now on. */
export async function revokeInvitation(
  tx: Executor,
  scope: OrgScope,
  invitationId: string,
): Promise<void> {
  const found = isUuid(invitationId)
    ? await tx.execute(sql`
        update invitations set revoked_at = coalesce(revoked_at, now())
         where org_id = ${scope.orgId} and id = ${invitationId} and accepted_at is null
         returning id`)
    : [];
  if (found.length === 0)
    throw new NotFoundError('invitation_not_found', 'No such pending invitation.');
}

const invalid = () =>
  new NotFoundError(
    'invitation_invalid',
    'This invitation does not exist, was used, or has expired.',
  );

/** The pending invitation a (signature-checked) token stands for, locked and marked accepted. */
export async function claimInvitation(tx: Executor, token: string): Promise<InvitationRow> {
  const [row] = await tx
    .select()
    .from(schema.invitations)
    .where(eq(schema.invitations.tokenHash, hashToken(token)))
    .for('update');
  if (row?.revokedAt) throw new GoneError('invitation_revoked', 'This invitation was revoked.');
  if (!row || row.acceptedAt || row.expiresAt.getTime() <= Date.now()) throw invalid();
  await tx
    .update(schema.invitations)
    .set({ acceptedAt: sql`now()` })
    .where(eq(schema.invitations.id, row.id));
  return row;
}

/** Maintenance: invitations accepted, revoked or expired more than a week ago. */
export async function purgeInvitations(db: Executor): Promise<number> {
  const rows = await db
    .delete(schema.invitations)
    .where(
      or(
        lt(schema.invitations.expiresAt, sql`now() - interval '7 days'`),
        lt(schema.invitations.acceptedAt, sql`now() - interval '7 days'`),
        lt(schema.invitations.revokedAt, sql`now() - interval '7 days'`),
      ),
    )
    .returning({ id: schema.invitations.id });
  return rows.length;
}

/** How an invitation was accepted, for the caller to finish (sessions, caches). */
export interface Accepted {
  readonly user: UserRow;
  readonly organization: Organization;
  /**
   * An unverified account with the invited email was taken over by whoever holds the mailbox:
   * its password was replaced; every session of it must end (in the same transaction).
   */
  readonly takenOver: boolean;
}

/**
 * Accepts an invitation. The token proves control of the invited mailbox — and that is all it
 * proves, so it never signs anyone into an account that already has a password by itself:
 * - a verified account with that email joins only when its own access token comes with the
 *   token (`caller`); the token alone is 401 `login_required`, and nothing changes;
 * - an unverified account (anyone can register any address) is taken over: its password is
 *   replaced by the one given, any second factor is removed, and it becomes verified; the caller
 *   ends its sessions, so whoever registered the address first is locked out (the account
 *   pre-hijack);
 * - a new email gets a new, verified account.
 * In one transaction: any refusal leaves the invitation pending.
 */
export async function acceptInvitation(
  tx: Executor,
  roles: RoleLadder,
  token: string,
  input: { callerId?: string; name?: string; passwordHash?: string },
): Promise<Accepted> {
  const invitation = await claimInvitation(tx, token);
  const existing = await findUserByEmail(tx, invitation.email);
  let user: UserRow;
  let takenOver = false;
  if (existing && (existing.emailVerifiedAt || input.callerId)) {
    if (!input.callerId) {
      throw new UnauthorizedError(
        'login_required',
        'This email has an account: sign in and accept the invitation with your access token.',
      );
    }
    if (input.callerId !== existing.id) {
      throw new ForbiddenError('wrong_account', 'This invitation is for another account.');
    }
    // Signed in and holding the mailbox's link: the address is proven.
    await markEmailVerified(tx, existing.id);
    user = existing;
  } else {
    const { name, passwordHash } = input;
    const missing = [
      ...(existing || name ? [] : [{ path: 'name', message: 'Required to create your account.' }]),
      ...(passwordHash ? [] : [{ path: 'password', message: 'Required to set your password.' }]),
    ];
    if (missing.length > 0 || !passwordHash) throw new ValidationError(missing);
    if (existing) {
      await takeOverByMailbox(tx, existing.id, passwordHash);
      if (name) await setUserName(tx, existing.id, name);
      user = { ...existing, name: name ?? existing.name, emailVerifiedAt: new Date() };
      takenOver = true;
    } else {
      user = await insertUser(tx, {
        email: invitation.email,
        name: name ?? '',
        passwordHash,
        emailVerified: true,
      });
    }
  }
  await addMember(tx, roles, invitation.orgId, { id: user.id, name: user.name }, invitation.role);
  const org = await findOrganization(tx, invitation.orgId);
  if (!org) throw new NotFoundError('org_not_found', 'No such organization.');
  return { user, organization: org, takenOver };
}

/** What an invitation's mail is made of (invitationMailSource). */
export interface InvitationMailRow {
  readonly recipient: string;
  /** Still pending: neither accepted nor expired. */
  readonly mailable: boolean;
  readonly role: string;
  readonly organization: string;
  readonly inviter: string | null;
}

/**
 * What an invitation's mail needs, whatever the organization (the platform sends it): read by
 * the statement that also claims the mail (`claimingRead`, shared/src/mail). Values:
 * `invitationId`.
 */
export const invitationMailSource = sql`
    select i.email as recipient, i.accepted_at is null and i.expires_at > now() as mailable,
           i.role_name as role, o.name as organization, u.name as inviter
      from invitations i join organizations o on o.id = i.org_id
      left join users u on u.id = i.invited_by
     where i.id = ${sql.placeholder('invitationId')}`;
