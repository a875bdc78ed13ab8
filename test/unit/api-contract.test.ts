/**
 * One route table (functions/manifest.ts, API_OPERATIONS) drives the routers and the OpenAPI document. The
 * document passes Redocly's recommended rules with no errors, so generated clients get usable names, declared
 * path parameters, and to know which operations need no token. That a router must handle exactly its
 * function's operations is checked by the compiler (router-types.ts).
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
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
