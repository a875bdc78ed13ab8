/**
 * SLA clocks of the human steps. The state machine keeps the timers (a `.waitForTaskToken` state whose
 * TimeoutSecondsPath is the wait this module plans); this module decides, purely, which event comes next and
 * when: reminders to the assignee, an escalation to the manager at breach, a second level to the director, the
 * interim letter to the complainant, and the end of a wait for the complainant.
 */
import { DateTime } from 'luxon';
import {
  type CaseRecord,
  type HumanTask,
  isTrackStep,
  type TrackStep,
  type WorkflowStep,
} from '../case/case';
import type { SlaClock, SlaPolicy } from './sla-policies';

export type ClockEventKind =
  | 'reminder'
  | 'escalation'
  | 'second-escalation'
  | 'interim-letter'
  | 'information-limit'
  | 'referral-reminder'
  | 'referral-escalation';

export interface ClockEvent {
  /** Unique within a task, e.g. `reminder-50`; recorded once fired. */
  id: string;
  kind: ClockEventKind;
  at: Date;
  /** Staff events of one task, least to most severe: a later overdue one supersedes the earlier ones. */
  severity: number;
}

/** Below the local runner's 24.8-day timer ceiling; a longer clock is a loop of such waits. */
export const MAX_WAIT_SECONDS = 20 * 24 * 60 * 60;
/** Bounds the plan/wait/fire loop of one execution far below Step Functions' 25,000-event history limit. */
export const MAX_CLOCK_ROUNDS = 1_000;
export const INTERIM_LETTER_EVENT = 'interim-letter';

/** When a step's task falls due, and which rule says so. */
export function stepDue(
  record: CaseRecord,
  step: WorkflowStep,
  openedAt: Date,
  policy: SlaPolicy,
  clock: SlaClock,
): { dueAt: string; source: string } | undefined {
  switch (step) {
    case 'triage':
      return record.deadlines.triage;
    case 'investigation':
    case 'response':
    case 'approval':
      return record.deadlines.respond;
    case 'closure':
      return record.deadlines.resolve;
    case 'awaiting-complainant':
      return {
        dueAt: clock.add(openedAt, policy.informationRequestLimit).toISOString(),
        source: policy.informationRequestLimit.source,
      };
    case 'property-held':
      return trackStepDue(record, step, openedAt, policy, clock);
    default:
      // A track's first step: its deadline was set at triage (and moves with an extension).
      return record.deadlines.respond ?? trackStepDue(record, step, openedAt, policy, clock);
  }
}

/** A track step's time (review/tracks.ts): from the case's receipt where its rule counts from it, else from `openedAt`. */
export function trackStepDue(
  record: Pick<CaseRecord, 'receivedAt'>,
  step: TrackStep,
  openedAt: Date,
  policy: SlaPolicy,
  clock: SlaClock,
): { dueAt: string; source: string } {
  const rule = policy.tracks[step];
  const from = rule.from === 'receipt' ? new Date(record.receivedAt) : openedAt;
  return { dueAt: clock.add(from, rule).toISOString(), source: rule.source };
}

