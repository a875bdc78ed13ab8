/**
 * Outbound texts as templates staff can edit (issue 15 §2): the complainant's letters (acknowledgement, interim
 * letter, extension, information request, the response and its first draft, the survey), the question to a
 * department (referral) and its reminder, and the staff reminders and escalations (steps and referrals). Each is a versioned template per SLA policy and
 * per facility, kept by a manager in the console with a preview; Liaison ships a US and an NHS wording
 * (template-wording.ts). A case's text comes from its facility's template if there is one, else its policy's, else
 * the shipped wording for its policy.
 *
 * Placeholders are checked when a template is saved: every name must be one the kind offers (a typo would print
 * nothing), the ones a kind cannot do without must be there (a reference, the private link, the approved letter
 * ...), and a response draft must still lay out every element its rules require (the four CMS elements of
 * 42 CFR 482.13(a)(2)(iii), tag A-0123, or SI 2009/309 reg 14): one that would lose one is refused.
 * Staff notices offer no placeholder that could carry the complaint or a person's details.
 */
import Mustache from 'mustache';
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import type { CaseRecord } from '../case/case';
import type { Deps } from '../dependencies';
import { ConflictError, RuleViolationError } from '../errors';
import { readLists } from '../hospital/hospital-lists';
import type { FieldError } from '../intake/complaint';
import type { DocumentChange } from '../ports';
import { SLA_POLICIES, type SlaPolicyId } from '../sla/sla-policies';
import { checkCmsElements, checkNhsElements } from './response-letter';
import { SHIPPED_WORDING } from './template-wording';

export interface TemplateText {
  subject: string;
  body: string;
}

interface KindRules {
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

/** Where an edited template applies: every case of an SLA policy, or of one facility. */
export type TemplateScope = `policy:${SlaPolicyId}` | `facility:${string}`;

export interface StoredTemplate extends TemplateText {
  by: string;
  at: string;
}

export interface Templates {
  version: number;
  /** Edited templates by scope and kind; what is not here is the shipped wording. */
  overrides: Record<string, Partial<Record<TemplateKind, StoredTemplate>>>;
}

export const TEMPLATES_DOCUMENT = 'templates';

/** The wording Liaison ships for the cases of a policy. */
export function shippedTemplate(slaPolicy: SlaPolicyId, kind: TemplateKind): TemplateText {
  return SHIPPED_WORDING[slaPolicy === 'uk-nhs' ? 'nhs' : 'us'][kind];
}

/** Plain text out: letters and emails are text, so nothing is HTML-escaped. */
const PLAIN = { escape: (value: unknown) => String(value) };

export function renderTemplate(template: TemplateText, view: Record<string, unknown>): TemplateText {
  return {
    subject: Mustache.render(template.subject, view, undefined, PLAIN).replace(/\s+/g, ' ').trim(),
    body: Mustache.render(template.body, view, undefined, PLAIN),
  };
}

export async function readTemplates(deps: Deps<'documents'>): Promise<Templates> {
  return (await deps.documents.get<Templates>(TEMPLATES_DOCUMENT)) ?? { version: 0, overrides: {} };
}

/** The template a case's text comes from: its facility's, else its policy's, else the shipped wording. */
export async function templateFor(
  deps: Deps<'documents' | 'lists'>,
  record: Pick<CaseRecord, 'slaPolicy' | 'complaint' | 'triage'>,
  kind: TemplateKind,
): Promise<TemplateText> {
  const templates = await readTemplates(deps);
  const facility = record.triage?.facility ?? record.complaint.facility;
  let facilityId: string | undefined;
  if (facility && Object.keys(templates.overrides).some((scope) => scope.startsWith('facility:'))) {
    const folded = facility.trim().toLocaleLowerCase('en');
    facilityId = (await readLists(deps)).facilities.find(
      (entry) => entry.name.toLocaleLowerCase('en') === folded,
    )?.id;
  }
  return (
    (facilityId ? templates.overrides[`facility:${facilityId}`]?.[kind] : undefined) ??
    templates.overrides[`policy:${record.slaPolicy}`]?.[kind] ??
    shippedTemplate(record.slaPolicy, kind)
  );
}

/** The names a template uses, or the parse error (an unclosed section ...). */
function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  const walk = (tokens: unknown[][]) => {
    for (const token of tokens) {
      if (['name', '&', '#', '^'].includes(token[0] as string))
        names.add(String(token[1]).split('.')[0] as string);
      if (Array.isArray(token[4])) walk(token[4] as unknown[][]);
    }
  };
  walk(Mustache.parse(text) as unknown[][]);
  names.delete('');
  return names;
}

