import { describe, expect, it } from 'vitest';
import type { CaseRecord, HumanTask } from '../../functions/core/case/case';
import { classify } from '../../functions/core/intake/classification';
import { CALENDARS } from '../../functions/core/sla/calendar';
import {
  clockEvents,
  MAX_WAIT_SECONDS,
  planNext,
  settledBy,
  stepDue,
} from '../../functions/core/sla/clock-events';
import { computeDeadlines, SLA_POLICIES, SlaClock } from '../../functions/core/sla/sla-policies';
import { selfComplaint } from '../support/fixtures';

const policy = SLA_POLICIES['us-cms-hospital'];
const NY = 'America/New_York';
// Monday 2 November 2026, 09:00 EST.
const receivedAt = new Date('2026-11-02T14:00:00Z');
const clock = new SlaClock(receivedAt, NY, CALENDARS['us-federal']);

function aCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseId: '01KCLOCK000000000000000000',
    reference: 'PR-2026-000001',
    receivedAt: receivedAt.toISOString(),
    channel: 'web',
    stage: 'investigation',
    complaint: selfComplaint(),
    classification: classify({ channel: 'web', description: 'cold food' }),
    slaPolicy: 'us-cms-hospital',
    deadlines: computeDeadlines(policy, receivedAt, NY),
    workflow: { executionName: 'case-x' },
    version: 1,
    ...overrides,
  };
}

function aTask(
  record: CaseRecord,
  step: HumanTask['step'],
  openedAt: Date,
): Pick<HumanTask, 'step' | 'openedAt' | 'dueAt'> {
  return {
    step,
    openedAt: openedAt.toISOString(),
    dueAt: stepDue(record, step, openedAt, policy, clock)?.dueAt,
  };
}

describe('clock events of a step', () => {
  it('reminds at 50% and 75%, escalates at breach and to the director 2 working days later, in working hours', () => {
    const record = aCase();
    const events = clockEvents(record, aTask(record, 'investigation', receivedAt), policy, clock);
    const byId = Object.fromEntries(events.map((event) => [event.id, event.at.toISOString()]));
    // Due Monday 9 November 09:00 EST; 50% is Thursday 5 Nov 21:00 -> Friday 08:00; 75% Sat 7 Nov 15:00 -> Mon 08:00.
    expect(byId).toEqual({
      'reminder-50': '2026-11-06T13:00:00.000Z',
      'reminder-75': '2026-11-09T13:00:00.000Z',
      escalation: '2026-11-09T14:00:00.000Z',
      'interim-letter': '2026-11-09T14:00:00.000Z',
      // Wednesday 11 November is Veterans Day: two working days after Monday 9 are Tuesday 10 and Thursday 12.
      'second-escalation': '2026-11-12T14:00:00.000Z',
    });
  });

  it('escalates an urgent case at breach even outside working hours', () => {
    const record = aCase({
      classification: classify({ channel: 'web', description: 'She was hit me and bruised' }),
    });
    const saturdayNight = new Date('2026-11-07T04:00:00Z');
    const events = clockEvents(
      record,
      { step: 'triage', openedAt: receivedAt.toISOString(), dueAt: saturdayNight.toISOString() },
      policy,
      clock,
    );
    expect(events.find((event) => event.id === 'escalation')?.at).toEqual(saturdayNight);
  });

  it('has only the information limit while waiting for the complainant (the SLA clock is paused)', () => {
    const record = aCase();
    const events = clockEvents(record, aTask(record, 'awaiting-complainant', receivedAt), policy, clock);
    expect(events.map((event) => event.id)).toEqual(['information-limit']);
    expect(events[0]?.at.toISOString()).toBe('2026-11-16T14:00:00.000Z'); // 14 days
  });

  it('sends no interim letter once the response has gone, or under a policy without one', () => {
    const sent = aCase({
      response: { sentAt: '2026-11-05T00:00:00Z', channel: 'email', correspondenceId: 'c' },
    });
    expect(
      clockEvents(sent, aTask(sent, 'closure', receivedAt), policy, clock).map((e) => e.id),
    ).not.toContain('interim-letter');
    const ma = aCase({ slaPolicy: 'us-medicare-advantage' });
    const maEvents = clockEvents(
      ma,
      aTask(ma, 'investigation', receivedAt),
      SLA_POLICIES['us-medicare-advantage'],
      clock,
    );
    expect(maEvents.map((e) => e.id)).not.toContain('interim-letter');
  });
});

describe('planNext', () => {
  const record = aCase();
  const events = clockEvents(record, aTask(record, 'investigation', receivedAt), policy, clock);

  it('waits until the earliest event not yet fired', () => {
    expect(planNext(events, new Set(), receivedAt)).toEqual({
      event: 'reminder-50',
      waitSeconds: (Date.parse('2026-11-06T13:00:00Z') - receivedAt.getTime()) / 1000,
      dueAt: '2026-11-06T13:00:00.000Z',
    });
    expect(planNext(events, new Set(['reminder-50']), receivedAt).event).toBe('reminder-75');
  });

  it('fires only the most severe of several overdue events', () => {
    const late = new Date('2026-11-10T15:00:00Z');
    const plan = planNext(events, new Set(['interim-letter']), late);
    expect(plan).toMatchObject({ event: 'escalation', waitSeconds: 1 });
    const escalation = events.find((event) => event.id === 'escalation');
    expect(settledBy(events, escalation as (typeof events)[number]).sort()).toEqual(
      ['escalation', 'reminder-50', 'reminder-75'].sort(),
    );
  });

  it('re-arms without an event when the next one is beyond the longest single wait', () => {
    const far = [
      {
        id: 'escalation',
        kind: 'escalation' as const,
        at: new Date(receivedAt.getTime() + 90 * 86_400_000),
        severity: 3,
      },
    ];
    expect(planNext(far, new Set(), receivedAt)).toEqual({ event: 'none', waitSeconds: MAX_WAIT_SECONDS });
  });

  it('waits the longest single wait when nothing is left to fire', () => {
    expect(planNext(events, new Set(events.map((event) => event.id)), receivedAt)).toEqual({
      event: 'none',
      waitSeconds: MAX_WAIT_SECONDS,
    });
  });
});
