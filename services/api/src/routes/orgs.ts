import { z } from '@hono/zod-openapi';
import {
  accountAccess,
  auditedBy,
  bearer,
  createRouter,
  executor,
  idParam,
  json,
  jsonBody,
  orgAccess,
  orgParams,
  page,
  pageQuery,
  problems,
  protectedRoute,
  scopeOf,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import { clientNetwork } from '@insightdesk/shared/http';
import {
  emailInput,
  memberSchema,
  nameInput,
  organizationSchema,
  role,
  TEXT_LIMITS,
  timestamp,
  userRef,
  uuid,
} from '@insightdesk/shared/shapes';
import {
  ANY_MEMBER,
  getOrganization,
  listMembers,
  listPendingInvitations,
  revokeInvitation,
  roleSchema,
  SEES_ORGANIZATION,
} from '@insightdesk/shared/tenancy';
import { orgCacheKeys } from '../cache-keys';
import { changeMemberRole } from '../commands/change-member-role';
import { createOrganization } from '../commands/create-organization';
import { inviteMember } from '../commands/invite-member';
import { removeMember } from '../commands/remove-member';
import type { ApiDeps } from '../deps';
import { requireVerifiedEmail } from '../middleware/verified-email';

const memberParams = z.object({ orgId: idParam, userId: idParam });
const invitationParams = z.object({ orgId: idParam, invitationId: idParam });

const invitationSchema = z
  .object({ id: uuid(), email: z.string().max(TEXT_LIMITS.email), role, expiresAt: timestamp() })
  .openapi('Invitation');
const pendingInvitationSchema = invitationSchema
  .extend({ invitedBy: userRef.nullable(), createdAt: timestamp() })
  .openapi('PendingInvitation');

/** `/api/v1/orgs`: organizations, members and invitations (behind `authenticate`). */
export function orgRoutes(deps: ApiDeps) {
  const app = createRouter();

  const verifiedEmail = requireVerifiedEmail(deps);

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/',
      operationId: 'createOrganization',
      tags: ['organizations'],
      summary:
        'Create an organization (you become its owner; daily quotas per user and per address)',
      security: bearer,
      // The account acts: not a session confined to an organization that does not manage it.
      middleware: [accountAccess(), verifiedEmail],
      request: jsonBody(z.strictObject({ name: nameInput() })),
      responses: { 201: json(organizationSchema, 'Created'), ...problems(401, 403) },
    }),
    async (c) => {
      const userId = c.get('userId');
      await deps.limits.consume(c, deps.limits.orgsPerUser, userId);
      await deps.limits.consume(
        c,
        deps.limits.orgsPerAddress,
        clientNetwork(c.req.raw, c.env, deps.clientIpHeader),
      );
      const org = await createOrganization(
        deps,
        executor(c, deps),
        userId,
        c.req.valid('json').name,
        auditedBy(c, deps),
      );
      return c.json(org, 201);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}',
      operationId: 'getOrganization',
      tags: ['organizations'],
      summary: 'An organization you belong to',
      security: bearer,
      middleware: [orgAccess(deps.memberships, ANY_MEMBER)],
      request: { params: orgParams },
      responses: { 200: json(organizationSchema, 'The organization'), ...problems(401, 404) },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const org = await deps.cache.memoize(
        orgCacheKeys.organization(scope.orgId),
        () => getOrganization(executor(c, deps), scope),
        { ttlSeconds: 300, tags: [orgCacheKeys.tag(scope.orgId)] },
      );
      return c.json(org, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/members',
      operationId: 'listMembers',
      tags: ['members'],
      summary: 'Members and their roles (roles that see the whole organization)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, SEES_ORGANIZATION)],
      request: { params: orgParams, query: z.object(pageQuery) },
      responses: {
        200: json(page(memberSchema), 'Members, oldest first'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const query = c.req.valid('query');
      const list = () => listMembers(executor(c, deps), scope, query);
      // Only the first page is cached: a cursor is the client's to choose, and every cached page
      // is one more entry of the tag's set, which lives as long as pages keep being cached.
      const members = query.cursor
        ? await list()
        : await deps.cache.memoize(orgCacheKeys.members(scope.orgId, query.limit), list, {
            ttlSeconds: 60,
            tags: [orgCacheKeys.membersTag(scope.orgId)],
          });
      return c.json(members, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/invitations',
      operationId: 'createInvitation',
      tags: ['members'],
      summary:
        'Invite someone by email (admins and above; owners invite owners; daily quotas per organization and inviter)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin'), verifiedEmail],
      request: {
        params: orgParams,
        ...jsonBody(
          z.strictObject({ email: emailInput(), role: roleSchema(deps.memberships.roles) }),
        ),
      },
      responses: {
        201: json(invitationSchema, 'Invited; the email is on its way'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { limits } = deps;
      await limits.consume(c, limits.invitationsPerInviter, c.get('userId'));
      await limits.consume(c, limits.invitationsPerOrg, scopeOf(c).orgId);
      const invitation = await inviteMember(
        deps,
        executor(c, deps),
        scopeOf(c),
        c.req.valid('json'),
        auditedBy(c, deps),
      );
      return c.json(invitation, 201);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/invitations',
      operationId: 'listInvitations',
      tags: ['members'],
      summary: 'Pending invitations (admins and above)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin')],
      request: { params: orgParams, query: z.object(pageQuery) },
      responses: {
        200: json(page(pendingInvitationSchema), 'Pending invitations, oldest first'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await listPendingInvitations(executor(c, deps), scopeOf(c), c.req.valid('query')),
        200,
      ),
  );

  app.openapi(
    protectedRoute({
      method: 'delete',
      path: '/{orgId}/invitations/{invitationId}',
      operationId: 'revokeInvitation',
      tags: ['members'],
      summary: 'Revoke a pending invitation (its link answers 410 from now on)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin')],
      request: { params: invitationParams },
      responses: { 204: { description: 'Revoked' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const { invitationId } = c.req.valid('param');
      await executor(c, deps).transaction(async (tx) => {
        await revokeInvitation(tx, scope, invitationId);
        await recordAudit(tx, {
          organizationId: scope.orgId,
          ...auditedBy(c, deps),
          action: 'invitation.revoked',
          target: { type: 'invitation', id: invitationId },
        });
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'patch',
      path: '/{orgId}/members/{userId}',
      operationId: 'updateMember',
      tags: ['members'],
      summary: "Change a member's role (the last owner cannot be demoted)",
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin')],
      request: {
        params: memberParams,
        ...jsonBody(z.strictObject({ role: roleSchema(deps.memberships.roles) })),
      },
      responses: { 200: json(memberSchema, 'The member'), ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const { userId } = c.req.valid('param');
      const scope = scopeOf(c);
      const role = c.req.valid('json').role;
      const member = await changeMemberRole(
        deps,
        executor(c, deps),
        scope,
        userId,
        role,
        auditedBy(c, deps),
      );
      return c.json(member, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'delete',
      path: '/{orgId}/members/{userId}',
      operationId: 'removeMember',
      tags: ['members'],
      summary: 'Remove a member (never the last owner)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin')],
      request: { params: memberParams },
      responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const { userId } = c.req.valid('param');
      const scope = scopeOf(c);
      await removeMember(deps, executor(c, deps), scope, userId, auditedBy(c, deps));
      return c.body(null, 204);
    },
  );

  return app;
}
