/**
 * The acknowledgement a complainant receives: the reference, what happens next and by when, and the other ways
 * to reach us, from its template (letters/templates.ts; the shipped wording cites the rules where else to go). Plain language (the response "should be in a language and manner the patient understands",
 * CMS SOM guidance to 482.13(a)(2)). Goes only to the complainant, so it may address them by name; it does not
 * repeat the complaint text or the patient's details (email leaves AWS, and the complainant already has them).
 */

import { DateTime } from 'luxon';
import type { CaseRecord } from '../case/case';
import type { OutboundEmail } from '../ports';
import { timeZoneOf } from '../sla/case-clock';
import { caseReplyAddress } from './notifications';
import type { TemplateText } from './template-kinds';
import { renderTemplate, shippedTemplate } from './templates';

export interface AcknowledgementSettings {
  organizationName: string;
  organizationPhone: string;
  timeZone: string;
  inboundAddress: string;
}

export function formatDateForComplainant(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).setLocale('en-US').toFormat('cccc d LLLL yyyy');
}

/** Stands in for the private link in the copy of the acknowledgement kept on the case. */
export const STATUS_LINK_PLACEHOLDER = '[private status link, sent to the complainant only]';

export function buildAcknowledgement(
  record: CaseRecord,
  settings: AcknowledgementSettings,
  /** The private link (email only); `byPost`: a printed letter, which carries none. */
  delivery: { statusLink?: string; byPost?: boolean } = {},
  template: TemplateText = shippedTemplate(record.slaPolicy, 'acknowledgement'),
): OutboundEmail {
  const { complainant } = record.complaint;
  const { subject, body } = renderTemplate(template, {
    complainantName: complainant.name,
    reference: record.reference,
    organizationName: settings.organizationName,
    organizationPhone: settings.organizationPhone,
    inboundAddress: settings.inboundAddress,
    isGrievance: record.classification.kind === 'grievance',
    respondBy: record.deadlines.respond
      ? formatDateForComplainant(record.deadlines.respond.dueAt, timeZoneOf(record, settings))
      : undefined,
    byPost: delivery.byPost === true,
    statusLink: delivery.statusLink ?? STATUS_LINK_PLACEHOLDER,
    // Where else to go follows the case's rules (template-wording.ts cites them): 42 CFR 422.564 for a plan.
    medicareAdvantage: record.slaPolicy === 'us-medicare-advantage',
  });
  return {
    to: complainant.email ?? '',
    subject: `${subject} [${record.reference}]`,
    text: body,
    // RFC 3834: mark automatic mail so auto-responders do not answer it.
    replyTo: caseReplyAddress(settings.inboundAddress, record.caseId),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
