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
  problems,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import {
  findUserById,
  normalizeEmail,
  providerCheckedSecondFactor,
  publicUser,
} from '@insightdesk/shared/auth';
import { UnauthorizedError } from '@insightdesk/shared/errors';
import { clientNetwork } from '@insightdesk/shared/http';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ownAccountAct } from '../audited';
import { recordSignInRefused, resolveProvider, signInWithProvider } from '../commands/oidc-sign-in';
import type { ApiDeps } from '../deps';
import { loginAnswer } from './auth';

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
    'Where the provider sends the browser back: verifies everything, then redirects to the app with a one-time code in the fragment (#code=…)',
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
    302: redirect('To the app, with #code=<one-time code> to exchange at /auth/oidc/exchange'),
    ...problems(401, 403, 404, 409, 502),
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
      loginAnswer,
      'Signed in, or (an account with two-factor authentication the provider did not check) the challenge for the second factor',
    ),
    ...problems(401, 404),
  },
});

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
  const enabled: MiddlewareHandler<ApiEnv> = async (_c, next) => {
    if (!features.isEnabled('oauth')) throw featureDisabled();
    await next();
  };
  app.use('*', enabled);
  const address = (c: Context<ApiEnv>) => clientNetwork(c.req.raw, c.env, deps.clientIpHeader);

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

  app.openapi(callback, async (c) => {
    await limits.consume(c, limits.loginPerIp, address(c));
    const query = c.req.valid('query');
    const flow = query.state
      ? await oidc.flows.take(query.state, getCookie(c, FLOW_COOKIE, 'host'))
      : undefined;
    if (!flow || !query.state) throw invalidFlow();
    setCookie(c, FLOW_COOKIE, '', { prefix: 'host', secure: true, path: '/', maxAge: 0 });
    const db = executor(c, deps);
    const provider = await resolveProvider(deps, db, flow.provider);
    // The URL the provider redirected to, as it built it (behind the proxy, ours differs).
    const callbackUrl = new URL(oidc.redirectUri);
    callbackUrl.search = new URL(c.req.url).search;
    const request = auditRequest(c, deps);
    // A refusal from here on is a failed sign-in of this provider (its audit log).
    const refused = async (err: unknown): Promise<never> => {
      await recordSignInRefused(db, provider, request, err);
      throw err;
    };
    const identity = await oidc.client
      .complete(provider, callbackUrl, {
        state: query.state,
        nonce: flow.nonce,
        verifier: flow.verifier,
      })
      .catch(refused);
    const { userId } = await signInWithProvider(deps, db, provider, identity, request).catch(
      refused,
    );
    const code = await oidc.flows.issueCode({
      userId,
      mfa: providerCheckedSecondFactor(identity.amr),
    });
    const target = new URL(oidc.appCallbackUrl);
    target.hash = `code=${code}`;
    return c.redirect(target.href, 302);
  });

  app.openapi(exchange, async (c) => {
    const body = c.req.valid('json');
    await limits.consume(c, limits.loginPerIp, address(c));
    const signedIn = await oidc.flows.redeemCode(body.code);
    const user = signedIn && (await findUserById(executor(c, deps), signedIn.userId));
    if (!signedIn || !user) {
      throw new UnauthorizedError(
        'oidc_code_invalid',
        'This code is unknown, expired or already used: sign in again.',
      );
    }
    // Our 2FA policy: a provider that checked a second factor (amr) is trusted for it; an
    // account with our own second factor is asked for it otherwise.
    if (features.isEnabled('two-factor') && user.totpEnabledAt !== null && !signedIn.mfa) {
      return c.json(
        { twoFactorRequired: true as const, challenge: deps.loginChallenges.issue(user.id) },
        200,
      );
    }
    const tokens = await executor(c, deps).transaction(async (tx) => {
      const started = await deps.sessions.start(tx, user.id);
      await recordAudit(
        tx,
        ownAccountAct(user.id, 'auth.login', auditRequest(c, deps), { method: 'sso' }),
      );
      return started;
    });
    const deviceToken = await deps.loginThrottle.succeeded({
      account: normalizeEmail(user.email),
      address: address(c),
      userId: user.id,
    });
    return c.json({ user: publicUser(user), tokens, deviceToken }, 200);
  });

  return app;
}
