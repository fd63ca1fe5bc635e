import { eq, lt, or, sql } from 'drizzle-orm';
import { hashToken, invitationToken } from '../auth/secrets';
import { findUserByEmail, insertUser, type UserRow } from '../auth/users';
import { type Executor, schema } from '../db';
import { NotFoundError, ValidationError } from '../errors';
import { recordEvent } from '../events/outbox';
import type { OrgScope, Role } from '../tenancy';
import { addMember, checkOwnerRights } from './members';
import { organization } from './orgs';
import type { Organization } from './schemas';

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
  const [context] = await tx
    .select({ orgName: schema.organizations.name, inviterName: schema.users.name })
    .from(schema.organizations)
    .innerJoin(schema.users, eq(schema.users.id, scope.userId))
    .where(eq(schema.organizations.id, scope.orgId));
  if (!context) throw new NotFoundError('org_not_found', 'No such organization.');
  await recordEvent(tx, scope.orgId, 'invitation.created', {
    invitationId: id,
    email,
    role: input.role,
    organizationName: context.orgName,
    invitedBy: { id: scope.userId, name: context.inviterName },
  });
  return { id, email, role: input.role, expiresAt: expiresAt.toISOString() };
}

export type InvitationRow = typeof schema.invitations.$inferSelect;

/** The pending invitation a (signature-checked) token stands for, locked; null if spent or expired. */
export async function claimInvitation(tx: Executor, token: string): Promise<InvitationRow | null> {
  const [row] = await tx
    .select()
    .from(schema.invitations)
    .where(eq(schema.invitations.tokenHash, hashToken(token)))
    .for('update');
  if (!row || row.acceptedAt || row.expiresAt.getTime() <= Date.now()) return null;
  await tx
    .update(schema.invitations)
    .set({ acceptedAt: sql`now()` })
    .where(eq(schema.invitations.id, row.id));
  return row;
}

/** Maintenance: invitations accepted or expired more than a week ago. */
export async function purgeInvitations(db: Executor): Promise<number> {
  const rows = await db
    .delete(schema.invitations)
    .where(
      or(
        lt(schema.invitations.expiresAt, sql`now() - interval '7 days'`),
        lt(schema.invitations.acceptedAt, sql`now() - interval '7 days'`),
      ),
    )
    .returning({ id: schema.invitations.id });
  return rows.length;
}

/**
 * Accepts an invitation: the token (signature already checked) is the credential. The invited
 * email's account joins with the invited role, or is created (then `name` and `passwordHash`
 * are required). One transaction; returns the account and the organization.
 */
export async function acceptInvitation(
  tx: Executor,
  token: string,
  newAccount: { name?: string; passwordHash?: string },
): Promise<{ user: UserRow; organization: Organization }> {
  const invitation = await claimInvitation(tx, token);
  if (!invitation) {
    throw new NotFoundError(
      'invitation_invalid',
      'This invitation does not exist, was used, or has expired.',
    );
  }
  let user = await findUserByEmail(tx, invitation.email);
  if (!user) {
    const { name, passwordHash } = newAccount;
    if (!name || !passwordHash) {
      throw new ValidationError([
        ...(name ? [] : [{ path: 'name', message: 'Required to create your account.' }]),
        ...(passwordHash
          ? []
          : [{ path: 'password', message: 'Required to create your account.' }]),
      ]);
    }
    user = await insertUser(tx, { email: invitation.email, name, passwordHash });
  }
  await addMember(tx, invitation.orgId, { id: user.id, name: user.name }, invitation.role);
  const [org] = await tx
    .select()
    .from(schema.organizations)
    .where(eq(schema.organizations.id, invitation.orgId));
  if (!org) throw new NotFoundError('org_not_found', 'No such organization.');
  return { user, organization: organization(org) };
}
