/**
 * The two descriptions the console and integrators read: the OpenAPI document (public) and the review workflow's
 * map (staff). Both are constants generated from their sources (api-reference-documents.ts), so this function
 * loads neither zod nor Powertools: it answers at the cost of reading a JSON file.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { API_OPERATIONS, type OperationsOf } from '../../manifest';
import documents from './api-reference.json' with { type: 'json' };
import { type HttpResponse, json, problem } from './responses';
import { actorFrom } from './staff-claims';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

/** Every operation of the function (the route table's), each answered below: a missing one fails to compile. */
const ANSWERS: { [K in OperationsOf<'apiReference'>]: (event: Event) => HttpResponse } = {
  getOpenApiDocument: () => json(200, documents.openapi),
  // The JWT authorizer has checked the token; this checks it names a member of staff, as every staff route does.
  getWorkflowMap: (event) =>
    actorFrom(event)
      ? json(200, documents.workflow)
      : problem(401, 'Unauthorized', 'Sign in as a member of the patient relations team.', {
          headers: { 'WWW-Authenticate': 'Bearer' },
        }),
};

const ROUTES = new Map(
  (Object.keys(ANSWERS) as OperationsOf<'apiReference'>[]).map((operation) => {
    const { method, path } = API_OPERATIONS[operation];
    return [`${method} ${path}`, operation];
  }),
);

export const handler = async (event: Event): Promise<HttpResponse> => {
  const operation = ROUTES.get(`${event.requestContext.http.method} ${event.requestContext.http.path}`);
  return operation
    ? ANSWERS[operation](event)
    : problem(404, 'Not Found', 'There is nothing at this address.');
};
