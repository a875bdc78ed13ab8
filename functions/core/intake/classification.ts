/**
 * First classification of a new case, by rule, with the reason recorded so a surveyor can see why a case was
 * (or was not) handled as a grievance. A coordinator confirms or changes it at triage.
 *
 * Rules: CMS State Operations Manual, Appendix A, guidance to 42 CFR 482.13(a)(2) (see
 * shared notes "regulations.md"): any written complaint, e-mail included, is a grievance; allegations of abuse
 * or neglect are always grievances and are handled at once.
 */
export type IntakeChannel = 'web' | 'email' | 'phone' | 'walk-in' | 'letter';
export type CaseKind = 'grievance' | 'complaint';
export type Priority = 'routine' | 'urgent' | 'expedited';

export interface Classification {
  kind: CaseKind;
  priority: Priority;
  /** Stable identifier of the rule that decided, for reports and tests. */
  ruleId: string;
  /** Why, in words a surveyor reads. */
  reason: string;
}

const WRITTEN_CHANNELS: ReadonlySet<IntakeChannel> = new Set(['web', 'email', 'letter']);

/** Any written complaint (web, email, letter) is a grievance: CMS SOM Appendix A, 42 CFR 482.13(a)(2). */
export function isWritten(channel: IntakeChannel): boolean {
  return WRITTEN_CHANNELS.has(channel);
}

/** The rule id of an allegation of abuse, neglect or a safety risk: always a grievance (482.13(c)(3)). */
export const SAFETY_RULE = 'cms-abuse-neglect-safety';

/**
 * Words that suggest an allegation of abuse, neglect or an immediate safety risk. A match makes the case
 * urgent; it never downgrades anything, and triage confirms it. Deliberately broad: a false positive costs a
 * coordinator a minute, a false negative can cost a patient.
 */
const SAFETY_ALLEGATION =
  /\b(abus\w*|neglect\w*|assault\w*|harass\w*|restrain\w*|seclu\w*|unsafe|danger\w*|injur\w*|hit me|hit him|hit her|bruis\w*|sexual\w*|threat\w*|self[- ]harm|suicid\w*)\b/i;

export interface ClassificationInput {
  channel: IntakeChannel;
  description: string;
  /** For verbal complaints: staff present resolved it there and then. */
  resolvedAtFirstContact?: boolean;
}

export function classify(input: ClassificationInput): Classification {
  if (SAFETY_ALLEGATION.test(input.description)) {
    return {
      kind: 'grievance',
      priority: 'urgent',
      ruleId: SAFETY_RULE,
      reason:
        'Possible allegation of abuse, neglect or a safety risk: always a grievance, handled at once ' +
        '(42 CFR 482.13(a)(2); 482.13(c)(3)).',
    };
  }
  if (WRITTEN_CHANNELS.has(input.channel)) {
    return {
      kind: 'grievance',
      priority: 'routine',
      ruleId: 'cms-written-complaint',
      reason: `Written complaint (${input.channel}): any written complaint is a grievance (CMS SOM Appendix A, 482.13(a)(2)).`,
    };
  }
  if (input.resolvedAtFirstContact) {
    return {
      kind: 'complaint',
      priority: 'routine',
      ruleId: 'cms-verbal-resolved-promptly',
      reason:
        'Verbal complaint resolved promptly by staff present: a complaint, not a grievance (CMS SOM Appendix A).',
    };
  }
  return {
    kind: 'grievance',
    priority: 'routine',
    ruleId: 'cms-verbal-not-resolved',
    reason:
      'Verbal complaint not resolved at the time (postponed, referred or needing investigation): a grievance ' +
      '(CMS SOM Appendix A, 482.13(a)(2)).',
  };
}
