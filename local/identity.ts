/**
 * The local stand-in for Cognito: four dev users, signed tokens for them, and the verification the HTTP API's
 * JWT authorizer does in AWS. The console signs in through local/hosted-ui.ts; scripts and tests can take a token
 * directly with `POST /local/token {"email": "..."}`. Both exist only locally.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { StaffMember } from '../functions/core/ports';
import { LOCAL_USER_POOL_ID } from './cognito';

export const DEV_USERS: readonly StaffMember[] = [
  {
    userId: 'dev-coordinator',
    email: 'coordinator@example.org',
    name: 'Casey Coordinator',
    roles: ['coordinator'],
  },
  {
    userId: 'dev-rep',
    email: 'rep@example.org',
    name: 'Riley Rep',
    roles: ['representative'],
    phone: '+1 555 010 0101',
  },
  // A second representative: someone to reassign to, and to cover while Riley is away.
  { userId: 'dev-rep-2', email: 'rep2@example.org', name: 'Robin Rep', roles: ['representative'] },
  { userId: 'dev-manager', email: 'manager@example.org', name: 'Morgan Manager', roles: ['manager'] },
];

/** The issuer Cognito would give the local user pool's tokens, which the template's JWT authorizer expects. */
export const LOCAL_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${LOCAL_USER_POOL_ID}`;
/** The console's app client id, which is the ID token's audience (as with Cognito). */
export const LOCAL_CLIENT_ID = 'liaison-console';
/** Cognito's default ID token lifetime. */
const TOKEN_SECONDS = 3600;

export class LocalIdentityProvider {
  // A fresh key per start: tokens from an earlier run stop working, as after a real sign-out.
  private readonly key = new Uint8Array(randomBytes(32));

  /** An ID token like Cognito's (the console sends it as the bearer token; the authorizer checks its audience). */
  async tokenFor(
    email: string,
    extraClaims: { nonce?: string } = {},
  ): Promise<{ token: string; expiresIn: number } | undefined> {
    const user = DEV_USERS.find((candidate) => candidate.email === email.trim().toLowerCase());
    if (!user) return undefined;
    const token = await new SignJWT({
      ...extraClaims,
      email: user.email,
      name: user.name,
      'cognito:groups': [...user.roles],
      token_use: 'id',
      // As Cognito's: one per sign-in, the session the server's idle sign-out follows.
      origin_jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_SECONDS}s`)
      .sign(this.key);
    return { token, expiresIn: TOKEN_SECONDS };
  }

  /** The claims as API Gateway hands them to Lambda (arrays become "[a b]"), or undefined if not valid. */
  async verify(authorization: string | undefined): Promise<Record<string, string> | undefined> {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_CLIENT_ID,
      });
      return Object.fromEntries(
        Object.entries(payload).map(([name, value]) => [
          name,
          Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
        ]),
      );
    } catch {
      return undefined;
    }
  }
}
