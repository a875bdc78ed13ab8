/** The staff directory follows the identity provider's groups (use case on in-memory ports). */
import { describe, expect, it } from 'vitest';
import { refreshStaffDirectory } from '../../functions/core/access/staff-directory';
import type { StaffMember } from '../../functions/core/ports';
import { type MemoryIdentity, memoryDependencies } from '../support/memory';

const casey: StaffMember = {
  userId: 'u-casey',
  email: 'casey@example.org',
  name: 'Casey',
  roles: ['coordinator'],
};
const riley: StaffMember = {
  userId: 'u-riley',
  email: 'riley@example.org',
  name: 'Riley',
  roles: ['representative'],
};

describe('refreshing the staff directory', () => {
  it('adds group members before their first sign-in, follows role changes, and deactivates the removed', async () => {
    const deps = memoryDependencies();
    const identity = deps.identity as MemoryIdentity;
    identity.members = [casey, riley];
    expect(await refreshStaffDirectory(deps)).toEqual({ added: 2, updated: 0, deactivated: 0 });
    expect((await deps.staff.list()).map((member) => member.userId)).toEqual(['u-casey', 'u-riley']);

    // Riley is promoted; Casey leaves.
    identity.members = [{ ...riley, roles: ['representative', 'coordinator'] }];
    expect(await refreshStaffDirectory(deps)).toEqual({ added: 0, updated: 1, deactivated: 1 });
    expect(await deps.staff.list()).toEqual([
      expect.objectContaining({ userId: 'u-riley', roles: ['representative', 'coordinator'], active: true }),
    ]);
    // Casey stays on record for past cases, without roles, and is not assignable.
    expect(await deps.staff.get('u-casey')).toMatchObject({ name: 'Casey', roles: [], active: false });

    // Nothing changed: nothing written. Casey comes back: active again.
    expect(await refreshStaffDirectory(deps)).toEqual({ added: 0, updated: 0, deactivated: 0 });
    identity.members = [riley, casey];
    expect(await refreshStaffDirectory(deps)).toEqual({ added: 0, updated: 2, deactivated: 0 });
    expect((await deps.staff.get('u-casey'))?.active).toBe(true);
  });
});
