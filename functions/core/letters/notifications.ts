/**
 * Emails the review sends. To staff: the reference, the step, the due time and a console link, never the
 * complaint or the patient (minimum necessary: email leaves AWS). To the complainant: plain language, their
 * reference in the subject, marked automatic (RFC 3834) when no person wrote it.
 */

import { DateTime } from 'luxon';
import { maySpeakOfThePatient } from '../case/acting-for';
import { type CaseRecord, type WorkflowStep, writesByPost } from '../case/case';
import type { OutboundEmail } from '../ports';
import { STEP_RULES } from '../review/step-rules';
import { timeZoneOf } from '../sla/case-clock';
import type { ClockEventKind } from '../sla/clock-events';
import { formatDateForComplainant } from './acknowledgement';
import type { TemplateKind, TemplateText } from './template-kinds';
import { renderTemplate, shippedTemplate } from './templates';

export interface NotificationSettings {
  organizationName: string;
  organizationPhone: string;
  timeZone: string;
  consoleUrl: string;
  /** complaints@domain: a case's replies go to complaints+<caseId>@domain. */
  inboundAddress: string;
}

/** The case's own reply address (plus-addressing), so a reply threads back even without its headers. */
export function caseReplyAddress(inboundAddress: string, caseId: string): string {
  const [local, domain] = inboundAddress.split('@');
  return `${local}+${caseId.toLowerCase()}@${domain}`;
}

const AUTOMATIC = { 'Auto-Submitted': 'auto-generated' };

function consoleLink(settings: NotificationSettings, caseId: string): string {
  return `${settings.consoleUrl.replace(/\/$/, '')}/console/cases/${caseId}`;
}

function staffTime(iso: string | undefined, timeZone: string): string {
  if (!iso) return 'with no due time';
  return DateTime.fromISO(iso, { zone: timeZone })
    .setLocale('en-US')
    .toFormat("cccc d LLLL yyyy 'at' HH:mm ZZZZ");
}

export function staffClockEmail(
  kind: Extract<ClockEventKind, 'reminder' | 'escalation' | 'second-escalation'>,
  record: CaseRecord,
  step: WorkflowStep,
  dueAt: string | undefined,
  to: string,
  settings: NotificationSettings,
  template: TemplateText = shippedTemplate(record.slaPolicy, STAFF_CLOCK_TEMPLATE[kind]),
): OutboundEmail {
  const label = STEP_RULES[step].label;
  const { subject, body } = renderTemplate(template, {
    reference: record.reference,
    step: label,
    stepLowerCase: label.toLowerCase(),
    dueAt: staffTime(dueAt, timeZoneOf(record, settings)),
    consoleLink: consoleLink(settings, record.caseId),
  });
  return { to, subject, text: body, headers: AUTOMATIC };
}

/** The template of each staff clock email. */
export const STAFF_CLOCK_TEMPLATE = {
  reminder: 'staff-reminder',
  escalation: 'staff-escalation',
  'second-escalation': 'staff-second-escalation',
} as const satisfies Record<string, TemplateKind>;

export function urgentAllegationEmail(
  record: CaseRecord,
  to: string,
  settings: NotificationSettings,
): OutboundEmail {
  return {
    to,
    subject: `Urgent: possible abuse, neglect or safety allegation in ${record.reference}`,
    text: [
      `Case ${record.reference} was classified on arrival as a possible allegation of abuse, neglect or a safety risk`,
      '(42 CFR 482.13(c)(3)). It needs your attention now.',
      '',
      `Open the case: ${consoleLink(settings, record.caseId)}`,
    ].join('\n'),
    headers: AUTOMATIC,
  };
}

/** A letter to the complainant from its template: their reply address, the reference added to the subject. */
export function templatedLetter(
  record: CaseRecord,
  template: TemplateText,
  values: Record<string, unknown>,
  settings: NotificationSettings,
) {
  const { subject, body } = renderTemplate(template, {
    complainantName: record.complaint.complainant.name,
    reference: record.reference,
    organizationName: settings.organizationName,
    organizationPhone: settings.organizationPhone,
    ...values,
  });
  return {
    // Empty when they have no email: such letters are recorded for posting, never sent (send-to-complainant.ts).
    to: record.complaint.complainant.email ?? '',
    replyTo: caseReplyAddress(settings.inboundAddress, record.caseId),
    subject: `${subject} [${record.reference}]`,
    text: body,
  };
}

export function interimLetter(
  record: CaseRecord,
  expectedBy: string,
  settings: NotificationSettings,
  template: TemplateText = shippedTemplate(record.slaPolicy, 'interim-letter'),
): OutboundEmail {
  return {
    ...templatedLetter(
      record,
      template,
      { expectedBy: formatDateForComplainant(expectedBy, timeZoneOf(record, settings)) },
      settings,
    ),
    headers: AUTOMATIC,
  };
}

