/**
 * The acknowledgement a complainant receives: the reference, what happens next and by when, and the other ways
 * to reach us. Plain language (the response "should be in a language and manner the patient understands",
 * CMS SOM guidance to 482.13(a)(2)). Goes only to the complainant, so it may address them by name; it does not
 * repeat the complaint text or the patient's details (email leaves AWS, and the complainant already has them).
 */

import { DateTime } from 'luxon';
import type { CaseRecord } from '../case/case';
import type { OutboundEmail } from '../ports';
import { timeZoneOf } from '../sla/case-clock';
import { caseReplyAddress } from './notifications';

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
): OutboundEmail {
  const statusLink = delivery.statusLink ?? STATUS_LINK_PLACEHOLDER;
  const { complainant } = record.complaint;
  const respondBy = record.deadlines.respond
    ? formatDateForComplainant(record.deadlines.respond.dueAt, timeZoneOf(record, settings))
    : undefined;
  const isGrievance = record.classification.kind === 'grievance';

  const nextSteps = [
    'A member of our patient relations team will review what you told us and look into it.',
    isGrievance
      ? `We will write to you with the outcome${respondBy ? ` by ${respondBy}` : ''}. If we need more time, we will write before then to tell you why and when to expect our answer.`
      : `We will contact you${respondBy ? ` by ${respondBy}` : ''}.`,
    'If we need more information, we will contact you in the way you asked us to.',
  ];
  const lines = [
    `Dear ${complainant.name},`,
    '',
    `Thank you for contacting ${settings.organizationName}. We have received your ${isGrievance ? 'complaint' : 'message'} and opened case ${record.reference}.`,
    'Please quote this reference if you contact us about it.',
    '',
    'What happens next',
    ...nextSteps.map((step) => `- ${step}`),
    '',
    ...(delivery.byPost
      ? [
          'How to reach us',
          `- Phone: ${settings.organizationPhone}, quoting ${record.reference}.`,
          `- Write to us, or email ${settings.inboundAddress} with ${record.reference} in the subject line.`,
        ]
      : [
          'Follow your case',
          `- See where your case stands and add information: ${statusLink}`,
          '  This link is private to you. Please do not share it.',
          '',
          'Other ways to reach us',
          `- Phone: ${settings.organizationPhone}`,
          `- Reply to this email, keeping ${record.reference} in the subject line.`,
        ]),
    '',
    ...furtherRecourse(record),
    '',
    delivery.byPost
      ? 'Please do not send medical records by email; we can arrange a secure way.'
      : 'Please do not send medical records by email unless we ask for them; we can arrange a secure way.',
    '',
    `Patient Relations, ${settings.organizationName}`,
  ];
  return {
    to: complainant.email ?? '',
    subject: `We have received your complaint [${record.reference}]`,
    text: lines.join('\n'),
    // RFC 3834: mark automatic mail so auto-responders do not answer it.
    replyTo: caseReplyAddress(settings.inboundAddress, record.caseId),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** Where else the complainant can go, under the rules the case follows (each line cites its rule). */
function furtherRecourse(record: Pick<CaseRecord, 'slaPolicy'>): string[] {
  switch (record.slaPolicy) {
    // SI 2009/309 reg 13: offer to discuss how the complaint will be handled and when the response will come;
    // reg 14: the right to go to the Ombudsman.
    case 'uk-nhs':
      return [
        'We would like to talk with you about how we will look into your complaint and when you can expect our',
        'response. Please call us, or reply, to arrange a time.',
        '',
        'If you are not satisfied with our final response, you can ask the Parliamentary and Health Service',
        'Ombudsman to look at your complaint.',
      ];
    // 42 CFR 422.564: quality-of-care grievances may also go to the QIO.
    case 'us-medicare-advantage':
      return [
        'If your complaint is about the quality of your care, you may also contact the Quality Improvement',
        'Organization (QIO) at any time, whether or not you have used our process.',
      ];
    // 42 CFR 482.13(a)(2): the State survey agency, and the QIO for Medicare beneficiaries.
    default:
      return [
        'You may also contact your State survey agency or the Quality Improvement Organization (QIO) at any time,',
        'whether or not you have used our process.',
      ];
  }
}
