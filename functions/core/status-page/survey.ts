/**
 * The satisfaction survey as data (issue 15 §4). After closure, when the coordinator asked for one, the workflow
 * sends the survey ("Send the survey"): by email, a private link to the status page, where a short form takes a
 * score from 1 to 5 and a comment, one answer per case; by post, a letter asking them to call or write. The answer
 * is kept on the case and counted by month for the dashboard and reports.
 */
import * as z from 'zod';
import { type CaseRecord, writesByPost } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { ConflictError } from '../errors';
import { STATUS_LINK_PLACEHOLDER } from '../letters/acknowledgement';
import { type NotificationSettings, templatedLetter } from '../letters/notifications';
import { sentMailKey } from '../letters/send-once';
import type { LetterDeps } from '../letters/send-to-complainant';
import { sendToComplainant } from '../letters/send-to-complainant';
import type { TemplateText } from '../letters/template-kinds';
import { shippedTemplate, templateFor } from '../letters/templates';
import type { OutboundEmail } from '../ports';
import { monthOf } from '../reporting/statistics';
import { findCaseByStatusToken, issueStatusLink } from './status-page';

export const SurveyAnswer = z.strictObject({
  score: z
    .number({ error: 'Choose a score from 1 to 5.' })
    .int('Choose a score from 1 to 5.')
    .min(1, 'Choose a score from 1 to 5.')
    .max(5, 'Choose a score from 1 to 5.'),
  comment: z.string().trim().max(2000, 'Must be at most 2000 characters.').optional(),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export function surveyEmail(
  record: CaseRecord,
  settings: NotificationSettings,
  link: string | undefined,
  template: TemplateText = shippedTemplate(record.slaPolicy, 'survey'),
): OutboundEmail {
  return {
    ...templatedLetter(record, template, { surveyLink: link }, settings),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** "Send the survey": once per case and run, with a private link of its own (the case keeps a placeholder). */
export async function sendSurvey(
  deps: LetterDeps & Deps<'statusLinks'>,
  record: CaseRecord,
): Promise<{ sent: boolean }> {
  if (record.surveySentAt || record.stage === 'withdrawn') return { sent: false };
  const purposeKey = sentMailKey.ofRun('survey', record.caseId, record.workflow.run);
  const byPost = writesByPost(record);
  // A link is made only for an email not yet sent: a retry after the send finds it sent and makes none.
  let link: string | undefined;
  if (!byPost && !(await deps.sentMail.find(purposeKey))) {
    link = await issueStatusLink(deps, record);
  }
  const template = await templateFor(deps, record, 'survey');
  const email = surveyEmail(record, deps.settings, link, template);
  const kept = byPost
    ? email.text
    : surveyEmail(record, deps.settings, STATUS_LINK_PLACEHOLDER, template).text;
  const {
    repeated: _r,
    sameEmail: _s,
    ...item
  } = await sendToComplainant(deps, record, email, {
    kind: 'survey',
    automatic: true,
    purposeKey,
    keptText: kept,
  });
  return changeCase<{ sent: boolean }>(deps, record.caseId, async (latest) => {
    if (latest.surveySentAt) return { unchanged: { sent: false } };
    latest.surveySentAt = item.at;
    return {
      record: latest,
      correspondence: [item],
      audit: [{ type: 'correspondence.survey', actor: 'system', detail: { channel: item.channel } }],
      result: { sent: true },
    };
  });
}

/** The complainant's answer, from the status page: one per case (the same answer again changes nothing). */
export async function answerSurvey(
  deps: Deps<'cases' | 'statusLinks' | 'statistics' | 'observe' | 'clock' | 'ids' | 'settings'>,
  token: string,
  answer: SurveyAnswer,
): Promise<{ survey: NonNullable<CaseRecord['survey']> }> {
  const found = await findCaseByStatusToken(deps, token);
  return changeCase<{ survey: NonNullable<CaseRecord['survey']> }>(
    deps,
    found.caseId,
    async (record, now) => {
      if (!record.surveySentAt) throw new ConflictError('We have not asked about this case yet. Thank you.');
      const comment = answer.comment || undefined;
      if (record.survey) {
        if (record.survey.score === answer.score && record.survey.comment === comment) {
          return { unchanged: { survey: record.survey } };
        }
        throw new ConflictError('You have already answered our survey for this case. Thank you.');
      }
      const survey = { score: answer.score, ...(comment ? { comment } : {}), at: now.toISOString() };
      record.survey = survey;
      return {
        record,
        audit: [{ type: 'survey.answered', actor: 'complainant', detail: { score: answer.score } }],
        counters: [
          {
            period: monthOf(now, deps.settings.timeZone),
            increments: {
              'survey:responses': 1,
              'survey:scoreTotal': answer.score,
            },
          },
        ],
        result: { survey },
      };
    },
  );
}
