/**
 * `npm run smoke` (issue 16 §2) against the local stack, as an operations team would run it against AWS: the
 * command itself, with --url and --smtp, passes every check and withdraws the cases it made; and it fails, with
 * the reason, on a site whose pages lack their security headers.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerProblems } from '../../infra/ops/smoke';
import { ROOT_DIR } from '../../local/stack';
import { ConsoleClient } from '../support/console-client';
import { startTestStack, type TestStack } from '../support/local-stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

/** Runs `npm run smoke -- <args>` as a person would, and answers its exit code and output. */
function runSmoke(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT_DIR, 'infra/ops/smoke.ts'), ...args],
      {
        cwd: ROOT_DIR,
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run smoke', () => {
  it('passes on the local stack: health, headers, sign-in, a complaint acknowledged, an email on a case', async () => {
    const smtp = new URL(stack.endpoints.smtp);
    const { code, output } = await runSmoke(['--url', stack.url, '--smtp', `127.0.0.1:${smtp.port}`]);
    expect(output).toContain('PASS health');
    expect(output).toContain('PASS security headers of /console/');
    expect(output).toContain('PASS console sign-in configuration');
    expect(output).toContain('PASS complaint acknowledged');
    expect(output).toContain('PASS email arrived on a case');
    expect(output).not.toContain('FAIL');
    expect(output).toContain('Smoke test passed.');
    expect(code).toBe(0);
    // It cleans up after itself: both of its cases are withdrawn, with the reason.
    const made = [...output.matchAll(/PASS withdrew (\w+)/g)].map((match) => match[1] as string);
    expect(made).toHaveLength(2);
    const api = new ConsoleClient(stack.url);
    for (const caseId of made) {
      const { body } = await api.get<{ case: { stage: string; closure?: { reason?: string } } }>(
        'coordinator@example.org',
        `/api/cases/${caseId}`,
      );
      expect(body.case.stage).toBe('withdrawn');
      expect(body.case.closure?.reason).toMatch(/^Smoke test \w+: made by npm run smoke/);
    }
  }, 240_000);

  it('fails, saying why, where the pages have no security headers', async () => {
    const bare: Server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(request.url === '/api/health' ? '{"status":"ok"}' : '<!doctype html><title>x</title>');
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const { port } = bare.address() as AddressInfo;
    try {
      const { code, output } = await runSmoke(['--url', `http://127.0.0.1:${port}`]);
      expect(output).toContain('FAIL security headers of /: no Content-Security-Policy');
      expect(output).toContain('FAIL console sign-in configuration');
      expect(output).toContain('Smoke test FAILED.');
      expect(code).toBe(1);
    } finally {
      bare.close();
    }
  }, 60_000);

  it('judges headers as a browser would: inline script, missing nosniff, no HSTS on https', () => {
    const strict = new Headers({
      'content-security-policy': "default-src 'self'; script-src 'self'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    expect(headerProblems(strict, true)).toEqual([]);
    const weak = new Headers({ 'content-security-policy': "script-src 'self' 'unsafe-inline'" });
    expect(headerProblems(weak, true)).toEqual([
      "scripts not locked down (script-src 'self' 'unsafe-inline')",
      'no X-Content-Type-Options: nosniff',
      'framing not denied',
      'no Referrer-Policy',
      'no Strict-Transport-Security of months or more',
    ]);
  });
});