/** What is wrong with a template for a kind, as field errors (none: it may be saved). */
export function checkTemplate(
  kind: TemplateKind,
  template: TemplateText,
  slaPolicy: SlaPolicyId,
): FieldError[] {
  const rules: KindRules = TEMPLATE_KINDS[kind];
  const errors: FieldError[] = [];
  const used = new Set<string>();
  for (const part of ['subject', 'body'] as const) {
    let names: Set<string>;
    try {
      names = namesIn(template[part]);
    } catch (error) {
      errors.push({ field: part, message: `The template cannot be read: ${(error as Error).message}` });
      continue;
    }
    for (const name of names) {
      used.add(name);
      if (!(name in rules.placeholders)) {
        errors.push({
          field: part,
          message: `{{${name}}} is not a placeholder of this template. Use one of: ${Object.keys(rules.placeholders).join(', ')}.`,
        });
      }
    }
  }
  for (const name of rules.required) {
    if (!used.has(name)) errors.push({ field: 'body', message: `The template must use {{${name}}}.` });
  }
  if (errors.length === 0 && kind === 'response-draft') {
    // The draft as a representative would start it: every element its rules require must still be laid out.
    const { body } = renderTemplate(template, rules.sample);
    const missing =
      slaPolicy === 'uk-nhs'
        ? checkNhsElements(body)
        : checkCmsElements(body, {
            contactPerson: {
              name: String(rules.sample.contactName),
              contact: String(rules.sample.contactHow),
            },
            completionDate: '2026-12-05',
          });
    for (const element of missing) {
      errors.push({
        field: 'body',
        message: `The response would lose a required element: ${element.message}`,
      });
    }
  }
  return errors;
}

const ScopeText = z
  .string()
  .regex(/^(policy|facility):[a-z0-9-]{1,100}$/, 'Give the scope as policy:<id> or facility:<id>.');

export const TemplateChange = z.strictObject({
  /** The version the manager edited: a change made meanwhile by someone else is not overwritten (409). */
  version: z.number().int().min(0),
  scope: ScopeText,
  /** Absent: the scope goes back to the shipped wording (or its policy's) for this kind. */
  template: z
    .strictObject({
      subject: z.string().trim().min(1, 'Give the subject.').max(300, 'At most 300 characters.'),
      body: z.string().min(1, 'Give the text.').max(20_000, 'At most 20,000 characters.'),
    })
    .optional(),
});
export type TemplateChange = z.output<typeof TemplateChange>;

export const TemplatePreview = z.strictObject({
  scope: ScopeText,
  subject: z.string().max(300, 'At most 300 characters.'),
  body: z.string().max(20_000, 'At most 20,000 characters.'),
});

/** The policy whose rules a scope's texts follow: its own, or its facility's (or the deployment's). */
async function policyOfScope(deps: Deps<'lists' | 'settings'>, scope: string): Promise<SlaPolicyId> {
  const [kind, id] = scope.split(':') as [string, string];
  if (kind === 'policy') {
    if (!(id in SLA_POLICIES)) {
      throw new RuleViolationError('There is no such SLA policy.', [
        { field: 'scope', message: `Choose one of: ${Object.keys(SLA_POLICIES).join(', ')}.` },
      ]);
    }
    return id as SlaPolicyId;
  }
  const facility = (await readLists(deps)).facilities.find((entry) => entry.id === id);
  if (!facility) {
    throw new RuleViolationError('There is no such facility.', [
      { field: 'scope', message: 'Choose a facility of the hospital lists.' },
    ]);
  }
  return facility.slaPolicy ?? deps.settings.slaPolicy;
}

