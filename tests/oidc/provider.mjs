// A real OpenID Connect provider for the tests (panva/oidc-provider with its development
// login and consent pages: any password is accepted). Started by tests/oidc_rig.py.
//
//   OIDC_PORT=0 OIDC_REDIRECT_URIS=http://127.0.0.1:8000/auth/oidc/callback node provider.mjs
//
// Prints "OIDC_ISSUER=<url>" once listening. Accounts and their groups claim:
//   ada    -> ["Shop Editors"]                                  (editor)
//   grace  -> ["CN=Shop Admins,OU=Groups,DC=example,DC=test"]   (admin, by DN)
//   victor -> ["Everyone"]                                      (viewer)
//   mallory -> ["Visitors"]                                     (no mapped group: refused)
//   editor -> ["Everyone"]    (viewer; never the local account "editor")
import http from 'node:http';
import Provider from 'oidc-provider';

const GROUPS = {
  ada: ['Shop Editors'],
  grace: ['CN=Shop Admins,OU=Groups,DC=example,DC=test'],
  victor: ['Everyone'],
  mallory: ['Visitors'],
  editor: ['Everyone'],
};
const list = (name) => (process.env[name] || '').split(',').map((s) => s.trim()).filter(Boolean);

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.env.OIDC_PORT || 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID || 'shopdb',
    client_secret: process.env.OIDC_CLIENT_SECRET || 'shopdb-test-secret',
    redirect_uris: list('OIDC_REDIRECT_URIS'),
    post_logout_redirect_uris: list('OIDC_POST_LOGOUT_URIS'),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `Test ${id}`, preferred_username: id,
                 email: `${id}@example.test`, groups: GROUPS[id] || [] };
      },
    };
  },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'],
            groups: ['groups'] },
  scopes: ['openid', 'profile', 'email', 'groups'],
  // Put the scopes' claims (groups) into the ID token, as Entra ID and Keycloak do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['shopdb-test-oidc-cookie-key'] },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));
server.on('request', provider.callback());
console.log(`OIDC_ISSUER=${issuer}`);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
// The test process holds our stdin: when it dies, however it dies, so do we.
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGINT', stop);
