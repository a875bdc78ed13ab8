/**
 * The README's Quick start, as a user runs it: `npm start` brings Liaison up and prints its URLs; the form page
 * is served under the strict CSP; a complaint posted over HTTP becomes an acknowledgement .eml in the outbox;
 * Ctrl+C stops everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfComplaint } from '../support/fixtures';
import { eventually, outbox } from '../support/local-stack';

const ROOT = join(import.meta.dirname, '..', '..');
let child: ChildProcess;
let dataDir: string;
let url: string;
let output = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'liaison-e2e-'));
  child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    // A virtual day per second, as the README shows for watching clocks run.
    env: { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir, SLA_TIME_SCALE: '86400' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so Ctrl+C can be sent to npm and everything under it, as a terminal does.
    detached: true,
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  url = await eventually(
    async () => output.match(/Complaint form\s+(http:\/\/127\.0\.0\.1:\d+)\//)?.[1],
    `Liaison to start (output so far: ${output})`,
    90_000,
  );
}, 120_000);

/** Sends Ctrl+C to npm and everything under it, as a terminal does; resolves once the whole group is gone. */
async function pressCtrlC(): Promise<void> {
  const group = -(child.pid as number);
  process.kill(group, 'SIGINT');
  const alive = () => {
    try {
      process.kill(group, 0);
      return true;
    } catch {
      return undefined;
    }
  };
  try {
    await eventually(async () => (alive() ? undefined : true), 'every process to stop', 20_000);
  } catch (error) {
    process.kill(group, 'SIGKILL');
    throw error;
  }
}

afterAll(async () => {
  try {
    process.kill(-(child.pid as number), 0);
    await pressCtrlC();
  } catch {
    // Already stopped by the last test.
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints where everything is', () => {
    expect(output).toContain('Liaison is running locally.');
    expect(output).toMatch(/Outbound email\s+\S+outbox/);
  });

  it('answers /api/health with every dependency ok', async () => {
    const response = await fetch(`${url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', workflow: 'ok', mail: 'ok' },
    });
  });

  it('serves the complaint form under a strict Content-Security-Policy', async () => {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('<form id="complaint-form"');
    expect((await fetch(`${url}/complaint-form.js`)).headers.get('content-type')).toContain(
      'text/javascript',
    );
    expect((await fetch(`${url}/../package.json`)).status).toBe(404);
  });

  it('answers unknown API routes with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${url}/api/nothing-here`)).status).toBe(404);
    const wrongMethod = await fetch(`${url}/api/complaints`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('turns a posted complaint into an acknowledgement email in the outbox', async () => {
    const response = await fetch(`${url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(selfComplaint()),
    });
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };
    const outboxDir = join(dataDir, 'outbox');
    const email = await eventually(async () => {
      for (const message of await outbox(outboxDir)) {
        const parsed = await simpleParser(message.raw);
        if (parsed.subject?.includes(reference)) return parsed;
      }
      return undefined;
    }, 'the acknowledgement .eml');
    expect(email.text).toContain(reference);
    expect(email.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('leaves an untriaged grievance to the clock until the manager is emailed, and lets staff sign in', async () => {
    const response = await fetch(`${url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        selfComplaint({ description: 'Nobody has called me back about my test results.' }),
      ),
    });
    const { reference } = (await response.json()) as { reference: string };
    const outboxDir = join(dataDir, 'outbox');
    const escalation = await eventually(
      async () => {
        for (const message of await outbox(outboxDir)) {
          const parsed = await simpleParser(message.raw);
          const to = parsed.to && 'text' in parsed.to ? parsed.to.text : '';
          if (
            parsed.subject === `Escalation: Triage overdue for ${reference}` &&
            to === 'manager@example.org'
          )
            return parsed;
        }
        return undefined;
      },
      'the escalation email',
      45_000,
    );
    expect(escalation.text).not.toContain('test results');
    const token = (await (
      await fetch(`${url}/local/token`, {
        method: 'POST',
        body: JSON.stringify({ email: 'coordinator@example.org' }),
      })
    ).json()) as { token: string };
    const tasks = await fetch(`${url}/api/tasks`, { headers: { authorization: `Bearer ${token.token}` } });
    const { tasks: open } = (await tasks.json()) as { tasks: { reference: string; sla: string }[] };
    expect(open.find((task) => task.reference === reference)?.sla).toBe('breached');
  });

  it('stops cleanly on Ctrl+C', async () => {
    await pressCtrlC();
    // Every process of the group has exited: npm, tsx, Node and the DynamoDB Local JVM.
    expect(output).toContain('Stopping Liaison...');
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});
