/**
 * 6. Reports: each report with 1,000 and then 100,000 cases stored. Cases arrive at a constant rate (one every 26
 * minutes, about 20,000 a year: a large hospital), newest first, so growing from 1,000 to 100,000 adds five years
 * of history behind the same recent weeks. The reports' read model (one facts item per case, as the case store
 * writes it with each save: case-facts.ts, keys.ts) is seeded with BatchWriteItem straight to DynamoDB Local
 * (uncounted): cases older than three weeks closed and answered, every formal complaint coded.
 *
 * A report reads the partitions of its period and never scans: a month's reports stay flat as history grows; a
 * year's reports read that year's cases, so they grow with the year's volume, not with the table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { ulid } from 'ulid';
import { indexKeys, keys } from '../functions/adapters/dynamodb/keys';
import type { CaseFacts } from '../functions/core/reporting/case-facts';
import { TABLE_PHYSICAL_NAME as TABLE_NAME } from '../infra/stateful-stack';
import { type Check, quiet, type SectionResult, sampleComplaint, startBenchStack, table } from './harness';
import { percentile, round, timedPool } from './stats';

const SIZES = [1_000, 100_000];
const SAMPLES = 30;
const SPACING_MS = 26 * 60_000;
const DAY = 86_400_000;
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const SUBJECTS = ['communications', 'clinical-treatment', 'appointments', 'waiting-times', 'patient-care'];
const OUTCOMES = ['upheld', 'partly-upheld', 'not-upheld'];

/** The facts of the index-th case back from `now`, as caseFacts() derives them from a case in that state. */
function factsOf(index: number, now: number): CaseFacts {
  const received = now - (index + 1) * SPACING_MS;
  const receivedAt = new Date(received).toISOString();
  const type = index % 10 === 9 ? 'compliment' : index % 3 === 2 ? 'complaint' : 'grievance';
  const closed = now - received > 21 * DAY;
  const caseId = ulid(received);
  const year = receivedAt.slice(0, 4);
  return {
    caseId,
    reference: `BR-${year}-${String(index + 1).padStart(6, '0')}`,
    receivedAt,
    channel: index % 4 === 0 ? 'email' : 'web',
    type,
    determinationReason: 'A written complaint is always a grievance.',
    category: 'Communication and information',
    department: ['Medicine', 'Surgery', 'Outpatients', 'Emergency'][index % 4] as string,
    acknowledgedAt: new Date(received + 3_600_000).toISOString(),
    acknowledgedBy: 'email',
    responseDueAt: new Date(received + 7 * DAY).toISOString(),
    ...(closed
      ? {
          responseAt: new Date(received + (index % 5 === 0 ? 9 : 6) * DAY).toISOString(),
          responseChannel: 'email' as const,
          responseLetterId: `${caseId}.${ulid(received)}`,
          elementsPresent: true,
          closedAt: new Date(received + 10 * DAY).toISOString(),
          outcome: type === 'compliment' ? 'passed-on' : (OUTCOMES[index % 3] as string),
          rootCause: 'communication-failure',
        }
      : {}),
    ...(type === 'compliment'
      ? {}
      : {
          coding: {
            listsVersion: 0,
            hcat: {
              severities: { communication: 1 + (index % 3) },
              stageOfCare: 'care-on-the-ward',
              harm: index % 6,
            },
            subjects: [SUBJECTS[index % SUBJECTS.length] as string],
            serviceArea: 'inpatient',
            professions: ['nursing-midwifery-and-health-visiting'],
            complainantStatus: index % 2 ? 'patient' : 'on-behalf',
            ageBand: '65-74',
          },
        }),
  } as CaseFacts;
}

async function seed(db: DynamoDBDocumentClient, from: number, to: number, now: number): Promise<void> {
  const batches = Math.ceil((to - from) / 25);
  await timedPool(batches, 16, async (batch) => {
    const start = from + batch * 25;
    let items: Record<string, unknown>[] = Array.from({ length: Math.min(25, to - start) }, (_, offset) => {
      const facts = factsOf(start + offset, now);
      return {
        PutRequest: {
          Item: {
            ...keys.caseFacts(facts.receivedAt, facts.caseId),
            ...indexKeys.caseFactsByState(facts),
            entity: 'CaseFacts',
            ...facts,
          },
        },
      };
    });
    while (items.length > 0) {
      const answer = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: items as never } }));
      items = (answer.UnprocessedItems?.[TABLE_NAME] ?? []) as Record<string, unknown>[];
    }
  });
}

