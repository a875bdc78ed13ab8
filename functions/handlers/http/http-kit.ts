/**
 * The HTTP edge shared by every API handler: security headers, problem+json answers (RFC 9457), request
 * guards that run before parsing (415, 413) and the error mapper that turns anything unexpected into a 500
 * that names nothing internal.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { type FieldError, toFieldErrors } from '../../core/complaint';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors';
import { logger } from '../../shared/observability';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

/** API responses are data, never documents: nothing in them may be framed, sniffed or cached. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function problem(
  statusCode: number,
  title: string,
  detail?: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): HttpResponse {
  return {
    statusCode,
    headers: {
      'Content-Type': 'application/problem+json; charset=utf-8',
      ...SECURITY_HEADERS,
      ...extra.headers,
    },
    body: JSON.stringify({
      status: statusCode,
      title,
      ...(detail ? { detail } : {}),
      ...(extra.errors ? { errors: extra.errors } : {}),
    }),
  };
}

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
 * Rejects what must not reach the parser: non-JSON content (415) and bodies over the limit (413). Decodes a
 * base64 body so the parser always sees text.
 */
export function jsonBodyGuard(options: { maxBytes: number }): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: async (request) => {
      const event = request.event;
      const contentType = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
      if (contentType !== 'application/json') {
        throw new HttpError(
          problem(
            415,
            'Unsupported Media Type',
            'Send the complaint as JSON with Content-Type: application/json.',
          ),
        );
      }
      const raw = event.body ?? '';
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.byteLength > options.maxBytes) {
        throw new HttpError(
          problem(
            413,
            'Content Too Large',
            `The request body must be at most ${options.maxBytes / 1024} KB.`,
          ),
        );
      }
      if (event.isBase64Encoded) {
        event.body = bytes.toString('utf8');
        event.isBase64Encoded = false;
      }
    },
  };
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
