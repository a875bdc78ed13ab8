/** Every letter follows the contact preference, the acknowledgement included (issue 14 §4; in-memory ports). */
import { describe, expect, it } from 'vitest';
import { STATUS_LINK_PLACEHOLDER } from '../../functions/core/letters/acknowledgement';
import { selfComplaint } from '../support/fixtures';
import { desk, newCase } from './desk';

const address = { line1: '12 Orchard Lane', city: 'Springfield', postalCode: '01101' };

describe('the acknowledgement', () => {
  it('is a letter to print and mail for someone who asked for post, and no email goes', async () => {
    const deps = await desk();
    const caseId = await newCase(
      deps,
      selfComplaint({
        complainant: { name: 'Pat Post', email: 'pat@example.com', relationship: 'self', address },
        contactPreference: 'letter',
      }),
    );
    const record = await deps.cases.getCase(caseId);
    expect(record?.acknowledgement?.channel).toBe('letter');
    expect(deps.mailer.sent.filter((email) => email.to === 'pat@example.com')).toEqual([]);
    const letter = deps.table.correspondence.find(
      (item) => item.caseId === caseId && item.kind === 'acknowledgement',
    );
    expect(letter).toMatchObject({ channel: 'letter', status: 'to-be-mailed' });
    expect(letter?.to).toBe('Pat Post, 12 Orchard Lane, Springfield, 01101');
    // A printed letter carries no private link, and says how to reach the team instead.
    expect(letter?.body).not.toContain(STATUS_LINK_PLACEHOLDER);
    expect(letter?.body).toContain(`quoting ${record?.reference}`);
    expect(
      deps.table.audit.filter((event) => event.caseId === caseId && event.type === 'acknowledgement.sent'),
    ).toHaveLength(1);
  });

  it('is a letter for someone with an address and no email, and withheld for someone with neither', async () => {
    const deps = await desk();
    const posted = await newCase(
      deps,
      selfComplaint({
        complainant: { name: 'Lee Letter', relationship: 'self', address, phone: '+1 555 010 2233' },
        contactPreference: 'phone',
      }),
      'phone',
    );
    expect((await deps.cases.getCase(posted))?.acknowledgement?.channel).toBe('letter');
    const phoneOnly = await newCase(
      deps,
      selfComplaint({
        complainant: { name: 'Phil Phone', relationship: 'self', phone: '+1 555 010 4455' },
        contactPreference: 'phone',
      }),
      'phone',
    );
    const record = await deps.cases.getCase(phoneOnly);
    expect(record?.acknowledgement).toBeUndefined();
    expect(record?.autoReply).toEqual({
      suppressed: true,
      reason: 'There is no email or postal address to send it to. Acknowledge by phone.',
    });
  });

  it('is emailed, with the private link, to someone who prefers email', async () => {
    const deps = await desk();
    const caseId = await newCase(deps, selfComplaint());
    expect((await deps.cases.getCase(caseId))?.acknowledgement?.messageId).toBeDefined();
    expect(deps.mailer.sent.at(-1)?.text).toContain('/status.html');
  });
});
