// An independent OpenID Provider for the portal's interoperability test:
// panva/oidc-provider (OpenID Certified), configured the way a national login is:
// authorization-code flow, PKCE required, confidential clients only.
//
//   node server.js <port>
//
// The test passes what must match the portal through the environment:
//   PORTAL_REDIRECT_URI, PORTAL_POST_LOGOUT_REDIRECT_URI
//   PORTAL_CLIENT_JWKS     public key set of client "portal-jwt" (private_key_jwt)
//   PORTAL_CLIENT_SECRET   secret of client "portal-basic" (client_secret_basic)
//   TEST_PERSON            JSON claims of the one person who signs in
// Login and consent use the provider's built-in development interactions: any
// login name and password are accepted.

import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node server.js <port>');
  process.exit(2);
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`server.js: environment variable ${name} is required`);
    process.exit(2);
  }
  return value;
}

const redirectUri = required('PORTAL_REDIRECT_URI');
const postLogoutRedirectUri = required('PORTAL_POST_LOGOUT_REDIRECT_URI');
const person = JSON.parse(required('TEST_PERSON'));
const common = {
  redirect_uris: [redirectUri],
  post_logout_redirect_uris: [postLogoutRedirectUri],
  grant_types: ['authorization_code'],
  response_types: ['code'],
};

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      ...common,
      client_id: 'portal-jwt',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: JSON.parse(required('PORTAL_CLIENT_JWKS')),
    },
    {
      ...common,
      client_id: 'portal-basic',
      client_secret: required('PORTAL_CLIENT_SECRET'),
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['given_name', 'family_name', 'name', 'personal_code'],
  },
  // Put the profile claims in the ID token, as national logins do, rather than
  // only behind the userinfo endpoint.
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    return { accountId: sub, async claims() { return { sub, ...person }; } };
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  cookies: { keys: ['interoperability-test-only'] },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening at ${issuer}`);
});
