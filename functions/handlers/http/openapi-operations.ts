/**
 * What each API operation is, for the OpenAPI document (openapi.ts): its summary, tag, body schema (the zod
 * schema the handler validates with), query parameters and answers. Keyed by operationId: a missing or extra one
 * fails to compile.
 */
import * as z from 'zod';
import { CoverRequest } from '../../core/access/cover';
import { AuthorityRequest } from '../../core/case/acting-for';
import { CorrectionRequest } from '../../core/case/correct-case';
import { CodingInput } from '../../core/coding/case-coding';
import { CodeListsChange } from '../../core/coding/code-lists';
import { ReferralRequest } from '../../core/correspondence/referrals';
import { MessageRequest, NoteRequest, ShareRequest } from '../../core/correspondence/staff-correspondence';
import { ListChangeRequest } from '../../core/hospital/hospital-lists';
import { WebComplaintInput } from '../../core/intake/complaint';
import { StaffCaseRequest } from '../../core/intake/submit-complaint';
import { ActionRequest, ActionUpdate } from '../../core/learning/learning-actions';
import { PostedRequest } from '../../core/letters/letters-to-post';
import { TemplateChange, TemplatePreview } from '../../core/letters/templates';
import { AssignRequest } from '../../core/review/assign-case';
import { STEP_DECISIONS } from '../../core/review/decide-step';
import { ReopenRequest } from '../../core/review/reopen-case';
import { ExtensionRequest } from '../../core/review/request-extension';
import { SecondStageOutcomeRequest, SecondStageRequest } from '../../core/review/second-stage';
import { WithdrawRequest } from '../../core/review/withdraw-case';
import { StaffUploadRequest } from '../../core/uploads/staff-uploads';
import type { OperationId } from '../../manifest';

export type JsonSchema = Record<string, unknown>;

export interface OperationDoc {
  summary: string;
  tag: 'Complainants' | 'Cases' | 'Tasks' | 'Mail' | 'Letters' | 'Reports' | 'Reference';
  /** The JSON body, when the operation takes one. */
  body?: z.ZodType | JsonSchema;
  query?: string[];
  idempotencyKey?: boolean;
  /** The success answer: status and description. */
  success: [status: number, description: string];
  /** Problem answers besides 401 (staff routes add it themselves). */
  problems: number[];
}

export const schema = (source: z.ZodType | JsonSchema): JsonSchema =>
  source instanceof z.ZodType ? z.toJSONSchema(source, { io: 'input', unrepresentable: 'any' }) : source;

const objectOf = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});

