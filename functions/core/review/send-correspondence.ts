/**
 * The workflow's letters: "Alert the manager" (urgent allegation), "Ask the complainant" (information
 * request), "Send the response" and "Send the survey". Each is sent once per case and purpose: the case records
 * what was sent, and a repeat finds it recorded and sends nothing.
 */
import { type CaseRecord, isClosed } from '../case/case';
import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { informationRequestEmail, responseEmail, urgentAllegationEmail } from '../letters/notifications';
import { sendOnce, sentMailKey } from '../letters/send-once';
import type { LetterDeps } from '../letters/send-to-complainant';
import { sendToComplainant } from '../letters/send-to-complainant';
import { templateFor } from '../letters/templates';
import { trackLetter, trackLetterKind, trackNotice, trackNoticeKind } from '../letters/track-letters';
import type { OutboundEmail } from '../ports';
import { slaCounters } from '../reporting/statistics';
import { contactsFor } from '../sla/escalation-contacts';
import { sendSurvey } from '../status-page/survey';

/**
 * Commits to sending the response, conditionally on the case, so a withdrawal racing it is decided by whichever
 * saves first: once claimed, a withdrawal waits for the response (409); once withdrawn, nothing is sent.
 */
async function claimResponse(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  caseId: string,
): Promise<boolean> {
  return changeCase<boolean>(deps, caseId, async (latest, now) => {
    if (latest.responseSending || latest.response) return { unchanged: true };
    if (isClosed(latest) || !latest.approval) return { unchanged: false };
    latest.responseSending = now.toISOString();
    return { record: latest, result: true };
  });
}

/** The letters the workflow's tasks send, by the `action` in their payload. */
export const CORRESPONDENCE_ACTIONS = [
  'information-request',
  'response',
  'survey',
  'urgent-alert',
  'track-notice',
  'track-letter',
] as const;
export type CorrespondenceAction = (typeof CORRESPONDENCE_ACTIONS)[number];

export async function sendCaseCorrespondence(
  deps: LetterDeps & Deps<'statusLinks'>,
  input: { caseId: string; action: CorrespondenceAction; execution?: string },
): Promise<{ sent: boolean }> {
  const record = await loadCase(deps.cases, input.caseId);
  // An execution the case has moved on from (it was reopened in a new one) sends nothing more.
  if (input.execution && input.execution !== record.workflow.executionName) return { sent: false };
  if (input.action === 'track-notice' || input.action === 'track-letter') {
    return sendTrackLetter(deps, record, input.action);
  }
  // The survey follows closure (status-page/survey.ts); a closed case gets no more of the review's letters.
  if (input.action === 'survey') return sendSurvey(deps, record);
  if (isClosed(record)) return { sent: false };
  if (input.action === 'response' && !(await claimResponse(deps, record.caseId))) return { sent: false };
  const run = record.workflow.run;
  if (input.action === 'urgent-alert') {
    const alert = urgentAllegationEmail(
      record,
      contactsFor(deps.settings.escalation, record).manager,
      deps.settings,
    );
    const { repeated } = await sendOnce(deps, sentMailKey.ofRun('urgent-alert', record.caseId, run), alert);
    return { sent: !repeated };
  }
  if (input.action === 'response' && (record.response || !record.draft || !record.approval))
    return { sent: false };
  if (
    input.action === 'information-request' &&
    (!record.informationRequest?.message || record.informationRequest.sentAt)
  ) {
    return { sent: false };
  }

  const email =
    input.action === 'response'
      ? responseEmail(
          record,
          record.draft?.body ?? '',
          deps.settings,
          await templateFor(deps, record, 'response'),
        )
      : informationRequestEmail(
          record,
          record.informationRequest?.message ?? '',
          deps.settings,
          await templateFor(deps, record, 'information-request'),
        );
  const kind = input.action;
  const purposeKey =
    input.action === 'information-request'
      ? sentMailKey.informationRequest(record.caseId, record.informationRequest?.requestedAt ?? '')
      : sentMailKey.ofRun(input.action, record.caseId, run);
  const {
    repeated: _repeated,
    sameEmail: _same,
    ...item
  } = await sendToComplainant(deps, record, email, {
    kind,
    automatic: false,
    purposeKey,
    // The letter itself is kept (and shown on the status page) even when the email only says it is ready.
    ...(input.action === 'response' ? { fullText: record.draft?.body ?? '' } : {}),
  });
  await changeCase(deps, input.caseId, async (latest) => {
    const at = item.at;
    if (input.action === 'response') {
      latest.response = {
        sentAt: at,
        channel: item.channel === 'letter' ? 'letter' : 'email',
        messageId: item.messageId,
        correspondenceId: item.correspondenceId,
      };
    } else if (latest.informationRequest) {
      latest.informationRequest = { ...latest.informationRequest, sentAt: at };
    }
    return {
      record: latest,
      correspondence: [item],
      audit: [{ type: `correspondence.${input.action}`, actor: 'system', detail: { channel: item.channel } }],
      counters:
        input.action === 'response'
          ? slaCounters('respond', latest, new Date(at), deps.settings.timeZone)
          : [],
      result: undefined,
    };
  });
  return { sent: true };
}

