/**
 * Automatic logoff on the server (HIPAA 45 CFR 164.312(a)(2)(iii)): a staff session that has been idle for 15
 * minutes ends, whatever the browser does. A session is one sign-in (the token's origin, which stays the same
 * when the console refreshes its tokens); every staff request touches it, and one that comes after 15 minutes
 * of silence is refused, as is every later one: the person signs in again.
 */
import type { Deps } from '../dependencies';

/** The idle limit the console also enforces in the browser (web/console/src/api.ts). */
export const IDLE_SIGN_OUT_MINUTES = 15;
/**
 * How long a session's record outlives its last request: longer than a sign-in can last (Cognito's refresh
 * token, 8 hours, infra/stateful-stack.ts), so an idle session is never forgotten and taken for a new one.
 */
export const SESSION_RECORD_HOURS = 24;

export class SessionIdleError extends Error {
  override readonly name = 'SessionIdleError';
  constructor() {
    super(
      `You were signed out after ${IDLE_SIGN_OUT_MINUTES} minutes without activity. Please sign in again.`,
    );
  }
}

export async function touchSession(deps: Deps<'sessions' | 'clock'>, sessionId: string): Promise<void> {
  const active = await deps.sessions.touch(
    sessionId,
    deps.clock.now(),
    IDLE_SIGN_OUT_MINUTES * 60,
    SESSION_RECORD_HOURS * 3600,
  );
  if (!active) throw new SessionIdleError();
}
