/**
 * SLA policies as data. Each number cites the rule it comes from (shared notes "regulations.md"); a hospital
 * changes them here without touching the workflow. The SlaClock turns a policy into instants: durations in
 * hours, calendar days, working days or calendar months, counted in the organization's time zone on its
 * business calendar.
 */
import { DateTime } from 'luxon';
import type { TrackStep } from '../case/case';
import { type BusinessCalendar, CALENDARS, type CalendarId, WorkingTime } from './calendar';

export type DurationUnit = 'hours' | 'calendarDays' | 'workingDays' | 'calendarMonths';

export interface SlaDuration {
  amount: number;
  unit: DurationUnit;
  /** The rule or guidance the number comes from. */
  source: string;
}

export interface SlaPolicy {
  id: string;
  name: string;
  calendar: CalendarId;
  acknowledge: SlaDuration;
  /** Triage by a coordinator: an internal target. */
  triage: SlaDuration;
  /** The written response to a grievance. */
  respond: SlaDuration;
  /** The written response when the case is expedited. */
  respondExpedited: SlaDuration;
  /** Resolution of the case as a whole. */
  resolve: SlaDuration;
  /**
   * When the response is not sent by its deadline, the complainant is told automatically that the work
   * continues and when to expect the answer.
   */
  interimLetter?: { source: string };
  /** Extensions of the response deadline a representative may take, each with written reasons. */
  extension: { maxCount: number; maxDuration: SlaDuration };
  /** How long a case may wait for the complainant's information before the clock resumes on its own. */
  informationRequestLimit: SlaDuration;
  /** Reminders to the assignee, as fractions of the step's time (no reminder outside working hours). */
  reminderFractions: readonly number[];
  /** After a breach has been escalated to the manager, when it goes to the director if still open. */
  secondEscalationAfter: SlaDuration;
  /** When a satisfaction survey follows closure, if the coordinator asks for one. */
  surveyAfter: SlaDuration;
  /**
   * How long after the event a complaint may be made (time-limit.ts). Checked at triage and shown, never used to
   * refuse silently; `discretion`: the organization may still consider a late one.
   */
  timeLimit?: SlaDuration & { discretion: boolean };
  /**
   * The clocks of the other tracks' steps (review/tracks.ts), counted from the case's receipt where the rule says
   * so (a request for one's records, a concern) and otherwise from when the step opens.
   */
  tracks: Record<TrackStep, SlaDuration & { from: 'receipt' | 'step' }>;
  /** Extending an information request's deadline, with written reasons to the person. */
  requestExtension: { maxCount: number; maxDuration: SlaDuration };
  /** Where a complainant may take the case after the organization's answer (review/second-stage.ts). */
  secondStage: readonly { id: string; name: string; source: string }[];
}

const STATE_SURVEY_AGENCY = {
  id: 'state-survey-agency',
  name: 'The State survey agency',
  source: '42 CFR 482.13(a)(2): a patient may lodge a grievance with the State agency directly',
} as const;
const QIO = {
  id: 'qio',
  name: 'The Quality Improvement Organization (QIO)',
  source:
    '42 CFR 482.13(a)(2), CMS SOM tag A-0120 (hospitals); 42 CFR 422.564(b) (plans): quality of care and premature discharge',
} as const;

/** A hospital's own targets for the tracks that no regulation times (configurable, like every number here). */
function localTrackTargets(owner: string): Omit<SlaPolicy['tracks'], 'concern' | 'request'> {
  return {
    appointment: {
      amount: 3,
      unit: 'workingDays',
      from: 'step',
      source: `${owner}: the scheduling team answers an appointment problem within 3 working days`,
    },
    billing: {
      amount: 10,
      unit: 'workingDays',
      from: 'step',
      source: `${owner}: the billing office or payer answers within 10 working days`,
    },
    'property-search': {
      amount: 5,
      unit: 'workingDays',
      from: 'step',
      source: `${owner}: lost property searched for within 5 working days`,
    },
    'property-held': {
      amount: 90,
      unit: 'calendarDays',
      from: 'step',
      source: `${owner}: found property held 90 days for collection before disposal`,
    },
    'pass-on': {
      amount: 5,
      unit: 'workingDays',
      from: 'step',
      source: `${owner}: thanks and suggestions passed on within 5 working days`,
    },
  };
}

