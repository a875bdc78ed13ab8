/**
 * The local stand-in for Cognito's hosted UI refuses what Cognito refuses, so the console's sign-in code is
 * held to the real rules locally: PKCE S256 required and checked, codes one-time, registered redirects only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHostedUi } from '../../local/hosted-ui';
import { close, listen } from '../../local/http-util';
import { LOCAL_CLIENT_ID, LocalIdentityProvider } from '../../local/identity';

const identity = new LocalIdentityProvider();
let server: Server;
let origin = '';

beforeAll(async () => {
  const hostedUi = new LocalHostedUi(identity, {});
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!(await hostedUi.handle(request, response, url))) response.writeHead(404).end();
  });
  origin = `http://127.0.0.1:${await listen(server)}`;
});
afterAll(() => close(server));

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');

async function authorize(overrides: Record<string, string> = {}) {
  const form = new URLSearchParams({
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: `${origin}/console/`,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-1',
    email: 'rep@example.org',
    ...overrides,
  });
  return fetch(`${origin}/local/oauth2/authorize`, { method: 'POST', body: form, redirect: 'manual' });
}

async function exchange(code: string, codeVerifier = verifier) {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: `${origin}/console/`,
    code_verifier: codeVerifier,
  });
  return fetch(`${origin}/local/oauth2/token`, { method: 'POST', body: form });
}

describe('the local hosted sign-in', () => {
  it('issues a one-time code for the registered redirect and an ID token for the matching verifier', async () => {
    const answer = await authorize();
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${origin}/console/`);
    expect(location.searchParams.get('state')).toBe('state-1');
    const code = location.searchParams.get('code') ?? '';
    const tokens = await exchange(code);
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    const { id_token } = (await tokens.json()) as { id_token: string };
    const claims = await identity.verify(`Bearer ${id_token}`);
    expect(claims?.email).toBe('rep@example.org');
    expect(claims?.['cognito:groups']).toBe('[representative]');
    // A code works once.
    expect((await exchange(code)).status).toBe(400);
  });

  it('refuses a wrong PKCE verifier', async () => {
    const code = new URL((await authorize()).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const answer = await exchange(code, randomBytes(32).toString('base64url'));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses an unregistered redirect, a missing challenge and an unknown client', async () => {
    expect((await authorize({ redirect_uri: 'https://evil.example/console/' })).status).toBe(400);
    expect((await authorize({ code_challenge_method: 'plain' })).status).toBe(400);
    expect((await authorize({ client_id: 'other' })).status).toBe(400);
    expect((await authorize({ email: 'stranger@example.org' })).status).toBe(400);
  });

  it('signs out only back to the console', async () => {
    const good = await fetch(
      `${origin}/local/logout?client_id=${LOCAL_CLIENT_ID}&logout_uri=${encodeURIComponent(`${origin}/console/`)}`,
      { redirect: 'manual' },
    );
    expect(good.status).toBe(302);
    const bad = await fetch(
      `${origin}/local/logout?client_id=${LOCAL_CLIENT_ID}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    expect(bad.status).toBe(400);
  });
});
