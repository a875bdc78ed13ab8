/**
 * Held mail in the console: GET /api/held lists what no rule could place safely (and what was quarantined), and
 * POST /api/held/{heldId}/place puts a message on a case, opens a case from it, or discards it. Its own function
 * because placing re-reads the raw message with the mail parser, which the rest of the console does not need.
 */
import * as z from 'zod';
import { composeDependencies } from '../../adapters/composition-root';
import { requireRole } from '../../core/access/roles';
import { HeldPlacement, placeHeldMessage } from '../../core/mail/place-held-message';
import { FUNCTIONS } from '../../manifest';
import { json, jsonBody, pathParameter } from './http-kit';
import { routedHandler } from './router';
import { staffRoutes } from './staff-auth';

const deps = composeDependencies(FUNCTIONS.heldMailApi.settings);

const HeldQuery = z.strictObject({
  status: z.enum(['held', 'quarantined']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: z.string().max(2000).optional(),
});
const staff = staffRoutes(deps);

export const handler = routedHandler('heldMailApi', {
  listHeldMail: staff(async (event, actor) => {
    requireRole(actor, ['coordinator', 'manager'], 'see held messages');
    const query = HeldQuery.parse(event.queryStringParameters ?? {});
    if (query.status) {
      // One list, page by page.
      const page = await deps.heldMail.listHeldMessages(query.status, query.limit, query.cursor);
      return json(200, { [query.status]: page.messages, cursor: page.cursor });
    }
    const [held, quarantined] = await Promise.all([
      deps.heldMail.listHeldMessages('held', query.limit),
      deps.heldMail.listHeldMessages('quarantined', query.limit),
    ]);
    return json(200, {
      held: held.messages,
      quarantined: quarantined.messages,
      cursors: { held: held.cursor, quarantined: quarantined.cursor },
    });
  }),
  placeHeldMessage: staff(async (event, actor) => {
    const placement = HeldPlacement.parse(jsonBody(event));
    return json(
      200,
      await placeHeldMessage(deps, { actor, heldId: pathParameter(event, 'heldId'), placement }),
    );
  }),
});
