import { z } from '@hono/zod-openapi';
import {
  auditedBy,
  bearer,
  createRouter,
  executor,
  json,
  jsonBody,
  orgAccess,
  orgParams,
  problems,
  protectedRoute,
  requireFeature,
  scopeOf,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import { revokeConfinedSessions, VOUCHED_DOMAIN } from '@insightdesk/shared/auth';
import { ConflictError, NotFoundError, UnprocessableError } from '@insightdesk/shared/errors';
import { txtRecordHolds } from '@insightdesk/shared/net';
import { timestamp } from '@insightdesk/shared/shapes';
import {
  challengeRecordName,
  challengeRecordValue,
  claimDomain,
  DOMAIN_MISSES_ALLOWED,
  dropVouchedDomain,
  findDomain,
  listDomains,
  MAX_DOMAINS_PER_ORG,
  markDomainProven,
  markDomainUnproven,
  releaseDomain,
} from '@insightdesk/shared/tenancy';
import type { ApiDeps } from '../deps';

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(VOUCHED_DOMAIN, 'a domain such as example.com');

const domainSchema = z
  .object({
    domain: z.string().max(253),
    status: z.enum(['pending', 'verified']),
    record: z
      .object({
        type: z.literal('TXT'),
        name: z.string().max(300),
        value: z.string().max(128),
      })
      .openapi({ description: 'publish this record; then POST …/verify' }),
    verifiedAt: timestamp().nullable(),
    checkedAt: timestamp().nullable(),
    createdAt: timestamp(),
  })
  .openapi('OrganizationDomain');

const domainParams = orgParams.extend({ domain: domainName });

const noSuchDomain = () =>
  new NotFoundError('domain_not_found', 'This organization has not claimed that domain.');

/**
 * `/api/v1/orgs/{orgId}/domains`: the email domains an organization proves, for its admins (404
 * while the `oauth` flag is off for it). A domain is claimed, its DNS TXT record
 * (`_insightdesk-challenge.<domain>`) published with the organization's challenge, then
 * verified; only a proven domain lets the organization's provider vouch for its addresses, and
 * one organization holds a domain proven at a time (docs/sso.md, "Proven domains"). A domain
 * released or lost ends the sessions of the accounts the organization managed (they reached the
 * account itself): the next sign-in decides again whether it manages them.
 */
export function domainRoutes(deps: ApiDeps) {
  const app = createRouter();
  const guard = [orgAccess(deps.memberships, 'admin'), requireFeature(deps.features, 'oauth')];

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/domains',
      operationId: 'listOrganizationDomains',
      tags: ['organizations'],
      summary: "The organization's claimed email domains, proven or pending (admins)",
      security: bearer,
      middleware: guard,
      request: { params: orgParams },
      responses: {
        200: json(
          z.object({
            items: z.array(domainSchema).max(MAX_DOMAINS_PER_ORG),
            nextCursor: z.string().max(0).nullable(),
          }),
          'Every claimed domain (one page)',
        ),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const items = await listDomains(executor(c, deps), scopeOf(c));
      return c.json({ items, nextCursor: null }, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/domains',
      operationId: 'claimOrganizationDomain',
      tags: ['organizations'],
      summary:
        'Claim an email domain: answers the DNS TXT record that proves it (admins; at most 50)',
      security: bearer,
      middleware: guard,
      request: { params: orgParams, ...jsonBody(z.strictObject({ domain: domainName })) },
      responses: {
        201: json(domainSchema, 'Claimed (pending until verified)'),
        200: json(domainSchema, 'Claimed before: as it is'),
        ...problems(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const { domain } = c.req.valid('json');
      const claimed = await executor(c, deps).transaction(async (tx) => {
        const result = await claimDomain(tx, scope, domain);
        if (result?.created) {
          await recordAudit(tx, {
            organizationId: scope.orgId,
            ...auditedBy(c, deps),
            action: 'sso.domain-claimed',
            target: { type: 'organization', id: scope.orgId },
            change: { domain },
          });
        }
        return result;
      });
      if (!claimed) {
        throw new ConflictError(
          'too_many_domains',
          `An organization claims at most ${MAX_DOMAINS_PER_ORG} domains: release one first.`,
        );
      }
      return c.json(claimed.domain, claimed.created ? 201 : 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/domains/{domain}/verify',
      operationId: 'verifyOrganizationDomain',
      tags: ['organizations'],
      summary:
        "Look the domain's DNS TXT record up now: proven when it holds the organization's challenge (admins)",
      security: bearer,
      middleware: guard,
      request: { params: domainParams },
      responses: {
        200: json(domainSchema, 'Proven'),
        ...problems(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const { domain } = c.req.valid('param');
      const db = executor(c, deps);
      const claimed = await findDomain(db, scope, domain);
      if (!claimed) throw noSuchDomain();
      const name = challengeRecordName(domain);
      const found = await txtRecordHolds(
        deps.oidc.resolver,
        name,
        challengeRecordValue(claimed.challenge),
      );
      if (found === 'absent') {
        // A proven domain counts a miss, as at the periodic re-check: asking again never keeps a
        // proof alive whose record is gone.
        const ended = await db.transaction(async (tx) => {
          const missed = await markDomainUnproven(tx, scope, domain, DOMAIN_MISSES_ALLOWED);
          if (missed !== 'lost') return [];
          await recordAudit(tx, {
            organizationId: scope.orgId,
            ...auditedBy(c, deps),
            action: 'sso.domain-lost',
            target: { type: 'organization', id: scope.orgId },
            change: { domain },
          });
          return revokeConfinedSessions(tx, scope.orgId, 'managed');
        });
        for (const session of ended) await deps.sessionGuard.announce(session);
      }
      if (found !== 'found') {
        throw new UnprocessableError(
          'domain_unverified',
          found === 'absent'
            ? `No TXT record at ${name} holds this organization's challenge (DNS changes can take a while to be seen): publish it, then try again.`
            : `The DNS lookup of ${name} failed: try again later.`,
        );
      }
      const proven = await db.transaction(async (tx) => {
        const marked = await markDomainProven(tx, scope, domain);
        if (marked && marked !== 'claimed' && claimed.status === 'pending') {
          await recordAudit(tx, {
            organizationId: scope.orgId,
            ...auditedBy(c, deps),
            action: 'sso.domain-verified',
            target: { type: 'organization', id: scope.orgId },
            change: { domain },
          });
        }
        return marked;
      });
      if (!proven) throw noSuchDomain();
      if (proven === 'claimed') {
        throw new ConflictError(
          'domain_claimed',
          'Another organization holds this domain proven: it must release it (or lose its record) first.',
        );
      }
      return c.json(proven, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'delete',
      path: '/{orgId}/domains/{domain}',
      operationId: 'releaseOrganizationDomain',
      tags: ['organizations'],
      summary: 'Release a claimed domain: its provider no longer vouches for it (admins)',
      security: bearer,
      middleware: guard,
      request: { params: domainParams },
      responses: { 204: { description: 'Released' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const { domain } = c.req.valid('param');
      const released = await executor(c, deps).transaction(async (tx) => {
        if (!(await releaseDomain(tx, scope, domain))) return null;
        await dropVouchedDomain(tx, scope, domain);
        await recordAudit(tx, {
          organizationId: scope.orgId,
          ...auditedBy(c, deps),
          action: 'sso.domain-released',
          target: { type: 'organization', id: scope.orgId },
          change: { domain },
        });
        // The accounts it managed on that domain may be managed no more: their sessions reach
        // the account no longer than the next sign-in, which decides again.
        return revokeConfinedSessions(tx, scope.orgId, 'managed');
      });
      if (!released) throw noSuchDomain();
      for (const session of released) await deps.sessionGuard.announce(session);
      return c.body(null, 204);
    },
  );

  return app;
}
