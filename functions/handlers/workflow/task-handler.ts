/**
 * The middy stack of every workflow task: the Lambda context in the logs, the input checked against its schema, and
 * metrics flushed after each invocation (the composition root's observer may add one in any function).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type * as z from 'zod';
import { flushMetrics, logger } from '../../shared/observability';

export function taskHandler<Schema extends z.ZodType, Result>(
  schema: Schema,
  run: (input: z.infer<Schema>) => Promise<Result>,
) {
  return middy()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushMetrics())
    .use(parser({ schema }))
    .handler(async (input: unknown) => run(input as z.infer<Schema>));
}
