/**
 * The complainant's private status page: public routes, authorised by the private link's token in the body (never
 * the URL). A function and role of its own, so an anonymous caller never runs with the console's grants.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { composeDependencies } from '../../adapters/composition-root';
import { addStatusMessage, statusView } from '../../core/status-page/status-page';
import { answerSurvey, SurveyAnswer } from '../../core/status-page/survey';
import { FUNCTIONS } from '../../manifest';
import { json, jsonBody } from './http-kit';
import { routedHandler } from './router';

const deps = composeDependencies(FUNCTIONS.statusPage.settings);

const StatusRequest = z.strictObject({ token: z.string().min(20).max(64) });
const SurveyRequest = StatusRequest.extend(SurveyAnswer.shape);
const StatusMessageRequest = StatusRequest.extend({
  text: z.string().trim().min(1, 'Write something to send.').max(10_000, 'Must be at most 10000 characters.'),
});

export const handler = routedHandler('statusPage', {
  getStatus: async (event: APIGatewayProxyEventV2) => {
    const { token } = StatusRequest.parse(jsonBody(event));
    return json(200, await statusView(deps, token));
  },
  addStatusMessage: async (event: APIGatewayProxyEventV2) => {
    const { token, text } = StatusMessageRequest.parse(jsonBody(event));
    return json(201, await addStatusMessage(deps, token, text));
  },
  answerSurvey: async (event: APIGatewayProxyEventV2) => {
    const { token, ...answer } = SurveyRequest.parse(jsonBody(event));
    return json(200, await answerSurvey(deps, token, answer));
  },
});