/**
 * "Tell the person about the track" and "Send the track letter" (review/tracks.ts): the notice when triage puts
 * the case on its track, and what a track came to (the closing letter, or that lost property was found). Once per
 * triage and per purpose; a withdrawn case gets neither.
 */
async function sendTrackLetter(
  deps: LetterDeps,
  record: CaseRecord,
  action: 'track-notice' | 'track-letter',
): Promise<{ sent: boolean }> {
  if (record.stage === 'withdrawn' || !record.triage) return { sent: false };
  if (
    action === 'track-letter' &&
    (record.trackResult?.letter || (!record.trackResult && record.property?.toldFoundAt))
  ) {
    return { sent: false };
  }
  const triagedAt = record.triage.decidedAt;
  const kind = action === 'track-notice' ? trackNoticeKind(record) : trackLetterKind(record);
  const template = kind && (await templateFor(deps, record, kind));
  const letter =
    action === 'track-notice'
      ? record.trackNotice?.triagedAt === triagedAt || isClosed(record)
        ? undefined
        : mapNotice(trackNotice(record, deps.settings, template))
      : trackLetter(record, deps.settings, template);
  if (!letter) return { sent: false };
  const purposeKey = sentMailKey.ofRun(`${letter.purpose}:${triagedAt}`, record.caseId, record.workflow.run);
  const {
    repeated: _r,
    sameEmail: _s,
    ...item
  } = await sendToComplainant(deps, record, letter.email, {
    kind: action === 'track-notice' ? 'track-notice' : 'track-letter',
    automatic: action === 'track-notice',
    purposeKey,
    fullText: letter.fullText,
  });
  return changeCase<{ sent: boolean }>(deps, record.caseId, async (latest) => {
    const sent = { sentAt: item.at, correspondenceId: item.correspondenceId };
    // Recorded already by an earlier delivery of this same task: nothing more to save.
    if (action === 'track-notice') {
      if (latest.trackNotice?.triagedAt === triagedAt) return { unchanged: { sent: false } };
      latest.trackNotice = { ...sent, triagedAt };
    } else if (letter.purpose === 'track-result' && latest.trackResult) {
      if (latest.trackResult.letter) return { unchanged: { sent: false } };
      latest.trackResult.letter = { ...sent, channel: item.channel === 'letter' ? 'letter' : 'email' };
    } else if (latest.property) {
      if (latest.property.toldFoundAt) return { unchanged: { sent: false } };
      latest.property.toldFoundAt = item.at;
    }
    return {
      record: latest,
      correspondence: [item],
      audit: [{ type: `correspondence.${action}`, actor: 'system', detail: { channel: item.channel } }],
      result: { sent: true },
    };
  });
}

function mapNotice(email: OutboundEmail | undefined) {
  return email ? { purpose: 'track-notice', email, fullText: email.text } : undefined;
}
