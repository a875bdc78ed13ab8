/**
 * `npm run smoke -- --url <deployment URL> [--smtp host:port] [--inbound complaints@domain] [--token <staff token>]`
 *
 * A smoke test for a deployment, for the hospital's operations team after `cdk deploy` (issue 16 §2), and run
 * against the local stack in the tests. It checks what only a real deployment can get wrong:
 *   1. health: the table, the workflow and the mail service answer;
 *   2. the pages' security headers (CSP with no inline script, nosniff, no framing, referrer policy; HSTS on https);
 *   3. the console's sign-in configuration (/console/sign-in.json) points back at this console;
 *   4. a complaint through the web form's API opens a case that is acknowledged;
 *   5. with --smtp, an email to the intake address arrives on a case of its own;
 *   6. then it withdraws the cases it made, with a reason saying so.
 * Its complainant writes from the SES mailbox simulator (success+<label>@simulator.amazonses.com), so nothing is
 * delivered to a person and no bounce counts against the account. Locally it takes a staff token from
 * /local/token; against AWS give one with --token (a coordinator's ID token). Exit code 0 when every check passed.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import { SIGN_IN_CONFIG_PATH, type SignInConfig } from '../../web/sign-in-config';

export interface SmokeOptions {
  url: string;
  smtp?: string;
  inbound?: string;
  token?: string;
  /** How long to wait for each asynchronous outcome (an acknowledgement, an email's case). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SmokeResult {
  passed: boolean;
  checks: { name: string; passed: boolean; detail: string }[];
}

const LOCAL_INBOUND = 'complaints@liaison.example.org';
const SIMULATOR = 'simulator.amazonses.com';

export async function smoke(options: SmokeOptions): Promise<SmokeResult> {
  const base = options.url.replace(/\/$/, '');
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 90_000;
  const run = randomUUID().slice(0, 8);
  const checks: SmokeResult['checks'] = [];
  const check = (name: string, passed: boolean, detail: string) => {
    checks.push({ name, passed, detail });
    log(`${passed ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
    return passed;
  };
  const made: string[] = [];
  let token = options.token;
  const staff = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
    };
  };

  try {
    const health = await fetch(`${base}/api/health`);
    const healthBody = (await health.json().catch(() => ({}))) as { checks?: Record<string, string> };
    check('health', health.status === 200, `${health.status} ${JSON.stringify(healthBody.checks ?? {})}`);

    for (const page of ['/', '/console/']) {
      const response = await fetch(`${base}${page}`);
      const problems = headerProblems(response.headers, base.startsWith('https:'));
      check(
        `security headers of ${page}`,
        response.status === 200 && problems.length === 0,
        problems.join('; ') || 'all present',
      );
    }

    const signIn = await fetch(`${base}${SIGN_IN_CONFIG_PATH}`);
    const config = (await signIn.json().catch(() => ({}))) as Partial<SignInConfig>;
    const signInProblems = [
      signIn.status === 200 ? '' : `answered ${signIn.status}`,
      config.redirectUri === `${base}/console/`
        ? ''
        : `redirectUri is ${config.redirectUri}, not ${base}/console/`,
      ...(['issuer', 'clientId', 'authorizeUrl', 'tokenUrl', 'logoutUrl'] as const).map((field) =>
        config[field] ? '' : `${field} missing`,
      ),
      base.startsWith('https:') && !String(config.authorizeUrl).startsWith('https:')
        ? 'authorizeUrl is not https'
        : '',
    ].filter(Boolean);
    check(
      'console sign-in configuration',
      signInProblems.length === 0,
      signInProblems.join('; ') || `issuer ${config.issuer}`,
    );

    if (!token) {
      const local = await fetch(`${base}/local/token`, {
        method: 'POST',
        body: JSON.stringify({ email: 'coordinator@example.org' }),
      }).catch(() => undefined);
      token = local?.ok ? ((await local.json()) as { token: string }).token : undefined;
    }
    if (
      !check('staff token', !!token, token ? (options.token ? 'given' : 'from /local/token') : 'give --token')
    ) {
      return { passed: false, checks };
    }

    const email = `success+smoke-${run}@${SIMULATOR}`;
    const submitted = await fetch(`${base}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `smoke-${run}` },
      body: JSON.stringify({
        complainant: { name: 'Smoke Test', email, relationship: 'self' },
        description: `Smoke test ${run} after a deployment. Please ignore: it withdraws itself.`,
        contactPreference: 'email',
      }),
    });
    const { caseId, reference } = (await submitted.json().catch(() => ({}))) as {
      caseId?: string;
      reference?: string;
    };
    if (caseId) made.push(caseId);
    if (
      check(
        'complaint submitted',
        submitted.status === 201 && !!caseId,
        `${submitted.status} ${reference ?? ''}`,
      )
    ) {
      const acknowledged = await until(timeoutMs, async () => {
        const { body } = await staff(`/api/cases/${caseId}`);
        return (body.case as { acknowledgement?: { sentAt: string } } | undefined)?.acknowledgement?.sentAt;
      });
      check(
        'complaint acknowledged',
        !!acknowledged,
        acknowledged ? `at ${acknowledged}` : 'no acknowledgement in time',
      );
    }

    if (options.smtp) {
      const [host, port] = options.smtp.split(':');
      const inbound = options.inbound ?? (isLocal(base) ? LOCAL_INBOUND : undefined);
      if (check('intake address', !!inbound, inbound ?? 'give --inbound complaints@<your mail domain>')) {
        const sender = `success+smoke-mail-${run}@${SIMULATOR}`;
        const transport = createTransport({
          host,
          port: Number(port ?? 25),
          secure: false,
          ignoreTLS: isLocal(base),
        });
        await transport.sendMail({
          from: `Smoke Test <${sender}>`,
          to: inbound,
          subject: `Smoke test ${run}`,
          text: `Smoke test ${run} after a deployment, by email. Please ignore: it withdraws itself.`,
        });
        transport.close();
        const found = await until(timeoutMs, async () => {
          const { body } = await staff(`/api/search?${new URLSearchParams({ q: sender })}`);
          return (body.results as { caseId: string; reference: string }[] | undefined)?.[0];
        });
        if (found) made.push(found.caseId);
        check('email arrived on a case', !!found, found ? found.reference : 'no case in time');
      }
    }
  } catch (error) {
    check('reachable', false, (error as Error).message);
  } finally {
    for (const caseId of made) {
      const withdrawn = await staff(`/api/cases/${caseId}/withdraw`, {
        method: 'POST',
        body: { reason: `Smoke test ${run}: made by npm run smoke, withdrawn by it.` },
      }).catch((error: Error) => ({ status: 0, body: { error: error.message } }));
      check(`withdrew ${caseId}`, withdrawn.status === 200, String(withdrawn.status));
    }
  }
  return { passed: checks.every((each) => each.passed), checks };
}

/** What is missing or weak in a page's security headers. */
export function headerProblems(headers: Headers, https: boolean): string[] {
  const problems: string[] = [];
  const csp = headers.get('content-security-policy') ?? '';
  const directive = (name: string) =>
    csp
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `));
  const scripts = directive('script-src') ?? directive('default-src');
  if (!csp) problems.push('no Content-Security-Policy');
  else if (!scripts || /'unsafe-inline'|'unsafe-eval'|\*/.test(scripts))
    problems.push(`scripts not locked down (${scripts})`);
  if (headers.get('x-content-type-options') !== 'nosniff')
    problems.push('no X-Content-Type-Options: nosniff');
  if (headers.get('x-frame-options') !== 'DENY' && !/frame-ancestors 'none'/.test(csp))
    problems.push('framing not denied');
  if (!headers.get('referrer-policy')) problems.push('no Referrer-Policy');
  if (https && !/max-age=\d{7,}/.test(headers.get('strict-transport-security') ?? '')) {
    problems.push('no Strict-Transport-Security of months or more');
  }
  return problems;
}

function isLocal(base: string): boolean {
  return /^http:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(base);
}

async function until<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe().catch(() => undefined);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return undefined;
}

if (process.argv[1] === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      smtp: { type: 'string' },
      inbound: { type: 'string' },
      token: { type: 'string' },
    },
  });
  if (!values.url) {
    console.error(
      'usage: npm run smoke -- --url <deployment URL> [--smtp host:port] [--inbound address] [--token <token>]',
    );
    process.exit(2);
  }
  const result = await smoke({ ...values, url: values.url, log: (line) => console.log(line) });
  console.log(result.passed ? 'Smoke test passed.' : 'Smoke test FAILED.');
  process.exit(result.passed ? 0 : 1);
}
