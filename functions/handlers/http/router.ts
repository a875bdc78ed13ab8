/**
 * The middy stack of an API function that serves several routes: logging, metrics, error answers, then routing.
 * The routes come from the route table (manifest.ts, API_OPERATIONS): a function passes one handler per
 * operation it serves, by operationId, and the compiler refuses a missing or an extra one.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpRouterHandler, { type Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { API_OPERATIONS, type FunctionName, type OperationsOf } from '../../manifest';
import { flushMetrics, logger } from '../../shared/observability';
import { HttpError, type HttpResponse, httpErrors, problem } from './http-kit';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export type RouteHandler = (event: Event) => Promise<HttpResponse>;

export type RouteHandlers<F extends FunctionName> = { [K in OperationsOf<F>]: RouteHandler };

export function routedHandler<F extends FunctionName>(_function: F, handlers: RouteHandlers<F>) {
  const routes: Route<Event, HttpResponse>[] = (
    Object.entries(handlers) as [OperationsOf<F>, RouteHandler][]
  ).map(([operationId, handler]) => {
    const { method, path } = API_OPERATIONS[operationId];
    return { method, path, handler };
  });
  return middy<Event, HttpResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushMetrics())
    .use(httpErrors())
    .handler(
      httpRouterHandler<Event, HttpResponse>({
        routes,
        notFoundResponse: () => {
          throw new HttpError(problem(404, 'Not Found', 'There is nothing at this address.'));
        },
      }) as never,
    );
}
