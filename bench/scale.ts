/**
 * 5. Scale: the console's task queue, case list, case page and search with 1,000 and then 100,000 cases stored,
 * every one of them open at triage in the coordinators' queue (the worst case for the queue). The cases are written
 * with the repository's own writes, straight to DynamoDB Local (uncounted). Each API call's DynamoDB requests are
 * counted by operation, which shows that no request path scans.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DynamoCaseStore } from '../functions/adapters/dynamodb/case-store';
import type { CaseRecord, HumanTask } from '../functions/core/case/case';
import { searchTermsOf } from '../functions/core/search/search-terms';
import { TABLE_PHYSICAL_NAME as TABLE_NAME } from '../infra/stateful-stack';
import {
  benchSurname,
  type Check,
  quiet,
  type SectionResult,
  sampleComplaint,
  startBenchStack,
  table,
} from './harness';
import { percentile, round, timedPool } from './stats';

const SIZES = [1_000, 100_000];
const SAMPLES = 200;
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

async function seed(cases: DynamoCaseStore, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  const started = Date.now();
  await timedPool(to - from, 32, async (offset) => {
    const index = from + offset;
    const caseId = ulid();
    const receivedAt = new Date(started - index * 60_000).toISOString();
    const record: CaseRecord = {
      caseId,
      reference: `SC-2026-${String(index + 1).padStart(6, '0')}`,
      receivedAt,
      channel: 'web',
      stage: 'triage',
      complaint: sampleComplaint(index),
      classification: { kind: 'grievance', priority: 'routine', reason: 'seeded', ruleId: 'seeded' } as never,
      slaPolicy: 'us-cms-hospital',
      deadlines: {},
      // Started, as a case at triage is: otherwise the sweeper would start a workflow for each seeded case.
      workflow: { executionName: `case-${caseId}`, startedAt: receivedAt },
      version: 1,
    };
    await cases.createCase({ record, audit: [] });
    const task: HumanTask = {
      taskId: ulid(),
      caseId,
      reference: record.reference,
      step: 'triage',
      status: 'open',
      queue: 'coordinator',
      openedAt: receivedAt,
      dueAt: new Date(Date.parse(receivedAt) + 86_400_000).toISOString(),
      dueSource: 'seeded',
      taskToken: `seeded-${caseId}`,
      firedEvents: [],
    };
    // The terms createCase indexed, so the second write adds none (as a saved case carries them).
    await cases.saveCase({
      record: {
        ...record,
        searchTerms: searchTermsOf(record.complaint),
        currentTask: {
          taskId: task.taskId,
          step: 'triage',
          openedAt: receivedAt,
          dueAt: task.dueAt,
        } as never,
        version: 2,
      },
      expectedVersion: 1,
      audit: [],
      tasks: [task],
    });
    ids.push(caseId);
  });
  return ids;
}

export async function run(): Promise<SectionResult> {
  const bench = await startBenchStack();
  const { stack } = bench;
  const direct = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: bench.dynamo.upstream, region: 'us-east-1', credentials: CREDENTIALS }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const cases = new DynamoCaseStore(direct, TABLE_NAME);
  // A fresh sign-in for each size: seeding takes longer than the 15-minute idle sign-out (access/sessions.ts).
  const signIn = async () => {
    const { token } = (await (
      await fetch(`${stack.url}/local/token`, {
        method: 'POST',
        body: JSON.stringify({ email: 'coordinator@example.org' }),
      })
    ).json()) as { token: string };
    return { authorization: `Bearer ${token}` };
  };

  const ids: string[] = [];
  const results: Record<
    string,
    Record<string, { p50: number; p95: number; requests: Record<string, number> }>
  > = {};
  const calls = {
    'Task queue (GET /api/tasks)': () => '/api/tasks',
    'Case list at triage (GET /api/cases?stage=triage)': () => '/api/cases?stage=triage&limit=50',
    'Case page (GET /api/cases/{id})': (index: number) => `/api/cases/${ids[index % ids.length]}`,
    // A caller's name as they say it: a word every seeded case shares, and the surname only one has.
    'Search by name (GET /api/search?q=<name>)': (index: number) =>
      `/api/search?${new URLSearchParams({ q: `complainant ${benchSurname((index * 7919) % 1000)}` })}`,
    'Search by email (GET /api/search?q=<email>)': (index: number) =>
      `/api/search?${new URLSearchParams({ q: `bench${(index * 7919) % 1000}@example.com` })}`,
  };
  let seedSeconds = 0;
  for (const size of SIZES) {
    const seedStart = performance.now();
    ids.push(...(await seed(cases, ids.length, size)));
    seedSeconds += (performance.now() - seedStart) / 1000;
    await quiet(bench.dynamo);
    const headers = await signIn();
    results[size] = {};
    for (const [label, path] of Object.entries(calls)) {
      const get = async (index: number) => {
        const response = await fetch(`${stack.url}${path(index)}`, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
      };
      // Warm: the first size is measured right after the stack starts, with the JVM and handlers still cold.
      await timedPool(100, 1, get);
      bench.dynamo.reset();
      await get(0);
      const perCall = bench.dynamo.reset().requests;
      const { latencies } = await timedPool(SAMPLES, 1, get);
      (results[size] as Record<string, unknown>)[label] = {
        p50: round(percentile(latencies, 50)),
        p95: round(percentile(latencies, 95)),
        requests: perCall,
      };
    }
  }
  direct.destroy();
  await bench.stop();

  const [small, large] = SIZES as [number, number];
  const rows = Object.keys(calls).map((label) => {
    const a = results[small]?.[label];
    const b = results[large]?.[label];
    return [
      label,
      `${a?.p50} / ${a?.p95}`,
      `${b?.p50} / ${b?.p95}`,
      `${round((b?.p50 ?? 0) / (a?.p50 ?? 1))}x`,
      Object.entries(b?.requests ?? {})
        .map(([operation, count]) => `${operation} x${count}`)
        .join(', '),
    ];
  });
  const scans = Object.values(results).flatMap((byCall) =>
    Object.values(byCall).map((entry) => entry.requests.Scan ?? 0),
  );
  const flat = (label: string): Check => {
    const atSmall = results[small]?.[label]?.p50 ?? 0;
    const atLarge = results[large]?.[label]?.p50 ?? 0;
    const ratio = round(atLarge / atSmall);
    return {
      target: `${label} at ${large.toLocaleString('en-US')} cases <= 1.2x that at ${small.toLocaleString('en-US')} (p50)`,
      measured: `${ratio}x (${atLarge} ms vs ${atSmall} ms)`,
      met: ratio <= 1.2,
    };
  };
  const checks: Check[] = [
    ...Object.keys(calls).map(flat),
    {
      target: 'No Scan on any request path',
      measured: `${scans.reduce((sum, value) => sum + value, 0)} Scan requests`,
      met: scans.every((count) => count === 0),
    },
  ];
  const markdown = [
    `Latency in ms (p50 / p95) over ${SAMPLES} sequential requests, with ${small.toLocaleString('en-US')} and ${large.toLocaleString('en-US')} cases stored, every case open at triage in the coordinators' queue (seeding took ${round(seedSeconds, 0)} s).`,
    '',
    table(
      [
        'Call',
        `${small.toLocaleString('en-US')} cases`,
        `${large.toLocaleString('en-US')} cases`,
        'Ratio (p50)',
        'DynamoDB requests per call',
      ],
      rows,
    ),
  ].join('\n');
  return { title: '5. Scale: 1,000 vs 100,000 cases', markdown, data: results, checks };
}
