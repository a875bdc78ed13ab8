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

import { endHostedSession } from './sign-in';

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

const NOTICE_KEY = 'liaison.sign-in-notice';

/** Drops the token here; `everywhere` also ends the hosted sign-in session (a chosen or idle sign-out). */
export function signOut(options: { everywhere?: boolean; notice?: string } = {}): void {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  if (idleTimer) clearTimeout(idleTimer);
  if (options.notice) sessionStorage.setItem(NOTICE_KEY, options.notice);
  for (const listener of listeners) listener();
  if (options.everywhere) void endHostedSession();
}

/** A message for the sign-in page (why the session ended), shown once. */
export function takeSignInNotice(): string {
  const notice = sessionStorage.getItem(NOTICE_KEY) ?? '';
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

export function touch(): void {
  if (!token) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(
    () => signOut({ everywhere: true, notice: 'You were signed out after 15 minutes without activity.' }),
    IDLE_MS,
  );
}

export function signInWith(idToken: string): void {
  token = idToken;
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
    signOut({ notice: 'Your session has ended. Please sign in again.' });
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

/** A file from the API (a letter's PDF), saved by the browser under `filename`; never opened in the console. */
export async function saveFile(path: string, filename: string): Promise<void> {
  touch();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
    throw new ApiError(response.status, body.detail ?? body.title ?? 'The download failed.', []);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
