/**
 * Held mail in the console: GET /api/held lists what no rule could place safely (and what was quarantined), and
 * POST /api/held/{heldId}/place puts a message on a case, opens a case from it, or discards it. Its own function
 * because placing re-reads the raw message with the mail parser, which the rest of the console does not need.
 */
import { composeDependencies } from '../../adapters/composition-root';
import { requireRole } from '../../core/access/roles';
import { HeldPlacement, placeHeldMessage } from '../../core/mail/place-held-message';
import { FUNCTIONS } from '../../manifest';
import { json, jsonBody, pathParameter } from './http-kit';
import { routedHandler } from './router';
import { staffRoutes } from './staff-auth';

const deps = composeDependencies(FUNCTIONS.heldMailApi.settings);
const staff = staffRoutes(deps.staff);

export const handler = routedHandler('heldMailApi', {
  listHeldMail: staff(async (_event, actor) => {
    requireRole(actor, ['coordinator', 'manager'], 'see held messages');
    const [held, quarantined] = await Promise.all([
      deps.heldMail.listHeldMessages('held', 100),
      deps.heldMail.listHeldMessages('quarantined', 100),
    ]);
    return json(200, { held, quarantined });
  }),
  placeHeldMessage: staff(async (event, actor) => {
    const placement = HeldPlacement.parse(jsonBody(event));
    return json(
      200,
      await placeHeldMessage(deps, { actor, heldId: pathParameter(event, 'heldId'), placement }),
    );
  }),
});
