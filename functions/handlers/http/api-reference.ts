/**
 * The two descriptions the console and integrators read: the OpenAPI document (public) and the review workflow's
 * map (staff). Both are response bodies generated from their sources (api-reference-documents.ts), so this function
 * loads neither zod nor Powertools, and serializes nothing: it answers at the cost of reading two strings.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { API_OPERATIONS, type OperationsOf } from '../../manifest';
import bodies from './api-reference.json' with { type: 'json' };
import { type HttpResponse, jsonText, problem } from './responses';
import { actorFrom } from './staff-claims';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

/** Every operation of the function (the route table's), each answered below: a missing one fails to compile. */
const ANSWERS: { [K in OperationsOf<'apiReference'>]: (event: Event) => HttpResponse } = {
  getOpenApiDocument: () => jsonText(200, bodies.openapi),
  // The JWT authorizer has checked the token; this checks it names a member of staff, as every staff route does.
  getWorkflowMap: (event) =>
    actorFrom(event)
      ? jsonText(200, bodies.workflow)
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
