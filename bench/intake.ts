/**
 * 1. Intake: POST /api/complaints through the local gateway at concurrency 1, 8 and 32, beside the floor: a
 * plain HTTP server on the same machine that does only the unavoidable work, one TransactWriteItems of the same
 * items (case, reference claim, two audit events, the monthly counter) and one StartExecution of the same
 * workflow. Runs alternate between Liaison and the floor in blocks, so a noisy machine affects both alike.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DynamoCaseRepository } from '../functions/adapters/dynamodb/case-repository';
import type { CaseRecord } from '../functions/core/case';
import type { ComplaintInput } from '../functions/core/complaint';
import { receivedCounters } from '../functions/core/statistics';
import { close, listen, readBody } from '../local/http-util';
import { TABLE_NAME } from '../local/stack';
import { quiet, type SectionResult, sampleComplaint, startBenchStack, table } from './harness';
import { percentile, round, timedPool } from './stats';

const CONCURRENCY = [1, 8, 32];
const REQUESTS = { 1: 200, 8: 320, 32: 640 } as Record<number, number>;
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

export async function run(): Promise<SectionResult> {
  const bench = await startBenchStack();
  const { stack } = bench;
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials: CREDENTIALS }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const sfn = new SFNClient({
    endpoint: stack.endpoints.stepfunctions,
    region: 'us-east-1',
    credentials: CREDENTIALS,
  });
  const cases = new DynamoCaseRepository(db, TABLE_NAME);
  let floorSequence = 0;
  const floor = createServer(async (request, response) => {
    const complaint = JSON.parse((await readBody(request)).toString('utf8')) as ComplaintInput;
    const now = new Date();
    const caseId = ulid();
    floorSequence += 1;
    const record: CaseRecord = {
      caseId,
      reference: `FL-2026-${String(floorSequence).padStart(6, '0')}`,
      receivedAt: now.toISOString(),
      channel: 'web',
      stage: 'intake',
      complaint,
      classification: { kind: 'grievance', priority: 'routine', reason: 'floor', ruleId: 'floor' } as never,
      slaPolicy: 'us-cms-hospital',
      deadlines: {},
      workflow: { executionName: caseId },
      version: 1,
    };
    const event = (type: string) => ({
      caseId,
      at: record.receivedAt,
      eventId: ulid(),
      type,
      actor: 'complainant',
    });
    await cases.createCase({
      record,
      audit: [event('case.received'), event('case.classified')],
      counters: receivedCounters(record, now, 'America/New_York'),
    });
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stack.stateMachineArn,
        name: caseId,
        input: JSON.stringify({ caseId }),
      }),
    );
    const body = JSON.stringify({ caseId, reference: record.reference, receivedAt: record.receivedAt });
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(body);
  });
  const floorUrl = `http://127.0.0.1:${await listen(floor)}`;

  let index = 0;
  const post = async (url: string) => {
    const response = await fetch(`${url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(sampleComplaint(index++)),
    });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`Intake answered ${response.status}`);
  };

  const rows: (string | number)[][] = [];
  const data: Record<string, unknown>[] = [];
  const checks = [];
  // Warm both paths (cold starts, connection pools, JIT) before measuring.
  await timedPool(40, 8, () => post(stack.url));
  await timedPool(40, 8, () => post(floorUrl));
  for (const concurrency of CONCURRENCY) {
    const total = REQUESTS[concurrency] as number;
    const liaison: number[] = [];
    const floorLatencies: number[] = [];
    let liaisonWall = 0;
    let floorWall = 0;
    for (let block = 0; block < 4; block += 1) {
      await quiet(bench.dynamo);
      const a = await timedPool(total / 4, concurrency, () => post(stack.url));
      liaison.push(...a.latencies);
      liaisonWall += a.wallMs;
      await quiet(bench.dynamo);
      const b = await timedPool(total / 4, concurrency, () => post(floorUrl));
      floorLatencies.push(...b.latencies);
      floorWall += b.wallMs;
    }
    const summary = (samples: number[], wallMs: number) => ({
      p50: round(percentile(samples, 50)),
      p95: round(percentile(samples, 95)),
      p99: round(percentile(samples, 99)),
      perSecond: round((samples.length / wallMs) * 1000, 1),
    });
    const ours = summary(liaison, liaisonWall);
    const theirs = summary(floorLatencies, floorWall);
    const ratio = round(ours.p99 / theirs.p99);
    data.push({ concurrency, requests: total, liaison: ours, floor: theirs, p99Ratio: ratio });
    rows.push([
      concurrency,
      total,
      `${ours.p50} / ${ours.p95} / ${ours.p99}`,
      ours.perSecond,
      `${theirs.p50} / ${theirs.p95} / ${theirs.p99}`,
      theirs.perSecond,
      `${ratio}x`,
    ]);
    checks.push({
      target: `Intake p99 <= 1.5x the floor at concurrency ${concurrency}`,
      measured: `${ratio}x (${ours.p99} ms vs ${theirs.p99} ms)`,
      met: ratio <= 1.5,
      note:
        ratio <= 1.5
          ? undefined
          : 'Liaison makes three DynamoDB calls the floor does not (idempotency GetItem, reference counter ' +
            'UpdateItem, markWorkflowStarted UpdateItem) and validates the body. Folding the idempotency check ' +
            'into the transaction (its condition already refuses a reused key) and marking the workflow started ' +
            'from the workflow itself would bring it to one extra call.',
    });
  }

  // One intake, counted: the DynamoDB requests and capacity behind a single POST.
  await quiet(bench.dynamo);
  bench.dynamo.reset();
  await post(stack.url);
  const one = bench.dynamo.reset();

  await close(floor);
  sfn.destroy();
  db.destroy();
  await bench.stop();
  const markdown = [
    'Latency in ms (p50 / p95 / p99) and throughput (requests per second), Liaison beside the floor.',
    '',
    table(['Concurrency', 'Requests', 'Liaison', 'Liaison req/s', 'Floor', 'Floor req/s', 'p99 ratio'], rows),
    '',
    `One intake makes these DynamoDB requests: ${Object.entries(one.requests)
      .map(([operation, count]) => `${operation} x${count}`)
      .join(', ')} (counted from the request until its answer; the workflow's calls come after).`,
  ].join('\n');
  return {
    title: '1. Intake latency beside the floor',
    markdown,
    data: { runs: data, oneIntake: one },
    checks,
  };
}