const HIPAA_ACCESS = {
  request: {
    amount: 30,
    unit: 'calendarDays',
    from: 'receipt',
    source: "45 CFR 164.524(b)(2): act on a request for access to one's records within 30 days of receipt",
  },
  extension: {
    maxCount: 1,
    maxDuration: {
      amount: 30,
      unit: 'calendarDays',
      source: '45 CFR 164.524(b)(2)(iii): one extension of up to 30 days, with written reasons and the date',
    },
  },
} as const;

const HOSPITAL_POLICY = 'Hospital policy (configurable)';

export const SLA_POLICIES = {
  'us-cms-hospital': {
    id: 'us-cms-hospital',
    name: 'US hospital (CMS Conditions of Participation)',
    calendar: 'us-federal',
    acknowledge: {
      amount: 0,
      unit: 'hours',
      source: '42 CFR 482.13(a)(2): acknowledge at once (hospital policy)',
    },
    triage: { amount: 1, unit: 'workingDays', source: `${HOSPITAL_POLICY}: triage within one working day` },
    respond: {
      amount: 7,
      unit: 'calendarDays',
      source: 'CMS SOM Appendix A, tag A-0123: about 7 days for the written response',
    },
    respondExpedited: {
      amount: 24,
      unit: 'hours',
      source: `${HOSPITAL_POLICY}: expedited cases within 24 hours`,
    },
    resolve: { amount: 30, unit: 'calendarDays', source: `${HOSPITAL_POLICY}: resolution within 30 days` },
    interimLetter: {
      source:
        'CMS SOM Appendix A, tag A-0123: if not resolved within 7 days, tell the patient the work continues and ' +
        'when the written response will follow',
    },
    extension: {
      maxCount: 2,
      maxDuration: {
        amount: 14,
        unit: 'calendarDays',
        source: `${HOSPITAL_POLICY}: up to 14 days per extension`,
      },
    },
    informationRequestLimit: {
      amount: 14,
      unit: 'calendarDays',
      source: `${HOSPITAL_POLICY}: wait up to 14 days for requested information`,
    },
    reminderFractions: [0.5, 0.75],
    secondEscalationAfter: {
      amount: 2,
      unit: 'workingDays',
      source: `${HOSPITAL_POLICY}: director after 2 working days`,
    },
    surveyAfter: {
      amount: 7,
      unit: 'calendarDays',
      source: `${HOSPITAL_POLICY}: survey one week after closure`,
    },
    tracks: {
      concern: {
        amount: 1,
        unit: 'workingDays',
        from: 'receipt',
        source:
          'CMS SOM Appendix A: a complaint resolved promptly by staff present is not a grievance; hospital policy: by the next working day',
      },
      request: HIPAA_ACCESS.request,
      ...localTrackTargets(HOSPITAL_POLICY),
    },
    requestExtension: HIPAA_ACCESS.extension,
    secondStage: [STATE_SURVEY_AGENCY, QIO],
  },
  'us-medicare-advantage': {
    id: 'us-medicare-advantage',
    name: 'US Medicare Advantage plan',
    calendar: 'us-federal',
    acknowledge: { amount: 0, unit: 'hours', source: 'Plan policy: acknowledge at once' },
    triage: { amount: 1, unit: 'workingDays', source: 'Plan policy: triage within one working day' },
    respond: { amount: 30, unit: 'calendarDays', source: '42 CFR 422.564(e)(1): decide within 30 days' },
    respondExpedited: {
      amount: 24,
      unit: 'hours',
      source: '42 CFR 422.564(f): expedited grievances within 24 hours',
    },
    resolve: { amount: 30, unit: 'calendarDays', source: '42 CFR 422.564(e)(1): decide within 30 days' },
    extension: {
      maxCount: 1,
      maxDuration: {
        amount: 14,
        unit: 'calendarDays',
        source: '42 CFR 422.564(e)(2): one extension of up to 14 days, with written notice of the reasons',
      },
    },
    informationRequestLimit: { amount: 14, unit: 'calendarDays', source: 'Plan policy' },
    reminderFractions: [0.5, 0.75],
    secondEscalationAfter: { amount: 2, unit: 'workingDays', source: 'Plan policy' },
    surveyAfter: { amount: 7, unit: 'calendarDays', source: 'Plan policy' },
    tracks: {
      concern: {
        amount: 1,
        unit: 'workingDays',
        from: 'receipt',
        source: 'Plan policy: a concern resolved by the next working day, or handled as a grievance',
      },
      request: HIPAA_ACCESS.request,
      ...localTrackTargets('Plan policy'),
    },
    requestExtension: HIPAA_ACCESS.extension,
    secondStage: [
      QIO,
      {
        id: 'independent-review-entity',
        name: 'Medicare Advantage independent review',
        source: '42 CFR 422.592: reconsideration by the independent review entity',
      },
    ],
    timeLimit: {
      amount: 60,
      unit: 'calendarDays',
      source: '42 CFR 422.564(d)(1): an enrollee may file a grievance within 60 days of the event',
      discretion: false,
    },
  },
  'uk-nhs': {
    id: 'uk-nhs',
    name: 'NHS England (Local Authority Social Services and NHS Complaints Regulations 2009)',
    calendar: 'england',
    acknowledge: {
      amount: 3,
      unit: 'workingDays',
      source: 'SI 2009/309 reg 13(2): acknowledge within 3 working days',
    },
    triage: { amount: 1, unit: 'workingDays', source: 'Trust policy: triage within one working day' },
    respond: {
      amount: 6,
      unit: 'calendarMonths',
      source: 'SI 2009/309 reg 14(2): respond within the agreed period, and explain any delay at 6 months',
    },
    respondExpedited: {
      amount: 10,
      unit: 'workingDays',
      source: 'Trust policy: urgent complaints within 10 working days',
    },
    resolve: { amount: 6, unit: 'calendarMonths', source: 'SI 2009/309 reg 14(2)' },
    interimLetter: { source: 'SI 2009/309 reg 14(2)(b): a delay letter when no response within 6 months' },
    extension: {
      maxCount: 3,
      maxDuration: {
        amount: 1,
        unit: 'calendarMonths',
        source: 'SI 2009/309 reg 14(2): a longer period agreed with the complainant',
      },
    },
    informationRequestLimit: { amount: 20, unit: 'workingDays', source: 'Trust policy' },
    reminderFractions: [0.5, 0.75],
    secondEscalationAfter: { amount: 2, unit: 'workingDays', source: 'Trust policy' },
    surveyAfter: { amount: 14, unit: 'calendarDays', source: 'Trust policy' },
    tracks: {
      concern: {
        amount: 1,
        unit: 'workingDays',
        from: 'receipt',
        source:
          "SI 2009/309 reg 8(1)(b): an oral complaint resolved to the complainant's satisfaction by the next working day is outside the complaints procedure (PALS)",
      },
      request: {
        amount: 1,
        unit: 'calendarMonths',
        from: 'receipt',
        source: 'UK GDPR Art. 12(3): answer a subject access request within one month of receipt',
      },
      ...localTrackTargets('Trust policy'),
    },
    requestExtension: {
      maxCount: 1,
      maxDuration: {
        amount: 2,
        unit: 'calendarMonths',
        source:
          'UK GDPR Art. 12(3): extendable by two further months where necessary, telling the person why',
      },
    },
    secondStage: [
      {
        id: 'phso',
        name: 'The Parliamentary and Health Service Ombudsman',
        source:
          'SI 2009/309 reg 14(1)(d): the right to go to the Health Service Commissioner; reg 18(1)(c) counts the complaints referred',
      },
    ],
    timeLimit: {
      amount: 12,
      unit: 'calendarMonths',
      source:
        'SI 2009/309 reg 12: within 12 months of the event, or of the complainant knowing of it; a later complaint is still considered where there was good reason and a fair investigation is possible',
      discretion: true,
    },
  },
} as const satisfies Record<string, SlaPolicy>;

