import { describe, expect, it } from 'vitest';
import { addSlaDuration, computeDeadlines, SLA_POLICIES } from '../../functions/core/sla-policies';

const NEW_YORK = 'America/New_York';

describe('SLA policies as data', () => {
  it('sets the CMS written-response target at 7 calendar days (tag A-0123 guidance)', () => {
    const receivedAt = new Date('2026-11-02T15:30:00Z');
    const deadlines = computeDeadlines(SLA_POLICIES['us-cms-hospital'], receivedAt, NEW_YORK);
    expect(deadlines.respond.dueAt).toBe('2026-11-09T15:30:00.000Z');
    expect(deadlines.respond.source).toContain('A-0123');
    expect(deadlines.acknowledge.dueAt).toBe(receivedAt.toISOString());
    expect(deadlines.resolve.dueAt).toBe('2026-12-02T15:30:00.000Z');
  });

  it('gives Medicare Advantage grievances 30 days (42 CFR 422.564(e))', () => {
    const deadlines = computeDeadlines(
      SLA_POLICIES['us-medicare-advantage'],
      new Date('2026-01-10T12:00:00Z'),
      NEW_YORK,
    );
    expect(deadlines.respond.dueAt).toBe('2026-02-09T12:00:00.000Z');
    expect(deadlines.respond.source).toContain('422.564');
  });

  it('every number in every policy cites where it comes from', () => {
    for (const policy of Object.values(SLA_POLICIES)) {
      for (const duration of [policy.acknowledge, policy.triage, policy.respond, policy.resolve]) {
        expect(duration.source.length).toBeGreaterThan(10);
      }
    }
  });
});

describe('addSlaDuration: calendar arithmetic in the organization time zone', () => {
  it('keeps the wall-clock time across the autumn daylight-saving change', () => {
    // 09:00 EDT on Friday 30 October 2026; clocks go back on Sunday 1 November.
    const due = addSlaDuration(
      new Date('2026-10-30T13:00:00Z'),
      { amount: 7, unit: 'calendarDays', source: 't' },
      NEW_YORK,
    );
    expect(due.toISOString()).toBe('2026-11-06T14:00:00.000Z'); // 09:00 EST
  });

  it('counts hours as elapsed time, not wall-clock time, across the change', () => {
    const due = addSlaDuration(
      new Date('2026-11-01T04:00:00Z'),
      { amount: 24, unit: 'hours', source: 't' },
      NEW_YORK,
    );
    expect(due.toISOString()).toBe('2026-11-02T04:00:00.000Z');
  });

  it('ends a month counted from 31 January on the last day of February', () => {
    const due = addSlaDuration(
      new Date('2026-01-31T17:00:00Z'),
      { amount: 1, unit: 'calendarMonths', source: 't' },
      'Europe/London',
    );
    expect(due.toISOString()).toBe('2026-02-28T17:00:00.000Z');
  });

  it('shrinks every duration by SLA_TIME_SCALE for local demonstrations', () => {
    const from = new Date('2026-11-02T00:00:00Z');
    const due = addSlaDuration(from, { amount: 7, unit: 'calendarDays', source: 't' }, NEW_YORK, 10_080);
    expect(due.getTime() - from.getTime()).toBe(60_000); // a week in one minute
  });
});
