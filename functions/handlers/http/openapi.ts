/**
 * The API's OpenAPI 3.1 document, generated from the route table (manifest.ts) and the same zod schemas the
 * handlers validate with, so the description cannot drift from what the server accepts. Served at
 * GET /api/openapi.json. Each operation must be described in openapi-operations.ts (a missing or extra one fails
 * to compile); its path parameters, operationId and security come from the table. Checked with Redocly's
 * recommended rules.
 */
import { API_OPERATIONS, type ApiRoute, type OperationId } from '../../manifest';
import { OPERATIONS, type OperationDoc, schema, TAGS } from './openapi-operations';

const PROBLEM = {
  type: 'object',
  properties: {
    status: { type: 'integer' },
    title: { type: 'string' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function operation(operationId: OperationId, route: ApiRoute, doc: OperationDoc) {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const parameters = [
    ...pathParameters,
    ...(doc.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
    ...(doc.idempotencyKey
      ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }]
      : []),
  ];
  const problems = route.auth === 'staff' ? [401, ...doc.problems] : doc.problems;
  return {
    operationId,
    summary: doc.summary,
    tags: [doc.tag],
    // Public operations say so: no security requirement, rather than none stated.
    security: route.auth === 'staff' ? [{ staffToken: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schema(doc.body) } } } }
      : {}),
    responses: {
      [String(doc.success[0])]: { description: doc.success[1] },
      ...Object.fromEntries(
        [...new Set(problems)].sort().map((code) => [
          String(code),
          {
            description: 'Problem details (RFC 9457)',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(API_OPERATIONS) as [OperationId, ApiRoute][]) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(
      operationId,
      route,
      OPERATIONS[operationId],
    );
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Liaison API',
      version: '1.0.0',
      description: 'Patient relations case desk',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    // Same origin as the pages: the console and the form call /api on the host that served them.
    servers: [{ url: '/', description: 'The deployment that serves this document' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: PROBLEM },
    },
    paths,
  };
}