export type SlaPolicyId = keyof typeof SLA_POLICIES;

export interface Deadline {
  dueAt: string;
  source: string;
}

export type CaseDeadlines = Record<'acknowledge' | 'triage' | 'respond' | 'resolve', Deadline>;

/**
 * SLA time for one case. With `timeScale` 1 it is plain calendar arithmetic. With `timeScale` N > 1 (local
 * demonstrations only) the case lives in a virtual time that runs N times faster from `origin`: durations,
 * working hours and holidays are applied in virtual time and mapped back, so a week of clocks passes in minutes
 * and still skips nights and weekends.
 */
export class SlaClock {
  readonly workingTime: WorkingTime;

  constructor(
    readonly origin: Date,
    readonly timeZone: string,
    calendar: BusinessCalendar,
    readonly timeScale = 1,
  ) {
    this.workingTime = new WorkingTime(calendar, timeZone);
  }

  static forPolicy(policy: SlaPolicy, origin: Date, timeZone: string, timeScale = 1): SlaClock {
    return new SlaClock(origin, timeZone, CALENDARS[policy.calendar], timeScale);
  }

  toVirtual(real: Date): Date {
    return new Date(this.origin.getTime() + (real.getTime() - this.origin.getTime()) * this.timeScale);
  }

  toReal(virtual: Date): Date {
    return new Date(this.origin.getTime() + (virtual.getTime() - this.origin.getTime()) / this.timeScale);
  }

