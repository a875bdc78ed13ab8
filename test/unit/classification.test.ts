import { describe, expect, it } from 'vitest';
import { classify } from '../../functions/core/intake/classification';

describe('classify: complaint or grievance (CMS SOM Appendix A, 42 CFR 482.13(a)(2))', () => {
  it.each(['web', 'email', 'letter'] as const)(
    'treats a written (%s) complaint as a grievance',
    (channel) => {
      const result = classify({ channel, description: 'The food was cold.' });
      expect(result).toMatchObject({
        kind: 'grievance',
        priority: 'routine',
        ruleId: 'cms-written-complaint',
      });
      expect(result.reason).toContain('482.13(a)(2)');
    },
  );

  it('treats a verbal complaint resolved on the spot as a complaint', () => {
    expect(
      classify({ channel: 'phone', description: 'Parking was full.', resolvedAtFirstContact: true }),
    ).toMatchObject({ kind: 'complaint', ruleId: 'cms-verbal-resolved-promptly' });
  });

  it('treats a verbal complaint that needs follow-up as a grievance', () => {
    expect(classify({ channel: 'walk-in', description: 'Nobody called me back.' })).toMatchObject({
      kind: 'grievance',
      ruleId: 'cms-verbal-not-resolved',
    });
  });

  it.each([
    'My father was left with bruises after the night shift',
    'I believe my mother is being neglected',
    'He was restrained without explanation',
    'The staff member threatened her',
  ])('makes an abuse, neglect or safety allegation an urgent grievance, whatever the channel: %s', (text) => {
    for (const channel of ['phone', 'web'] as const) {
      expect(classify({ channel, description: text, resolvedAtFirstContact: true })).toMatchObject({
        kind: 'grievance',
        priority: 'urgent',
        ruleId: 'cms-abuse-neglect-safety',
      });
    }
  });

  it('leaves a complaint without any such allegation routine', () => {
    expect(classify({ channel: 'web', description: 'Billing sent me the wrong invoice.' }).priority).toBe(
      'routine',
    );
  });
});
