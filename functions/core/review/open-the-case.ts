/**
 * "Open the case": sets every deadline from the case's SLA policy, counted from the moment the case was
 * received, and tells the state machine what steers it. Safe to run twice: a case with deadlines is left alone.
 */
import type { CaseRecord } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { timeZoneOf } from '../sla/case-clock';
import { computeDeadlines, SLA_POLICIES } from '../sla/sla-policies';

/** What "Open the case" hands on to the state machine: facts that steer it, never PHI. */
export interface OpenedCase {
  kind: CaseRecord['classification']['kind'];
  priority: CaseRecord['classification']['priority'];
}

/** Sets every deadline from the case's SLA policy, counted from the moment the case was received. */
export async function openCase(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids' | 'settings'>,
  caseId: string,
): Promise<OpenedCase> {
  return changeCase<OpenedCase>(deps, caseId, async (record) => {
    const opened = { kind: record.classification.kind, priority: record.classification.priority };
    if (record.deadlines.respond) return { unchanged: opened };
    const policy = SLA_POLICIES[record.slaPolicy];
    const deadlines = computeDeadlines(
      policy,
      new Date(record.receivedAt),
      timeZoneOf(record, deps.settings),
      {
        timeScale: deps.settings.timeScale,
      },
    );
    // The scale is kept on the case so every later clock of it runs at the same speed.
    record.deadlines = deadlines;
    record.timeScale = deps.settings.timeScale;
    return {
      record,
      audit: [
        {
          type: 'deadlines.set',
          actor: 'system',
          detail: { policy: policy.id, respondBy: deadlines.respond.dueAt },
        },
      ],
      result: opened,
    };
  });
}
