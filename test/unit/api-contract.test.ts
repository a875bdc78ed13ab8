/**
 * One route table (functions/manifest.ts, API_OPERATIONS) drives the routers and the OpenAPI document. The
 * document passes Redocly's recommended rules with no errors, so generated clients get usable names, declared
 * path parameters, and to know which operations need no token. That a router must handle exactly its
 * function's operations is checked by the compiler (router-types.ts).
 */
import { readFile } from 'node:fs/promises';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/handlers/http/api-reference';
import {
  API_REFERENCE_FILE,
  apiReferenceBodies,
  apiReferenceDocuments,
} from '../../functions/handlers/http/api-reference-documents';
import { openApiDocument } from '../../functions/handlers/http/openapi';
import { API_OPERATIONS, API_ROUTES } from '../../functions/manifest';

type Operation = {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string }[];
};

const document = openApiDocument();
const operationAt = (path: string, method: string) =>
  (document.paths as Record<string, Record<string, Operation>>)[path]?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended rules with no errors", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config,
    });
    const errors = problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('describes every route of the table under its operationId, with its path parameters and security', () => {
    for (const route of API_ROUTES) {
      const operation = operationAt(route.path, route.method);
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      const declared = (operation?.parameters ?? []).filter((parameter) => parameter.in === 'path');
      expect(declared.map((parameter) => parameter.name)).toEqual(
        [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name),
      );
      expect(operation?.security).toEqual(route.auth === 'staff' ? [{ staffToken: [] }] : []);
    }
    const described = Object.values(document.paths).flatMap((methods) => Object.keys(methods as object));
    expect(described).toHaveLength(API_ROUTES.length);
  });

  it('names a server, so clients resolve the paths against the deployment that served the document', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });
});

describe('the route table', () => {
  it('gives each operation a unique method and path', () => {
    const keys = API_ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(API_OPERATIONS)).toHaveLength(API_ROUTES.length);
  });
});

describe('apiReference, which answers constants', () => {
  it('answers the documents as their sources give them now (else: npm run generate:api-reference)', async () => {
    const stored = JSON.parse(await readFile(API_REFERENCE_FILE, 'utf8'));
    expect(stored, 'api-reference.json is stale: run npm run generate:api-reference').toEqual(
      apiReferenceBodies(),
    );
    // Each body is the document, serialized.
    const documents = JSON.parse(JSON.stringify(apiReferenceDocuments()));
    expect(JSON.parse(stored.openapi)).toEqual(documents.openapi);
    expect(JSON.parse(stored.workflow)).toEqual(documents.workflow);
  });

  it('serves the OpenAPI document to anyone, the workflow map to staff only, and 404 for anything else', async () => {
    const event = (method: string, path: string, claims?: Record<string, string>) =>
      ({
        requestContext: { http: { method, path }, ...(claims ? { authorizer: { jwt: { claims } } } : {}) },
      }) as never;
    const openapi = await handler(event('GET', '/api/openapi.json'));
    expect(openapi.statusCode).toBe(200);
    expect(JSON.parse(openapi.body as string).info.title).toBe((document.info as { title: string }).title);
    expect((await handler(event('GET', '/api/workflow'))).statusCode).toBe(401);
    const staff = { sub: 'u-1', email: 'casey@example.org', 'cognito:groups': '[coordinator]' };
    const map = await handler(event('GET', '/api/workflow', staff));
    expect(map.statusCode).toBe(200);
    expect(JSON.parse(map.body as string).states.length).toBeGreaterThan(10);
    expect((await handler(event('POST', '/api/openapi.json'))).statusCode).toBe(404);
  });
});
