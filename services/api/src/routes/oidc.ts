import { z } from '@hono/zod-openapi';
import type { ApiEnv } from '@insightdesk/shared/api';
import {
  auditRequest,
  budgetedRoute,
  createRouter,
  executor,
  featureDisabled,
  json,
  jsonBody,
  problemSchema,
  problems,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import {
  findUserById,
  normalizeEmail,
  providerCheckedSecondFactor,
  publicUser,
  secondFactorAsked,
  twoFactor,
} from '@insightdesk/shared/auth';
import { AppError, NotFoundError, UnauthorizedError } from '@insightdesk/shared/errors';
import { clientNetwork } from '@insightdesk/shared/http';
import { TEXT_LIMITS } from '@insightdesk/shared/shapes';
import { clientJwksOf, isUuid } from '@insightdesk/shared/tenancy';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ownAccountAct, userTarget } from '../audited';
import { recordSignInRefused, resolveProvider, signInWithProvider } from '../commands/oidc-sign-in';
import type { ApiDeps } from '../deps';
import { invalidCredentials, loggedIn, providerLoginAnswer, secondFactorProof } from './auth';

/** The browser's half of a flow (`__Host-`: this origin only, https, path /). */
const FLOW_COOKIE = 'insightdesk_oidc';
const FLOW_COOKIE_SECONDS = 600;

const redirect = (description: string) => ({
  description,
  headers: { Location: { schema: { type: 'string' as const, format: 'uri', maxLength: 8192 } } },
});

const start = budgetedRoute({
  method: 'get',
  path: '/{provider}/start',
  operationId: 'startOidcSignIn',
  tags: ['auth'],
  // No credential: a browser begins a sign-in here (documented as such for the API lint).
  security: [{}],
  summary:
    "Sign in with an OpenID provider: redirects to it (authorization code flow with PKCE); `provider` is an organization's id or a deployment provider's name",
  request: {
    params: z.object({
      provider: z
        .string()
        .min(1)
        .max(64)
        .openapi({ description: "an organization's id, or a deployment provider's name" }),
    }),
  },
  responses: {
    302: redirect("To the provider's authorization endpoint; sets the flow's cookie"),
    ...problems(401, 404, 502),
  },
});

const callback = budgetedRoute({
  method: 'get',
  path: '/callback',
  operationId: 'completeOidcSignIn',
  tags: ['auth'],
  summary:
    "Where the provider sends the browser back: verifies everything, then redirects to the app with a one-time code in the fragment (#code=…), or with the refusal's code (#error=…&error_description=…)",
  request: {
    query: z.object({
      code: z.string().max(2048).optional(),
      state: z.string().max(512).optional(),
      iss: z.string().max(2048).optional(),
      error: z.string().max(256).optional(),
      error_description: z.string().max(2048).optional(),
      session_state: z.string().max(2048).optional(),
    }),
  },
  responses: {
    302: redirect(
      "To the app: #code=<one-time code> to exchange at /auth/oidc/exchange, or #error=<a problem's code, or the provider's error>&error_description=<what it means> (RFC 6749 4.1.2.1's parameters, in the fragment like the code)",
    ),
  },
});

const clientJwks = budgetedRoute({
  method: 'get',
  path: '/{orgId}/jwks',
  operationId: 'getOidcClientJwks',
  tags: ['auth'],
  security: [{}],
  summary:
    "The public key set of an organization's client that authenticates with private_key_jwt (for providers that fetch it)",
  request: { params: z.object({ orgId: z.string().min(1).max(64) }) },
  responses: {
    200: json(
      z.object({
        keys: z
          .array(
            z
              .record(z.string().max(64), z.string().max(1024))
              .openapi({ description: 'a public JWK' }),
          )
          .max(4),
      }),
      'The key set (RFC 7517)',
    ),
    ...problems(404),
  },
});

