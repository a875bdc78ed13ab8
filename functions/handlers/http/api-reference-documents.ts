/**
 * The two documents apiReference answers, built from their sources: the OpenAPI document (the route table and
 * the zod schemas, openapi.ts) and the review workflow's map (the state machine definition). They are written to
 * api-reference.json by `npm run generate:api-reference`, so the function answers constants and loads neither
 * zod nor the schemas at init; test/unit/api-contract.test.ts fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import caseReviewDefinition from '../../../workflows/case-review.asl.json' with { type: 'json' };
import { workflowMap } from '../../core/review/workflow-map';
import { openApiDocument } from './openapi';

export const API_REFERENCE_FILE = join(import.meta.dirname, 'api-reference.json');

export function apiReferenceDocuments() {
  return { openapi: openApiDocument(), workflow: { states: workflowMap(caseReviewDefinition) } };
}

/**
 * What api-reference.json holds: each document already serialized, as the response body it becomes. A string
 * constant costs the function's init a scan; the same document as an object literal cost it 12 ms of building
 * objects (bench section 3).
 */
export function apiReferenceBodies(): Record<keyof ReturnType<typeof apiReferenceDocuments>, string> {
  const { openapi, workflow } = apiReferenceDocuments();
  return { openapi: JSON.stringify(openapi), workflow: JSON.stringify(workflow) };
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(API_REFERENCE_FILE, `${JSON.stringify(apiReferenceBodies(), null, 2)}\n`);
  process.stdout.write(`Wrote ${API_REFERENCE_FILE}\n`);
}
