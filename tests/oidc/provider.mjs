// A real OpenID provider for the school sign-in tests: panva's oidc-provider (OpenID
// Certified), on 127.0.0.1 only, started and stopped by tests/oidc/provider.py.
//
// - Discovery, JWKS, authorization code flow with PKCE, ID tokens signed with a key made at
//   start-up, userinfo: all the package's own code, nothing mocked.
// - Clients register themselves (RFC 7591 dynamic registration, as the tests do per
//   redirect address).
// - Test accounts are added by the tests: POST /test/accounts with JSON
//   {sub, email, email_verified, password, amr?, acr?, extra?}; `extra` holds further
//   claims released with the email scope (Google's hd, Entra's xms_edov). The login page asks for the e-mail
//   address and the password; amr/acr of the account end up in the ID token.
// - Consent is implied for every client (a school's own provider does the same).
//
// Test harness only: it keeps everything in memory and must never face a network.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 0);
const host = '127.0.0.1';
const accounts = new Map(); // sub -> {email, email_verified, password, amr, acr}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, error) {
  const fout = error ? `<p role="alert">${escapeHtml(error)}</p>` : '';
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Testschool identiteitsprovider</title><link rel="icon" href="data:,"></head><body>
<h1>Inloggen bij de testprovider</h1>${fout}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="email">E-mailadres bij de provider</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Wachtwoord bij de provider</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Inloggen bij provider</button>
</form></body></html>`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

const provider = new Provider(`http://${host}:${port}`, {
  clients: [],
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // acr and amr go into every ID token, as a school's provider that enforces MFA does.
  claims: {
    acr: null, amr: null, auth_time: null, iss: null, sid: null,
    openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified', 'hd', 'xms_edov'],
  },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          ...account.extra, sub, email: account.email, email_verified: account.email_verified,
        };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email');
    grant.addOIDCClaims(['email', 'email_verified', 'hd', 'xms_edov']);
    await grant.save();
    return grant;
  },
});

async function addAccount(req, res) {
  const data = JSON.parse(await readBody(req));
  accounts.set(data.sub, {
    email: data.email,
    email_verified: data.email_verified,
    password: data.password,
    amr: data.amr,
    acr: data.acr,
    extra: data.extra || {},
  });
  send(res, 201, JSON.stringify({ sub: data.sub }), 'application/json');
}

function findAccount(email, password) {
  // Several tests may use the same address: the password tells their accounts apart.
  for (const [sub, account] of accounts) {
    const sameEmail = account.email.toLowerCase() === email.trim().toLowerCase();
    if (sameEmail && account.password === password) return sub;
  }
  return undefined;
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    send(res, 200, loginPage(details.uid));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const sub = findAccount(form.get('email') || '', form.get('password') || '');
  const account = sub && accounts.get(sub);
  if (!account) {
    send(res, 200, loginPage(details.uid, 'Onbekend account of verkeerd wachtwoord.'));
    return;
  }
  const login = { accountId: sub };
  if (account.amr) login.amr = account.amr;
  if (account.acr) login.acr = account.acr;
  await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  let work;
  if (path === '/test/accounts' && req.method === 'POST') work = addAccount(req, res);
  else if (path.startsWith('/interaction/')) work = interaction(req, res);
  else {
    handle(req, res);
    return;
  }
  work.catch((err) => send(res, 500, String(err && err.message), 'text/plain'));
});

server.listen(port, host, () => {
  process.stdout.write(`listening ${host}:${server.address().port}\n`);
});

function stop() {
  server.close(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