export async function run(): Promise<SectionResult> {
  const bench = await startBenchStack();
  const { stack } = bench;
  const direct = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: bench.dynamo.upstream, region: 'us-east-1', credentials: CREDENTIALS }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const signIn = async () => {
    const { token } = (await (
      await fetch(`${stack.url}/local/token`, {
        method: 'POST',
        body: JSON.stringify({ email: 'manager@example.org' }),
      })
    ).json()) as { token: string };
    return { authorization: `Bearer ${token}` };
  };
  const now = Date.now();
  const today = DateTime.fromMillis(now, { zone: 'America/New_York' });
  const fortnightAgo = today.minus({ days: 14 }).toISODate();
  const reportingYear = String(today.month >= 4 ? today.year : today.year - 1);
  // One case through intake and its first step, for its surveyor packet (the case, its audit and letters).
  const submitted = (await (
    await fetch(`${stack.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleComplaint(0)),
    })
  ).json()) as { caseId: string };
  await quiet(bench.dynamo);
  // Coded, as the year's return needs every complaint to be.
  const coded = await fetch(`${stack.url}/api/cases/${submitted.caseId}/coding`, {
    method: 'PUT',
    headers: { ...(await signIn()), 'content-type': 'application/json' },
    body: JSON.stringify({
      hcat: { severities: { communication: 2 }, stageOfCare: 'care-on-the-ward', harm: 1 },
      subjects: ['communications'],
      serviceArea: 'inpatient',
      professions: ['nursing-midwifery-and-health-visiting'],
    }),
  });
  if (coded.status !== 200) throw new Error(`Coding the surveyor packet's case: ${coded.status}`);
  const calls: Record<string, string> = {
    'Surveyor packet, one case (PDF)': `/api/cases/${submitted.caseId}/packet`,
    'Grievance log, last 14 days (JSON)': `/api/reports/grievance-log?from=${fortnightAgo}&to=${today.toISODate()}`,
    'Grievance log, last 14 days (XLSX)': `/api/reports/grievance-log?from=${fortnightAgo}&to=${today.toISODate()}&format=xlsx`,
    'Committee pack, this month (PDF)': `/api/reports/committee-pack?month=${today.toFormat('yyyy-MM')}&format=pdf`,
    'KO41a return, this year (CSV)': `/api/reports/ko41a?year=${reportingYear}&format=csv`,
    'Annual report, this year (JSON)': `/api/reports/annual?year=${reportingYear}`,
    'Cases behind a KO41a number (JSON)': `/api/reports/cases?report=ko41a&year=${reportingYear}&item=subject:communications`,
  };
  const results: Record<
    string,
    Record<string, { p50: number; p95: number; requests: Record<string, number> }>
  > = {};
  const inYear: Record<string, number> = {};
  let seeded = 0;
  let seedSeconds = 0;
  for (const size of SIZES) {
    const started = performance.now();
    await seed(direct, seeded, size, now);
    seeded = size;
    seedSeconds += (performance.now() - started) / 1000;
    inYear[size] = Array.from({ length: size }, (_, index) => factsOf(index, now)).filter(
      (facts) => facts.type !== 'compliment' && facts.receivedAt >= `${reportingYear}-04-01`,
    ).length;
    await quiet(bench.dynamo);
    const headers = await signIn();
    results[size] = {};
    for (const [label, path] of Object.entries(calls)) {
      const get = async () => {
        const response = await fetch(`${stack.url}${path}`, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
      };
      await timedPool(5, 1, get);
      bench.dynamo.reset();
      await get();
      const requests = bench.dynamo.reset().requests;
      const { latencies } = await timedPool(SAMPLES, 1, get);
      (results[size] as Record<string, unknown>)[label] = {
        p50: round(percentile(latencies, 50)),
        p95: round(percentile(latencies, 95)),
        requests,
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
  const monthly = Object.keys(calls).filter(
    (label) => !/this year/.test(label) && !/KO41a number/.test(label),
  );
  const checks: Check[] = [
    ...monthly.map((label): Check => {
      const ratio = round((results[large]?.[label]?.p50 ?? 0) / (results[small]?.[label]?.p50 ?? 1));
      return {
        target: `${label} at ${large.toLocaleString('en-US')} cases <= 1.2x that at ${small.toLocaleString('en-US')} (p50)`,
        measured: `${ratio}x`,
        met: ratio <= 1.2,
      };
    }),
    {
      target: 'No Scan on any report',
      measured: `${scans.reduce((sum, value) => sum + value, 0)} Scan requests`,
      met: scans.every((count) => count === 0),
    },
  ];
  const markdown = [
    `Latency in ms (p50 / p95) over ${SAMPLES} sequential requests, with ${small.toLocaleString('en-US')} and ${large.toLocaleString('en-US')} cases stored at one every 26 minutes (about 20,000 a year), newest first: the first 1,000 span ${round((small * SPACING_MS) / DAY, 0)} days, the 100,000 about ${round((large * SPACING_MS) / DAY / 365, 1)} years (seeding the read model took ${round(seedSeconds, 0)} s).`,
    '',
    table(
      [
        'Report',
        `${small.toLocaleString('en-US')} cases`,
        `${large.toLocaleString('en-US')} cases`,
        'Ratio (p50)',
        'DynamoDB requests per call',
      ],
      rows,
    ),
    '',
    `The reports over a fortnight or a month read that period's partitions only, so they stay flat as history grows. The year's reports (KO41a, annual, the cases behind their numbers) read the year's complaints: ${inYear[small]} of them with ${small.toLocaleString('en-US')} cases stored, ${inYear[large]} with ${large.toLocaleString('en-US')}; they grow with the year's volume, not with the table.`,
  ].join('\n');
  return { title: '6. Reports: 1,000 vs 100,000 cases', markdown, data: { results, inYear }, checks };
}
