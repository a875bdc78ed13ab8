/**
 * Mail on in-memory ports: where each message ends (a new case, a reply on its case, held, quarantined), the
 * order in which a reply finds its case, and one result however often SES delivers the same message.
 */
import { describe, expect, it } from 'vitest';
import { caseReplyAddress } from '../../functions/core/letters/notifications';
import { receiveEmail } from '../../functions/core/mail/receive-email';
import { PHI_MARKERS } from '../support/fixtures';
import { deliver, desk, newCase } from './desk';

const complainant = `Zeb <${PHI_MARKERS.complainantEmail}>`;

describe('a new message', () => {
  it('from a person becomes a grievance, acknowledged once however often it is delivered', async () => {
    const deps = await desk();
    const email = deliver(
      deps,
      { From: 'Ann Example <ann@example.com>', To: 'complaints@liaison.example.org' },
      'The car park machine took my money twice.',
    );
    const outcomes = await Promise.all([receiveEmail(deps, email), receiveEmail(deps, email)]);
    const caseIds = new Set(outcomes.map((outcome) => ('caseId' in outcome ? outcome.caseId : undefined)));
    expect(caseIds.size).toBe(1);
    expect(deps.table.cases.size).toBe(1);
    const [record] = deps.table.cases.values();
    expect(record?.classification).toMatchObject({ kind: 'grievance', ruleId: 'cms-written-complaint' });
    expect(record?.channel).toBe('email');
  });

  it.each([
    ['virus', { virus: 'FAIL' }, {}, 'quarantined'],
    ['spam', { spam: 'FAIL' }, {}, 'held'],
    ['dmarc', { dmarc: 'FAIL' }, {}, 'held'],
    ['automatic', {}, { 'Auto-Submitted': 'auto-replied' }, 'held'],
  ] as const)('is held for reason %s', async (reason, verdicts, headers, kind) => {
    const deps = await desk();
    const email = deliver(
      deps,
      { From: 'someone@example.net', To: 'complaints@liaison.example.org', ...headers },
      'Hello',
      verdicts,
    );
    expect(await receiveEmail(deps, email)).toMatchObject({ kind, reason });
    expect(deps.table.cases.size).toBe(0);
    expect(deps.table.held.size).toBe(1);
    expect(deps.mailer.sent).toEqual([]);
  });

  it('with no sender is held, and a quarantined one is never read for display', async () => {
    const deps = await desk();
    expect(await receiveEmail(deps, deliver(deps, { To: 'complaints@liaison.example.org' }))).toMatchObject({
      kind: 'held',
      reason: 'no-sender',
    });
    const infected = deliver(deps, { From: 'x@example.net', To: 'complaints@liaison.example.org' }, 'EICAR', {
      virus: 'FAIL',
    });
    const outcome = await receiveEmail(deps, infected);
    expect(outcome).toMatchObject({ kind: 'quarantined' });
    const held = await deps.heldMail.getHeldMessage((outcome as { heldId: string }).heldId);
    expect(held?.status).toBe('quarantined');
    expect(held).not.toHaveProperty('from');
    expect(held).not.toHaveProperty('subject');
  });
});

describe('a reply', () => {
  it('finds its case by our Message-ID first, then the case address, then the reference in the subject', async () => {
    const deps = await desk();
    const first = await newCase(deps);
    const second = await newCase(deps);
    const [firstRecord, secondRecord] = [await deps.cases.getCase(first), await deps.cases.getCase(second)];
    const ackOfFirst = firstRecord?.acknowledgement?.messageId as string;

    // All three clues, pointing at different cases: the Message-ID wins.
    const byMessageId = deliver(deps, {
      From: complainant,
      To: caseReplyAddress(deps.settings.inboundAddress, second),
      Subject: `Re: your complaint [${secondRecord?.reference}]`,
      'In-Reply-To': ackOfFirst,
    });
    expect(await receiveEmail(deps, byMessageId)).toMatchObject({ kind: 'reply', caseId: first });

    const byAddress = deliver(deps, {
      From: complainant,
      To: caseReplyAddress(deps.settings.inboundAddress, second),
      Subject: `Re: [${firstRecord?.reference}]`,
    });
    expect(await receiveEmail(deps, byAddress)).toMatchObject({ kind: 'reply', caseId: second });

    const byReference = deliver(deps, {
      From: complainant,
      To: 'complaints@liaison.example.org',
      Subject: `About ${firstRecord?.reference}`,
    });
    expect(await receiveEmail(deps, byReference)).toMatchObject({ kind: 'reply', caseId: first });
  });

  it('from anyone but the complainant is held with the case it seems to belong to', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const record = await deps.cases.getCase(caseId);
    const outcome = await receiveEmail(
      deps,
      deliver(deps, {
        From: 'cousin@example.net',
        To: 'complaints@liaison.example.org',
        'In-Reply-To': record?.acknowledgement?.messageId as string,
      }),
    );
    expect(outcome).toMatchObject({ kind: 'held', reason: 'unknown-sender' });
    const held = await deps.heldMail.getHeldMessage((outcome as { heldId: string }).heldId);
    expect(held?.candidateCaseId).toBe(caseId);
  });

  it('that is automatic (out of office) is recorded on its case and nobody is told', async () => {
    const deps = await desk();
    const caseId = await newCase(deps);
    const sentBefore = deps.mailer.sent.length;
    const record = await deps.cases.getCase(caseId);
    const outcome = await receiveEmail(
      deps,
      deliver(deps, {
        From: complainant,
        To: 'complaints@liaison.example.org',
        'In-Reply-To': record?.acknowledgement?.messageId as string,
        'Auto-Submitted': 'auto-replied',
      }),
    );
    expect(outcome).toMatchObject({ kind: 'reply', caseId, duplicate: false });
    expect(deps.mailer.sent.length).toBe(sentBefore);
    const { correspondence } = await deps.cases.caseTimeline(caseId);
    expect(correspondence.filter((item) => item.kind === 'automatic-reply')).toHaveLength(1);
  });
});
