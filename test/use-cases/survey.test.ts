/**
 * The satisfaction survey as data (issue 15 §4): sent after closure with a private link of its own, answered on
 * the status page with a score from 1 to 5 and a comment, once per case, kept on the case and counted.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/core/errors';
import { STATUS_LINK_PLACEHOLDER } from '../../functions/core/letters/acknowledgement';
import { letterIdOf, markLetterPosted } from '../../functions/core/letters/letters-to-post';
import { completeTask } from '../../functions/core/review/complete-step';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { statusView } from '../../functions/core/status-page/status-page';
import { answerSurvey } from '../../functions/core/status-page/survey';
import { codedClosure, selfComplaint } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { arm, caseAt, coordinator, desk, manager } from './desk';

async function closedWithSurvey(deps: MemoryDependencies, complaint = selfComplaint()) {
  const { caseId, taskId } = await caseAt(deps, 'approval', { complaint });
  await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
  await sendCaseCorrespondence(deps, { caseId, action: 'response' });
  const response = (await deps.cases.getCase(caseId))?.response;
  if (response?.channel === 'letter') {
    const postedOn = deps.clock.now().toISOString().slice(0, 10);
    const letterId = letterIdOf({ caseId, correspondenceId: response.correspondenceId });
    await markLetterPosted(deps, { actor: coordinator, letterId, request: { postedOn } });
  }
  const closure = await arm(deps, caseId, 'closure');
  await completeTask(deps, {
    actor: coordinator,
    taskId: closure.taskId,
    body: codedClosure({ survey: true }),
  });
  return caseId;
}

const linkIn = (text: string | undefined) => text?.match(/status\.html#([A-Za-z0-9_-]+)/)?.[1] as string;

describe('the survey', () => {
  it('goes by email with a private link, and takes one answer per case from the status page', async () => {
    const deps = await desk();
    const caseId = await closedWithSurvey(deps);
    expect(await sendCaseCorrespondence(deps, { caseId, action: 'survey' })).toEqual({ sent: true });
    expect(await sendCaseCorrespondence(deps, { caseId, action: 'survey' })).toEqual({ sent: false });
    const emails = deps.mailer
      .to('ann@example.com')
      .filter((email) => email.subject.startsWith('How did we do?'));
    expect(emails).toHaveLength(1);
    const token = linkIn(emails[0]?.text);
    expect(token).toBeDefined();
    // The copy kept on the case has no working link.
    const kept = deps.table.correspondence.find((item) => item.caseId === caseId && item.kind === 'survey');
    expect(kept?.body).toContain(STATUS_LINK_PLACEHOLDER);
    expect(kept?.body).not.toContain(token);

    expect((await statusView(deps, token)).survey).toEqual({});
    await answerSurvey(deps, token, { score: 4, comment: 'Kind and quick.' });
    await answerSurvey(deps, token, { score: 4, comment: 'Kind and quick.' });
    expect(await answerSurvey(deps, token, { score: 1 }).catch((error) => error)).toBeInstanceOf(
      ConflictError,
    );
    expect((await statusView(deps, token)).survey).toEqual({
      answered: { score: 4, comment: 'Kind and quick.' },
    });
    expect((await deps.cases.getCase(caseId))?.survey).toMatchObject({
      score: 4,
      comment: 'Kind and quick.',
    });
    const [month] = await deps.statistics.getStatistics([
      `month:${deps.clock.now().toISOString().slice(0, 7)}`,
    ]);
    expect(month?.counters).toMatchObject({
      'survey:responses': 1,
      'survey:scoreTotal': 4,
    });
  });

  it('is not taken before it was asked for', async () => {
    const deps = await desk();
    const { caseId } = await caseAt(deps, 'investigation');
    const acknowledgement = deps.mailer.sent.find((email) => email.text.includes('status.html#'));
    const refused = await answerSurvey(deps, linkIn(acknowledgement?.text), { score: 5 }).catch(
      (error) => error,
    );
    expect(refused).toBeInstanceOf(ConflictError);
    expect((await deps.cases.getCase(caseId))?.survey).toBeUndefined();
  });

  it('asks someone who wanted post to call or write, with no link on paper', async () => {
    const deps = await desk();
    const caseId = await closedWithSurvey(
      deps,
      selfComplaint({
        complainant: {
          name: 'Pat Post',
          relationship: 'self',
          address: { line1: '1 Lane', city: 'Springfield', postalCode: '01101' },
        },
        contactPreference: 'letter',
      }),
    );
    await sendCaseCorrespondence(deps, { caseId, action: 'survey' });
    const letter = deps.table.correspondence.find((item) => item.caseId === caseId && item.kind === 'survey');
    expect(letter).toMatchObject({ channel: 'letter', status: 'to-be-mailed' });
    expect(letter?.body).toContain(`Please call us on ${deps.settings.organizationPhone}`);
    expect(letter?.body).not.toContain('status.html');
  });
});
