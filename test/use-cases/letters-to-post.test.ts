/**
 * Letters by post (issue 15 §1): one queue of letters to post, each printed as a PDF with the letterhead and the
 * address block (read back as text here), and "mark as posted" with the day, which is what sends a letter: a
 * grievance's response by post counts as sent only once posted.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
} from '../../functions/core/errors';
import { letterPdfOf, lettersToPost, markLetterPosted } from '../../functions/core/letters/letters-to-post';
import { completeTask } from '../../functions/core/review/complete-step';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { codedClosure, selfComplaint } from '../support/fixtures';
import type { MemoryDependencies } from '../support/memory';
import { arm, caseAt, coordinator, desk, manager, newCase, representative } from './desk';

const address = {
  line1: '12 Orchard Lane',
  line2: 'Flat 3',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
};
const byPost = selfComplaint({
  complainant: { name: 'Zoë Nguyễn', relationship: 'self', address, phone: '+1 555 010 2233' },
  contactPreference: 'letter',
});

async function textOf(pdf: Uint8Array): Promise<{ pages: number; text: string }> {
  const { totalPages, text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
  return { pages: totalPages, text };
}

const today = (deps: MemoryDependencies) => deps.clock.now().toISOString().slice(0, 10);

describe('letters to post', () => {
  it('queues the letter, prints it with the letterhead and address block, and takes it off once posted', async () => {
    const deps = await desk();
    const caseId = await newCase(deps, byPost, 'phone');
    const { letters } = await lettersToPost(deps, coordinator);
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    const reference = (await deps.cases.getCase(caseId))?.reference;
    expect(letter).toMatchObject({ caseId, reference, kind: 'acknowledgement' });
    await expect(lettersToPost(deps, representative)).rejects.toBeInstanceOf(ForbiddenError);

    const { pdf, filename } = await letterPdfOf(deps, coordinator, letter?.letterId as string);
    expect(filename).toBe(`${reference}-acknowledgement.pdf`);
    const { pages, text } = await textOf(pdf);
    expect(pages).toBe(1);
    for (const line of [
      'Example General Hospital',
      '1 Example Way',
      '+1 555 010 0100',
      // Helvetica has ë but not ễ: the letter prints the base letter rather than failing.
      'Zoë Nguyen',
      '12 Orchard Lane',
      'Flat 3',
      'Springfield IL 62701',
      `Our reference: ${reference}`,
      '2 November 2026',
      'Dear Zoë Nguyen,',
    ]) {
      expect(text).toContain(line);
    }
    await expect(letterPdfOf(deps, coordinator, `${caseId}.nope`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(letterPdfOf(deps, coordinator, 'not-a-letter')).rejects.toBeInstanceOf(NotFoundError);

    const post = (postedOn: string) =>
      markLetterPosted(deps, {
        actor: coordinator,
        letterId: letter?.letterId as string,
        request: { postedOn },
      });
    expect((await post('2030-01-01').catch((error) => error)).errors[0].field).toBe('postedOn');
    expect(await post('2020-01-01').catch((error) => error)).toBeInstanceOf(RuleViolationError);
    await expect(post(today(deps))).resolves.toMatchObject({ letter: { postedOn: today(deps) } });
    await expect(post(today(deps))).resolves.toMatchObject({ letter: { postedOn: today(deps) } });
    deps.clock.advance(86_400_000);
    expect(await post(today(deps)).catch((error) => error)).toBeInstanceOf(ConflictError);
    expect((await lettersToPost(deps, manager)).letters).toEqual([]);
    const item = deps.table.correspondence.find(
      (kept) => kept.caseId === caseId && kept.kind === 'acknowledgement',
    );
    expect(item).toMatchObject({ status: 'posted', postedBy: coordinator.userId });
    expect(deps.table.audit.filter((event) => event.type === 'letter.posted')).toHaveLength(1);
  });

  it("sends a grievance's response by post only once it is marked posted: closure waits for it", async () => {
    const deps = await desk();
    const { caseId, taskId } = await caseAt(deps, 'approval', { complaint: byPost, channel: 'letter' });
    await completeTask(deps, { actor: manager, taskId, body: { outcome: 'approve' } });
    await sendCaseCorrespondence(deps, { caseId, action: 'response' });
    expect((await deps.cases.getCase(caseId))?.response).toMatchObject({ channel: 'letter' });
    const close = async () => {
      const closure = await arm(deps, caseId, 'closure');
      return completeTask(deps, {
        actor: coordinator,
        taskId: closure.taskId,
        body: codedClosure(),
      });
    };
    const refused = await close().catch((error) => error);
    expect(refused).toBeInstanceOf(RuleViolationError);
    expect(refused.message).toContain('has been posted');

    const response = (await lettersToPost(deps, coordinator)).letters.find(
      (letter) => letter.kind === 'response',
    );
    const { text } = await textOf((await letterPdfOf(deps, coordinator, response?.letterId as string)).pdf);
    expect(text).toContain('How we looked into your concern');
    await markLetterPosted(deps, {
      actor: coordinator,
      letterId: response?.letterId as string,
      request: { postedOn: today(deps) },
    });
    expect((await deps.cases.getCase(caseId))?.response?.postedOn).toBe(today(deps));
    await expect(close()).resolves.toMatchObject({ outcome: 'closed' });
  });
});
