import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_STEPS } from '../../functions/core/case/case';
import { workflowMap } from '../../functions/core/review/workflow-map';

const definition = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'workflows', 'case-review.asl.json'), 'utf8'),
);

describe('the workflow map the console draws', () => {
  const map = workflowMap(definition);

  it('reaches every state of the definition from StartAt', () => {
    expect(map.map((state) => state.name).sort()).toEqual(Object.keys(definition.States).sort());
  });

  it('finds every human step, in the order a case meets them', () => {
    const steps = map.flatMap((state) => (state.step ? [state.step] : []));
    expect(new Set(steps)).toEqual(new Set(WORKFLOW_STEPS));
    expect(steps.indexOf('triage')).toBeLessThan(steps.indexOf('investigation'));
    expect(steps.indexOf('response')).toBeLessThan(steps.indexOf('approval'));
  });
});
