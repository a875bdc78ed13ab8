/**
 * The response letter's first draft (issue 15 §2): its template (letters/templates.ts, kind response-draft) filled
 * from what the investigation recorded, for the representative to finish. The headings it lays out are the
 * elements the case's rules require (response-letter.ts checks the letter as finally written).
 */
import type { CaseRecord, StaffRef } from '../case/case';
import { formatLetterDate, responseRuleOf } from './response-letter';
import type { TemplateText } from './template-kinds';
import { renderTemplate, shippedTemplate } from './templates';

/** A first draft for the representative to edit, from its template, filled from what the investigation recorded. */
export function responseTemplate(
  record: CaseRecord,
  contact: StaffRef & { phone?: string },
  organizationName: string,
  completionDate: string,
  template: TemplateText = shippedTemplate(record.slaPolicy, 'response-draft'),
): string {
  const nhs = responseRuleOf(record) === 'nhs-reg-14';
  // What the investigation has not recorded is left as a {{...}} line to fill in: the check refuses a letter
  // that still has one.
  return renderTemplate(template, {
    complainantName: record.complaint.complainant.name,
    reference: record.reference,
    organizationName,
    isGrievance: record.classification.kind === 'grievance',
    stepsTaken:
      record.investigation?.stepsTaken ??
      (nhs ? '{{Describe how the complaint was considered}}' : '{{Describe the steps taken to investigate}}'),
    findings:
      record.investigation?.findings ??
      (nhs
        ? '{{Give the conclusions, including anything that needs putting right}}'
        : '{{Describe the results and any actions we are taking}}'),
    actions:
      '{{Describe the action taken or proposed, and confirm that we are satisfied it is what is needed}}',
    contactName: contact.name,
    contactHow: contact.phone ?? contact.email,
    completionDate: formatLetterDate(completionDate),
  }).body;
}
