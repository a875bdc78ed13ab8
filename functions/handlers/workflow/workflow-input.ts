/** What the review workflow passes to its Lambda tasks: ids, step names and clock facts, never PHI. */
import * as z from 'zod';
import { WORKFLOW_STEPS } from '../../core/case/case';
import { CORRESPONDENCE_ACTIONS } from '../../core/review/send-correspondence';

export const CaseTaskInput = z.strictObject({
  caseId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID'),
});

/** "Open the case" also gets its execution's ARN ($$.Execution.Id), to record that it runs. */
export const OpenCaseInput = CaseTaskInput.extend({
  executionArn: z
    .string()
    .regex(/^arn:[\w-]+:states:[\w-]+:\d{12}:execution:[\w-]{1,80}:[\w-]{1,80}$/, 'an execution ARN'),
});

export const HumanTaskInput = CaseTaskInput.extend({
  step: z.enum(WORKFLOW_STEPS),
  taskToken: z.string().min(1).max(1024),
});

export const ClockInput = CaseTaskInput.extend({
  step: z.enum(WORKFLOW_STEPS),
  rounds: z.number().int().min(0),
});

export const FireClockInput = ClockInput.extend({ event: z.string().min(1).max(64) });

export const CorrespondenceInput = CaseTaskInput.extend({
  action: z.enum(CORRESPONDENCE_ACTIONS),
  /** The execution's name: a reopened case's review may send its own response. */
  execution: z.string().min(1).max(80),
});

export const AttentionInput = CaseTaskInput.extend({
  /** The failed step's error name (never its message). */
  error: z.string().min(1).max(300),
  execution: z.string().min(1).max(80),
});
