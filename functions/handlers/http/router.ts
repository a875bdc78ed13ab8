/** The middy stack of an API function that serves several routes: logging, metrics, error answers, then routing. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import httpRouterHandler, { type Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { logger, metrics } from '../../shared/observability';
import { HttpError, type HttpResponse, httpErrors, problem } from './http-kit';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

export function routedHandler(routes: Route<Event, HttpResponse>[]) {
  return middy<Event, HttpResponse>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
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
