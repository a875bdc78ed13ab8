/**
 * Compile-time proof that the routers follow the route table (checked by `npm run typecheck`, not at run time):
 * each `@ts-expect-error` below fails the type check if the error it expects ever stops happening.
 */
import type { RouteHandler, RouteHandlers } from '../../functions/handlers/http/router';

const answer: RouteHandler = async () => ({ statusCode: 200, headers: {}, body: '' });

// A router that forgets one of its function's operations does not compile.
// @ts-expect-error getWorkflowMap is missing
export const missing: RouteHandlers<'apiReference'> = { getOpenApiDocument: answer };

// A router that serves another function's operation does not compile.
export const extra: RouteHandlers<'apiReference'> = {
  getOpenApiDocument: answer,
  getWorkflowMap: answer,
  // @ts-expect-error listTasks is consoleApi's
  listTasks: answer,
};
