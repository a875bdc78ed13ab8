/**
 * The kinds of outbound text staff can edit, as data: for each, who reads it, every placeholder it offers with what
 * it holds, the ones it cannot do without, and an invented sample for previews and checks. Staff notices offer no
 * placeholder that could carry the complaint or a person's details. The templates themselves, their checks and
 * their store: templates.ts.
 */
export interface TemplateText {
  subject: string;
  body: string;
}

export interface KindRules {
  label: string;
  audience: 'complainant' | 'department' | 'staff';
  /** Every name the template may use, with what it holds. */
  placeholders: Record<string, string>;
  /** Names the template must use (in the subject or the body). */
  required: string[];
  /** Values for the preview and the checks: invented, never a real case. */
  sample: Record<string, unknown>;
}

const COMPLAINANT = {
  complainantName: "The complainant's name",
  reference: "The case's reference",
  organizationName: "The hospital's name",
  organizationPhone: "The patient relations team's phone number",
};
const COMPLAINANT_SAMPLE = {
  complainantName: 'Alex Example',
  reference: 'PR-2026-000123',
  organizationName: 'Example General Hospital',
  organizationPhone: '+1 555 010 0100',
};
const STAFF = {
  reference: "The case's reference",
  step: 'The step, as the console names it (Investigation ...)',
  stepLowerCase: 'The step in lower case, for inside a sentence',
  dueAt: 'When the step is or was due, with the time zone',
  consoleLink: 'The link to the case in the console',
};
const STAFF_SAMPLE = {
  reference: 'PR-2026-000123',
  step: 'Investigation',
  stepLowerCase: 'investigation',
  dueAt: 'Monday 7 December 2026 at 17:00 EST',
  consoleLink: 'https://liaison.example.org/console/cases/01KEXAMPLE',
};
const RESPONSE_DRAFT = {
  ...COMPLAINANT,
  isGrievance: 'Set when the case is a grievance (else a concern)',
  stepsTaken: 'The steps taken to investigate, as the investigation recorded them',
  findings: 'The results, as the investigation recorded them',
  actions: 'The action taken or proposed (a line for the writer to fill in)',
  contactName: 'The contact person: the representative drafting',
  contactHow: 'How to reach them: their phone, else their email',
  completionDate: 'The date the review was completed',
};

const TRACK_NOTICE = {
  ...COMPLAINANT,
  department: 'The department or team the case went to',
  dueBy: 'The date the person will hear by, when there is one',
};
const TRACK_NOTICE_SAMPLE = {
  ...COMPLAINANT_SAMPLE,
  department: 'Health Information Management',
  dueBy: 'Monday 4 January 2027',
};

/** The letters of the tracks other than the formal review (letters/track-letters.ts): a kind per situation. */
function trackKinds() {
  const notice = (label: string) => ({
    label,
    audience: 'complainant' as const,
    placeholders: TRACK_NOTICE,
    required: ['reference'],
    sample: TRACK_NOTICE_SAMPLE,
  });
  const closing = (
    label: string,
    extra: Record<string, string>,
    sample: Record<string, unknown>,
    required: string[],
  ) => ({
    label,
    audience: 'complainant' as const,
    placeholders: { ...COMPLAINANT, ...extra },
    required,
    sample: { ...COMPLAINANT_SAMPLE, ...sample },
  });
  return {
    'track-notice-request': notice('Track notice: a request for information'),
    'track-notice-appointment': notice('Track notice: an appointment problem'),
    'track-notice-billing': notice('Track notice: a billing question'),
    'track-notice-property': notice('Track notice: lost property'),
    'track-notice-thanks': notice('Track notice: a compliment'),
    'track-notice-suggestion': notice('Track notice: a suggestion'),
    'property-found': closing(
      'Lost property found',
      { heldAt: 'Where it can be collected', heldUntil: 'The date it is kept until, when there is one' },
      { heldAt: 'the main reception', heldUntil: 'Monday 4 January 2027' },
      ['heldAt'],
    ),
    'property-not-found': closing('Lost property not found', {}, {}, ['reference']),
    'passed-on-thanks': closing(
      'A compliment passed on',
      { passedTo: 'Whom it was passed to' },
      { passedTo: 'the nurses of ward 4' },
      ['reference'],
    ),
    'passed-on-suggestion': closing(
      'A suggestion passed on',
      { passedTo: 'Whom it was passed to' },
      { passedTo: 'the outpatients team' },
      ['reference'],
    ),
    'track-answer': closing(
      "A track's answer in staff's words",
      {
        trackSubject: 'What the case was about (Your request for information ...)',
        answer: 'What staff wrote to the person, in their words',
      },
      { trackSubject: 'Your request for information', answer: 'Your records are ready to collect.' },
      ['answer'],
    ),
  };
}