  /** `from` plus an SLA duration, in the organization's zone, so 7 days keep their wall-clock time across DST. */
  add(from: Date, duration: Pick<SlaDuration, 'amount' | 'unit'>): Date {
    const start = this.toVirtual(from);
    const local = DateTime.fromJSDate(start, { zone: this.timeZone });
    let end: Date;
    switch (duration.unit) {
      case 'hours':
        end = local.plus({ hours: duration.amount }).toJSDate();
        break;
      case 'calendarDays':
        end = local.plus({ days: duration.amount }).toJSDate();
        break;
      case 'calendarMonths':
        end = local.plus({ months: duration.amount }).toJSDate();
        break;
      case 'workingDays':
        end = this.workingTime.addWorkingDays(start, duration.amount);
        break;
    }
    return this.toReal(end);
  }

  /** The first moment at or after `at` that falls in working hours. */
  nextWorkingTime(at: Date): Date {
    return this.toReal(this.workingTime.nextWorkingTime(this.toVirtual(at)));
  }
}

export function computeDeadlines(
  policy: SlaPolicy,
  receivedAt: Date,
  timeZone: string,
  options: { timeScale?: number; expedited?: boolean } = {},
): CaseDeadlines {
  const clock = SlaClock.forPolicy(policy, receivedAt, timeZone, options.timeScale ?? 1);
  const deadline = (duration: SlaDuration): Deadline => ({
    dueAt: clock.add(receivedAt, duration).toISOString(),
    source: duration.source,
  });
  return {
    acknowledge: deadline(policy.acknowledge),
    triage: deadline(policy.triage),
    respond: deadline(options.expedited ? policy.respondExpedited : policy.respond),
    resolve: deadline(policy.resolve),
  };
}