export function assertKind(kind: string): TemplateKind {
  if (!(kind in TEMPLATE_KINDS)) {
    throw new RuleViolationError('There is no such template.', [
      { field: 'kind', message: `Choose one of: ${TEMPLATE_KIND_NAMES.join(', ')}.` },
    ]);
  }
  return kind as TemplateKind;
}

const CONFLICT = 'Someone else changed the templates meanwhile. Reload them and make your change again.';

/** `PUT /api/templates/{kind}`: a manager saves a scope's template (checked), or resets it. Every change kept. */
export async function changeTemplate(
  deps: Deps<'documents' | 'lists' | 'clock' | 'settings'>,
  input: { actor: Actor; kind: string; request: TemplateChange },
): Promise<Templates> {
  const { actor, request } = input;
  requireRole(actor, ['manager'], 'change the templates');
  const kind = assertKind(input.kind);
  const slaPolicy = await policyOfScope(deps, request.scope);
  if (request.template) {
    const errors = checkTemplate(kind, request.template, slaPolicy);
    if (errors.length > 0) throw new RuleViolationError('The template cannot be saved as it is.', errors);
  }
  const before = await readTemplates(deps);
  if (before.version !== request.version) throw new ConflictError(CONFLICT);
  const at = deps.clock.now().toISOString();
  const scoped = { ...(before.overrides[request.scope] ?? {}) };
  if (request.template) scoped[kind] = { ...request.template, by: actor.userId, at };
  else delete scoped[kind];
  const after: Templates = {
    version: before.version + 1,
    overrides: { ...before.overrides, [request.scope]: scoped },
  };
  const change: DocumentChange = {
    at,
    by: actor.userId,
    byName: actor.name,
    version: after.version,
    before,
    after,
  };
  if (!(await deps.documents.save(TEMPLATES_DOCUMENT, after, before.version, change))) {
    throw new ConflictError(CONFLICT);
  }
  return after;
}

/** `POST /api/templates/{kind}/preview`: the text as the sample case would get it, and what a save would refuse. */
export async function previewTemplate(
  deps: Deps<'lists' | 'settings'>,
  input: { actor: Actor; kind: string; request: z.output<typeof TemplatePreview> },
): Promise<TemplateText & { problems: FieldError[] }> {
  requireRole(input.actor, ['coordinator', 'manager'], 'preview templates');
  const kind = assertKind(input.kind);
  const slaPolicy = await policyOfScope(deps, input.request.scope);
  const template = { subject: input.request.subject, body: input.request.body };
  const problems = checkTemplate(kind, template, slaPolicy);
  if (problems.some((problem) => problem.message.startsWith('The template cannot be read'))) {
    return { subject: '', body: '', problems };
  }
  return { ...renderTemplate(template, TEMPLATE_KINDS[kind].sample), problems };
}

/**
 * `GET /api/templates`: the kinds with their placeholders, the scopes (each policy, each facility, with the policy
 * its texts follow), the shipped wording, and the edited templates.
 */
export async function templatesForConsole(deps: Deps<'documents' | 'lists' | 'settings'>, actor: Actor) {
  requireRole(actor, ['coordinator', 'manager'], 'read the templates');
  const [templates, changes, lists] = await Promise.all([
    readTemplates(deps),
    deps.documents.recentChanges(TEMPLATES_DOCUMENT, 20),
    readLists(deps),
  ]);
  const scopes = [
    ...Object.entries(SLA_POLICIES).map(([id, policy]) => ({
      scope: `policy:${id}`,
      label: `Every case under ${policy.name}`,
      slaPolicy: id as SlaPolicyId,
    })),
    ...lists.facilities
      .filter((facility) => facility.active)
      .map((facility) => ({
        scope: `facility:${facility.id}`,
        label: `Cases of ${facility.name}`,
        slaPolicy: facility.slaPolicy ?? deps.settings.slaPolicy,
      })),
  ];
  return {
    scopes,
    kinds: TEMPLATE_KIND_NAMES.map((kind) => {
      const { label, audience, placeholders, required } = TEMPLATE_KINDS[kind] as KindRules;
      return { kind, label, audience, placeholders, required };
    }),
    shipped: SHIPPED_WORDING,
    templates,
    changes: changes.map(({ at, by, byName, version }) => ({ at, by, byName, version })),
  };
}
