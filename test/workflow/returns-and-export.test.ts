/**
 * The coding and the NHS returns through the API on the local stack (issue 15 §3, §6), and the daily export of the
 * reports' read model to S3 (the same files as in AWS): a case coded over HTTP, the KO41a return refused while a
 * case is uncoded (422 naming it) and as CSV once coded, the annual report as a PDF, the cases behind a number,
 * roles checked; then the export written to the local export bucket, case facts only.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKey } from '../../functions/core/reporting/export-case-facts';
import { ConsoleClient } from '../support/console-client';
import { FULL_CODING, familyComplaint, PHI_MARKERS } from '../support/fixtures';
import { eventually, stackS3, startTestStack, type TestStack } from '../support/local-stack';

const COORDINATOR = 'coordinator@example.org';
const REP = 'rep@example.org';

let stack: TestStack;
let api: ConsoleClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = new ConsoleClient(stack.url);
});
afterAll(async () => stack?.stop());

/** The reporting year under way: from 1 April. */
function thisYear(): string {
  const now = new Date();
  return String(now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1);
}

async function raw(as: string, path: string) {
  const token = await api.token(as);
  return fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

describe('the NHS returns over HTTP', () => {
  it('codes a case, refuses the return until every case is coded, then answers it as CSV', async () => {
    const { caseId, reference } = await api.submit(familyComplaint());
    await api.waitForStep(caseId, 'triage');
    const year = thisYear();
    const blocked = await api.get<{ errors: { field: string; message: string }[] }>(
      COORDINATOR,
      `/api/reports/ko41a?year=${year}`,
    );
    expect(blocked.status).toBe(422);
    expect(blocked.body.errors.map((error) => error.field)).toContain(`${reference}.coding`);

    expect(
      (await api.post(COORDINATOR, `/api/cases/${caseId}/coding`, { subjects: ['nope'] }, 'PUT')).status,
    ).toBe(422);
    expect(
      (await api.post(COORDINATOR, `/api/cases/${caseId}/coding`, { subjects: 'x' }, 'PUT')).status,
    ).toBe(400);
    const coded = await api.post<{ coding: { ageBand: string } }>(
      COORDINATOR,
      `/api/cases/${caseId}/coding`,
      FULL_CODING,
      'PUT',
    );
    expect(coded.status).toBe(200);
    expect(coded.body.coding.ageBand).toBe('85-plus');

    // The only case of this stack is coded now: the return is made.
    const csv = await raw(COORDINATOR, `/api/reports/ko41a?year=${year}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('Summary,received,New complaints,1');
    expect(text).toContain('Subject area,communications,Communications,1');
    expect(text).not.toContain(PHI_MARKERS.patientName);

    const behind = await api.get<{ cases: { reference: string }[] }>(
      COORDINATOR,
      `/api/reports/cases?report=ko41a&year=${year}&item=subject:communications`,
    );
    expect(behind.body.cases.map((each) => each.reference)).toEqual([reference]);
    expect((await api.get(REP, `/api/reports/ko41a?year=${year}`)).status).toBe(403);
    expect((await api.get(COORDINATOR, '/api/reports/ko41a?year=26')).status).toBe(422);
    expect((await api.get(COORDINATOR, `/api/reports/cases?report=ko41a&year=${year}`)).status).toBe(400);

    const pdf = await raw(COORDINATOR, `/api/reports/annual?year=${year}&format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('exports the case facts to the export bucket as JSON Lines by month received, without PHI', async () => {
    const { caseId, reference } = await api.submit(familyComplaint());
    await api.waitForStep(caseId, 'triage');
    const outcome = (await stack.runtime.invoke('exportCaseFacts', {})) as { months: number; cases: number };
    expect(outcome.cases).toBeGreaterThanOrEqual(1);
    const month = new Date().toISOString().slice(0, 7);
    const body = await eventually(async () => {
      const object = await stackS3(stack).send(
        new GetObjectCommand({ Bucket: stack.names.exportBucket, Key: exportKey(month) }),
      );
      return object.Body?.transformToString();
    }, 'the export of this month');
    const rows = body
      .split('\n')
      .map((line) => JSON.parse(line) as { reference: string; received_month: string });
    expect(rows.find((row) => row.reference === reference)).toMatchObject({
      received_month: month,
      type: 'grievance',
    });
    for (const marker of Object.values(PHI_MARKERS)) expect(body).not.toContain(marker);
  });
});
