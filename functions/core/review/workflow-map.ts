/**
 * The review workflow as the console draws it: the states of workflows/case-review.asl.json in the order a case
 * meets them, with the human steps marked, so the console shows where a case stands in the real definition.
 */
import { WORKFLOW_STEPS, type WorkflowStep } from '../case/case';

interface AslState {
  Type: string;
  Resource?: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Choices?: { Next: string }[];
  Catch?: { Next: string }[];
  Parameters?: { Payload?: { step?: string } };
}

export interface WorkflowMapState {
  name: string;
  type: string;
  /** The human step this state waits for, if it is one. */
  step?: WorkflowStep;
  next: string[];
}

/** Breadth-first from StartAt, so the order follows the happy path first. */
export function workflowMap(source: unknown): WorkflowMapState[] {
  const definition = source as { StartAt: string; States: Record<string, AslState> };
  const order: WorkflowMapState[] = [];
  const seen = new Set<string>();
  const queue = [definition.StartAt];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const state = definition.States[name];
    if (!state) continue;
    const next = [
      ...(state.Next ? [state.Next] : []),
      ...(state.Choices ?? []).map((choice) => choice.Next),
      ...(state.Default ? [state.Default] : []),
      ...(state.Catch ?? []).map((catcher) => catcher.Next),
    ];
    const step = state.Resource?.endsWith('.waitForTaskToken') ? state.Parameters?.Payload?.step : undefined;
    order.push({
      name,
      type: state.Type,
      step: WORKFLOW_STEPS.includes(step as WorkflowStep) ? (step as WorkflowStep) : undefined,
      next: [...new Set(next)],
    });
    queue.push(...next);
  }
  return order;
}
