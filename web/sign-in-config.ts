/**
 * How the console signs staff in: OAuth 2.0 authorization code with PKCE, against Cognito's hosted UI in AWS and
 * the local stand-in (local/hosted-ui.ts) locally, so the console runs the same code in both. Served as
 * /console/sign-in.json (CDK writes it at deploy; the local gateway answers it).
 */
export interface SignInConfig {
  /** The ID token's issuer (Cognito: https://cognito-idp.<region>.amazonaws.com/<pool id>). */
  issuer: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** Cognito's /logout (client_id and logout_uri), which ends the hosted UI's session too. */
  logoutUrl: string;
  /** The console's root; registered as the app client's callback and sign-out URL. */
  redirectUri: string;
  scope: string;
}

export const SIGN_IN_CONFIG_PATH = '/console/sign-in.json';
export const SIGN_IN_SCOPE = 'openid email profile';
