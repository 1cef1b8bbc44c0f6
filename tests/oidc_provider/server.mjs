// A real OpenID Connect provider for the municipal sign-in tests (tests/accounts/municipal/).
//
// panva's oidc-provider (a certified OpenID Connect implementation) on 127.0.0.1, with discovery,
// JWKS, authorization, token and userinfo endpoints. Only the login page is ours: a plain form
// that checks a password against the synthetic accounts given in the environment.
//
// Environment:
//   PORT              the port to listen on (127.0.0.1 only)
//   CLIENTS           JSON list of {client_id, client_secret, redirect_uri}
//   ACCOUNTS          JSON list of {login, password, email, email_verified, name}
//
// The login form also asks, for the tests' sake, what a real provider would know by itself:
//   amr, acr          how the person signed in (comma-separated methods; the assurance level)
//   anomaly           "" for a correct ID token; "audience" signs one issued to another client,
//                     "audiences" one issued to us and another client; "stale-login" one whose
//                     auth_time is an hour old (a provider that ignored prompt=login);
//                     "expired" signs one whose lifetime ended ten minutes ago (a provider whose
//                     clock is wrong). Both are signed with the provider's own key, so only the
//                     claims give them away.
//
// It prints "listening <issuer>" on stdout when it is ready.
import * as crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.CLIENTS || '[]');
const accounts = new Map(JSON.parse(process.env.ACCOUNTS || '[]').map((a) => [a.login, a]));

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

// accountId -> the anomaly chosen at login, applied to the next ID token of that account.
const anomalies = new Map();

const provider = new Provider(issuer, {
  clients: clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: [c.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
  })),
  jwks: { keys: [signingJwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  // How the person signed in (amr, acr, auth_time) is part of every ID token.
  claims: {
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    sid: null,
  },
  // The e-mail claims go into the ID token itself (the relying party reads only the ID token).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  acrValues: ['idporten-loa-low', 'idporten-loa-substantial', 'idporten-loa-high'],
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    ClientCredentials: 600,
    Grant: 3600,
    IdToken: 300,
    Interaction: 600,
    Session: 3600,
  },
  // A first-party client: the person is not asked to consent to the scopes, they are granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: account.email_verified, name: account.name };
      },
    };
  },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

function b64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

// The same token with some claims changed, signed again with the provider's key.
function resign(idToken, changes) {
  const [header, payload] = idToken.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url')));
  const input = `${b64url(header)}.${b64url({ ...payload, ...changes })}`;
  const signature = crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url');
  return `${input}.${signature}`;
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const accountId = JSON.parse(Buffer.from(ctx.body.id_token.split('.')[1], 'base64url')).sub;
  const anomaly = anomalies.get(accountId);
  anomalies.delete(accountId);
  const now = Math.floor(Date.now() / 1000);
  const ours = ctx.oidc.client.clientId;
  const other = clients.find((c) => c.client_id !== ours)?.client_id || 'another-client';
  if (anomaly === 'audience') {
    // Issued to another client; `azp` still names the one that asked, so only a check of `aud` sees it.
    ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, { aud: other, azp: ours }) };
  } else if (anomaly === 'audiences') {
    ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, { aud: [ours, other], azp: ours }) };
  } else if (anomaly === 'stale-login') {
    // As if the provider had ignored prompt=login and reused a login from an hour ago.
    ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, { auth_time: now - 3600 }) };
  } else if (anomaly === 'expired') {
    ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, { iat: now - 900, exp: now - 600 }) };
  }
});

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, message = '') {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Kommunens innlogging (test)</title></head>
<body><h1>Kommunens innlogging (test)</h1>${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Brukernavn <input name="login" autocomplete="username"></label>
<label>Passord <input name="password" type="password" autocomplete="current-password"></label>
<label>amr <input name="amr" value="pwd"></label>
<label>acr <input name="acr" value=""></label>
<label>anomaly <input name="anomaly" value=""></label>
<button type="submit">Logg inn</button>
</form></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const oidcCallback = provider.callback();

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const match = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (!match) return oidcCallback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== match[1]) throw new Error('interaction mismatch');
    if (req.method === 'GET' && !match[2]) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(loginPage(details.uid));
    }
    if (req.method === 'POST' && match[2]) {
      const form = await readForm(req);
      const account = accounts.get(form.get('login') || '');
      if (!account || account.password !== form.get('password')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end(loginPage(details.uid, 'Feil brukernavn eller passord.'));
      }
      anomalies.set(account.login, form.get('anomaly') || '');
      const amr = (form.get('amr') || '').split(',').map((m) => m.trim()).filter(Boolean);
      const login = { accountId: account.login, amr };
      if (form.get('acr')) login.acr = form.get('acr');
      return await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    }
    res.writeHead(405);
    return res.end();
  } catch (error) {
    console.error('interaction error', error);
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    return res.end('interaction error');
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
