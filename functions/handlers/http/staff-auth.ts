/**
 * Who is calling a console route. In AWS the HTTP API's JWT authorizer has already verified the Cognito token
 * and passes its claims in requestContext.authorizer.jwt; locally the stand-in gateway does the same with its
 * dev tokens. Roles are the user's Cognito groups.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { withCover } from '../../core/access/cover';
import type { Actor } from '../../core/access/roles';
import { SessionIdleError, touchSession } from '../../core/access/sessions';
import type { Deps } from '../../core/dependencies';
import { logger } from '../../shared/observability';
import { HttpError, type HttpResponse, problem } from './http-kit';
import { actorFrom } from './staff-claims';

export { actorFrom } from './staff-claims';

/**
 * The sign-in a token belongs to: Cognito's `origin_jti` stays the same when the console refreshes its tokens
 * (`auth_time` with the user where a token has none).
 */
export function sessionOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  return String(claims.origin_jti ?? `${claims.sub}:${claims.auth_time ?? claims.iat}`);
}

const unauthorized = (detail: string) =>
  new HttpError(problem(401, 'Unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer' } }));

/**
 * Wraps a staff route: 401 without a verified staff token, and 401 for a session idle for 15 minutes (signed out
 * on the server, access/sessions.ts); the caller joins the staff directory the first time this container sees
 * them (so coordinators can assign them), and carries the colleagues they cover today (access/cover.ts); their id
 * (never their name) goes on the log.
 */
export function staffRoutes(deps: Deps<'staff' | 'sessions' | 'clock' | 'settings'>) {
  const directory = deps.staff;
  const known = new Set<string>();
  return <E extends APIGatewayProxyEventV2WithJWTAuthorizer>(
    handler: (event: E, actor: Actor) => Promise<HttpResponse>,
  ) =>
    async (event: E): Promise<HttpResponse> => {
      const actor = actorFrom(event);
      if (!actor) throw unauthorized('Sign in as a member of the patient relations team.');
      logger.appendKeys({ userId: actor.userId });
      try {
        await touchSession(deps, sessionOf(event));
      } catch (error) {
        if (error instanceof SessionIdleError) throw unauthorized(error.message);
        throw error;
      }
      if (!known.has(actor.userId)) {
        if (!(await directory.get(actor.userId))) await directory.upsert({ ...actor });
        known.add(actor.userId);
      }
      return handler(event, await withCover(deps, actor));
    };
}
