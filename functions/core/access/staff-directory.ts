/**
 * The staff directory follows the identity provider (Cognito's groups in AWS, the dev users locally): everyone in
 * a staff group is assignable before their first sign-in; someone removed from every group, or disabled, stops
 * being assignable (kept, marked inactive, so past cases still name them); roles follow the groups. Run on a
 * schedule and at deployment; a sign-in also adds a person the directory has not seen yet (staff-auth.ts).
 */
import type { Deps } from '../dependencies';
import type { StaffMember } from '../ports';

export interface DirectoryRefresh {
  added: number;
  updated: number;
  deactivated: number;
}

export async function refreshStaffDirectory(deps: Deps<'staff' | 'identity'>): Promise<DirectoryRefresh> {
  const current = await deps.identity.listStaffMembers();
  const known = new Map(
    (await deps.staff.list({ includeInactive: true })).map((member) => [member.userId, member]),
  );
  const outcome: DirectoryRefresh = { added: 0, updated: 0, deactivated: 0 };
  for (const member of current) {
    const before = known.get(member.userId);
    known.delete(member.userId);
    const next: StaffMember = { ...before, ...member, active: true };
    if (!before) outcome.added += 1;
    else if (same(before, next)) continue;
    else outcome.updated += 1;
    await deps.staff.upsert(next);
  }
  for (const gone of known.values()) {
    if (gone.active === false) continue;
    await deps.staff.upsert({ ...gone, roles: [], active: false });
    outcome.deactivated += 1;
  }
  return outcome;
}

function same(a: StaffMember, b: StaffMember): boolean {
  return (
    a.name === b.name &&
    a.email === b.email &&
    a.active !== false &&
    [...a.roles].sort().join() === [...b.roles].sort().join()
  );
}
