/**
 * Who is calling a console route. In AWS the HTTP API's JWT authorizer has already verified the Cognito token
 * and passes its claims in requestContext.authorizer.jwt; locally the stand-in gateway does the same with its
 * dev tokens. Roles are the user's Cognito groups.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type Actor, ROLES, type Role } from '../../core/steps';

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
  };
}
