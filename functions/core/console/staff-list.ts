/**
 * The staff picker and the team page: who can take a case, by name and role, with their current caseload (open
 * steps) and any absence with its cover, so a coordinator assigns by name, not by an identity-provider id. Coordinators and managers only, and no contact
 * details (minimum necessary).
 */
import { awayOn, hospitalToday } from '../access/cover';
import { type Actor, requireRole } from '../access/roles';
import type { Deps } from '../dependencies';
import type { Absence, StaffMember } from '../ports';

export interface StaffChoice {
  userId: string;
  name: string;
  roles: StaffMember['roles'];
  /** Open steps assigned to them now. */
  openTasks: number;
  /** Away today, and who covers (assigning to them reaches their cover too). */
  away?: Pick<Absence, 'coverId' | 'coverName' | 'until'>;
}

export async function staffPicker(
  deps: Deps<'staff' | 'cases' | 'clock' | 'settings'>,
  actor: Actor,
): Promise<{ staff: StaffChoice[] }> {
  requireRole(actor, ['coordinator', 'manager'], 'list the staff directory');
  const members = await deps.staff.list();
  const today = hospitalToday(deps);
  const staff = await Promise.all(
    members.map(async (member) => {
      const away = awayOn(member, today);
      return {
        userId: member.userId,
        name: member.name,
        roles: member.roles,
        openTasks: await deps.cases.countOpenTasks(member.userId),
        ...(away ? { away: { coverId: away.coverId, coverName: away.coverName, until: away.until } } : {}),
      };
    }),
  );
  return { staff };
}
