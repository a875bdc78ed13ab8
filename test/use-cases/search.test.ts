/** Finding a person's cases from the console's one search box (use case on in-memory ports). */
import { describe, expect, it } from 'vitest';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import { findCases } from '../../functions/core/search/find-cases';
import { plansFor, searchTermsOf } from '../../functions/core/search/search-terms';
import { familyComplaint, PHI_MARKERS, selfComplaint } from '../support/fixtures';
import { assign, coordinator, desk, newCase, representative } from './desk';

async function twoPeople() {
  const deps = await desk();
  const quillfeather = await newCase(deps, familyComplaint());
  const again = await newCase(deps, familyComplaint({ description: 'The call bell again, a week later.' }));
  const zoe = await newCase(
    deps,
    selfComplaint({
      complainant: {
        name: 'Zoë Ó Briain',
        email: 'zoe@example.net',
        phone: '(555) 010-4477',
        relationship: 'self',
      },
      patient: { name: 'Zoë Ó Briain', dateOfBirth: '1980-04-03', mrn: 'A-0042' },
    }),
  );
  return { deps, quillfeather, again, zoe };
}

const ids = (results: { caseId: string }[]) => results.map((result) => result.caseId).sort();

describe('finding a case', () => {
  it('by name in any order, by prefix, ignoring case and accents', async () => {
    const { deps, quillfeather, again, zoe } = await twoPeople();
    const find = async (q: string) => ids((await findCases(deps, coordinator, q)).results);
    expect(await find('Quillfeather Zebediah')).toEqual([quillfeather, again].sort());
    expect(await find('zeb quill')).toEqual([quillfeather, again].sort());
    expect(await find('Marigold')).toEqual([quillfeather, again].sort());
    expect(await find('zoe o briain')).toEqual([zoe]);
    expect(await find('ZOË')).toEqual([zoe]);
    expect(await find('Zebediah Briain')).toEqual([]);
  });

  it('by email, phone in any format, MRN, date of birth and reference', async () => {
    const { deps, quillfeather, zoe } = await twoPeople();
    const find = async (q: string) => ids((await findCases(deps, coordinator, q)).results);
    expect(await find('ZOE@example.net')).toEqual([zoe]);
    expect(await find('555-010-4477')).toEqual([zoe]);
    expect(await find('+1 555 010 4477')).toEqual([zoe]);
    expect(await find('a0042')).toEqual([zoe]);
    expect(await find('A-0042')).toEqual([zoe]);
    expect(await find('1980-04-03')).toEqual([zoe]);
    expect(await find('04/03/1980')).toEqual([zoe]);
    expect(await find('3.4.1980')).toEqual([zoe]);
    expect(await find(PHI_MARKERS.mrn)).toContain(quillfeather);
    const reference = (await deps.cases.getCase(zoe))?.reference as string;
    expect(await find(reference.toLowerCase())).toEqual([zoe]);
  });

  it("shows each person's other cases", async () => {
    const { deps, quillfeather, again } = await twoPeople();
    const { results } = await findCases(deps, coordinator, PHI_MARKERS.complainantEmail);
    const first = results.find((result) => result.caseId === quillfeather);
    expect(first?.otherCases.map((other) => other.caseId)).toEqual([again]);
  });

  it('finds for a representative only the cases they may work on, and records every case a search shows', async () => {
    const { deps, quillfeather, again } = await twoPeople();
    expect((await findCases(deps, representative, 'Quillfeather')).results).toEqual([]);
    await assign(deps, quillfeather, representative.userId);
    const { results } = await findCases(deps, representative, 'Quillfeather');
    expect(ids(results)).toEqual([quillfeather]);
    // The other case of the same person is not theirs: not even its reference shows.
    expect(results[0]?.otherCases).toEqual([]);
    const log = await deps.accessLog.list(quillfeather, 10);
    expect(log.items.map((item) => [item.userId, item.action])).toContainEqual([
      representative.userId,
      'search',
    ]);
    expect((await deps.accessLog.list(again, 10)).items.map((item) => item.userId)).not.toContain(
      representative.userId,
    );
  });
});

describe('a common name', () => {
  it('does not hide a rare surname: the narrowest word finds the candidates', async () => {
    const deps = await desk();
    for (let index = 0; index < 210; index += 1) {
      await submitComplaint(deps, {
        complaint: selfComplaint({
          complainant: { name: `Ann Person${index}`, email: `ann${index}@example.com`, relationship: 'self' },
        }),
        channel: 'web',
        actor: 'complainant',
      });
    }
    const rare = await newCase(
      deps,
      selfComplaint({
        complainant: { name: 'Ann Zwiebelmeyer', email: 'az@example.com', relationship: 'self' },
      }),
    );
    // The oldest cases came first, so 'ann' alone holds more candidates than one lookup returns.
    const lookups: string[] = [];
    const findCaseIdsByTerm = deps.cases.findCaseIdsByTerm.bind(deps.cases);
    deps.cases.findCaseIdsByTerm = (lookup, limit) => {
      if (lookup.kind === 'name') lookups.push(lookup.value);
      return findCaseIdsByTerm(lookup, limit);
    };
    const { results } = await findCases(deps, coordinator, 'ann zwiebel');
    expect(ids(results)).toEqual([rare]);
    // The longer word answered whole, so the common one was never looked up (the email is for other cases).
    expect(lookups).toEqual(['zwiebel']);
  });

  it('looks up the next word when the longest is the common one', async () => {
    const deps = await desk();
    for (let index = 0; index < 210; index += 1) {
      await submitComplaint(deps, {
        complaint: selfComplaint({
          complainant: { name: `Abernathy ${index}`, email: `a${index}@example.com`, relationship: 'self' },
        }),
        channel: 'web',
        actor: 'complainant',
      });
    }
    const xu = await newCase(
      deps,
      selfComplaint({ complainant: { name: 'Xu Abernathy', email: 'xu@example.com', relationship: 'self' } }),
    );
    const { results } = await findCases(deps, coordinator, 'abernathy xu');
    expect(ids(results)).toEqual([xu]);
  });
});

describe('reading a search', () => {
  it('keeps what a case is found by, folded, and reads queries as the ways they could find one', () => {
    expect(
      searchTermsOf(
        selfComplaint({ complainant: { name: 'Ann Éxample-Smith', email: 'A@B.org', relationship: 'self' } }),
      ),
    ).toEqual(['email:a@b.org', 'name:ann', 'name:example', 'name:smith']);
    expect(plansFor('x')).toEqual([]);
    expect(plansFor('12/31/1950')).toEqual([[[{ kind: 'dob', value: '1950-12-31', prefix: false }]]]);
  });
});
