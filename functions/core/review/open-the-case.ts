/**
 * "Open the case", the first step of every review execution: records that the execution runs (which takes the case
 * off the "awaiting workflow" index) and tells the state machine what steers it. A case is born with its deadlines
 * (intake sets them), so this is one conditional write; only a case stored without them gets them here.
 * Safe to run twice: the start is recorded once, and a case with deadlines keeps them.
 */
import { NO_SUCH_CASE } from '../access/roles';
import type { CaseRecord } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { NotFoundError } from '../errors';
import { deadlinesSet, firstDeadlines } from '../sla/case-clock';

/** What "Open the case" hands on to the state machine: facts that steer it, never PHI. */
export interface OpenedCase {
  kind: CaseRecord['classification']['kind'];
  priority: CaseRecord['classification']['priority'];
}

type OpenCaseDependencies = Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids' | 'settings'>;

export async function openCase(
  deps: OpenCaseDependencies,
  execution: { caseId: string; executionArn: string },
): Promise<OpenedCase> {
  const { caseId, executionArn } = execution;
  const record =
    (await deps.cases.markWorkflowStarted(caseId, executionArn, deps.clock.now().toISOString())) ??
    (await deps.cases.getCase(caseId));
  if (!record) throw new NotFoundError(NO_SUCH_CASE);
  if (!record.deadlines.respond) return setDeadlines(deps, caseId);
  return openedFrom(record);
}

function openedFrom(record: CaseRecord): OpenedCase {
  return { kind: record.classification.kind, priority: record.classification.priority };
}

/** A case stored without deadlines (by an intake older than this one): they are set here, once. */
function setDeadlines(deps: OpenCaseDependencies, caseId: string): Promise<OpenedCase> {
  return changeCase<OpenedCase>(deps, caseId, async (record) => {
    if (record.deadlines.respond) return { unchanged: openedFrom(record) };
    const first = firstDeadlines(record, deps.settings);
    Object.assign(record, first);
    return { record, audit: [deadlinesSet(record, first.deadlines)], result: openedFrom(record) };
  });
}
