/**
 * Who read a case. Every view of a case and every attachment link is recorded before the data is returned: a
 * read that cannot be recorded is not served (HIPAA 164.312(b), audit controls). Coordinators and managers read a
 * case's log (GET /api/cases/{id}/access-log).
 */
import type { Deps } from '../dependencies';
import type { AccessRecord } from '../ports';
import { type Actor, requireRole } from './roles';

export async function recordRead(
  deps: Deps<'accessLog' | 'clock' | 'ids'>,
  actor: Actor,
  caseId: string,
  action: AccessRecord['action'],
  detail?: string,
): Promise<void> {
  await deps.accessLog.record({
    caseId,
    at: deps.clock.now().toISOString(),
    accessId: deps.ids.newId(),
    userId: actor.userId,
    action,
    sourceIp: actor.sourceIp,
    detail,
  });
}

export async function accessLogFor(
  deps: Deps<'cases' | 'accessLog'>,
  actor: Actor,
  caseId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: Omit<AccessRecord, 'caseId' | 'accessId'>[]; cursor?: string }> {
  requireRole(actor, ['coordinator', 'manager'], "read a case's access log");
  const { items, cursor } = await deps.accessLog.list(caseId, page.limit, page.cursor);
  return {
    items: items.map(({ at, userId, action, sourceIp, detail }) => ({
      at,
      userId,
      action,
      sourceIp,
      detail,
    })),
    cursor,
  };
}
