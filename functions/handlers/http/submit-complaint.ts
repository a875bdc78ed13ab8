/**
 * POST /api/complaints: the public intake (web form and integrations).
 * Thin: guards -> parse -> intake use case -> 201. Everything a complainant did wrong gets a 4xx saying what.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { z } from 'zod';
import { intakeDependencies, uploadDependencies } from '../../adapters/lifecycle-dependencies';
import { ComplaintInput, type FieldError, toFieldErrors } from '../../core/complaint';
import { submitComplaint } from '../../core/intake';
import { grantUploads } from '../../core/web-uploads';
import { FUNCTIONS } from '../../manifest';
import { logger, metrics } from '../../shared/observability';
import {
  HttpError,
  httpErrors,
  idempotencyKeyOf,
  json,
  jsonBodyGuard,
  MAX_BODY_BYTES,
  problem,
} from './http-kit';

const deps = intakeDependencies(FUNCTIONS.submitComplaint.settings);
const { uploads } = uploadDependencies(FUNCTIONS.submitComplaint.settings);

const SubmitComplaintEvent = APIGatewayProxyEventV2Schema.extend({ body: JSONStringified(ComplaintInput) });

/**
 * The parser reports zod issues with paths from the event down (`body.complainant.email`); the complainant
 * only knows the body's field names.
 */
function bodyFieldErrors(error: unknown): FieldError[] {
  const cause = (error as Error).cause;
  if (!Array.isArray(cause)) return [{ field: '', message: 'The request could not be read.' }];
  const bodyIssues = (cause as z.core.$ZodIssue[])
    .filter((issue) => issue.path[0] === 'body')
    .map((issue) => ({ ...issue, path: issue.path.slice(1) }));
  return toFieldErrors(bodyIssues).map((fieldError) =>
    fieldError.field === '' && /json/i.test(fieldError.message) && !/object/.test(fieldError.message)
      ? { field: '', message: 'The request body is not valid JSON.' }
      : fieldError,
  );
}

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrors())
  .use(jsonBodyGuard({ maxBytes: MAX_BODY_BYTES }))
  .use(parser({ schema: SubmitComplaintEvent, safeParse: true }))
  .handler(async (parsed) => {
    if (!parsed.success) {
      throw new HttpError(
        problem(400, 'Invalid complaint', 'Some fields need your attention.', {
          errors: bodyFieldErrors(parsed.error),
        }),
      );
    }
    const event = parsed.data;
    const idempotencyKey = idempotencyKeyOf(event as never);
    const result = await submitComplaint(deps, {
      complaint: event.body,
      channel: 'web',
      actor: 'complainant',
      idempotencyKey,
    });
    logger.info('Complaint received', {
      caseId: result.caseId,
      reference: result.reference,
      replayed: result.replayed,
    });
    if (!result.replayed) metrics.addMetric('ComplaintReceived', MetricUnit.Count, 1);
    const grants = await grantUploads(uploads, result, event.body.attachments, deps.clock.now());
    return json(
      201,
      {
        caseId: result.caseId,
        reference: result.reference,
        receivedAt: result.receivedAt,
        message: `Thank you. Your reference is ${result.reference}. We have sent you an email confirming what happens next.`,
        ...(grants.length > 0 ? { uploads: grants } : {}),
      },
      {
        Location: `/api/cases/${result.caseId}`,
        ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
    );
  });
