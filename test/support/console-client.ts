/** Talks to the local stack as the console does: dev-user tokens and the JSON API. */
import { eventually } from './local-stack';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export class ConsoleClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async token(email: string): Promise<string> {
    const cached = this.tokens.get(email);
    if (cached) return cached;
    const response = await fetch(`${this.baseUrl}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    if (response.status !== 200) throw new Error(`No token for ${email}: ${response.status}`);
    const { token } = (await response.json()) as { token: string };
    this.tokens.set(email, token);
    return token;
  }

  async get<T = Record<string, unknown>>(as: string, path: string): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${await this.token(as)}` },
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async post<T = Record<string, unknown>>(
    as: string,
    path: string,
    body: unknown,
    method: 'POST' | 'PUT' | 'PATCH' = 'POST',
  ): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token(as)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async submit(complaint: unknown): Promise<{ caseId: string; reference: string }> {
    const response = await fetch(`${this.baseUrl}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(complaint),
    });
    if (response.status !== 201)
      throw new Error(`Intake failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { caseId: string; reference: string };
  }

  /** Waits until the case's current step is `step`, and returns its task id. */
  async waitForStep(caseId: string, step: string, as = 'manager@example.org'): Promise<string> {
    return eventually(
      async () => {
        const { body } = await this.get<{ currentStep?: { step: string; taskId: string } }>(
          as,
          `/api/cases/${caseId}`,
        );
        return body.currentStep?.step === step ? body.currentStep.taskId : undefined;
      },
      `case ${caseId} to reach ${step}`,
      30_000,
    );
  }

  async complete(as: string, taskId: string, decision: unknown): Promise<ApiAnswer> {
    return this.post(as, `/api/tasks/${taskId}/complete`, decision);
  }
}
