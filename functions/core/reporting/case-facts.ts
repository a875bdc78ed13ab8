/**
 * The facts about a case that reports read (issue 15 §6), derived from the case on every save and stored beside
 * it in the same transaction (the DynamoDB case store), so reports read a read model and never scan the cases.
 * No people and no words: ids, dates, channels, types, codes and outcomes.
 */
import { type CaseRecord, caseTypeOf } from '../case/case';
import type { CaseCoding } from '../coding/case-coding';
import type { IntakeChannel } from '../intake/classification';
import { checkCmsElements } from '../letters/response-letter';
import { definedOnly } from '../objects';

/** The second-stage body that is the Parliamentary and Health Service Ombudsman (sla-policies `secondStage`). */
export const OMBUDSMAN = 'phso';

/** The facts about one case that reports read, without its people or their words. */
export interface CaseFacts {
  caseId: string;
  reference: string;
  receivedAt: string;
  channel: IntakeChannel;
  /** What the case is: the type triage decided, or the classification on arrival. */
  type: string;
  /** Why, as recorded: the intake rule's reason and, when triage changed the type, whether a reason was given. */
  determinationReason: string;
  category?: string;
  facility?: string;
  department?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: 'email' | 'letter';
  interimLetterAt?: string;
  responseDueAt?: string;
  /** When the written response went: its email, or the day its letter was posted. */
  responseAt?: string;
  responseChannel?: 'email' | 'letter';
  responseLetterId?: string;
  /** The approved letter has the four elements of 482.13(a)(2)(iii). */
  elementsPresent?: boolean;
  closedAt?: string;
  outcome?: string;
  /** A verbal complaint resolved at first contact, by staff present (its closure follows). */
  resolvedAtFirstContact?: boolean;
  rootCause?: string;
  /** The case's codes (coding/case-coding.ts): what the KO41a return, the annual report and themes count. */
  coding?: Omit<CaseCoding, 'codedBy' | 'codedAt'>;
  /** When the complainant took the case to the Ombudsman (YYYY-MM-DD), as the case records it: reg 18(2)(c). */
  ombudsmanReferredOn?: string;
  surveyScore?: number;
}

/** What a report keeps of a case, derived on every save (the adapter stores it beside the case). */
export function caseFacts(record: CaseRecord): CaseFacts {
  const responseAt =
    record.response?.channel === 'letter' ? record.response.postedOn : record.response?.sentAt;
  return {
    caseId: record.caseId,
    reference: record.reference,
    receivedAt: record.receivedAt,
    channel: record.channel,
    type: caseTypeOf(record),
    determinationReason: record.triage?.reason
      ? `${record.classification.reason} Triage: ${record.triage.type}, with a reason recorded.`
      : record.classification.reason,
    ...definedOnly({
      category: record.triage?.category ?? record.complaint.category,
      facility: record.triage?.facility ?? record.complaint.facility,
      department: record.triage?.department ?? record.complaint.department,
      acknowledgedAt: record.acknowledgement?.sentAt,
      acknowledgedBy: acknowledgedBy(record),
      interimLetterAt: record.interimLetter?.sentAt,
      responseDueAt: record.deadlines.respond?.dueAt,
      responseAt,
      responseChannel: record.response?.channel,
      responseLetterId: record.response ? `${record.caseId}.${record.response.correspondenceId}` : undefined,
      elementsPresent: record.draft
        ? checkCmsElements(record.draft.body, record.draft).length === 0
        : undefined,
      closedAt: record.closure?.closedAt,
      outcome: record.closure?.outcome,
      resolvedAtFirstContact: record.triage?.resolvedAtFirstContact ? true : undefined,
      rootCause: record.closure?.rootCause,
      coding: record.coding && codesOf(record.coding),
      ombudsmanReferredOn: record.secondStages?.find((stage) => stage.body === OMBUDSMAN)?.referredOn,
      surveyScore: record.survey?.score,
    }),
  };
}

function acknowledgedBy(record: CaseRecord): 'email' | 'letter' | undefined {
  if (!record.acknowledgement) return undefined;
  return record.acknowledgement.messageId ? 'email' : 'letter';
}

function codesOf({
  codedBy: _by,
  codedAt: _at,
  ...codes
}: CaseCoding): Omit<CaseCoding, 'codedBy' | 'codedAt'> {
  return codes;
}
