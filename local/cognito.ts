/**
 * The Cognito user pool's staff groups, locally: the dev users (identity.ts) answered over Cognito's own JSON
 * protocol, so the same refreshStaff function and Cognito adapter that run in AWS fill the local directory.
 * Only what Liaison calls is here: ListUsersInGroup, paged as Cognito pages it.
 */
import { createServer, type Server } from 'node:http';
import type { StaffMember } from '../functions/core/ports';
import { readBody, sendJson } from './http-util';
import { AccessDenied } from './iam';
import type { Authorize } from './ses';

export const LOCAL_USER_POOL_ID = 'us-east-1_LiaisonLocal';
const PAGE = 60;

export function createCognitoServer(
  users: () => readonly StaffMember[],
  authorize: Authorize = async () => undefined,
): Server {
  return createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const body = JSON.parse((await readBody(request)).toString() || '{}') as {
      UserPoolId?: string;
      GroupName?: string;
      Limit?: number;
      NextToken?: string;
    };
    if (target !== 'AWSCognitoIdentityProviderService.ListUsersInGroup') {
      sendJson(response, 400, {
        __type: 'InvalidParameterException',
        message: `Not supported locally: ${target}`,
      });
      return;
    }
    if (body.UserPoolId !== LOCAL_USER_POOL_ID) {
      sendJson(response, 400, { __type: 'ResourceNotFoundException', message: 'User pool does not exist.' });
      return;
    }
    try {
      await authorize(request.headers, [
        {
          action: 'cognito-idp:ListUsersInGroup',
          resource: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${LOCAL_USER_POOL_ID}`,
        },
      ]);
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
      sendJson(response, 400, { __type: 'AccessDeniedException', message: error.message });
      return;
    }
    const members = users().filter((user) => user.roles.includes(body.GroupName as never));
    const start = Number(body.NextToken ?? 0);
    const limit = Math.min(body.Limit ?? PAGE, PAGE);
    const page = members.slice(start, start + limit);
    sendJson(response, 200, {
      Users: page.map((user) => ({
        Username: user.userId,
        Enabled: true,
        UserStatus: 'CONFIRMED',
        Attributes: [
          { Name: 'sub', Value: user.userId },
          { Name: 'email', Value: user.email },
          { Name: 'name', Value: user.name },
        ],
      })),
      ...(start + limit < members.length ? { NextToken: String(start + limit) } : {}),
    });
  });
}