export const OPERATIONS: Record<OperationId, OperationDoc> = {
  submitComplaint: {
    summary: 'Submit a complaint',
    tag: 'Complainants',
    body: WebComplaintInput,
    idempotencyKey: true,
    success: [
      201,
      'Case created. With `attachments` listed, `uploads` grants one browser form POST per file (fields, then ' +
        'the file as `file`) straight to storage for 15 minutes; files are scanned before staff see them.',
    ],
    problems: [400, 413, 415, 422],
  },
  getHealth: {
    summary: 'Readiness of the table, the workflow and mail',
    tag: 'Reference',
    success: [200, 'Ready'],
    problems: [503],
  },
  getOpenApiDocument: {
    summary: 'This document',
    tag: 'Reference',
    success: [200, 'OpenAPI 3.1'],
    problems: [404],
  },
  getStatus: {
    summary:
      "The complainant's status page: stage, dates and their own messages (token from the private link)",
    tag: 'Complainants',
    body: objectOf({ token: { type: 'string' } }),
    success: [200, 'Status'],
    problems: [400, 404],
  },
  addStatusMessage: {
    summary: 'The complainant adds information from the status page',
    tag: 'Complainants',
    body: objectOf({ token: { type: 'string' }, text: { type: 'string' } }),
    success: [201, 'Received'],
    problems: [400, 404, 409],
  },
  answerSurvey: {
    summary:
      'The complainant answers the satisfaction survey from the status page: a score from 1 to 5 and a comment, one answer per case (the same answer again changes nothing; another is 409)',
    tag: 'Complainants',
    body: objectOf({ token: { type: 'string' }, score: { type: 'integer' }, comment: { type: 'string' } }),
    success: [200, '{survey: {score, comment?, at}}'],
    problems: [400, 404, 409],
  },
  listTasks: {
    summary: 'Open human steps visible to the caller',
    tag: 'Tasks',
    success: [200, 'Tasks'],
    problems: [],
  },
  completeTask: {
    summary: 'Complete a human step; the body depends on the step',
    tag: 'Tasks',
    body: { oneOf: Object.values(STEP_DECISIONS).map((decision) => schema(decision)) },
    success: [200, 'Completed'],
    problems: [400, 403, 404, 409, 422],
  },
  listCases: {
    summary: 'Cases, filtered and paginated',
    tag: 'Cases',
    query: ['stage', 'assignee', 'dueBefore', 'breached', 'limit', 'cursor'],
    success: [200, 'A page of cases'],
    problems: [400],
  },
  searchCases: {
    summary:
      "Find cases by a person's name (any order, prefixes), email, phone, MRN, date of birth or the reference; each result lists the person's other cases",
    tag: 'Cases',
    query: ['q'],
    success: [
      200,
      '{results: [{caseId, reference, stage, step, receivedAt, type, priority, complainant, patient, assignee, dueAt, sla, otherCases}]}',
    ],
    problems: [400],
  },
  openCase: {
    summary: 'Open a case for a phone call, a walk-in or a letter (coordinators and managers)',
    tag: 'Cases',
    body: StaffCaseRequest,
    idempotencyKey: true,
    success: [201, 'Case created'],
    problems: [400, 403, 422],
  },
  getCase: {
    summary: 'A case by caseId or reference, with deadlines, correspondence and timeline',
    tag: 'Cases',
    success: [200, 'The case'],
    problems: [403, 404],
  },
  sendCaseMessage: {
    summary: 'Email the complainant from the case (replies thread back)',
    tag: 'Cases',
    body: MessageRequest,
    success: [201, 'Sent and recorded'],
    problems: [400, 403, 404, 409],
  },
  recordCaseNote: {
    summary: 'Record a phone call or a walk-in conversation',
    tag: 'Cases',
    body: NoteRequest,
    success: [201, 'Recorded'],
    problems: [400, 403, 404],
  },
  shareCaseMessage: {
    summary: "Show a received message from someone else on the complainant's status page, or stop showing it",
    tag: 'Cases',
    body: ShareRequest,
    success: [200, '{shared}'],
    problems: [400, 403, 404],
  },
  getCaseAccessLog: {
    summary: 'Who read the case: every view and attachment link, newest first (coordinators and managers)',
    tag: 'Cases',
    query: ['limit', 'cursor'],
    success: [200, '{items: [{at, userId, action, sourceIp}], cursor}'],
    problems: [400, 403],
  },
  getAttachmentLink: {
    summary: 'A 5-minute download link for an attachment of the case',
    tag: 'Cases',
    success: [200, '{url, filename}'],
    problems: [403, 404],
  },
  correctCase: {
    summary:
      "Correct the record: the complainant's name and contact details (postal address too), the patient's identity, the contact preference, facility or department; each change kept with who, when, before and after",
    tag: 'Cases',
    body: CorrectionRequest,
    success: [200, '{corrected: [field, ...]}'],
    problems: [400, 403, 404, 409],
  },
  assignCase: {
    summary: 'Assign the case to a member of staff by id (from GET /api/staff); its open step moves with it',
    tag: 'Cases',
    body: AssignRequest,
    success: [200, '{assignee: {userId, name, email}, changed}'],
    problems: [400, 403, 404, 409],
  },
  getFormLists: {
    summary:
      "The hospital's lists the public form offers: active facilities, departments and services, and categories, by name ('Other' with free text is always possible)",
    tag: 'Complainants',
    success: [200, '{facilities: [name], departments: [name], categories: [name]}'],
    problems: [],
  },
  getHospitalLists: {
    summary:
      "The hospital's lists with every entry (retired ones too), each facility's own SLA policy and time zone, the version, and the latest changes with who, when, before and after",
    tag: 'Reference',
    success: [
      200,
      '{lists: {facilities, departments, categories, version}, changes: [{kind, at, by, byName, before, after}]}',
    ],
    problems: [],
  },
  changeHospitalList: {
    summary:
      'Replace one list (facilities, departments or categories) as edited from `version`: entries in order, an entry left out is retired, never deleted; a facility may name its own SLA policy and time zone (managers)',
    tag: 'Reference',
    body: ListChangeRequest,
    success: [200, '{lists}'],
    problems: [400, 403, 409, 422],
  },
  listTemplates: {
    summary:
      'The outbound texts as templates: each kind with its placeholders and the ones it requires, the shipped US and NHS wording, the templates edited per SLA policy (`policy:<id>`) and facility (`facility:<id>`) with their version, and the latest changes (coordinators and managers)',
    tag: 'Reference',
    success: [
      200,
      '{kinds: [{kind, label, audience, placeholders, required}], shipped: {us, nhs}, templates: {version, overrides}, changes}',
    ],
    problems: [403],
  },
  changeTemplate: {
    summary:
      "Save a scope's template for a kind as edited from `version` (managers), or leave `template` out to go back to the shipped wording. Refused (422) when it uses a placeholder the kind does not offer, leaves out one it requires, cannot be read, or (a response draft) would lose an element the rules require (42 CFR 482.13(a)(2)(iii); SI 2009/309 reg 14)",
    tag: 'Reference',
    body: TemplateChange,
    success: [200, '{templates: {version, overrides}}'],
    problems: [400, 403, 409, 422],
  },
  previewTemplate: {
    summary:
      'A template as a sample case would get it, with what a save would refuse (`problems`); nothing is saved (coordinators and managers)',
    tag: 'Reference',
    body: TemplatePreview,
    success: [200, '{subject, body, problems: [{field, message}]}'],
    problems: [400, 403, 422],
  },
  codeCase: {
    summary:
      "Code the case from the code lists: HCAT severities (0-3 by category), stage of care and harm (0-5); the KO41a-style subject areas (several), service area, staff groups and complainant status. Each field given replaces that field; the patient's age band is derived from the date of birth. A formal complaint closes only when coded",
    tag: 'Cases',
    body: CodingInput,
    success: [
      200,
      '{coding: {listsVersion, hcat?, subjects?, serviceArea?, professions?, complainantStatus?, ageBand?, codedBy, codedAt}}',
    ],
    problems: [400, 404, 409, 422],
  },
  getCodeLists: {
    summary:
      'The code lists cases are coded from (HCAT, subject and service areas, staff groups, root causes, age bands), the KO41a return lists with the crosswalk to them (`returnCode`), the version, and the latest changes',
    tag: 'Reference',
    success: [
      200,
      '{lists: {version, source, hcat, subjects, serviceAreas, professions, rootCauses, ageBands, ko41a}, changes}',
    ],
    problems: [],
  },
  changeCodeLists: {
    summary:
      'Replace the code lists as edited from `version` (managers): a code left out is retired, never deleted; a `returnCode` must name a code of the return; age bands may not overlap. A local code with no `returnCode` is allowed, and blocks the KO41a return while a case uses it',
    tag: 'Reference',
    body: CodeListsChange,
    success: [200, '{lists}'],
    problems: [400, 403, 409, 422],
  },
  recordAuthority: {
    summary:
      "Record the patient's consent or the complainant's authority to act for them (HIPAA 164.502(g); NHS: consent or best interests): pending, obtained, not-needed or refused. Until obtained or not needed, the response email only says the letter is ready on the status page",
    tag: 'Cases',
    body: AuthorityRequest,
    success: [200, '{authority: {status, basis?, note?, recordedBy, recordedAt}}'],
    problems: [400, 404, 409],
  },
  referCase: {
    summary:
      "Ask a department lead, clinician, billing office or insurer for a statement or an action by a due date: they are emailed with a reply address of the referral's own, and their answer joins the case as internal correspondence (never on the status page). Investigation waits for open referrals unless a coordinator overrides with a reason",
    tag: 'Cases',
    body: ReferralRequest,
    success: [201, '{referral: {referralId, to, question, dueDate, status}}'],
    problems: [400, 404, 409, 422],
  },
  listLettersToPost: {
    summary:
      'The letters to post, oldest first: every letter recorded for someone who asked for post or has no email, until it is marked posted (coordinators and managers). `status=to-post` is the one list',
    tag: 'Letters',
    query: ['status'],
    success: [200, '{letters: [{letterId, caseId, reference, kind, subject, recipient, recordedAt}]}'],
    problems: [400, 403],
  },
  getLetterPdf: {
    summary:
      "One letter as a PDF to print: the letterhead, the address block for a window envelope, the date and reference, the letter's text",
    tag: 'Letters',
    success: [200, 'application/pdf'],
    problems: [404],
  },
  markLetterPosted: {
    summary:
      'Mark a letter posted on a day (today or earlier): it leaves the queue, and a response by post then counts as sent (the grievance gate). The same day again changes nothing; another day is 409',
    tag: 'Letters',
    body: PostedRequest,
    success: [200, '{letter: {letterId, caseId, reference, kind, subject, recipient, recordedAt, postedOn}}'],
    problems: [400, 403, 404, 409, 422],
  },
  getSurveyorPacket: {
    summary:
      'Everything a surveyor asks to see about one case, as one PDF: the summary and determination, deadlines with their rules, the timeline, every letter in full, the response checked against its required elements, the approval, the audit trail (coordinators and managers; recorded in the access log)',
    tag: 'Reports',
    success: [200, 'application/pdf'],
    problems: [403, 404],
  },
  getCommitteePack: {
    summary:
      'The committee pack for a month (YYYY-MM): volumes by channel and type, timeliness, breaches, outcomes, themes by category and department, compliments, survey scores, cases taken further, learning actions open, overdue and done; `format` json (default) or pdf; `suppressSmall=true` shows counts from 1 to 4 as "fewer than 5" for publication (coordinators and managers)',
    tag: 'Reports',
    query: ['month', 'format', 'suppressSmall'],
    success: [
      200,
      '{month, received, byChannel, byType, compliance, breaches, outcomes, byCategory, byDepartment, thanked, survey, secondStage, actions}, or the PDF',
    ],
    problems: [400, 403, 422],
  },
  getGrievanceLog: {
    summary:
      'The CMS grievance log (42 CFR 482.13(a)(2), tags A-0118 to A-0123) for grievances received from `from` to `to` (YYYY-MM-DD, inclusive): one row per grievance with the determination and why, the acknowledgement, any interim letter, the written response, days taken, on time, the four elements, the letter; and the exceptions counted. `format` json (default), csv or xlsx (coordinators and managers)',
    tag: 'Reports',
    query: ['from', 'to', 'format'],
    success: [
      200,
      '{from, to, rows: [...], exceptions: {no-written-response, element-missing, late-without-interim}}, or the file',
    ],
    problems: [400, 403, 422],
  },
  getKo41aReturn: {
    summary:
      "The KO41a-style annual return for the year to 31 March (`year` 2025 or 2025-26; optional `facility` for one site): brought forward, new, resolved (upheld, partially upheld, not upheld), carried forward, and the new complaints by age band, complainant status, service area, subject area and staff group, with the collection's checks. 422 naming the cases while any new complaint is uncoded or uses a code mapped to no return code. `format` json (default) or csv",
    tag: 'Reports',
    query: ['year', 'facility', 'format'],
    success: [
      200,
      '{year, firstDay, lastDay, organisation, summary, byAgeBand, byStatus, byServiceArea, bySubject, byProfession, checks}, or the CSV',
    ],
    problems: [400, 403, 422],
  },
  getAnnualReport: {
    summary:
      'The draft annual report on complaints (SI 2009/309 reg 18) for the year to 31 March: received, well-founded, referred to the Ombudsman, subjects, matters of general importance (HCAT themes, harm, root causes, handling) and the learning actions done and open. `format` json (default) or pdf',
    tag: 'Reports',
    query: ['year', 'format'],
    success: [
      200,
      '{year, received, wellFounded, decided, referredToOmbudsman, subjects, matters, actions}, or the PDF',
    ],
    problems: [400, 403, 422],
  },
  listReportCases: {
    summary:
      'The cases behind one number of a report: `report` ko41a or annual (with `year`), committee-pack (with `month`) or grievance-log (with `from` and `to`), and `item` naming the number, such as summary:received, subject:communications, hcat:safety, outcome:upheld or exception:late-without-interim (coordinators and managers)',
    tag: 'Reports',
    query: ['report', 'year', 'facility', 'month', 'from', 'to', 'item'],
    success: [200, '{cases: [{caseId, reference, receivedAt, type, outcome?, closedAt?}], count}'],
    problems: [400, 403, 422],
  },
  createLearningAction: {
    summary:
      'A learning action arising from a case or a theme ("you said, we did"): what is to be done, its owner and due date (coordinators and managers). The owner is reminded on the due date, their manager a week after it',
    tag: 'Cases',
    body: ActionRequest,
    success: [201, '{action}'],
    problems: [400, 403, 404, 422],
  },
  listLearningActions: {
    summary:
      'Learning actions by status (default open) or for one case, by due date: all of them for coordinators and managers, their own for anyone else',
    tag: 'Cases',
    query: ['status', 'caseId'],
    success: [
      200,
      '{actions: [{actionId, title, source, owner, dueDate, status, evidence?, review?, version}]}',
    ],
    problems: [400],
  },
  updateLearningAction: {
    summary:
      'Change a learning action as edited from `version`: its status (done needs evidence), evidence, due date or owner (coordinators and managers), and once done a review of whether it worked. 409 when someone changed it meanwhile',
    tag: 'Cases',
    body: ActionUpdate,
    success: [200, '{action}'],
    problems: [400, 403, 404, 409, 422],
  },
  recordSecondStage: {
    summary:
      "Record that the complainant took the case further after our answer (the Parliamentary and Health Service Ombudsman; the State survey agency, the QIO or Medicare Advantage independent review: the case's policy lists which), with the date; closed cases included (coordinators and managers)",
    tag: 'Cases',
    body: SecondStageRequest,
    success: [201, '{secondStage: {secondStageId, body, referredOn, theirReference?, outcome}}'],
    problems: [400, 403, 404, 409, 422],
  },
  recordSecondStageOutcome: {
    summary:
      'Record the outcome of a second-stage referral (pending, upheld, partly-upheld, not-upheld, not-investigated, withdrawn) and the date of the decision (coordinators and managers)',
    tag: 'Cases',
    body: SecondStageOutcomeRequest,
    success: [200, '{secondStage}'],
    problems: [400, 403, 404, 409, 422],
  },
  addCaseFiles: {
    summary:
      'Add files to a case (statements, scanned letters, photos): one short-lived upload grant per file, as for the web form; each joins the case as an internal item once the malware scan passes and its content matches its type',
    tag: 'Cases',
    body: StaffUploadRequest,
    success: [201, '{uploads: [{uploadId, index, filename, url, fields, expiresAt}]}'],
    problems: [400, 404, 409],
  },
  withdrawCase: {
    summary: 'Withdraw a case at any step',
    tag: 'Cases',
    body: WithdrawRequest,
    success: [200, 'Withdrawn'],
    problems: [400, 403, 404, 409],
  },
  reopenCase: {
    summary: 'Reopen a closed case (a new execution)',
    tag: 'Cases',
    body: ReopenRequest,
    success: [200, 'Reopened'],
    problems: [400, 403, 404, 409],
  },
  extendCase: {
    summary: 'Extend the response deadline, telling the complainant why',
    tag: 'Cases',
    body: ExtensionRequest,
    success: [200, 'Extended'],
    problems: [400, 403, 404, 409, 422],
  },
  listStaff: {
    summary:
      'The staff picker: active members by name with their roles, open steps and any absence with its cover (coordinators and managers)',
    tag: 'Reference',
    success: [200, '{staff: [{userId, name, roles, openTasks, away?: {coverId, coverName, until}}]}'],
    problems: [403],
  },
  setCover: {
    summary:
      'Record that a member of staff is away through a last day (YYYY-MM-DD) and who covers their cases and steps meanwhile, or end it with {coverId: null}. Coordinators and managers for anyone; anyone for themselves',
    tag: 'Reference',
    body: CoverRequest,
    success: [200, '{away?: {coverId, coverName, until, setBy, setAt}}'],
    problems: [400, 403, 404],
  },
  getDashboard: {
    summary: 'Manager dashboard: open cases by stage, SLA compliance by month, breaches, volume',
    tag: 'Cases',
    success: [200, 'Dashboard'],
    problems: [403],
  },
  getWorkflowMap: {
    summary: 'The review workflow as drawn by the console (from the state machine definition)',
    tag: 'Reference',
    success: [200, 'States in order'],
    problems: [],
  },
  listHeldMail: {
    summary:
      'Messages held for review, and quarantined ones, newest first; with `status`, one list page by page (`cursor`)',
    tag: 'Mail',
    query: ['status', 'limit', 'cursor'],
    success: [200, 'Held messages'],
    problems: [400, 403],
  },
  placeHeldMessage: {
    summary: 'Place a held message on a case, as a new case, or discard it',
    tag: 'Mail',
    body: {
      oneOf: [
        objectOf({ caseId: { type: 'string' } }),
        objectOf({ newCase: { const: true } }),
        objectOf({ discard: { const: true } }),
      ],
    },
    success: [200, 'Placed or discarded'],
    problems: [400, 403, 404, 409],
  },
};

export const TAGS: Record<OperationDoc['tag'], string> = {
  Complainants: 'What patients and families use: the complaint form and the private status page',
  Letters: 'Letters to post: the queue, each as a PDF, marked posted',
  Reports:
    'Reports for surveyors, boards and the NHS returns, on screen and as files, and the cases behind each number',
  Cases: 'Cases in the console',
  Tasks: 'The human steps of the review workflow',
  Mail: 'Mail held for a coordinator',
  Reference: 'Descriptions, readiness and the staff directory',
};
