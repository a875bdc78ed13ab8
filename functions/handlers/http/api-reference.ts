/**
 * The two descriptions the console and integrators read: the OpenAPI document (public) and the review workflow's
 * map, drawn from the state machine definition (staff). Static, so they need no data access; a function of their
 * own keeps the JSON Schema generator and the ASL file out of the console API's cold start.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import caseReviewDefinition from '../../../workflows/case-review.asl.json' with { type: 'json' };
import { workflowMap } from '../../core/review/workflow-map';
import { HttpError, json, problem } from './http-kit';
import { openApiDocument } from './openapi';
import { routedHandler } from './router';
import { actorFrom } from './staff-auth';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export const handler = routedHandler('apiReference', {
  getOpenApiDocument: async () => json(200, openApiDocument()),
  getWorkflowMap: async (event: Event) => {
    // The JWT authorizer has checked the token; this checks it names a member of staff, as every staff route does.
    if (!actorFrom(event)) {
      throw new HttpError(problem(401, 'Unauthorized', 'Sign in as a member of the patient relations team.'));
    }
    return json(200, { states: workflowMap(caseReviewDefinition) });
  },
});