const exchange = budgetedRoute({
  method: 'post',
  path: '/exchange',
  operationId: 'exchangeOidcCode',
  tags: ['auth'],
  summary:
    'Exchange the one-time code of an OpenID sign-in (once, within a minute) for tokens, as a login answers',
  request: jsonBody(
    z.strictObject({
      code: z.string().min(1).max(128),
      deviceToken: z.string().max(256).optional(),
    }),
  ),
  responses: {
    200: json(
      providerLoginAnswer,
      'Signed in, or (an account with two-factor authentication the provider did not check) the challenge for the second factor',
    ),
    ...problems(401, 404),
    409: {
      description:
        'account_link_required: an account with this verified address exists and is not a member of the organization yet; its owner proves its password at /auth/oidc/link with `linkTicket`',
      content: {
        'application/problem+json': {
          schema: problemSchema
            .extend({
              linkTicket: z
                .string()
                .max(128)
                .openapi({ description: 'good for one attempt at /auth/oidc/link, 5 minutes' }),
              secondFactorRequired: z
                .boolean()
                .openapi({ description: 'the link also needs a code of the authenticator' }),
            })
            .openapi('LinkRequiredProblem'),
        },
      },
    },
  },
});

const link = budgetedRoute({
  method: 'post',
  path: '/link',
  operationId: 'linkOidcIdentity',
  tags: ['auth'],
  summary:
    "Link an OpenID identity to an existing account by proving the account's password (and second factor), then sign in — with the ticket of an `account_link_required` exchange",
  request: jsonBody(
    z
      .strictObject({
        ticket: z.string().min(1).max(128),
        password: z.string().min(1).max(TEXT_LIMITS.password.max),
        ...secondFactorProof,
        deviceToken: z.string().max(256).optional(),
      })
      .refine((b) => b.code === undefined || b.recoveryCode === undefined, {
        message: 'Send code or recoveryCode, not both.',
      }),
  ),
  responses: { 200: json(loggedIn, 'Linked and signed in'), ...problems(401, 403, 404, 409) },
});

const invalidTicket = () =>
  new UnauthorizedError(
    'oidc_link_ticket_invalid',
    'This link ticket is unknown, expired or already used: sign in with the provider again.',
  );

const secondFactorMissing = () =>
  new UnauthorizedError(
    'second_factor_required',
    'This account has two-factor authentication: send a code of the authenticator (code) or a recovery code.',
  );

const invalidFlow = () =>
  new UnauthorizedError(
    'oidc_state_invalid',
    'This sign-in is unknown, expired, already used, or was started in another browser: start again.',
  );

/**
 * `/api/v1/auth/oidc`: sign-in with OpenID Connect (docs/sso.md). Every route is 404 while the
 * `oauth` flag is off. Tokens never travel in a URL: the callback hands the app a one-time code
 * in the fragment (never sent to a server, so never in a log), which it exchanges by POST.
 */
