/**
 * The workflow's letters: "Alert the manager" (urgent allegation), "Ask the complainant" (information
 * request), "Send the response" and "Send the survey". Each is sent once per case and purpose: the case records
 * what was sent, and a repeat finds it recorded and sends nothing.
 */
import { isClosed } from '../case/case';
import { changeCase, loadCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import {
  informationRequestEmail,
  responseEmail,
  surveyEmail,
  urgentAllegationEmail,
} from '../letters/notifications';
import { sendOnce, sentMailKey } from '../letters/send-once';
import { sendToComplainant } from '../letters/send-to-complainant';
import { slaCounters } from '../reporting/statistics';
import { contactsFor } from '../sla/escalation-contacts';

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

export type CorrespondenceAction = 'information-request' | 'response' | 'survey' | 'urgent-alert';

export async function sendCaseCorrespondence(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'mailer' | 'sentMail' | 'clock' | 'ids' | 'settings'>,
  input: { caseId: string; action: CorrespondenceAction; execution?: string },
): Promise<{ sent: boolean }> {
  const record = await loadCase(deps.cases, input.caseId);
  // An execution the case has moved on from (it was reopened in a new one) sends nothing more.
  if (input.execution && input.execution !== record.workflow.executionName) return { sent: false };
  // A withdrawn or closed case gets no more letters from the review, but its survey.
  if (isClosed(record) && input.action !== 'survey') return { sent: false };
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
  if (input.action === 'survey' && record.surveySentAt) return { sent: false };

  const email =
    input.action === 'response'
      ? responseEmail(record, record.draft?.body ?? '', deps.settings)
      : input.action === 'information-request'
        ? informationRequestEmail(record, record.informationRequest?.message ?? '', deps.settings)
        : surveyEmail(record, deps.settings);
  const kind =
    input.action === 'response' ? 'response' : input.action === 'survey' ? 'survey' : 'information-request';
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
    automatic: input.action === 'survey',
    purposeKey,
    // The letter itself is kept (and shown on the status page) even when the email only says it is ready.
    ...(input.action === 'response' ? { recordedBody: record.draft?.body ?? '' } : {}),
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
    } else if (input.action === 'information-request' && latest.informationRequest) {
      latest.informationRequest = { ...latest.informationRequest, sentAt: at };
    } else {
      latest.surveySentAt = at;
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
