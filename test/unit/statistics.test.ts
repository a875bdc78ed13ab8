import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../functions/core/case/case';
import { classify } from '../../functions/core/intake/classification';
import {
  breachCounters,
  dashboardFrom,
  monthOf,
  receivedCounters,
  slaCounters,
  triagedBreakdowns,
  weekOf,
} from '../../functions/core/reporting/statistics';
import { selfComplaint } from '../support/fixtures';

const NY = 'America/New_York';
const record = {
  caseId: 'c',
  reference: 'PR-2026-000001',
  receivedAt: '2026-11-02T14:00:00.000Z',
  channel: 'web',
  stage: 'closure',
  complaint: selfComplaint({ category: 'Nursing care', department: 'Medicine' }),
  classification: classify({ channel: 'web', description: 'x' }),
  slaPolicy: 'us-cms-hospital',
  deadlines: { respond: { dueAt: '2026-11-09T14:00:00.000Z', source: 'A-0123' } },
  workflow: { executionName: 'case-c' },
  version: 1,
} satisfies CaseRecord;

describe('dashboard counters', () => {
  it('count months and ISO weeks in the organization time zone', () => {
    // 03:00 UTC on 1 December is still 30 November in New York.
    expect(monthOf(new Date('2026-12-01T03:00:00Z'), NY)).toBe('month:2026-11');
    expect(weekOf(new Date('2026-11-22T12:00:00Z'), NY)).toBe('week:2026-W47');
  });

  it('count a received case by channel and kind only: no counter is named after what the form says', () => {
    expect(receivedCounters(record, new Date(record.receivedAt), NY)[0]?.increments).toEqual({
      received: 1,
      'channel:web': 1,
      'kind:grievance': 1,
    });
  });

  it('count a triaged case by its type, and under the category, department and facility staff decided, as labels', () => {
    expect(
      triagedBreakdowns({ type: 'compliment', category: 'Nursing care' }, new Date(record.receivedAt), NY),
    ).toEqual([
      { period: 'month:2026-11', increments: { 'type:compliment': 1 } },
      { period: 'month:2026-11', dimension: 'category', label: 'Nursing care' },
      { period: 'month:2026-11', dimension: 'department', label: 'Not given' },
      { period: 'month:2026-11', dimension: 'facility', label: 'Not given' },
    ]);
    expect(
      triagedBreakdowns(
        { type: 'grievance', category: 'Billing', facility: 'Riverside' },
        new Date(record.receivedAt),
        NY,
      )[3],
    ).toEqual({ period: 'month:2026-11', dimension: 'facility', label: 'Riverside' });
  });

  it('count a response as on time only by its deadline', () => {
    expect(slaCounters('respond', record, new Date('2026-11-09T13:59:00Z'), NY)[0]?.increments).toEqual({
      'respond:total': 1,
      'respond:onTime': 1,
    });
    expect(slaCounters('respond', record, new Date('2026-11-09T14:01:00Z'), NY)[0]?.increments).toEqual({
      'respond:total': 1,
      'respond:onTime': 0,
    });
    expect(breachCounters(new Date('2026-11-22T12:00:00Z'), NY).map((update) => update.period)).toEqual([
      'week:2026-W47',
      'month:2026-11',
    ]);
  });

  it('turn counters into percentages, with none where nothing was measured', () => {
    const dashboard = dashboardFrom(
      [
        { period: 'month:2026-10', counters: {} },
        {
          period: 'month:2026-11',
          counters: {
            received: 4,
            'respond:total': 4,
            'respond:onTime': 3,
            'type:compliment': 2,
            'survey:responses': 3,
            'survey:scoreTotal': 13,
          },
        },
      ],
      { period: 'week:2026-W47', counters: { breaches: 2 } },
      { triage: 1 },
      { category: { Food: 2 }, department: {}, facility: { Riverside: 1 }, thanked: { 'Ward 4': 1 } },
    );
    expect(dashboard.months).toEqual([
      {
        month: '2026-10',
        received: 0,
        compliance: { acknowledge: null, respond: null, resolve: null },
        survey: { responses: 0, averageScore: null },
      },
      {
        month: '2026-11',
        received: 4,
        compliance: { acknowledge: null, respond: 75, resolve: null },
        // 13 / 3 = 4.33...: one decimal.
        survey: { responses: 3, averageScore: 4.3 },
      },
    ]);
    expect(dashboard.breachesThisWeek).toBe(2);
    expect(dashboard.byCategory).toEqual({ Food: 2 });
    expect(dashboard.byFacility).toEqual({ Riverside: 1 });
    expect(dashboard.byType).toEqual({ compliment: 2 });
    expect(dashboard.thanked).toEqual({ 'Ward 4': 1 });
  });
});
