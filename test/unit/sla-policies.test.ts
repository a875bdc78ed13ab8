import { describe, expect, it } from 'vitest';
import { CALENDARS } from '../../functions/core/sla/calendar';
import { computeDeadlines, SLA_POLICIES, SlaClock } from '../../functions/core/sla/sla-policies';

const NEW_YORK = 'America/New_York';
const usClock = (origin: Date, scale = 1) => new SlaClock(origin, NEW_YORK, CALENDARS['us-federal'], scale);

describe('SLA policies: each number and its rule', () => {
  it('CMS hospital: response target 7 calendar days (tag A-0123), resolution 30, triage 1 working day', () => {
    // Monday 2 November 2026, 10:30 in New York.
    const receivedAt = new Date('2026-11-02T15:30:00Z');
    const deadlines = computeDeadlines(SLA_POLICIES['us-cms-hospital'], receivedAt, NEW_YORK);
    expect(deadlines.respond).toEqual({
      dueAt: '2026-11-09T15:30:00.000Z',
      source: 'CMS SOM Appendix A, tag A-0123: about 7 days for the written response',
    });
    expect(deadlines.acknowledge.dueAt).toBe(receivedAt.toISOString());
    expect(deadlines.triage.dueAt).toBe('2026-11-03T15:30:00.000Z');
    expect(deadlines.resolve.dueAt).toBe('2026-12-02T15:30:00.000Z');
    expect(SLA_POLICIES['us-cms-hospital'].interimLetter.source).toContain('A-0123');
  });

  it('Medicare Advantage: 30 days, one extension of up to 14 days, expedited within 24 hours (42 CFR 422.564)', () => {
    const policy = SLA_POLICIES['us-medicare-advantage'];
    const receivedAt = new Date('2026-01-10T12:00:00Z');
    expect(computeDeadlines(policy, receivedAt, NEW_YORK).respond.dueAt).toBe('2026-02-09T12:00:00.000Z');
    const expedited = computeDeadlines(policy, receivedAt, NEW_YORK, { expedited: true }).respond;
    expect(expedited).toEqual({
      dueAt: '2026-01-11T12:00:00.000Z',
      source: expect.stringContaining('422.564(f)'),
    });
    expect(policy.extension).toMatchObject({
      maxCount: 1,
      maxDuration: { amount: 14, unit: 'calendarDays' },
    });
    expect('interimLetter' in policy).toBe(false);
  });

  it('NHS England: acknowledge within 3 working days, skipping the Easter bank holidays (SI 2009/309 reg 13)', () => {
    // Thursday 2 April 2026, 15:00 in London; Good Friday 3 April and Easter Monday 6 April are bank holidays.
    const receivedAt = new Date('2026-04-02T14:00:00Z');
    const deadlines = computeDeadlines(SLA_POLICIES['uk-nhs'], receivedAt, 'Europe/London');
    expect(deadlines.acknowledge.dueAt).toBe('2026-04-09T14:00:00.000Z'); // Tue 7, Wed 8, Thu 9
    expect(deadlines.respond.dueAt).toBe('2026-10-02T14:00:00.000Z'); // 6 months, BST both ends
    expect(deadlines.respond.source).toContain('6 months');
  });

  it('every number in every policy cites where it comes from', () => {
    for (const policy of Object.values(SLA_POLICIES)) {
      const durations = [
        policy.acknowledge,
        policy.triage,
        policy.respond,
        policy.respondExpedited,
        policy.resolve,
        policy.extension.maxDuration,
        policy.informationRequestLimit,
        policy.secondEscalationAfter,
        policy.surveyAfter,
      ];
      for (const duration of durations) expect(duration.source.length, policy.id).toBeGreaterThan(10);
    }
  });
});

describe('SlaClock: calendar arithmetic in the organization time zone', () => {
  it('keeps the wall-clock time across the autumn daylight-saving change', () => {
    // 09:00 EDT on Friday 30 October 2026; clocks go back on Sunday 1 November.
    const from = new Date('2026-10-30T13:00:00Z');
    expect(usClock(from).add(from, { amount: 7, unit: 'calendarDays' }).toISOString()).toBe(
      '2026-11-06T14:00:00.000Z',
    );
  });

  it('counts hours as elapsed time across the change', () => {
    const from = new Date('2026-11-01T04:00:00Z');
    expect(usClock(from).add(from, { amount: 24, unit: 'hours' }).toISOString()).toBe(
      '2026-11-02T04:00:00.000Z',
    );
  });

  it('ends a month counted from 31 January on the last day of February, and from 31 March on 30 April', () => {
    const london = (iso: string) => new SlaClock(new Date(iso), 'Europe/London', CALENDARS.england);
    const jan31 = new Date('2026-01-31T17:00:00Z');
    expect(london(jan31.toISOString()).add(jan31, { amount: 1, unit: 'calendarMonths' }).toISOString()).toBe(
      '2026-02-28T17:00:00.000Z',
    );
    const mar31 = new Date('2026-03-31T09:00:00Z'); // 10:00 BST
    expect(london(mar31.toISOString()).add(mar31, { amount: 1, unit: 'calendarMonths' }).toISOString()).toBe(
      '2026-04-30T09:00:00.000Z',
    );
  });

  it('skips weekends and federal holidays when counting working days (Thanksgiving 2026)', () => {
    // Wednesday 25 November 2026, 10:00 EST: Thursday 26 is Thanksgiving, then Friday 27, Monday 30.
    const from = new Date('2026-11-25T15:00:00Z');
    expect(usClock(from).add(from, { amount: 2, unit: 'workingDays' }).toISOString()).toBe(
      '2026-11-30T15:00:00.000Z',
    );
  });

  it('moves a moment outside working hours to the next opening', () => {
    const saturday = new Date('2026-11-28T15:00:00Z');
    expect(usClock(saturday).nextWorkingTime(saturday).toISOString()).toBe('2026-11-30T13:00:00.000Z'); // Mon 08:00
    const tuesdayNight = new Date('2026-11-24T23:30:00Z'); // 18:30 EST
    expect(usClock(tuesdayNight).nextWorkingTime(tuesdayNight).toISOString()).toBe(
      '2026-11-25T13:00:00.000Z',
    );
    const wednesdayEarly = new Date('2026-11-25T11:00:00Z'); // 06:00 EST
    expect(usClock(wednesdayEarly).nextWorkingTime(wednesdayEarly).toISOString()).toBe(
      '2026-11-25T13:00:00.000Z',
    );
    const inHours = new Date('2026-11-25T16:00:00Z');
    expect(usClock(inHours).nextWorkingTime(inHours)).toEqual(inHours);
  });

  it('runs SLA_TIME_SCALE times faster in virtual time, still skipping nights', () => {
    const origin = new Date('2026-11-02T15:00:00Z'); // Monday 10:00 EST
    const clock = usClock(origin, 10_080);
    const week = clock.add(origin, { amount: 7, unit: 'calendarDays' });
    expect(week.getTime() - origin.getTime()).toBe(60_000); // a week in one minute
    // 10 virtual hours later it is 20:00: the next working moment is 08:00 the next day, 22 virtual hours in.
    const evening = new Date(origin.getTime() + (10 * 3_600_000) / 10_080);
    expect(clock.nextWorkingTime(evening).getTime() - origin.getTime()).toBe(
      Math.round((22 * 3_600_000) / 10_080),
    );
  });
});
