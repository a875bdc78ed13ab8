/**
 * The staff picker: who can take a case, by name and role, with their current caseload (open steps), so a
 * coordinator assigns by name, not by an identity-provider id. Coordinators and managers only, and no contact
 * details (minimum necessary).
 */
import { type Actor, requireRole } from '../access/roles';
import type { Deps } from '../dependencies';
import type { StaffMember } from '../ports';

export interface StaffChoice {
  userId: string;
  name: string;
  roles: StaffMember['roles'];
  /** Open steps assigned to them now. */
  openTasks: number;
}

export async function staffPicker(
  deps: Deps<'staff' | 'cases'>,
  actor: Actor,
): Promise<{ staff: StaffChoice[] }> {
  requireRole(actor, ['coordinator', 'manager'], 'list the staff directory');
  const members = await deps.staff.list();
  const staff = await Promise.all(
    members.map(async ({ userId, name, roles }) => ({
      userId,
      name,
      roles,
      openTasks: await deps.cases.countOpenTasks(userId),
    })),
  );
  return { staff };
}
