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

if (process.argv[1] === import.meta.filename) {
  writeFileSync(API_REFERENCE_FILE, `${JSON.stringify(apiReferenceDocuments(), null, 2)}\n`);
  process.stdout.write(`Wrote ${API_REFERENCE_FILE}\n`);
}
