/**
 * IdentityProvider on Cognito: the enabled members of each staff group (ListUsersInGroup, paged), one entry per
 * person with every group they are in as their roles. Locally the same calls reach the dev-user stand-in.
 */
import {
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES } from '../core/access/roles';
import type { IdentityProvider, StaffMember } from '../core/ports';

export class CognitoIdentity implements IdentityProvider {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async listStaffMembers(): Promise<StaffMember[]> {
    const members = new Map<string, StaffMember>();
    for (const role of ROLES) {
      let token: string | undefined;
      do {
        const page = await this.client.send(
          new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName: role, NextToken: token }),
        );
        for (const user of page.Users ?? []) {
          if (user.Enabled === false) continue;
          const attribute = (name: string) =>
            (user.Attributes ?? []).find((candidate: AttributeType) => candidate.Name === name)?.Value;
          const userId = attribute('sub');
          const email = attribute('email');
          if (!userId || !email) continue;
          const known = members.get(userId);
          if (known) known.roles.push(role);
          else members.set(userId, { userId, email, name: attribute('name') ?? email, roles: [role] });
        }
        token = page.NextToken;
      } while (token);
    }
    return [...members.values()];
  }
}