export function informationRequestEmail(
  record: CaseRecord,
  message: string,
  settings: NotificationSettings,
  template: TemplateText = shippedTemplate(record.slaPolicy, 'information-request'),
): OutboundEmail {
  return templatedLetter(record, template, { message }, settings);
}

export function extensionNotice(
  record: CaseRecord,
  reason: string,
  newDueAt: string,
  settings: NotificationSettings,
  template: TemplateText = shippedTemplate(record.slaPolicy, 'extension-notice'),
): OutboundEmail {
  return templatedLetter(
    record,
    template,
    {
      isRequest: record.triage?.type === 'information-request',
      reason,
      newDueBy: formatDateForComplainant(newDueAt, timeZoneOf(record, settings)),
    },
    settings,
  );
}

export function responseEmail(
  record: CaseRecord,
  body: string,
  settings: NotificationSettings,
  template: TemplateText = shippedTemplate(record.slaPolicy, 'response'),
): OutboundEmail {
  const email = templatedLetter(record, template, { letter: body }, settings);
  return maySpeakOfThePatient(record)
    ? email
    : { ...email, text: heldForAuthority(record, 'Our written response', settings) };
}

/**
 * Without the patient's consent or the complainant's authority settled (case/acting-for.ts), a letter about the
 * patient is not put in an email: it waits on the private status page, and this is what the email says instead.
 */
export function heldForAuthority(record: CaseRecord, what: string, settings: NotificationSettings): string {
  return [
    `Dear ${record.complaint.complainant.name},`,
    '',
    `${what} to case ${record.reference} is ready.`,
    // A posted letter has no status link to point to (the acknowledgement by post carries none).
    writesByPost(record)
      ? `To protect the patient's privacy we have not included it in this letter until we have the patient's consent or your authority to act for them. Please call us on ${settings.organizationPhone}, quoting ${record.reference}, and we will arrange how you receive it.`
      : "To protect the patient's privacy we have not put it in this email. Read it on your private status page (the link in our first email), or call us and we will arrange how you receive it.",
    '',
    `Patient Relations, ${settings.organizationName}`,
  ].join('\n');
}

/** To the case's coordinators: its review stopped on an error. Names the error, never data from the case. */
export function needsAttentionEmail(
  record: CaseRecord,
  error: string,
  to: string,
  settings: NotificationSettings,
): OutboundEmail {
  return staffNotice(record, to, settings, `Needs attention: the review of ${record.reference} stopped`, [
    `The review of case ${record.reference} stopped on an error (${error}) that its retries did not cure.`,
    'Its clocks are not running. Check the case, and reopen it or continue it by hand.',
  ]);
}

export function newMessageEmail(
  record: CaseRecord,
  to: string,
  settings: NotificationSettings,
): OutboundEmail {
  return staffNotice(record, to, settings, `New message from the complainant on ${record.reference}`, [
    `The complainant has written again about case ${record.reference}.`,
  ]);
}

export function assignedEmail(
  record: CaseRecord,
  to: string,
  settings: NotificationSettings,
  assignedBy: string,
  /** Set when the notice goes to the cover of an assignee who is away. */
  coveringFor?: string,
): OutboundEmail {
  const subject = coveringFor
    ? `Case ${record.reference} is now ${coveringFor}'s, and you are covering`
    : `Case ${record.reference} is now yours`;
  return staffNotice(record, to, settings, subject, [
    coveringFor
      ? `${assignedBy} assigned case ${record.reference} to ${coveringFor}, who is away; you are covering their cases.`
      : `${assignedBy} assigned case ${record.reference} to you.`,
    record.currentTask
      ? `Its current step, ${STEP_RULES[record.currentTask.step].label}, is due ${staffTime(record.currentTask.dueAt, timeZoneOf(record, settings))}.`
      : 'It has no open step at the moment.',
  ]);
}

/** To a colleague asked to cover: whose cases, until when, and where they are; no case is named. */
export function coverEmail(
  to: string,
  awayName: string,
  until: string,
  settings: NotificationSettings,
): OutboundEmail {
  const last = DateTime.fromISO(until).setLocale('en-US').toFormat('cccc d LLLL yyyy');
  return {
    to,
    subject: `You are covering for ${awayName}`,
    text: [
      `You are covering for ${awayName} until the end of ${last}.`,
      `Their open steps are in your My tasks, and you can open and work their cases.`,
      '',
      `Open the console: ${settings.consoleUrl.replace(/\/$/, '')}/console`,
    ].join('\n'),
    headers: AUTOMATIC,
  };
}

/** A notice to staff: what happened, by reference, and the console link; nothing from the case itself. */
function staffNotice(
  record: CaseRecord,
  to: string,
  settings: NotificationSettings,
  subject: string,
  lines: string[],
): OutboundEmail {
  return {
    to,
    subject,
    text: [...lines, '', `Open the case in the console: ${consoleLink(settings, record.caseId)}`].join('\n'),
    headers: AUTOMATIC,
  };
}
