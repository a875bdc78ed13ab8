// The console's only door to the server. The token lives in memory and sessionStorage (never in a URL), and is
// dropped on sign-out, on a 401, and after 15 minutes without activity.
const TOKEN_KEY = 'liaison.token';
const IDLE_MS = 15 * 60 * 1000;

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

let token: string | null = sessionStorage.getItem(TOKEN_KEY);
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signedIn(): boolean {
  return token !== null;
}

export function signOut(): void {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  if (idleTimer) clearTimeout(idleTimer);
  for (const listener of listeners) listener();
}

export function touch(): void {
  if (!token) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(signOut, IDLE_MS);
}

/** Local development only: the dev users' tokens come from /local/token (AWS uses the Cognito hosted UI). */
export async function signInAsDevUser(email: string): Promise<void> {
  const response = await fetch('/local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw new ApiError(response.status, 'Sign-in failed.');
  token = ((await response.json()) as { token: string }).token;
  sessionStorage.setItem(TOKEN_KEY, token);
  touch();
  for (const listener of listeners) listener();
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  touch();
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (response.status === 401) {
    signOut();
    throw new ApiError(401, 'Your session has ended. Please sign in again.');
  }
  const body = (await response.json().catch(() => ({}))) as {
    detail?: string;
    title?: string;
    errors?: FieldError[];
  };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.detail ?? body.title ?? 'The request failed.',
      body.errors ?? [],
    );
  }
  return body as T;
}
