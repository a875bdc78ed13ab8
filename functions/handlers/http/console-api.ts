/**
 * The console's API (every /api/cases and /api/tasks route, the staff list and the dashboard), one function behind
 * @middy/http-router; staff only (the complainant's status page has its own function and role, status-page.ts). Held mail (held-mail-api.ts) and the API and workflow
 * descriptions (api-reference.ts) have their own functions, so this one carries neither the mail parser nor
 * the JSON Schema generator. Thin: verify the caller, parse with the core's zod schemas, call the use case,
 * answer. Roles are enforced in the core, on the server.
 */
import * as z from 'zod';
import { composeDependencies } from '../../adapters/composition-root';
import { accessLogFor } from '../../core/access/access-log';
import { CoverRequest, setCover } from '../../core/access/cover';
import { requireRole } from '../../core/access/roles';
import { AuthorityRequest, recordAuthority } from '../../core/case/acting-for';
import { CASE_STAGES } from '../../core/case/case';
import { CorrectionRequest, correctCase } from '../../core/case/correct-case';
import { CodingInput, codeCase } from '../../core/coding/case-coding';
import {
  CODE_LISTS_DOCUMENT,
  CodeListsChange,
  changeCodeLists,
  readCodeLists,
} from '../../core/coding/code-lists';
import {
  attachmentLink,
  caseViewFor,
  dashboardFor,
  listCasesFor,
  listTasksFor,
} from '../../core/console/console-queries';
import { staffPicker } from '../../core/console/staff-list';
import { ReferralRequest, referCase } from '../../core/correspondence/referrals';
import {
  MessageRequest,
  NoteRequest,
  recordCaseNote,
  ShareRequest,
  sendCaseMessage,
  shareCorrespondence,
} from '../../core/correspondence/staff-correspondence';
import { changeList, LIST_KINDS, ListChangeRequest, readLists } from '../../core/hospital/hospital-lists';
import { StaffCaseRequest, submitComplaint } from '../../core/intake/submit-complaint';
import {
  ACTION_STATUSES,
  ActionRequest,
  ActionUpdate,
  createLearningAction,
  listLearningActions,
  updateLearningAction,
} from '../../core/learning/learning-actions';
import { AssignRequest, assignCase } from '../../core/review/assign-case';
import { completeTask } from '../../core/review/complete-step';
import { ReopenRequest, reopenCase } from '../../core/review/reopen-case';
import { ExtensionRequest, requestExtension } from '../../core/review/request-extension';
import {
  recordSecondStage,
  recordSecondStageOutcome,
  SecondStageOutcomeRequest,
  SecondStageRequest,
} from '../../core/review/second-stage';
import { WithdrawRequest, withdrawCase } from '../../core/review/withdraw-case';
import { findCases } from '../../core/search/find-cases';
import { grantStaffUploads, StaffUploadRequest } from '../../core/uploads/staff-uploads';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { idempotencyKeyOf, json, jsonBody, pathParameter } from './http-kit';

const ActionQuery = z.strictObject({
  status: z.enum(ACTION_STATUSES).optional(),
  caseId: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'A case id.')
    .optional(),
});

import {
  changeTemplate,
  previewTemplate,
  TemplateChange,
  TemplatePreview,
  templatesForConsole,
} from '../../core/letters/templates';
import { routedHandler } from './router';
import { staffRoutes } from './staff-auth';

const deps = composeDependencies(FUNCTIONS.consoleApi.settings);
const staff = staffRoutes(deps);

const CaseListQuery = z.strictObject({
  stage: z.enum(CASE_STAGES).optional(),
  assignee: z.string().min(1).max(200).optional(),
  dueBefore: z.iso.datetime().optional(),
  breached: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

const SearchQuery = z.strictObject({
  q: z.string().trim().min(2, 'Type at least two characters.').max(200, 'Must be at most 200 characters.'),
});

const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(2000).optional(),
});

const ListKindParameter = z.enum(LIST_KINDS, { error: `The list is one of: ${LIST_KINDS.join(', ')}.` });

