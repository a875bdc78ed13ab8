/**
 * Held mail in the console: GET /api/held lists what no rule could place safely (and what was quarantined), and
 * POST /api/held/{heldId}/place puts a message on a case, opens a case from it, or discards it. Its own function
 * because placing re-reads the raw message with the mail parser, which the rest of the console does not need.
 */
import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { mailIntakeDependencies } from '../../adapters/lifecycle-dependencies';
import { placeHeldMessage } from '../../core/mail-intake';
import { requireRole } from '../../core/steps';
import { FUNCTIONS } from '../../manifest';
import { type HttpResponse, json, jsonBody } from './http-kit';
import { routedHandler } from './router';
import { staffRoutes } from './staff-auth';

const mail = mailIntakeDependencies(FUNCTIONS.heldMailApi.settings);
const staff = staffRoutes(mail.lifecycle.staff);
type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

const HeldPlacement = z.union(
  [
    z.strictObject({ caseId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a case id') }),
    z.strictObject({ newCase: z.literal(true) }),
    z.strictObject({ discard: z.literal(true) }),
  ],
  { error: 'Give {"caseId": "..."}, {"newCase": true} or {"discard": true}.' },
);

const routes: Route<Event, HttpResponse>[] = [
  {
    method: 'GET',
    path: '/api/held',
    handler: staff(async (_event, actor) => {
      requireRole(actor, ['coordinator', 'manager'], 'see held messages');
      const [held, quarantined] = await Promise.all([
        mail.lifecycle.cases.listHeldMessages('held', 100),
        mail.lifecycle.cases.listHeldMessages('quarantined', 100),
      ]);
      return json(200, { held, quarantined });
    }),
  },
  {
    method: 'POST',
    path: '/api/held/{heldId}/place',
    handler: staff(async (event, actor) => {
      const placement = HeldPlacement.parse(jsonBody(event));
      const heldId = decodeURIComponent(event.pathParameters?.heldId ?? '');
      return json(200, await placeHeldMessage(mail, { actor, heldId, placement }));
    }),
  },
];

export const handler = routedHandler(routes);