export const TEMPLATE_KINDS = {
  acknowledgement: {
    label: 'Acknowledgement',
    audience: 'complainant',
    placeholders: {
      ...COMPLAINANT,
      inboundAddress: 'The address complaints are emailed to',
      isGrievance: 'Set when the case arrived as a grievance',
      respondBy: 'The date the response is due, when there is one',
      byPost: 'Set when the letter is posted (it then carries no private link)',
      statusLink: 'The private link to the status page (emails only)',
      medicareAdvantage: "Set when the case follows a Medicare Advantage plan's rules",
    },
    required: ['reference', 'statusLink'],
    sample: {
      ...COMPLAINANT_SAMPLE,
      inboundAddress: 'complaints@liaison.example.org',
      isGrievance: true,
      respondBy: 'Monday 7 December 2026',
      byPost: false,
      statusLink: 'https://liaison.example.org/status.html#example',
      medicareAdvantage: false,
    },
  },
  'interim-letter': {
    label: 'Interim letter (the response will be late)',
    audience: 'complainant',
    placeholders: { ...COMPLAINANT, expectedBy: 'The date the response is now expected' },
    required: ['reference', 'expectedBy'],
    sample: { ...COMPLAINANT_SAMPLE, expectedBy: 'Monday 14 December 2026' },
  },
  'extension-notice': {
    label: 'Extension (more time, and why)',
    audience: 'complainant',
    placeholders: {
      ...COMPLAINANT,
      isRequest: 'Set when the case is a request for information (else a complaint)',
      reason: 'The reason, as staff gave it',
      newDueBy: 'The new date the answer is due',
    },
    required: ['reason', 'newDueBy'],
    sample: {
      ...COMPLAINANT_SAMPLE,
      isRequest: false,
      reason: 'We are waiting for a statement from the ward.',
      newDueBy: 'Monday 21 December 2026',
    },
  },
  'information-request': {
    label: 'Request for more information',
    audience: 'complainant',
    placeholders: { ...COMPLAINANT, message: 'What the representative asks, in their words' },
    required: ['message'],
    sample: { ...COMPLAINANT_SAMPLE, message: 'Which ward were you on, and on which night?' },
  },
  response: {
    label: 'Written response (the email carrying the approved letter)',
    audience: 'complainant',
    placeholders: { ...COMPLAINANT, letter: 'The approved response letter, in full' },
    required: ['letter'],
    sample: { ...COMPLAINANT_SAMPLE, letter: '[The approved response letter]' },
  },
  'response-draft': {
    label: 'Response letter: the first draft',
    audience: 'complainant',
    placeholders: RESPONSE_DRAFT,
    required: ['stepsTaken', 'findings', 'contactName', 'completionDate'],
    sample: {
      ...COMPLAINANT_SAMPLE,
      isGrievance: true,
      stepsTaken: 'We read the ward log and spoke to the nurses on duty that night.',
      findings: 'The call bell was not answered for forty minutes because the ward was short of staff.',
      actions: 'We have added a nurse to the night rota on the ward and will review it in three months.',
      contactName: 'Riley Rep',
      contactHow: '+1 555 010 0101',
      completionDate: '5 December 2026',
    },
  },
  survey: {
    label: 'Satisfaction survey',
    audience: 'complainant',
    placeholders: {
      ...COMPLAINANT,
      surveyLink: 'The private link to the survey (emails only; none by post)',
    },
    required: ['reference'],
    sample: { ...COMPLAINANT_SAMPLE, surveyLink: 'https://liaison.example.org/status.html#survey' },
  },
  'referral-request': {
    label: 'Question to a department or clinician (referral)',
    audience: 'department',
    placeholders: {
      reference: "The case's reference",
      organizationName: "The hospital's name",
      recipientName: 'Who is asked, when their name was given',
      askedBy: 'Who asks: the member of staff',
      question: 'The question, in their words',
      dueBy: 'The date the answer is due',
    },
    required: ['reference', 'question', 'dueBy'],
    sample: {
      reference: 'PR-2026-000123',
      organizationName: 'Example General Hospital',
      recipientName: 'Dr Jordan Lee',
      askedBy: 'Riley Rep',
      question: 'Please send a statement about the night of 1 November on ward 7B.',
      dueBy: 'Friday 4 December 2026',
    },
  },
  ...trackKinds(),
  'referral-reminder': {
    label: 'Reminder to a department (its answer is due)',
    audience: 'department',
    placeholders: {
      reference: "The case's reference",
      organizationName: "The hospital's name",
      recipientName: 'Who was asked, when their name was given',
      askedBy: 'Who asked: the member of staff',
      dueBy: 'The date the answer is due',
    },
    required: ['reference', 'dueBy'],
    sample: {
      reference: 'PR-2026-000123',
      organizationName: 'Example General Hospital',
      recipientName: 'Dr Jordan Lee',
      askedBy: 'Riley Rep',
      dueBy: 'Friday 4 December 2026',
    },
  },
  'referral-overdue': {
    label: 'Escalation to staff (a department has not answered)',
    audience: 'staff',
    placeholders: {
      reference: "The case's reference",
      askedBy: 'Who asked: the member of staff',
      askedWhom: 'Who was asked: their name, else their address',
      dueBy: 'The date the answer was due',
      consoleLink: 'The link to the case in the console',
    },
    required: ['reference', 'consoleLink'],
    sample: {
      reference: 'PR-2026-000123',
      askedBy: 'Riley Rep',
      askedWhom: 'Dr Jordan Lee',
      dueBy: 'Friday 4 December 2026',
      consoleLink: 'https://liaison.example.org/console/cases/01KEXAMPLE',
    },
  },
  'staff-reminder': {
    label: 'Reminder to staff (a step is due)',
    audience: 'staff',
    placeholders: STAFF,
    required: ['reference', 'consoleLink'],
    sample: STAFF_SAMPLE,
  },
  'staff-escalation': {
    label: 'Escalation (a step is overdue)',
    audience: 'staff',
    placeholders: STAFF,
    required: ['reference', 'consoleLink'],
    sample: STAFF_SAMPLE,
  },
  'staff-second-escalation': {
    label: 'Second escalation (a step is still overdue)',
    audience: 'staff',
    placeholders: STAFF,
    required: ['reference', 'consoleLink'],
    sample: STAFF_SAMPLE,
  },
} as const satisfies Record<string, KindRules>;

export type TemplateKind = keyof typeof TEMPLATE_KINDS;
export const TEMPLATE_KIND_NAMES = Object.keys(TEMPLATE_KINDS) as TemplateKind[];
