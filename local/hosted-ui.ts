/**
 * The local stand-in for Cognito's hosted UI: the OAuth 2.0 authorization code flow with PKCE (S256) that the
 * console runs against Cognito in AWS, with the dev users instead of passwords and MFA. Codes are one-time and
 * live a minute; the redirect and sign-out URIs must be this server's console, as Cognito requires them to be
 * registered on the app client.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SIGN_IN_CONFIG_PATH, SIGN_IN_SCOPE, type SignInConfig } from '../web/sign-in-config';
import { readBody, sendJson } from './http-util';
import { DEV_USERS, LOCAL_CLIENT_ID, LOCAL_ISSUER, type LocalIdentityProvider } from './identity';

const AUTHORIZE_PATH = '/local/oauth2/authorize';
const TOKEN_PATH = '/local/oauth2/token';
const LOGOUT_PATH = '/local/logout';
const CODE_LIFETIME_MS = 60_000;

interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  nonce?: string;
}

interface IssuedCode extends AuthorizationRequest {
  email: string;
  expiresAt: number;
}

export class LocalHostedUi {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(
    private readonly identity: LocalIdentityProvider,
    private readonly pageHeaders: Record<string, string>,
  ) {}

  /** Answers the request if it is one of the sign-in paths; false otherwise. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const origin = `http://${request.headers.host ?? 'localhost'}`;
    const method = request.method ?? 'GET';
    if (url.pathname === SIGN_IN_CONFIG_PATH && method === 'GET') {
      sendJson(response, 200, signInConfig(origin));
    } else if (url.pathname === AUTHORIZE_PATH && method === 'GET') {
      this.showSignInPage(response, origin, url.searchParams);
    } else if (url.pathname === AUTHORIZE_PATH && method === 'POST') {
      await this.issueCode(request, response, origin);
    } else if (url.pathname === TOKEN_PATH && method === 'POST') {
      await this.exchangeCode(request, response);
    } else if (url.pathname === LOGOUT_PATH && method === 'GET') {
      const logoutUri = url.searchParams.get('logout_uri') ?? '';
      if (url.searchParams.get('client_id') !== LOCAL_CLIENT_ID || logoutUri !== `${origin}/console/`) {
        this.page(response, 400, 'Sign-out failed', '<p>Unknown client or sign-out address.</p>');
      } else {
        response.writeHead(302, { Location: logoutUri, 'Cache-Control': 'no-store' });
        response.end();
      }
    } else {
      return false;
    }
    return true;
  }

  private showSignInPage(response: ServerResponse, origin: string, params: URLSearchParams) {
    const authorization = authorizationRequest(params, origin);
    if (typeof authorization === 'string') {
      this.page(response, 400, 'Sign-in failed', `<p>${escapeHtml(authorization)}</p>`);
      return;
    }
    const hidden = Object.entries({
      client_id: authorization.clientId,
      redirect_uri: authorization.redirectUri,
      state: authorization.state,
      code_challenge: authorization.codeChallenge,
      code_challenge_method: 'S256',
      response_type: 'code',
      nonce: authorization.nonce ?? '',
    })
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join('');
    const options = DEV_USERS.map(
      (user) =>
        `<option value="${escapeHtml(user.email)}">${escapeHtml(`${user.name} (${user.roles.join(', ')})`)}</option>`,
    ).join('');
    this.page(
      response,
      200,
      'Sign in to Liaison',
      `<p>Local development sign-in. In AWS this is the hospital's Cognito sign-in with a password and MFA.</p>
<form method="post" action="${AUTHORIZE_PATH}">${hidden}
<div class="field"><label for="email">Development user</label><select id="email" name="email">${options}</select></div>
<button type="submit">Continue</button></form>`,
    );
  }

  private async issueCode(request: IncomingMessage, response: ServerResponse, origin: string) {
    const form = new URLSearchParams((await readBody(request, 8192)).toString('utf8'));
    const authorization = authorizationRequest(form, origin);
    const email = form.get('email') ?? '';
    if (typeof authorization === 'string' || !DEV_USERS.some((user) => user.email === email)) {
      this.page(response, 400, 'Sign-in failed', '<p>The sign-in request was not valid. Start again.</p>');
      return;
    }
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...authorization, email, expiresAt: Date.now() + CODE_LIFETIME_MS });
    const redirect = new URL(authorization.redirectUri);
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', authorization.state);
    response.writeHead(302, { Location: redirect.toString(), 'Cache-Control': 'no-store' });
    response.end();
  }

  private async exchangeCode(request: IncomingMessage, response: ServerResponse) {
    const form = new URLSearchParams((await readBody(request, 8192)).toString('utf8'));
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const valid =
      form.get('grant_type') === 'authorization_code' &&
      issued !== undefined &&
      issued.expiresAt > Date.now() &&
      form.get('client_id') === issued.clientId &&
      form.get('redirect_uri') === issued.redirectUri &&
      challenge === issued.codeChallenge;
    const tokens = valid ? await this.identity.tokenFor(issued.email, { nonce: issued.nonce }) : undefined;
    if (!tokens) {
      // RFC 6749 section 5.2, as Cognito answers a used, expired or mismatched code.
      sendJson(response, 400, { error: 'invalid_grant' });
      return;
    }
    const body = JSON.stringify({
      id_token: tokens.token,
      access_token: tokens.token,
      token_type: 'Bearer',
      expires_in: tokens.expiresIn,
    });
    response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    response.end(body);
  }

  private page(response: ServerResponse, status: number, title: string, content: string) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} - Liaison (local)</title><link rel="stylesheet" href="/styles.css"></head><body><main class="narrow" id="main"><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`;
    response.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      ...this.pageHeaders,
    });
    response.end(html);
  }
}

export function signInConfig(origin: string): SignInConfig {
  return {
    issuer: LOCAL_ISSUER,
    clientId: LOCAL_CLIENT_ID,
    authorizeUrl: `${origin}${AUTHORIZE_PATH}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    logoutUrl: `${origin}${LOGOUT_PATH}`,
    redirectUri: `${origin}/console/`,
    scope: SIGN_IN_SCOPE,
  };
}

/** The checks Cognito makes before showing its sign-in page; a message when one fails. */
function authorizationRequest(params: URLSearchParams, origin: string): AuthorizationRequest | string {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  const codeChallenge = params.get('code_challenge') ?? '';
  if (clientId !== LOCAL_CLIENT_ID) return 'Unknown client.';
  if (redirectUri !== `${origin}/console/`) return 'The redirect address is not registered.';
  if (params.get('response_type') !== 'code') return 'Only the authorization code flow is allowed.';
  if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    return 'A PKCE code challenge (S256) is required.';
  }
  const nonce = params.get('nonce') || undefined;
  return { clientId, redirectUri, codeChallenge, state: params.get('state') ?? '', nonce };
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] as string,
  );
}
