/**
 * "<step> clock fired": sends the planned event if it is still due (the step is still open, the event not yet
 * sent, and its time not moved by an extension or a pause), then records it with every event it settles, so a
 * reminder never follows an escalation. Reminders go to the assignee (or the coordinators), escalations to the
 * manager and then the director, the interim letter to the complainant; the end of a wait resumes the clock.
 */
import type { CaseRecord, CorrespondenceItem, HumanTask, WorkflowStep } from '../case/case';
import { isClosed } from '../case/case';
import { changeCase, currentTaskOf, loadCase } from '../case/change-case';
import { referralOverdueEmail, referralReminderEmail } from '../correspondence/referrals';
import type { Deps } from '../dependencies';
import { interimLetter, STAFF_CLOCK_TEMPLATE, staffClockEmail } from '../letters/notifications';
import { sendOnce, sentMailKey } from '../letters/send-once';
import type { LetterDeps } from '../letters/send-to-complainant';
import { sendToComplainant } from '../letters/send-to-complainant';
import { templateFor } from '../letters/templates';
import { breachCounters } from '../reporting/statistics';
import { clockOf, policyOf } from './case-clock';
import { clockEvents, INTERIM_LETTER_EVENT, REFERRAL_EVENT, settledBy } from './clock-events';
import { contactsFor } from './escalation-contacts';
import { endWaitForComplainant } from './resume-clock';

export async function fireClockEvent(
  deps: LetterDeps & Deps<'staff'>,
  input: { caseId: string; step: WorkflowStep; event: string },
): Promise<{ fired: boolean; resumed?: boolean }> {
  if (input.event === 'none') return { fired: false };
  const record = await loadCase(deps.cases, input.caseId);
  const task = await currentTaskOf(deps.cases, record);
  if (!task || task.step !== input.step || task.status !== 'open' || isClosed(record))
    return { fired: false };
  if (task.firedEvents.includes(input.event)) return { fired: false };
  if (input.event === INTERIM_LETTER_EVENT && record.interimLetter) return { fired: false };
  const now = deps.clock.now();
  const events = clockEvents(record, task, policyOf(record), clockOf(record, deps.settings));
  const event = events.find((candidate) => candidate.id === input.event);
  // Timers are whole seconds: allow one second of early firing.
  if (!event || event.at.getTime() > now.getTime() + 1_000) return { fired: false };

  if (event.kind === 'information-limit') {
    // The execution is at "Complainant clock fired", not waiting on a token: it reads `resumed` and moves on.
    await endWaitForComplainant(deps, record.caseId, task.taskId, 'system', 'information-limit');
    return { fired: true, resumed: true };
  }

  const referral = REFERRAL_EVENT.exec(event.id)?.[2];
  let correspondence: CorrespondenceItem | undefined;
  if (event.kind === 'referral-reminder' || event.kind === 'referral-escalation') {
    await sendReferralClock(deps, record, referral ?? '', event.kind === 'referral-reminder');
  } else if (event.kind === 'interim-letter') {
    const expectedBy =
      record.deadlines.resolve?.dueAt ?? record.deadlines.respond?.dueAt ?? now.toISOString();
    const email = interimLetter(
      record,
      expectedBy,
      deps.settings,
      await templateFor(deps, record, 'interim-letter'),
    );
    const {
      repeated: _repeated,
      sameEmail: _same,
      ...letter
    } = await sendToComplainant(deps, record, email, {
      kind: 'interim-letter',
      automatic: true,
      purposeKey: sentMailKey.ofRun('interim-letter', record.caseId, record.workflow.run),
    });
    correspondence = letter;
  } else {
    const to = await staffRecipient(deps, record, task, event.kind);
    const template = await templateFor(deps, record, STAFF_CLOCK_TEMPLATE[event.kind]);
    const notice = staffClockEmail(event.kind, record, task.step, task.dueAt, to, deps.settings, template);
    await sendOnce(deps, sentMailKey.clockEvent(task.taskId, event.id), notice);
  }

  await changeCase(deps, record.caseId, async (latest) => {
    const stored = await deps.cases.getTask(latest.caseId, task.taskId);
    if (!stored) return { unchanged: undefined };
    const settled = new Set([...stored.firedEvents, ...settledBy(events, event)]);
    const asked = latest.referrals?.find((candidate) => candidate.referralId === referral);
    if (asked && event.kind === 'referral-reminder') asked.remindedAt = now.toISOString();
    if (asked && event.kind === 'referral-escalation') asked.escalatedAt = now.toISOString();
    if (event.kind === 'interim-letter') {
      latest.interimLetter = {
        sentAt: now.toISOString(),
        expectedBy: latest.deadlines.resolve?.dueAt ?? now.toISOString(),
      };
    }
    return {
      record: latest,
      tasks: [{ ...stored, firedEvents: [...settled] }],
      correspondence: correspondence ? [correspondence] : [],
      audit: [{ type: `clock.${event.kind}`, actor: 'system', detail: { step: task.step, event: event.id } }],
      counters: event.kind === 'escalation' ? breachCounters(now, deps.settings.timeZone) : [],
      result: undefined,
    };
  });
  return { fired: true };
}

/** A referral's reminder to whoever was asked, or its escalation to the person who asked and the manager. */
async function sendReferralClock(
  deps: Deps<'mailer' | 'sentMail' | 'clock' | 'settings' | 'documents' | 'lists'>,
  record: CaseRecord,
  referralId: string,
  reminder: boolean,
): Promise<void> {
  const referral = record.referrals?.find((candidate) => candidate.referralId === referralId);
  if (!referral) return;
  if (reminder) {
    const template = await templateFor(deps, record, 'referral-reminder');
    const email = referralReminderEmail(deps.settings, record, referral, template);
    await sendOnce(deps, `referral-reminder:${referralId}`, email);
    return;
  }
  const recipients = new Set([referral.askedBy.email, contactsFor(deps.settings.escalation, record).manager]);
  const template = await templateFor(deps, record, 'referral-overdue');
  for (const to of recipients) {
    await sendOnce(
      deps,
      `referral-escalation:${referralId}:${to}`,
      referralOverdueEmail(deps.settings, record, referral, to, template),
    );
  }
}

async function staffRecipient(
  deps: Deps<'staff' | 'settings'>,
  record: CaseRecord,
  task: HumanTask,
  kind: 'reminder' | 'escalation' | 'second-escalation',
): Promise<string> {
  const contacts = contactsFor(deps.settings.escalation, record);
  if (kind === 'escalation') return contacts.manager;
  if (kind === 'second-escalation') return contacts.director;
  if (task.assigneeId) {
    const assignee = await deps.staff.get(task.assigneeId);
    if (assignee) return assignee.email;
  }
  return contacts.coordinators;
}
