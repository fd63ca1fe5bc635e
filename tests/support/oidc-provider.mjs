// A real OpenID provider for the tests: panva's oidc-provider, which refuses Bun, so tests start
// it with Node (tests/support/oidc.ts). Configuration comes as JSON in OIDC_TEST_CONFIG:
// { port, issuer, keys: [private JWK…], clients: [{client_id, client_secret?, redirect_uris,
// token_endpoint_auth_method?, jwks?}], idTokenClaims? }. Its settings are oidc-provider's
// defaults but where said: with the code flow, the scopes' claims (email, name) are released at
// the userinfo endpoint only (OpenID Connect Core 5.4), unless `idTokenClaims` puts them in the
// id_token as well, as Google and Entra ID do.
// Sign-in is scripted, not typed: the authorization request's `login_hint` is base64url JSON of
// the account { sub, email, email_verified, name, amr }, and the interaction finishes at once.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const accounts = new Map();

const provider = new Provider(config.issuer, {
  clients: config.clients.map((c) => ({
    ...c,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_basic',
    id_token_signed_response_alg: 'ES256',
  })),
  jwks: { keys: config.keys },
  cookies: { keys: ['oidc-test-cookie-key-not-a-secret'] },
  // `amr` with the openid scope: released in every id_token, as Entra ID does.
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: config.idTokenClaims !== true,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: account.email,
          email_verified: account.email_verified,
          name: account.name,
        };
      },
    };
  },
});
// Loopback http in tests: not behind a proxy.
provider.proxy = false;
const callback = provider.callback();

const server = createServer(async (req, res) => {
  try {
    if (req.url?.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(req, res);
      const account = JSON.parse(
        Buffer.from(String(details.params.login_hint), 'base64url').toString(),
      );
      accounts.set(account.sub, account);
      const grant = new provider.Grant({
        accountId: account.sub,
        clientId: details.params.client_id,
      });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub, amr: account.amr ?? ['pwd'] }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    callback(req, res);
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});
server.listen(config.port, config.host ?? '127.0.0.1', () => console.log('ready'));
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Node 18's close() waits for idle keep-alive connections (the api's) to time out.
    server.closeIdleConnections();
  });