export function oidcRoutes(deps: ApiDeps) {
  const { features, limits, oidc } = deps;
  const app = createRouter();
  // Off everywhere: every route answers 404. Otherwise each provider's own setting decides
  // (`resolveProvider`: an organization's override, else the deployment's).
  const enabled: MiddlewareHandler<ApiEnv> = async (_c, next) => {
    if (!features.isEnabledAnywhere('oauth')) throw featureDisabled();
    await next();
  };
  app.use('*', enabled);
  const address = (c: Context<ApiEnv>) => clientNetwork(c.req.raw, c.env, deps.clientIpHeader);
  // Our 2FA policy: an account with our own second factor is asked for it.
  const secondFactorOf = (user: { totpEnabledAt: unknown }) =>
    features.isEnabled('two-factor') && user.totpEnabledAt !== null;
  /** The browser back to the app with a refusal's code: never a JSON page in the browser. */
  const toAppWithError = (c: Context<ApiEnv>, code: string, description: string) => {
    const target = new URL(oidc.appCallbackUrl);
    target.hash = new URLSearchParams({ error: code, error_description: description }).toString();
    return c.redirect(target.href, 302);
  };

  app.openapi(start, async (c) => {
    await limits.consume(c, limits.loginPerIp, address(c));
    const provider = await resolveProvider(deps, executor(c, deps), c.req.valid('param').provider);
    const secrets = oidc.client.newFlowSecrets();
    const url = await oidc.client.authorizationUrl(provider, {
      ...secrets,
      redirectUri: oidc.redirectUri,
    });
    const cookie = await oidc.flows.begin(secrets.state, {
      provider: provider.name,
      nonce: secrets.nonce,
      verifier: secrets.verifier,
    });
    setCookie(c, FLOW_COOKIE, cookie, {
      prefix: 'host',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: FLOW_COOKIE_SECONDS,
    });
    return c.redirect(url.href, 302);
  });

  app.openapi(
    callback,
    async (c) => {
      try {
        return await completeSignIn(c);
      } catch (err) {
        if (!(err instanceof AppError) || (err.status >= 500 && err.status !== 502)) throw err;
        return toAppWithError(c, err.code, err.detail ?? err.title);
      }
    },
    // A query the schema refuses goes back to the app as well, as `invalid_request`.
    (result, c) => {
      if (!result.success)
        return toAppWithError(c, 'invalid_request', 'The sign-in answer was malformed.');
    },
  );

  /** The callback: the flow, the provider's answer checked, the account; a code for the app. */
  async function completeSignIn(c: Context<ApiEnv>) {
    await limits.consume(c, limits.loginPerIp, address(c));
    const query = c.req.query();
    const flow = query.state
      ? await oidc.flows.take(query.state, getCookie(c, FLOW_COOKIE, 'host'))
      : undefined;
    if (!flow || !query.state) throw invalidFlow();
    setCookie(c, FLOW_COOKIE, '', { prefix: 'host', secure: true, path: '/', maxAge: 0 });
    const db = executor(c, deps);
    const provider = await resolveProvider(deps, db, flow.provider);
    const request = auditRequest(c, deps);
    // A refusal from here on is a failed sign-in of this provider (its audit log).
    const refused = async (err: unknown): Promise<never> => {
      await recordSignInRefused(db, provider, request, err);
      throw err;
    };
    // The person declined, or the provider would not sign them in (RFC 6749 4.1.2.1).
    if (query.error) {
      const code = /^[a-z_]{1,64}$/.test(query.error) ? query.error : 'oidc_rejected';
      await refused(new UnauthorizedError(code, 'The identity provider did not sign you in.'));
    }
    // The URL the provider redirected to, as it built it (behind the proxy, ours differs).
    const callbackUrl = new URL(oidc.redirectUri);
    callbackUrl.search = new URL(c.req.url).search;
    const identity = await oidc.client
      .complete(provider, callbackUrl, {
        state: query.state,
        nonce: flow.nonce,
        verifier: flow.verifier,
      })
      .catch(refused);
    const signedIn = await signInWithProvider(deps, db, provider, identity, request).catch(refused);
    const code = await oidc.flows.issueCode(
      'link' in signedIn
        ? { link: { userId: signedIn.link, provider: provider.name, identity } }
        : {
            userId: signedIn.userId,
            reach: signedIn.reach,
            providerCheckedSecondFactor: providerCheckedSecondFactor(identity.amr),
          },
    );
    const target = new URL(oidc.appCallbackUrl);
    target.hash = `code=${code}`;
    return c.redirect(target.href, 302);
  }

  app.openapi(clientJwks, async (c) => {
    await limits.consume(c, limits.loginPerIp, address(c));
    const { orgId } = c.req.valid('param');
    const jwks =
      isUuid(orgId) && features.isEnabled('oauth', orgId)
        ? await clientJwksOf(executor(c, deps), deps.cipher, orgId)
        : null;
    if (!jwks) throw new NotFoundError('oidc_provider_not_found', 'No such key set.');
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(jwks, 200);
  });

  app.openapi(exchange, async (c) => {
    const body = c.req.valid('json');
    await limits.consume(c, limits.loginPerIp, address(c));
    const outcome = await oidc.flows.redeemCode(body.code);
    const userId = outcome && ('link' in outcome ? outcome.link.userId : outcome.userId);
    const user = userId && (await findUserById(executor(c, deps), userId));
    if (outcome && user && 'link' in outcome) {
      // Not in a URL: the ticket travels in this answer's body only.
      throw new AppError(409, 'account_link_required', 'Conflict', {
        detail:
          'An account with this email already exists: prove it is yours with its password (POST /auth/oidc/link with linkTicket) to link this sign-in to it.',
        extensions: {
          linkTicket: await oidc.flows.issueLinkTicket(outcome.link),
          secondFactorRequired: secondFactorOf(user),
        },
      });
    }
    // A code of another shape (issued by a release before this one) is no code.
    const signedIn = outcome && !('link' in outcome) && outcome.reach ? outcome : undefined;
    if (!signedIn || !user) {
      throw new UnauthorizedError(
        'oidc_code_invalid',
        'This code is unknown, expired or already used: sign in again.',
      );
    }
    // Our 2FA policy (policy.ts): the account's own second factor, unless the provider's
    // organization manages the account (or a deployment provider checked one).
    const { reach } = signedIn;
    const asked = secondFactorAsked({
      reach,
      providerCheckedSecondFactor: signedIn.providerCheckedSecondFactor,
      accountHasSecondFactor: secondFactorOf(user),
    });
    if (asked) {
      return c.json(
        {
          twoFactorRequired: true as const,
          challenge: deps.loginChallenges.issue(user.id, reach),
        },
        200,
      );
    }
    const tokens = await executor(c, deps).transaction(async (tx) => {
      const started = await deps.sessions.start(tx, user.id, reach);
      await recordAudit(
        tx,
        ownAccountAct(user.id, 'auth.login', auditRequest(c, deps), { method: 'sso' }),
      );
      return started;
    });
    // An organization's provider proved nothing of the password: no device trust for it.
    if (reach.org !== null) return c.json({ user: publicUser(user), tokens }, 200);
    const deviceToken = await deps.loginThrottle.succeeded({
      account: normalizeEmail(user.email),
      address: address(c),
      userId: user.id,
    });
    return c.json({ user: publicUser(user), tokens, deviceToken }, 200);
  });

  // The owner of an existing account proves it (password, then the second factor it has), in
  // the same flow as the provider's sign-in: the identity is linked, and the account signs in.
  // Throttled as a password login (the same budgets); a ticket is good for one attempt.
  app.openapi(link, async (c) => {
    const body = c.req.valid('json');
    await limits.consume(c, limits.loginPerIp, address(c));
    const pending = await oidc.flows.takeLinkTicket(body.ticket);
    const db = executor(c, deps);
    const user = pending && (await findUserById(db, pending.userId));
    if (!pending || !user) throw invalidTicket();
    const account = normalizeEmail(user.email);
    await deps.loginThrottle.admit(c, {
      account,
      address: address(c),
      userId: user.id,
      ...(body.deviceToken ? { deviceToken: body.deviceToken } : {}),
    });
    const request = auditRequest(c, deps);
    if (!(await deps.passwords.verify(body.password, user.passwordHash))) {
      // As a password login records it (bounded by the throttle above).
      await recordAudit(db, {
        organizationId: null,
        actor: { type: 'anonymous' },
        request,
        action: 'auth.login-failed',
        target: userTarget(user.id),
        change: { reason: 'wrong password', method: 'sso link' },
      });
      throw invalidCredentials();
    }
    if (secondFactorOf(user)) {
      const proof = body.code ?? body.recoveryCode;
      if (proof === undefined) throw secondFactorMissing();
      const attempt = { userId: user.id, challengeId: body.ticket, address: address(c) };
      await deps.secondFactorThrottle.admit(c, attempt);
      const verified = await db.transaction((tx) =>
        twoFactor.verify(
          tx,
          deps.cipher,
          user.id,
          body.code === undefined ? { recoveryCode: proof } : { code: proof },
        ),
      );
      if (!verified)
        throw new UnauthorizedError('invalid_code', 'The code is wrong, expired or already used.');
      await deps.secondFactorThrottle.succeeded(attempt);
    }
    const provider = await resolveProvider(deps, db, pending.provider);
    const signedIn = await signInWithProvider(
      deps,
      db,
      provider,
      pending.identity,
      request,
      user.id,
    );
    if ('link' in signedIn) throw invalidTicket();
    const tokens = await db.transaction(async (tx) => {
      const started = await deps.sessions.start(tx, user.id, signedIn.reach);
      await recordAudit(tx, ownAccountAct(user.id, 'auth.login', request, { method: 'sso' }));
      return started;
    });
    const deviceToken = await deps.loginThrottle.succeeded({
      account,
      address: address(c),
      userId: user.id,
    });
    return c.json({ user: publicUser(user), tokens, deviceToken }, 200);
  });

  return app;
}
