/**
 * What a completion must say for each human step (zod schemas shared by the API, the OpenAPI document and the
 * console), and which step module applies it. One file per step in ./steps, named after its `Wait for` state.
 */
import type * as z from 'zod';
import type { CaseRecord, WorkflowStep } from '../case/case';
import type { Deps } from '../dependencies';
import { ApprovalDecision, decideApproval } from './steps/approval';
import { AwaitingComplainantDecision, decideAwaitingComplainant } from './steps/awaiting-complainant';
import { BillingDecision, decideBilling } from './steps/billing';
import { ClosureDecision, decideClosure } from './steps/closure';
import { decideInvestigation, InvestigationDecision } from './steps/investigation';
import { decidePassOn, PassOnDecision } from './steps/pass-on';
import { decidePropertyHeld, PropertyHeldDecision } from './steps/property-held';
import { decidePropertySearch, PropertySearchDecision } from './steps/property-search';
import { decideRequest, RequestDecision } from './steps/request';
import { decideResponse, ResponseDecision } from './steps/response';
import type { DecisionContext, StepResult } from './steps/step-result';
import { decideResolution, ResolutionDecision } from './steps/track-step';
import { decideTriage, TriageDecision } from './steps/triage';

export {
  ApprovalDecision,
  AwaitingComplainantDecision,
  BillingDecision,
  ClosureDecision,
  InvestigationDecision,
  PassOnDecision,
  PropertyHeldDecision,
  PropertySearchDecision,
  RequestDecision,
  ResolutionDecision,
  ResponseDecision,
  TriageDecision,
};

export const STEP_DECISIONS = {
  triage: TriageDecision,
  investigation: InvestigationDecision,
  'awaiting-complainant': AwaitingComplainantDecision,
  response: ResponseDecision,
  approval: ApprovalDecision,
  closure: ClosureDecision,
  concern: ResolutionDecision,
  request: RequestDecision,
  appointment: ResolutionDecision,
  billing: BillingDecision,
  'property-search': PropertySearchDecision,
  'property-held': PropertyHeldDecision,
  'pass-on': PassOnDecision,
} as const satisfies Record<WorkflowStep, z.ZodType>;

export type StepDecision = {
  [S in WorkflowStep]: { step: S; decision: z.output<(typeof STEP_DECISIONS)[S]> };
}[WorkflowStep];

/** Validates a completion's body against its step's schema (throws the ZodError, answered as 400). */
export function parseDecision(step: WorkflowStep, body: unknown): StepDecision {
  const parsed = STEP_DECISIONS[step].safeParse(body);
  if (!parsed.success) throw parsed.error;
  return { step, decision: parsed.data } as StepDecision;
}

export async function decideStep(
  deps: Deps<'staff' | 'references' | 'settings' | 'documents'>,
  record: CaseRecord,
  { step, decision }: StepDecision,
  context: DecisionContext,
): Promise<StepResult> {
  switch (step) {
    case 'triage':
      return decideTriage(deps, record, decision, context);
    case 'investigation':
      return decideInvestigation(record, decision, context);
    case 'awaiting-complainant':
      return decideAwaitingComplainant(record, decision, context);
    case 'response':
      return decideResponse(record, decision, context);
    case 'approval':
      return decideApproval(record, decision, context);
    case 'closure':
      return decideClosure(deps, record, decision, context);
    case 'concern':
    case 'appointment':
      return decideResolution(deps, record, step, decision, context);
    case 'request':
      return decideRequest(deps, record, decision, context);
    case 'billing':
      return decideBilling(deps, record, decision, context);
    case 'property-search':
      return decidePropertySearch(deps, record, decision, context);
    case 'property-held':
      return decidePropertyHeld(deps, record, decision, context);
    case 'pass-on':
      return decidePassOn(deps, record, decision, context);
  }
}
