// Staff sign-in: OAuth 2.0 authorization code with PKCE through oidc-client-ts, against Cognito's hosted UI in AWS
// and the local stand-in locally (both described by /console/sign-in.json). Only the one-time code passes through
// the URL, and it is removed at once; the ID token is kept in memory and sessionStorage by api.ts.
import { OidcClient, WebStorageStateStore } from 'oidc-client-ts';
import { SIGN_IN_CONFIG_PATH, type SignInConfig } from '../../sign-in-config';

let configured: Promise<{ config: SignInConfig; client: OidcClient }> | undefined;

function signInClient() {
  configured ??= fetch(SIGN_IN_CONFIG_PATH)
    .then((response) => {
      if (!response.ok) throw new Error('The sign-in settings could not be loaded.');
      return response.json() as Promise<SignInConfig>;
    })
    .then((config) => ({
      config,
      client: new OidcClient({
        authority: config.issuer,
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        response_type: 'code',
        scope: config.scope,
        // Given, not discovered: the browser then talks only to the sign-in domain (the CSP's connect-src).
        metadata: {
          issuer: config.issuer,
          authorization_endpoint: config.authorizeUrl,
          token_endpoint: config.tokenUrl,
        },
        stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
      }),
    }));
  return configured;
}

/** Leaves for the sign-in page; comes back to `returnTo` (a console path) after signing in. */
export async function startSignIn(returnTo: string): Promise<void> {
  const { client } = await signInClient();
  const request = await client.createSigninRequest({ state: { returnTo } });
  window.location.assign(request.url);
}

/** On return from the sign-in page: the ID token, and where to go; undefined when this is not such a return. */
export async function completeSignIn(): Promise<{ idToken: string; returnTo: string } | undefined> {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return undefined;
  const url = window.location.href;
  // The code leaves the address bar and history before anything else happens.
  window.history.replaceState(null, '', window.location.pathname);
  const { client } = await signInClient();
  const response = await client.processSigninResponse(url);
  const returnTo = (response.userState as { returnTo?: string } | undefined)?.returnTo;
  if (!response.id_token) throw new Error('The sign-in did not return an ID token.');
  return {
    idToken: response.id_token,
    returnTo: returnTo?.startsWith('/console') ? returnTo : '/console/',
  };
}

/** Ends the hosted sign-in session too, so the next person at this computer must sign in again. */
export async function endHostedSession(): Promise<void> {
  const { config } = await signInClient();
  const logout = new URL(config.logoutUrl);
  logout.searchParams.set('client_id', config.clientId);
  logout.searchParams.set('logout_uri', config.redirectUri);
  window.location.assign(logout.toString());
}