export const handler = routedHandler('consoleApi', {
  listTasks: staff(async (_event, actor) =>
    json(200, { tasks: await listTasksFor(deps, actor, deps.clock.now()) }),
  ),
  completeTask: staff(async (event, actor) => {
    const result = await completeTask(deps, {
      actor,
      taskId: pathParameter(event, 'taskId'),
      body: jsonBody(event),
    });
    logger.info('Task completed', { taskId: result.taskId, step: result.step, outcome: result.outcome });
    return json(200, result);
  }),
  listCases: staff(async (event, actor) => {
    const query = CaseListQuery.parse(event.queryStringParameters ?? {});
    const page = await listCasesFor(
      deps,
      actor,
      { ...query, assigneeId: query.assignee, breached: query.breached === 'true' },
      deps.clock.now(),
    );
    return json(200, page);
  }),
  searchCases: staff(async (event, actor) => {
    const { q } = SearchQuery.parse(event.queryStringParameters ?? {});
    return json(200, await findCases(deps, actor, q));
  }),
  getCase: staff(async (event, actor) =>
    json(
      200,
      await caseViewFor(deps, actor, pathParameter(event, 'id'), deps.clock.now(), {
        organizationName: deps.settings.organizationName,
        timeZone: deps.settings.timeZone,
      }),
    ),
  ),
  getCaseAccessLog: staff(async (event, actor) => {
    const page = PageQuery.parse(event.queryStringParameters ?? {});
    return json(200, await accessLogFor(deps, actor, pathParameter(event, 'id'), page));
  }),
  getAttachmentLink: staff(async (event, actor) =>
    json(
      200,
      await attachmentLink(deps, actor, pathParameter(event, 'id'), pathParameter(event, 'attachmentId')),
    ),
  ),
  withdrawCase: staff(async (event, actor) => {
    const { reason } = WithdrawRequest.parse(jsonBody(event));
    await withdrawCase(deps, { actor, caseId: pathParameter(event, 'id'), reason });
    return json(200, { caseId: pathParameter(event, 'id'), stage: 'withdrawn' });
  }),
  reopenCase: staff(async (event, actor) => {
    const { reason } = ReopenRequest.parse(jsonBody(event));
    const result = await reopenCase(deps, { actor, caseId: pathParameter(event, 'id'), reason });
    return json(200, { caseId: pathParameter(event, 'id'), ...result });
  }),
  extendCase: staff(async (event, actor) => {
    const request = ExtensionRequest.parse(jsonBody(event));
    return json(200, await requestExtension(deps, { actor, caseId: pathParameter(event, 'id'), request }));
  }),
  openCase: staff(async (event, actor) => {
    requireRole(actor, ['coordinator', 'manager'], 'open a case');
    const request = StaffCaseRequest.parse(jsonBody(event));
    const result = await submitComplaint(deps, {
      complaint: request.complaint,
      channel: request.channel,
      actor: actor.userId,
      resolvedAtFirstContact: request.resolvedAtFirstContact,
      idempotencyKey: idempotencyKeyOf(event),
    });
    return json(201, result, { Location: `/api/cases/${result.caseId}` });
  }),
  sendCaseMessage: staff(async (event, actor) => {
    const message = MessageRequest.parse(jsonBody(event));
    return json(201, await sendCaseMessage(deps, { actor, caseId: pathParameter(event, 'id'), message }));
  }),
  shareCaseMessage: staff(async (event, actor) => {
    const { shared } = ShareRequest.parse(jsonBody(event));
    const caseId = pathParameter(event, 'id');
    const correspondenceId = pathParameter(event, 'correspondenceId');
    return json(200, await shareCorrespondence(deps, { actor, caseId, correspondenceId, shared }));
  }),
  recordCaseNote: staff(async (event, actor) => {
    const note = NoteRequest.parse(jsonBody(event));
    return json(201, await recordCaseNote(deps, { actor, caseId: pathParameter(event, 'id'), note }));
  }),
  getDashboard: staff(async (_event, actor) =>
    json(200, await dashboardFor(deps, actor, deps.clock.now(), deps.settings.timeZone)),
  ),
  listStaff: staff(async (_event, actor) => json(200, await staffPicker(deps, actor))),
  getHospitalLists: staff(async () => {
    const [lists, changes] = await Promise.all([readLists(deps), deps.lists.recentChanges(20)]);
    return json(200, { lists, changes });
  }),
  changeHospitalList: staff(async (event, actor) => {
    const kind = ListKindParameter.parse(pathParameter(event, 'kind'));
    const request = ListChangeRequest.parse(jsonBody(event));
    return json(200, { lists: await changeList(deps, { actor, kind, request }) });
  }),
  listTemplates: staff(async (_event, actor) => json(200, await templatesForConsole(deps, actor))),
  changeTemplate: staff(async (event, actor) => {
    const request = TemplateChange.parse(jsonBody(event));
    const templates = await changeTemplate(deps, { actor, kind: pathParameter(event, 'kind'), request });
    return json(200, { templates });
  }),
  previewTemplate: staff(async (event, actor) => {
    const request = TemplatePreview.parse(jsonBody(event));
    return json(200, await previewTemplate(deps, { actor, kind: pathParameter(event, 'kind'), request }));
  }),
  codeCase: staff(async (event, actor) => {
    const coding = CodingInput.parse(jsonBody(event));
    return json(200, await codeCase(deps, { actor, caseId: pathParameter(event, 'id'), coding }));
  }),
  getCodeLists: staff(async () => {
    const [lists, changes] = await Promise.all([
      readCodeLists(deps),
      deps.documents.recentChanges(CODE_LISTS_DOCUMENT, 20),
    ]);
    return json(200, { lists, changes });
  }),
  changeCodeLists: staff(async (event, actor) => {
    const request = CodeListsChange.parse(jsonBody(event));
    return json(200, { lists: await changeCodeLists(deps, { actor, request }) });
  }),
  recordAuthority: staff(async (event, actor) => {
    const request = AuthorityRequest.parse(jsonBody(event));
    return json(200, await recordAuthority(deps, { actor, caseId: pathParameter(event, 'id'), request }));
  }),
  referCase: staff(async (event, actor) => {
    const request = ReferralRequest.parse(jsonBody(event));
    return json(201, await referCase(deps, { actor, caseId: pathParameter(event, 'id'), request }));
  }),
  createLearningAction: staff(async (event, actor) =>
    json(201, await createLearningAction(deps, actor, ActionRequest.parse(jsonBody(event)))),
  ),
  listLearningActions: staff(async (event, actor) =>
    json(200, await listLearningActions(deps, actor, ActionQuery.parse(event.queryStringParameters ?? {}))),
  ),
  updateLearningAction: staff(async (event, actor) => {
    const update = ActionUpdate.parse(jsonBody(event));
    return json(200, await updateLearningAction(deps, actor, pathParameter(event, 'actionId'), update));
  }),
  recordSecondStage: staff(async (event, actor) => {
    const request = SecondStageRequest.parse(jsonBody(event));
    return json(201, await recordSecondStage(deps, { actor, caseId: pathParameter(event, 'id'), request }));
  }),
  recordSecondStageOutcome: staff(async (event, actor) => {
    const request = SecondStageOutcomeRequest.parse(jsonBody(event));
    const caseId = pathParameter(event, 'id');
    const secondStageId = pathParameter(event, 'secondStageId');
    return json(200, await recordSecondStageOutcome(deps, { actor, caseId, secondStageId, request }));
  }),
  addCaseFiles: staff(async (event, actor) => {
    const request = StaffUploadRequest.parse(jsonBody(event));
    return json(201, await grantStaffUploads(deps, { actor, caseId: pathParameter(event, 'id'), request }));
  }),
  setCover: staff(async (event, actor) => {
    const request = CoverRequest.parse(jsonBody(event));
    return json(200, await setCover(deps, { actor, userId: pathParameter(event, 'userId'), request }));
  }),
  correctCase: staff(async (event, actor) => {
    const changes = CorrectionRequest.parse(jsonBody(event));
    return json(200, await correctCase(deps, { actor, caseId: pathParameter(event, 'id'), changes }));
  }),
  assignCase: staff(async (event, actor) => {
    const { assigneeId } = AssignRequest.parse(jsonBody(event));
    return json(200, await assignCase(deps, { actor, caseId: pathParameter(event, 'id'), assigneeId }));
  }),
});
