/**
 * "Flag the case for attention": a step failed for good (its retries did not cure it). The case records it and its
 * coordinators (per facility and department) are told, once per execution, naming the error and never the case's
 * data; then the execution stops. No case is left without a clock and unseen.
 */
import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { needsAttentionEmail } from '../letters/notifications';
import { sendOnce } from '../letters/send-once';
import { contactsFor } from '../sla/escalation-contacts';

export async function flagForAttention(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'mailer' | 'sentMail' | 'clock' | 'ids' | 'settings'>,
  input: { caseId: string; error: string; execution: string },
): Promise<{ flagged: boolean }> {
  // Error names are code (Lambda's errorType, or a States.* name): cut to a safe length and character set.
  const error = input.error.replace(/[^\w.:-]/g, '').slice(0, 100) || 'Unknown';
  const flagged = await changeCase<boolean>(deps, input.caseId, async (record, now) => {
    if (record.needsAttention?.execution === input.execution) return { unchanged: false };
    record.needsAttention = { at: now.toISOString(), error, execution: input.execution };
    return {
      record,
      audit: [
        { type: 'case.needs-attention', actor: 'system', detail: { error, execution: input.execution } },
      ],
      result: true,
    };
  });
  const record = await loadCase(deps.cases, input.caseId);
  const to = contactsFor(deps.settings.escalation, record).coordinators;
  await sendOnce(
    deps,
    `attention:${input.caseId}:${input.execution}`,
    needsAttentionEmail(record, error, to, deps.settings),
  );
  return { flagged };
}
