/**
 * What every benchmark section shares: the local stack on free ports (in memory) with DynamoDB requests counted,
 * a sample complaint, and the shape of a section's result. Each section runs in its own process (run.ts), because
 * handlers read their settings once per process, as Lambda does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComplaintInput } from '../functions/core/intake/complaint';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../local/stack';
import { DynamoProxy } from './dynamo-proxy';

export interface Check {
  target: string;
  measured: string;
  met: boolean;
  /** When missed: why, and what would meet it. */
  note?: string;
}

export interface SectionResult {
  title: string;
  /** Markdown: tables and short paragraphs. */
  markdown: string;
  data: unknown;
  checks: Check[];
}

export interface BenchStack {
  stack: LocalStack;
  dynamo: DynamoProxy;
  stop(): Promise<void>;
}

export async function startBenchStack(extraRoutes?: LocalStackOptions['extraRoutes']): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liaison-bench-'));
  const dynamo = new DynamoProxy();
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    persist: false,
    interposeDynamoDb: (endpoint) => dynamo.start(endpoint),
    extraRoutes,
  });
  const bench: BenchStack = {
    stack,
    dynamo,
    stop: async () => {
      running.delete(bench);
      await stack.stop();
      await dynamo.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  running.add(bench);
  return bench;
}

const running = new Set<BenchStack>();

/** Stops what a section left running when it failed part-way (DynamoDB Local is a Java process of its own). */
export async function stopBenchStacks(): Promise<void> {
  await Promise.allSettled([...running].map((bench) => bench.stop()));
}

/**
 * A surname of four letters for each index, scattered (7919 is prime to 26^4): no two cases share one, and their
 * first two letters spread over the name partitions as real surnames do, filling them as the data grows.
 */
export function benchSurname(index: number): string {
  let value = (index * 7919) % 26 ** 4;
  let surname = '';
  for (let letter = 0; letter < 4; letter += 1) {
    surname = String.fromCharCode(97 + (value % 26)) + surname;
    value = Math.floor(value / 26);
  }
  return surname;
}

export function sampleComplaint(index: number): ComplaintInput {
  return {
    complainant: {
      // Every name shares "Bench Complainant": the worst case for a word that many people have.
      name: `Bench Complainant ${benchSurname(index)}`,
      email: `bench${index}@example.com`,
      phone: `+1 555 ${String(index % 10_000_000).padStart(7, '0')}`,
      relationship: 'family',
    },
    patient: { name: `Bench Patient ${index}`, dateOfBirth: '1950-02-03' },
    facility: 'Example General Hospital',
    department: 'Medicine',
    incidentDate: '2026-11-01',
    category: 'Nursing care',
    description:
      'My father waited over an hour for help after pressing the call bell on the night of the first. ' +
      'Nobody explained why, and the nurse in charge was dismissive when I asked the next morning.',
    desiredOutcome: 'An explanation and an apology.',
    contactPreference: 'email',
  };
}

export function table(headers: string[], rows: (string | number)[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** Waits until DynamoDB has had no requests for `windowMs` (the workflows of earlier cases have settled). */
export async function quiet(dynamo: DynamoProxy, windowMs = 400, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  const count = () => Object.values(dynamo.tally.requests).reduce((sum, value) => sum + value, 0);
  while (Date.now() < deadline) {
    const before = count();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if (count() === before) return;
  }
}
