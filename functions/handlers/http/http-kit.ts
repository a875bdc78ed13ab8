/**
 * The HTTP edge shared by every API handler: security headers, problem+json answers (RFC 9457), request
 * guards that run before parsing (415, 413) and the error mapper that turns anything unexpected into a 500
 * that names nothing internal.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidRequestError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors';
import { toFieldErrors } from '../../core/intake/complaint';
import { logger } from '../../shared/observability';
import { type HttpResponse, problem } from './responses';

export { download, type HttpResponse, json, problem, SECURITY_HEADERS } from './responses';

/** Thrown by guards and handlers to answer with a specific status. */
export class HttpError extends Error {
  constructor(readonly response: HttpResponse) {
    super(response.statusCode.toString());
    this.name = 'HttpError';
  }
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * A path parameter of the matched route, as the gateway passed it: API Gateway has decoded it already, so it is
 * not decoded again (`/api/cases/%25` is the id `%`, a case that does not exist, not a malformed escape).
 */
export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  return event.pathParameters?.[name] ?? '';
}

/** Far above any real complaint or step (10,000-character texts), far below abuse. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request body as text, or the answer for what must not reach a parser: non-JSON content (415) and bodies
 * over the limit (413). Decodes a base64 body (API Gateway encodes some).
 */
export function jsonBodyText(event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): string {
  const contentType = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new HttpError(
      problem(415, 'Unsupported Media Type', 'Send JSON with Content-Type: application/json.'),
    );
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new HttpError(
      problem(413, 'Content Too Large', `The request body must be at most ${maxBytes / 1024} KB.`),
    );
  }
  return bytes.toString('utf8');
}

/** The parsed JSON body, or 400 when it is not JSON. */
export function jsonBody(event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): unknown {
  const text = jsonBodyText(event, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(
      problem(400, 'Invalid request', 'The request body is not valid JSON.', {
        errors: [{ field: '', message: 'The request body is not valid JSON.' }],
      }),
    );
  }
}

/** The Idempotency-Key header, checked; 400 when present but malformed. */
export function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const key = header(event, 'idempotency-key');
  if (key !== undefined && !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
    const message = 'Use 8 to 128 letters, digits, or . _ : - characters.';
    throw new HttpError(
      problem(400, 'Invalid Idempotency-Key', message, { errors: [{ field: 'Idempotency-Key', message }] }),
    );
  }
  return key;
}

/** Maps errors to answers. Unknown errors become a bare 500; their name (never their data) is logged. */
export function httpErrors(): MiddlewareObj<unknown, HttpResponse> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof HttpError) {
        request.response = error.response;
      } else if (error instanceof IdempotencyKeyReusedError) {
        request.response = problem(422, 'Idempotency-Key reused', error.message);
      } else if (error instanceof ConflictError) {
        request.response = problem(409, 'Conflict', error.message);
      } else if (error instanceof NotFoundError) {
        request.response = problem(404, 'Not Found', error.message);
      } else if (error instanceof ForbiddenError) {
        request.response = problem(403, 'Forbidden', error.message);
      } else if (error instanceof InvalidRequestError) {
        request.response = problem(400, 'Invalid request', error.message, { errors: error.errors });
      } else if (error instanceof RuleViolationError) {
        request.response = problem(422, 'Rule not met', error.message, { errors: error.errors });
      } else if (error instanceof z.ZodError) {
        request.response = problem(400, 'Invalid request', 'Some fields need your attention.', {
          errors: toFieldErrors(error),
        });
      } else {
        logger.error('Unhandled error', { errorName: (error as Error)?.name });
        request.response = problem(
          500,
          'Internal Server Error',
          'Something went wrong on our side. Please try again.',
        );
      }
    },
  };
}
