/**
 * The answers every API handler gives: JSON, a file to download, or a problem (RFC 9457), each with the security
 * headers. No zod and no Powertools here, so a function that only answers (apiFallback) loads neither at init.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldError } from '../../core/intake/complaint';

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
  return jsonText(statusCode, JSON.stringify(body), headers);
}

/** A body already serialized as JSON (a generated constant). */
export function jsonText(
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body,
  };
}

/** A file to download (a letter's PDF): base64 for API Gateway, never cached, never rendered in place. */
export function download(body: Uint8Array, contentType: string, filename: string): HttpResponse {
  return {
    statusCode: 200,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
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
