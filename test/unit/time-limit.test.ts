/** The time limit for making a complaint, by policy (SI 2009/309 reg 12; 42 CFR 422.564(d)(1); none for CMS CoP). */
import { describe, expect, it } from 'vitest';
import { checkTimeLimit } from '../../functions/core/sla/time-limit';

const settings = { timeZone: 'America/New_York' };
const made = (slaPolicy: 'us-cms-hospital' | 'us-medicare-advantage' | 'uk-nhs', incidentDate?: string) => ({
  slaPolicy,
  timeZone: slaPolicy === 'uk-nhs' ? 'Europe/London' : 'America/New_York',
  receivedAt: '2026-11-02T14:00:00.000Z',
  complaint: { incidentDate } as never,
});

describe('the time limit for complaining', () => {
  it('is 12 months under the NHS regulations, with discretion to consider a late complaint', () => {
    expect(checkTimeLimit(made('uk-nhs', '2025-11-02'), settings)).toMatchObject({
      state: 'within',
      limitEnds: '2026-11-02',
      discretion: true,
    });
    const late = checkTimeLimit(made('uk-nhs', '2025-11-01'), settings);
    expect(late).toMatchObject({ state: 'late', limitEnds: '2026-11-01' });
    expect(late.state === 'late' && late.source).toMatch(/^SI 2009\/309 reg 12/);
  });

  it('is 60 days for a Medicare Advantage enrollee, without discretion', () => {
    expect(checkTimeLimit(made('us-medicare-advantage', '2026-09-03'), settings)).toMatchObject({
      state: 'within',
      limitEnds: '2026-11-02',
      discretion: false,
    });
    expect(checkTimeLimit(made('us-medicare-advantage', '2026-09-02'), settings)).toMatchObject({
      state: 'late',
    });
  });

  it('is none for a US hospital, and unknown without an incident date', () => {
    expect(checkTimeLimit(made('us-cms-hospital', '2020-01-01'), settings)).toEqual({ state: 'none' });
    expect(checkTimeLimit(made('uk-nhs'), settings)).toMatchObject({ state: 'unknown' });
  });
});