/** Every clock event of a task, in time order. Staff events are moved into working hours unless urgent. */
export function clockEvents(
  record: CaseRecord,
  task: Pick<HumanTask, 'step' | 'openedAt' | 'dueAt'>,
  policy: SlaPolicy,
  clock: SlaClock,
): ClockEvent[] {
  const events: ClockEvent[] = referralEvents(record, clock);
  if (!task.dueAt) return events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const opened = new Date(task.openedAt);
  const due = new Date(task.dueAt);
  if (task.step === 'awaiting-complainant') {
    events.push({ id: 'information-limit', kind: 'information-limit', at: due, severity: 0 });
  } else {
    const urgent =
      record.triage?.priority !== undefined
        ? record.triage.priority !== 'routine'
        : record.classification.priority !== 'routine';
    // An urgent case is escalated whenever it breaches; routine reminders wait for working hours.
    const staffTime = (at: Date) => (urgent ? at : clock.nextWorkingTime(at));
    const span = due.getTime() - opened.getTime();
    policy.reminderFractions.forEach((fraction, index) => {
      events.push({
        id: `reminder-${Math.round(fraction * 100)}`,
        kind: 'reminder',
        at: staffTime(new Date(opened.getTime() + span * fraction)),
        severity: index + 1,
      });
    });
    events.push({
      id: 'escalation',
      kind: 'escalation',
      at: staffTime(due),
      severity: policy.reminderFractions.length + 1,
    });
    events.push({
      id: 'second-escalation',
      kind: 'second-escalation',
      at: staffTime(clock.add(due, policy.secondEscalationAfter)),
      severity: policy.reminderFractions.length + 2,
    });
  }
  const respond = record.deadlines.respond;
  // Not while waiting for the complainant: the response clock is paused and moves when it resumes. The interim
  // letter belongs to the formal review; the other tracks answer on their own clocks.
  const clockRuns =
    task.step !== 'closure' && task.step !== 'awaiting-complainant' && !isTrackStep(task.step);
  if (policy.interimLetter && respond && !record.interimLetter && !record.response && clockRuns) {
    events.push({
      id: INTERIM_LETTER_EVENT,
      kind: 'interim-letter',
      at: new Date(respond.dueAt),
      severity: 0,
    });
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Each open referral's own clock (correspondence/referrals.ts), whatever step the case is at: a reminder to whoever
 * was asked at the start of working hours on the due date, and an escalation to the person who asked and the
 * manager at the start of the next working day if it is still unanswered. Recorded on the referral once sent.
 */
export const REFERRAL_EVENT = /^referral-(reminder|escalation)-([0-9A-Z]+)$/;

function referralEvents(record: CaseRecord, clock: SlaClock): ClockEvent[] {
  return (record.referrals ?? [])
    .filter((referral) => referral.status === 'open')
    .flatMap((referral) => {
      const dueDay = DateTime.fromISO(referral.dueDate, { zone: clock.timeZone }).startOf('day');
      const events: ClockEvent[] = [];
      if (!referral.remindedAt && !referral.escalatedAt) {
        events.push({
          id: `referral-reminder-${referral.referralId}`,
          kind: 'referral-reminder',
          at: clock.nextWorkingTime(dueDay.toJSDate()),
          severity: 0,
        });
      }
      if (!referral.escalatedAt) {
        events.push({
          id: `referral-escalation-${referral.referralId}`,
          kind: 'referral-escalation',
          at: clock.nextWorkingTime(dueDay.plus({ days: 1 }).toJSDate()),
          severity: 0,
        });
      }
      return events;
    });
}

export interface ClockPlan {
  /** The event to fire when the wait ends, or `none` when the wait is only a re-arm of a long clock. */
  event: string;
  waitSeconds: number;
  /** When the event is due (ISO), for logs and the console. */
  dueAt?: string;
}

/** The next wait: until the earliest event not yet fired, at least 1 s, at most MAX_WAIT_SECONDS. */
export function planNext(events: ClockEvent[], fired: ReadonlySet<string>, now: Date): ClockPlan {
  const pending = events.filter((event) => !fired.has(event.id));
  const overdue = pending.filter((event) => event.at.getTime() <= now.getTime());
  // Several staff events overdue at once (a task opened late): send only the most severe.
  const next =
    overdue.length > 0
      ? overdue.reduce((worst, event) =>
          event.kind === 'interim-letter' || event.severity > worst.severity ? event : worst,
        )
      : pending[0];
  if (!next) return { event: 'none', waitSeconds: MAX_WAIT_SECONDS };
  const seconds = Math.ceil((next.at.getTime() - now.getTime()) / 1000);
  if (seconds > MAX_WAIT_SECONDS) return { event: 'none', waitSeconds: MAX_WAIT_SECONDS };
  return { event: next.id, waitSeconds: Math.max(1, seconds), dueAt: next.at.toISOString() };
}

/** The events a fired event settles: itself, and for staff events every less severe one of the task. */
export function settledBy(events: ClockEvent[], fired: ClockEvent): string[] {
  if (fired.severity === 0) return [fired.id];
  return events
    .filter(
      (event) => event.kind !== 'interim-letter' && event.severity > 0 && event.severity <= fired.severity,
    )
    .map((event) => event.id);
}
