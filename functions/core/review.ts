/**
 * The review workflow's automatic steps, one function per Task state of workflows/case-review.asl.json.
 * Each takes a caseId (the only thing an execution carries), loads what it needs and is safe to run twice:
 * Step Functions retries tasks and AWS may deliver an invocation more than once.
 */
import { type AcknowledgementSettings, buildAcknowledgement } from './acknowledgement';
import type { CaseRecord } from './case';
import { changeCase, loadCase } from './case-changes';
import type { CaseRepository, Clock, IdGenerator, Mailer } from './ports';
import { computeDeadlines, SLA_POLICIES } from './sla-policies';
import { slaCounters } from './statistics';
import { newStatusToken, statusLink, statusLinkExpiry } from './status-page';

export interface ReviewDependencies {
  cases: CaseRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** What "Open the case" hands on to the state machine: facts that steer it, never PHI. */
export interface OpenedCase {
  kind: CaseRecord['classification']['kind'];
  priority: CaseRecord['classification']['priority'];
}

/** Sets every deadline from the case's SLA policy, counted from the moment the case was received. */
export async function openCase(
  deps: ReviewDependencies & { settings: { timeZone: string; timeScale: number } },
  caseId: string,
): Promise<OpenedCase> {
  return changeCase<OpenedCase>(deps, caseId, async (record) => {
    const opened = { kind: record.classification.kind, priority: record.classification.priority };
    if (record.deadlines.respond) return { unchanged: opened };
    const policy = SLA_POLICIES[record.slaPolicy];
    const deadlines = computeDeadlines(policy, new Date(record.receivedAt), deps.settings.timeZone, {
      timeScale: deps.settings.timeScale,
    });
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

export const AUTO_REPLY_WINDOW_SECONDS = 24 * 60 * 60;

/** Sends the acknowledgement once; a repeated invocation after it was recorded sends nothing. */
export async function acknowledge(
  deps: ReviewDependencies & {
    mailer: Mailer;
    settings: AcknowledgementSettings & { mailFrom: string; consoleUrl: string };
  },
  caseId: string,
): Promise<{ sent: boolean }> {
  const record = await loadCase(deps.cases, caseId);
  if (record.acknowledgement || record.autoReply?.suppressed) return { sent: false };
  // RFC 3834 5.1 spirit: at most one automatic reply a day to one sender by email, so two auto-responders
  // (or a flood of copies) cannot keep each other busy.
  if (record.channel === 'email') {
    const sender = record.complaint.complainant.email;
    if (!(await deps.cases.claimAutoReply(sender, deps.clock.now(), AUTO_REPLY_WINDOW_SECONDS))) {
      return { sent: false };
    }
  }
  // The private status link goes only to the complainant; the copy kept on the case has a placeholder.
  const { token, hash } = newStatusToken();
  await deps.cases.putStatusLink(hash, caseId, statusLinkExpiry(record, deps.clock.now()));
  const email = buildAcknowledgement(record, deps.settings, statusLink(deps.settings.consoleUrl, token));
  const kept = buildAcknowledgement(record, deps.settings);
  const { messageId } = await deps.mailer.send(email);
  return changeCase<{ sent: boolean }>(deps, caseId, async (latest, now) => {
    // Two deliveries raced past the first check: the later one records nothing (Powertools idempotency
    // normally stops it before the email).
    if (latest.acknowledgement) return { unchanged: { sent: false } };
    const at = now.toISOString();
    latest.acknowledgement = { sentAt: at, messageId };
    return {
      record: latest,
      correspondence: [
        {
          caseId,
          correspondenceId: deps.ids.newId(),
          direction: 'out',
          channel: 'email',
          at,
          subject: email.subject,
          from: deps.settings.mailFrom,
          to: email.to,
          body: kept.text,
          messageId,
          automatic: true,
          kind: 'acknowledgement',
        },
      ],
      audit: [{ type: 'acknowledgement.sent', actor: 'system', detail: { messageId } }],
      counters: slaCounters('acknowledge', latest, now, deps.settings.timeZone),
      result: { sent: true },
    };
  });
}
