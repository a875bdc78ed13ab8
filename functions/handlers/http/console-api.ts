/**
 * The console's API (every /api/cases and /api/tasks route, the staff list, the dashboard and the complainant's
 * status page), one function behind @middy/http-router. Held mail (held-mail-api.ts) and the API and workflow
 * descriptions (api-reference.ts) have their own functions, so this one carries neither the mail parser nor
 * the JSON Schema generator. Thin: verify the caller, parse with the shared zod schemas, call the
 * lifecycle or the console queries, answer. Roles are enforced in the core, on the server.
 */
import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { mailIntakeDependencies } from '../../adapters/lifecycle-dependencies';
import { CASE_STAGES } from '../../core/case';
import {
  attachmentLink,
  caseViewFor,
  dashboardFor,
  listCasesFor,
  listTasksFor,
} from '../../core/console-queries';
import { recordCaseNote, sendCaseMessage } from '../../core/correspondence';
import { submitComplaint } from '../../core/intake';
import { completeTask, reopenCase, requestExtension, withdrawCase } from '../../core/lifecycle';
import { addStatusMessage, statusView } from '../../core/status-page';
import {
  ExtensionRequest,
  MessageRequest,
  NoteRequest,
  ReopenRequest,
  requireRole,
  StaffCaseRequest,
  WithdrawRequest,
} from '../../core/steps';
import { FUNCTIONS } from '../../manifest';
import { logger } from '../../shared/observability';
import { type HttpResponse, idempotencyKeyOf, json, jsonBody } from './http-kit';
import { routedHandler } from './router';
import { staffRoutes } from './staff-auth';

const mail = mailIntakeDependencies(FUNCTIONS.consoleApi.settings);
const { lifecycle: deps, intake } = mail;
type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Response = HttpResponse;

const staff = staffRoutes(deps.staff);

const param = (event: Event, name: string) => decodeURIComponent(event.pathParameters?.[name] ?? '');

const CaseListQuery = z.strictObject({
  stage: z.enum(CASE_STAGES).optional(),
  assignee: z.string().min(1).max(200).optional(),
  dueBefore: z.iso.datetime().optional(),
  breached: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

const StatusRequest = z.strictObject({ token: z.string().min(20).max(64) });
const StatusMessageRequest = StatusRequest.extend({
  text: z.string().trim().min(1, 'Write something to send.').max(10_000, 'Must be at most 10000 characters.'),
});

const routes: Route<Event, Response>[] = [
  // The complainant's status page: public routes, authorised by the private link's token in the body.
  {
    method: 'POST',
    path: '/api/status',
    handler: async (event: Event) => {
      const { token } = StatusRequest.parse(jsonBody(event));
      return json(200, await statusView(deps, token));
    },
  },
  {
    method: 'POST',
    path: '/api/status/messages',
    handler: async (event: Event) => {
      const { token, text } = StatusMessageRequest.parse(jsonBody(event));
      return json(201, await addStatusMessage(deps, token, text));
    },
  },
  {
    method: 'GET',
    path: '/api/tasks',
    handler: staff(async (_event, actor) =>
      json(200, { tasks: await listTasksFor(deps.cases, actor, deps.clock.now()) }),
    ),
  },
  {
    method: 'POST',
    path: '/api/tasks/{taskId}/complete',
    handler: staff(async (event, actor) => {
      const result = await completeTask(deps, {
        actor,
        taskId: param(event, 'taskId'),
        body: jsonBody(event),
      });
      logger.info('Task completed', { taskId: result.taskId, step: result.step, outcome: result.outcome });
      return json(200, result);
    }),
  },
  {
    method: 'GET',
    path: '/api/cases',
    handler: staff(async (event, actor) => {
      const query = CaseListQuery.parse(event.queryStringParameters ?? {});
      const page = await listCasesFor(
        deps.cases,
        actor,
        { ...query, assigneeId: query.assignee, breached: query.breached === 'true' },
        deps.clock.now(),
      );
      return json(200, page);
    }),
  },
  {
    method: 'GET',
    path: '/api/cases/{id}',
    handler: staff(async (event, actor) =>
      json(
        200,
        await caseViewFor(deps.cases, actor, param(event, 'id'), deps.clock.now(), {
          organizationName: deps.settings.organizationName,
          timeZone: deps.settings.timeZone,
        }),
      ),
    ),
  },
  {
    method: 'GET',
    path: '/api/cases/{id}/attachments/{attachmentId}',
    handler: staff(async (event, actor) =>
      json(
        200,
        await attachmentLink(deps.cases, mail.blobs, actor, param(event, 'id'), param(event, 'attachmentId')),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/withdraw',
    handler: staff(async (event, actor) => {
      const { reason } = WithdrawRequest.parse(jsonBody(event));
      await withdrawCase(deps, { actor, caseId: param(event, 'id'), reason });
      return json(200, { caseId: param(event, 'id'), stage: 'withdrawn' });
    }),
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/reopen',
    handler: staff(async (event, actor) => {
      const { reason } = ReopenRequest.parse(jsonBody(event));
      const result = await reopenCase(deps, { actor, caseId: param(event, 'id'), reason });
      return json(200, { caseId: param(event, 'id'), ...result });
    }),
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/extension',
    handler: staff(async (event, actor) => {
      const request = ExtensionRequest.parse(jsonBody(event));
      return json(200, await requestExtension(deps, { actor, caseId: param(event, 'id'), request }));
    }),
  },
  {
    method: 'POST',
    path: '/api/cases',
    handler: staff(async (event, actor) => {
      requireRole(actor, ['coordinator', 'manager'], 'open a case');
      const request = StaffCaseRequest.parse(jsonBody(event));
      const idempotencyKey = idempotencyKeyOf(event);
      const result = await submitComplaint(intake, {
        complaint: request.complaint,
        channel: request.channel,
        actor: actor.userId,
        resolvedAtFirstContact: request.resolvedAtFirstContact,
        idempotencyKey,
      });
      return json(201, result, { Location: `/api/cases/${result.caseId}` });
    }),
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/messages',
    handler: staff(async (event, actor) => {
      const message = MessageRequest.parse(jsonBody(event));
      return json(201, await sendCaseMessage(deps, { actor, caseId: param(event, 'id'), message }));
    }),
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/notes',
    handler: staff(async (event, actor) => {
      const note = NoteRequest.parse(jsonBody(event));
      return json(201, await recordCaseNote(deps, { actor, caseId: param(event, 'id'), note }));
    }),
  },
  {
    method: 'GET',
    path: '/api/dashboard',
    handler: staff(async (_event, actor) =>
      json(200, await dashboardFor(deps.cases, actor, deps.clock.now(), deps.settings.timeZone)),
    ),
  },
  {
    method: 'GET',
    path: '/api/staff',
    handler: staff(async () => {
      const members = await deps.staff.list();
      return json(200, {
        staff: members.map(({ userId, name, email, roles }) => ({ userId, name, email, roles })),
      });
    }),
  },
];

export const handler = routedHandler(routes);
