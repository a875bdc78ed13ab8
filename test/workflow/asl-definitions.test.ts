/**
 * Static rules for every workflows/*.asl.json: what deploys to AWS must also run locally, and must keep PHI out.
 * aws-local-stepfunctions silently ignores JSONata and variables, so a definition using them would pass locally
 * and behave differently in AWS (shared notes, local-aws.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WAIT_SECONDS } from '../../functions/core/sla/clock-events';
import { FUNCTIONS } from '../../functions/manifest';
import { type AslDefinition, MAX_TIMER_SECONDS } from '../../local/stepfunctions/engine';

const dir = join(import.meta.dirname, '..', '..', 'workflows');
const files = readdirSync(dir).filter((file) => file.endsWith('.asl.json'));
const JSONATA_FIELDS = ['QueryLanguage', 'Arguments', 'Output', 'Assign'];
/** The only state paths a Lambda payload may read: ids and the clock's own numbers, never case content. */
const ALLOWED_PATHS = [
  '$.caseId',
  '$$.Task.Token',
  '$$.Execution.Name',
  // The execution's ARN, which "Open the case" records on the case.
  '$$.Execution.Id',
  '$.clock.rounds',
  '$.clock.event',
  // The name of the error a failed step raised (never its message, which could quote data).
  '$.failure.Error',
];

type State = Record<string, unknown>;
function statesOf(definition: AslDefinition): [string, State][] {
  return Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...((state.Branches as AslDefinition[] | undefined) ?? []).flatMap(statesOf),
    ...(state.ItemProcessor ? statesOf(state.ItemProcessor as AslDefinition) : []),
  ]);
}

describe.each(files)('%s', (file) => {
  const text = readFileSync(join(dir, file), 'utf8');
  const definition = JSON.parse(text) as AslDefinition & State;

  it('uses JSONPath only (no JSONata, no variables)', () => {
    const offending = [definition, ...statesOf(definition).map(([, state]) => state)].flatMap((node) =>
      JSONATA_FIELDS.filter((field) => field in node),
    );
    expect(offending).toEqual([]);
    expect(text).not.toMatch(/\{%/);
  });

  it('names only placeholders the manifest defines, so infra and the local runner can fill them', () => {
    const known = new Set(
      Object.values(FUNCTIONS).flatMap((spec) =>
        'workflowPlaceholder' in spec ? [spec.workflowPlaceholder] : [],
      ),
    );
    const used = [...text.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(known).toContain(name);
  });

  it('gives every Task an explicit timeout the local runner can honour (it defaults to 60 s, AWS to none)', () => {
    for (const [name, state] of statesOf(definition)) {
      if (state.Type !== 'Task') continue;
      if (state.TimeoutSecondsPath !== undefined) {
        // Planned by planStepClock, which never asks for more than MAX_WAIT_SECONDS.
        expect(state.TimeoutSecondsPath, name).toBe('$.clock.waitSeconds');
        expect(MAX_WAIT_SECONDS).toBeLessThanOrEqual(MAX_TIMER_SECONDS);
        continue;
      }
      expect(state.TimeoutSeconds, name).toBeTypeOf('number');
      expect(state.TimeoutSeconds as number, name).toBeLessThanOrEqual(MAX_TIMER_SECONDS);
    }
  });

  it('lets every human step end by withdrawal, and every clock wait by its timeout', () => {
    for (const [name, state] of statesOf(definition)) {
      if (!String(state.Resource).endsWith('.waitForTaskToken')) continue;
      const catches = (state.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => c.ErrorEquals[0]);
      expect(catches, name).toEqual(['States.Timeout', 'Liaison.CaseWithdrawn', 'States.ALL']);
    }
  });

  it('flags the case for attention when any task fails for good, never leaving it without a clock unseen', () => {
    const flag = 'Flag the case for attention';
    if (!definition.States[flag]) return; // a workflow without tasks of a case
    for (const [name, state] of statesOf(definition)) {
      if (state.Type !== 'Task' || name === flag) continue;
      const catches = (state.Catch as { ErrorEquals: string[]; Next: string }[]) ?? [];
      expect(catches.at(-1), name).toMatchObject({ ErrorEquals: ['States.ALL'], Next: flag });
    }
    expect(definition.States[flag]?.Next).toBe('Needs attention');
    expect(definition.States['Needs attention']).toMatchObject({
      Type: 'Fail',
      Error: 'Liaison.NeedsAttention',
    });
  });

  it('passes Lambda tasks ids only: every Payload is built from ids, clock facts and fixed values', () => {
    for (const [name, state] of statesOf(definition)) {
      const payload = (state.Parameters as { Payload?: Record<string, unknown> } | undefined)?.Payload;
      if (!payload) continue;
      for (const [key, value] of Object.entries(payload)) {
        if (!key.endsWith('.$')) continue;
        expect(ALLOWED_PATHS, `${name}.${key}`).toContain(value);
      }
    }
  });
});
