/**
 * The API's default route: anything no route matched. Answers 405 with Allow when the path exists under
 * another method, else 404, in the same problem+json shape as every other error.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { API_ROUTES, matchRoutePath } from '../../manifest';
import { problem } from './responses';

export const handler = middy<APIGatewayProxyEventV2>().handler(async (event) => {
  const path = event.requestContext.http.path;
  const allowed = API_ROUTES.filter((route) => matchRoutePath(route.path, path)).map((route) => route.method);
  if (allowed.length > 0) {
    return problem(405, 'Method Not Allowed', `Use ${allowed.join(' or ')} for this address.`, {
      headers: { Allow: allowed.join(', ') },
    });
  }
  return problem(404, 'Not Found', 'There is nothing at this address.');
});
