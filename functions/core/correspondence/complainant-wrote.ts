/**
 * The complainant wrote to us about their case: an email reply, a message from the status page, or held mail a
 * coordinator places on the case. One use case for all three, so they cannot drift apart.
 *
 * Primary course: record the message on the case, once (by its id) -> tell the assignee, or the case's
 * coordinators (per facility and department), that something arrived, without its content -> if the case waits
 * for the complainant, end the wait and hand `resume` to the workflow.
 *
 * Safe to retry end to end: a redelivery finds the message recorded and finishes whatever the first attempt
 * did not (the notice is sent once per message, letters/send-once; ending the wait and handing it over are idempotent), so
 * a failure after recording never leaves the case waiting for its clock limit. Automatic replies (out-of-office)
 * are recorded and nothing else.
 */
import type { CaseRecord, CorrespondenceItem } from '../case/case';
import type { AuditDraft } from '../case/change-case';
import { currentTaskOf, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { newMessageEmail } from '../letters/notifications';
import { sendOnce, sentMailKey } from '../letters/send-once';
import { handOver } from '../review/wait-for-step';
import { contactsFor } from '../sla/escalation-contacts';
import { endWaitForComplainant } from '../sla/resume-clock';

export interface ComplainantMessage {
  /** The message as it will be kept; its `correspondenceId` makes recording it idempotent. */
  item: CorrespondenceItem;
  /** How the audit trail tells this path from the others (reply, status page, placed by a coordinator). */
  audit: AuditDraft;
}

/** What recording, telling and resuming touch. */
export type ComplainantWroteDeps = Deps<
  | 'cases'
  | 'statistics'
  | 'observe'
  | 'threads'
  | 'staff'
  | 'mailer'
  | 'sentMail'
  | 'workflow'
  | 'clock'
  | 'ids'
  | 'settings'
>;

export async function complainantWrote(
  deps: ComplainantWroteDeps,
  { item, audit }: ComplainantMessage,
): Promise<{ duplicate: boolean; resumed: boolean }> {
  const record = await loadCase(deps.cases, item.caseId);
  const recorded = await deps.threads.recordCorrespondence(item, {
    ...audit,
    caseId: item.caseId,
    at: deps.clock.now().toISOString(),
    eventId: deps.ids.newId(),
  });
  if (item.automatic) return { duplicate: !recorded, resumed: false };
  // Once per message: a redelivery finds the notice sent, or sends the one an interrupted attempt did not.
  const notice = newMessageEmail(record, await whoToTell(deps, record), deps.settings);
  await sendOnce(deps, sentMailKey.newMessage(item.correspondenceId), notice);
  const resumed = await resumeIfWaiting(deps, record);
  return { duplicate: !recorded, resumed };
}

/** The assignee, if the case has one who is still in the directory; otherwise the case's coordinators. */
async function whoToTell(deps: Deps<'staff' | 'settings'>, record: CaseRecord): Promise<string> {
  const assignee = record.assignee ? await deps.staff.get(record.assignee.userId) : undefined;
  return assignee?.email ?? contactsFor(deps.settings.escalation, record).coordinators;
}

/**
 * Ends the wait for the complainant, if the case is in it, and hands the outcome to the workflow. Also finishes
 * a wait that an earlier attempt ended but could not hand over.
 */
async function resumeIfWaiting(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'workflow' | 'clock' | 'ids'>,
  record: CaseRecord,
): Promise<boolean> {
  const task = await currentTaskOf(deps.cases, record);
  if (task?.step !== 'awaiting-complainant') return false;
  const ended =
    task.status === 'open'
      ? await endWaitForComplainant(deps, record.caseId, task.taskId, 'complainant', 'reply')
      : task.status === 'completed' && !task.delivered
        ? task
        : undefined;
  if (!ended) return false;
  await handOver(deps, ended);
  return true;
}
