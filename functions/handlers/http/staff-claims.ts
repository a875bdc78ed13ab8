/**
 * Who the verified token names: the HTTP API's JWT authorizer (locally, the stand-in gateway) has checked the
 * Cognito token and passes its claims; the user's Cognito groups are their roles. No zod, no Powertools: the
 * constant routes (api-reference.ts) read it at no cost.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type Actor, ROLES, type Role } from '../../core/access/roles';

/** API Gateway passes array claims as a string like "[coordinator manager]". */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function actorFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor | undefined {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims?.sub || !claims.email) return undefined;
  const roles = groupsOf(claims['cognito:groups']).filter((group): group is Role =>
    (ROLES as readonly string[]).includes(group),
  );
  if (roles.length === 0) return undefined;
  return {
    userId: String(claims.sub),
    email: String(claims.email),
    name: String(claims.name ?? claims.email),
    roles,
    sourceIp: event.requestContext?.http?.sourceIp,
  };
}
