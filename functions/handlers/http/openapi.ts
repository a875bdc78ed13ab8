/**
 * The API's OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with, so the
 * description cannot drift from what the server accepts. Served at GET /api/openapi.json.
 */
import * as z from 'zod';
import { ComplaintInput } from '../../core/complaint';
import {
  ExtensionRequest,
  MessageRequest,
  NoteRequest,
  ReopenRequest,
  STEP_DECISIONS,
  StaffCaseRequest,
  WithdrawRequest,
} from '../../core/steps';

const schema = (zodSchema: z.ZodType) => z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' });

const Problem = {
  type: 'object',
  properties: {
    status: { type: 'integer' },
    title: { type: 'string' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const problemResponses = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: 'Problem details (RFC 9457)',
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  );

const jsonBody = (zodSchema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: schema(zodSchema) } },
});

export function openApiDocument() {
  const staffOnly = { security: [{ staffToken: [] }] };
  const paths: Record<string, Record<string, unknown>> = {
    '/api/complaints': {
      post: {
        summary: 'Submit a complaint (public)',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: jsonBody(ComplaintInput),
        responses: {
          '201': {
            description:
              'Case created. With `attachments` listed, `uploads` grants one browser form POST per file (fields, then ' +
              'the file as `file`) straight to storage for 15 minutes; files are scanned before staff see them.',
          },
          ...problemResponses(400, 413, 415, 422),
        },
      },
    },
    '/api/status': {
      post: {
        summary:
          "The complainant's status page: stage, dates and their own messages (token from the private link)",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
            },
          },
        },
        responses: { '200': { description: 'Status' }, ...problemResponses(400, 404) },
      },
    },
    '/api/status/messages': {
      post: {
        summary: 'The complainant adds information from the status page',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['token', 'text'],
                properties: { token: { type: 'string' }, text: { type: 'string' } },
              },
            },
          },
        },
        responses: { '201': { description: 'Received' }, ...problemResponses(400, 404, 409) },
      },
    },
    '/api/health': {
      get: {
        summary: 'Readiness',
        responses: { '200': { description: 'Ready' }, '503': { description: 'Degraded' } },
      },
    },
    '/api/tasks': {
      get: {
        summary: 'Open human steps visible to the caller',
        ...staffOnly,
        responses: { '200': { description: 'Tasks' }, ...problemResponses(401) },
      },
    },
    '/api/tasks/{taskId}/complete': {
      post: {
        summary: 'Complete a human step; the body depends on the step',
        ...staffOnly,
        parameters: [{ name: 'taskId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { oneOf: Object.values(STEP_DECISIONS).map((decision) => schema(decision)) },
            },
          },
        },
        responses: { '200': { description: 'Completed' }, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    '/api/cases': {
      post: {
        summary: 'Open a case for a phone call, a walk-in or a letter (coordinators and managers)',
        ...staffOnly,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: jsonBody(StaffCaseRequest),
        responses: { '201': { description: 'Case created' }, ...problemResponses(400, 401, 403) },
      },
      get: {
        summary: 'Cases, filtered and paginated',
        ...staffOnly,
        parameters: ['stage', 'assignee', 'dueBefore', 'breached', 'limit', 'cursor'].map((name) => ({
          name,
          in: 'query',
          required: false,
          schema: { type: 'string' },
        })),
        responses: { '200': { description: 'A page of cases' }, ...problemResponses(400, 401) },
      },
    },
    '/api/cases/{id}/attachments/{attachmentId}': {
      get: {
        summary: 'A 5-minute download link for an attachment of the case',
        ...staffOnly,
        responses: { '200': { description: '{url, filename}' }, ...problemResponses(401, 403, 404) },
      },
    },
    '/api/cases/{id}/messages': {
      post: {
        summary: 'Email the complainant from the case (replies thread back)',
        ...staffOnly,
        requestBody: jsonBody(MessageRequest),
        responses: {
          '201': { description: 'Sent and recorded' },
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    '/api/cases/{id}/notes': {
      post: {
        summary: 'Record a phone call or a walk-in conversation',
        ...staffOnly,
        requestBody: jsonBody(NoteRequest),
        responses: { '201': { description: 'Recorded' }, ...problemResponses(400, 401, 403, 404) },
      },
    },
    '/api/dashboard': {
      get: {
        summary: 'Manager dashboard: open cases by stage, SLA compliance by month, breaches, volume',
        ...staffOnly,
        responses: { '200': { description: 'Dashboard' }, ...problemResponses(401, 403) },
      },
    },
    '/api/held': {
      get: {
        summary: 'Messages held for review, and quarantined ones',
        ...staffOnly,
        responses: { '200': { description: 'Held messages' }, ...problemResponses(401, 403) },
      },
    },
    '/api/held/{heldId}/place': {
      post: {
        summary: 'Place a held message on a case, as a new case, or discard it',
        ...staffOnly,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { type: 'object', required: ['caseId'], properties: { caseId: { type: 'string' } } },
                  { type: 'object', required: ['newCase'], properties: { newCase: { const: true } } },
                  { type: 'object', required: ['discard'], properties: { discard: { const: true } } },
                ],
              },
            },
          },
        },
        responses: {
          '200': { description: 'Placed or discarded' },
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    '/api/cases/{id}': {
      get: {
        summary: 'A case by caseId or reference, with deadlines, correspondence and timeline',
        ...staffOnly,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'The case' }, ...problemResponses(401, 403, 404) },
      },
    },
    '/api/cases/{id}/withdraw': {
      post: {
        summary: 'Withdraw a case at any step',
        ...staffOnly,
        requestBody: jsonBody(WithdrawRequest),
        responses: { '200': { description: 'Withdrawn' }, ...problemResponses(400, 401, 403, 409) },
      },
    },
    '/api/cases/{id}/reopen': {
      post: {
        summary: 'Reopen a closed case (a new execution)',
        ...staffOnly,
        requestBody: jsonBody(ReopenRequest),
        responses: { '200': { description: 'Reopened' }, ...problemResponses(400, 401, 403, 409) },
      },
    },
    '/api/cases/{id}/extension': {
      post: {
        summary: 'Extend the response deadline, telling the complainant why',
        ...staffOnly,
        requestBody: jsonBody(ExtensionRequest),
        responses: { '200': { description: 'Extended' }, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    '/api/workflow': {
      get: {
        summary: 'The review workflow as drawn by the console (from the state machine definition)',
        ...staffOnly,
        responses: { '200': { description: 'States in order' } },
      },
    },
    '/api/staff': {
      get: { summary: 'The staff directory', ...staffOnly, responses: { '200': { description: 'Staff' } } },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Liaison API', version: '1.0.0', description: 'Patient relations case desk' },
    components: { securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
