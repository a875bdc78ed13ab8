/**
 * 4. Per case: what one case costs on AWS, counted on the local stack while it runs alone. Counted: state
 * transitions (states entered, from the execution history), Lambda invocations and GB-seconds, DynamoDB read and
 * write units (ReturnConsumedCapacity on every request), emails, and API requests. Staff act as the console does:
 * open the case, then complete the step. Priced with bench/prices.json.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { simpleParser } from 'mailparser';
import { keys } from '../functions/adapters/dynamodb/keys';
import type { CaseRecord } from '../functions/core/case/case';
import { FUNCTIONS, type FunctionName } from '../functions/manifest';
import { TABLE_PHYSICAL_NAME as TABLE_NAME } from '../infra/stateful-stack';
import { type BenchStack, quiet, sampleComplaint, startBenchStack } from './harness';
import prices from './prices.json' with { type: 'json' };

const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const API_FUNCTIONS = new Set<FunctionName>(['submitComplaint', 'consoleApi', 'health', 'apiFallback']);

export interface CaseCount {
  scenario: string;
  stateTransitions: number;
  lambdaInvocations: number;
  workflowInvocations: number;
  apiRequests: number;
  gbSeconds: number;
  readUnits: number;
  writeUnits: number;
  dynamoRequests: number;
  emails: number;
  costPer1000: number;
  costBreakdown: Record<string, number>;
}

export interface Actor {
  step(
    step: CaseRecord['stage'],
    as: string,
    decision: (caseView: Record<string, unknown>) => unknown,
  ): Promise<void>;
  waitForMail(subject: string): Promise<void>;
}

export async function countCase(
  scenario: string,
  drive: (bench: BenchStack, caseId: string, reference: string, actor: Actor) => Promise<void>,
): Promise<CaseCount> {
  const bench = await startBenchStack();
  const { stack } = bench;
  const direct = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: bench.dynamo.upstream, region: 'us-east-1', credentials: CREDENTIALS }),
  );
  const sfn = new SFNClient({
    endpoint: stack.endpoints.stepfunctions,
    region: 'us-east-1',
    credentials: CREDENTIALS,
  });
  const tokens = new Map<string, string>();
  const token = async (email: string) => {
    if (!tokens.has(email)) {
      const response = await fetch(`${stack.url}/local/token`, {
        method: 'POST',
        body: JSON.stringify({ email }),
      });
      tokens.set(email, ((await response.json()) as { token: string }).token);
    }
    return tokens.get(email) as string;
  };
  for (const email of ['coordinator@example.org', 'rep@example.org', 'manager@example.org'])
    await token(email);
  await quiet(bench.dynamo);

  const invocationsBefore = stack.runtime.invocations.length;
  const mailBefore = (await readdir(stack.outboxDir).catch(() => [])).length;
  bench.dynamo.reset();
  const submitted = await fetch(`${stack.url}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleComplaint(1)),
  });
  const { caseId, reference } = (await submitted.json()) as { caseId: string; reference: string };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  };
  // Waiting reads the table directly, not through the counted path: staff do not poll.
  const record = async () =>
    (await direct.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.case(caseId) }))).Item as CaseRecord;
  const actor: Actor = {
    async step(step, as, decision) {
      const taskId = await until(async () => {
        const current = (await record())?.currentTask;
        return current?.step === step ? current.taskId : undefined;
      }, `the ${step} step`);
      const headers = { authorization: `Bearer ${await token(as)}`, 'content-type': 'application/json' };
      const view = (await (await fetch(`${stack.url}/api/cases/${caseId}`, { headers })).json()) as Record<
        string,
        unknown
      >;
      const answer = await fetch(`${stack.url}/api/tasks/${taskId}/complete`, {
        method: 'POST',
        headers,
        body: JSON.stringify(decision(view)),
      });
      if (answer.status !== 200) throw new Error(`${step} answered ${answer.status}: ${await answer.text()}`);
    },
    async waitForMail(subject) {
      const seen = new Set<string>();
      await until(async () => {
        for (const file of await readdir(stack.outboxDir).catch(() => [] as string[])) {
          if (seen.has(file)) continue;
          seen.add(file);
          const mail = await simpleParser(await readFile(join(stack.outboxDir, file)));
          if (mail.subject?.includes(subject)) return true;
        }
        return undefined;
      }, `an email "${subject}"`);
    },
  };
  await drive(bench, caseId, reference, actor);
  const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:case-${caseId}`;
  const history: HistoryEvent[] = await until(async () => {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events.some((event) => event.type === 'ExecutionSucceeded') ? events : undefined;
  }, 'the execution to end');
  // The change history's last batch waits out its batching window: it is part of the case's cost.
  await stack.changesArchived();
  await quiet(bench.dynamo);
  const dynamo = bench.dynamo.reset();
  const invocations = stack.runtime.invocations.slice(invocationsBefore);
  const emails = (await readdir(stack.outboxDir).catch(() => [])).length - mailBefore;
  direct.destroy();
  sfn.destroy();
  await bench.stop();

  const stateTransitions = history.filter((event) => event.type?.endsWith('StateEntered')).length;
  const gbSeconds = invocations.reduce(
    (sum, item) => sum + (Math.max(1, item.durationMs) / 1000) * (FUNCTIONS[item.function].memoryMb / 1024),
    0,
  );
  const apiRequests = invocations.filter((item) => API_FUNCTIONS.has(item.function)).length;
  const dynamoRequests = Object.values(dynamo.requests).reduce((sum, value) => sum + value, 0);
  const costBreakdown = {
    stepFunctions: stateTransitions * prices.stepFunctions.perStateTransition,
    lambda: invocations.length * prices.lambda.perRequest + gbSeconds * prices.lambda.perGbSecondArm64,
    dynamodb:
      dynamo.readUnits * prices.dynamodb.perReadRequestUnit +
      dynamo.writeUnits * prices.dynamodb.perWriteRequestUnit,
    ses: emails * prices.ses.perEmail,
    apiGateway: apiRequests * prices.apiGateway.perHttpApiRequest,
  };
  const per1000 = Object.fromEntries(
    Object.entries(costBreakdown).map(([name, value]) => [name, value * 1000]),
  );
  return {
    scenario,
    stateTransitions,
    lambdaInvocations: invocations.length,
    workflowInvocations: invocations.length - apiRequests,
    apiRequests,
    gbSeconds,
    readUnits: dynamo.readUnits,
    writeUnits: dynamo.writeUnits,
    dynamoRequests,
    emails,
    costPer1000: Object.values(per1000).reduce((sum, value) => sum + value, 0),
    costBreakdown: per1000,
  };
}

/** A web complaint is a grievance (CMS SOM Appendix A): triage confirms it (it cannot retype it a complaint). */
export const ASSIGN = {
  outcome: 'assign',
  type: 'grievance',
  category: 'Nursing care',
  priority: 'routine',
  assigneeId: 'dev-rep',
};
export const FINDINGS = {
  outcome: 'findings',
  stepsTaken: 'Interviewed the night staff and reviewed the call bell log.',
  findings: 'The call bell response was too slow; a second nurse now covers nights.',
};
/** Closing a formal complaint needs a root cause code and the case coded (issue 15): as staff close one. */
export const CLOSE = {
  outcome: 'close',
  result: 'upheld',
  rootCause: 'staffing-levels',
  coding: {
    hcat: { severities: { communication: 2, safety: 1 }, stageOfCare: 'care-on-the-ward', harm: 1 },
    subjects: ['communications'],
    serviceArea: 'inpatient',
    professions: ['nursing-midwifery-and-health-visiting'],
  },
  survey: false,
};

/** The draft the console offers (the template filled from the investigation), saved as it is. */
export function draftFromView(view: Record<string, unknown>) {
  return { outcome: 'draft', ...(view.suggestedDraft as object) };
}

/** From triage to closure, every step done promptly by the person whose job it is. */
export async function reviewToClosure(actor: Actor, type: 'grievance'): Promise<void> {
  await actor.step('triage', 'coordinator@example.org', () => ({ ...ASSIGN, type }));
  await actor.step('investigation', 'rep@example.org', () => FINDINGS);
  await actor.step('response', 'rep@example.org', draftFromView);
  await actor.step('approval', 'manager@example.org', () => ({ outcome: 'approve' }));
  await actor.step('closure', 'coordinator@example.org', () => CLOSE);
}
