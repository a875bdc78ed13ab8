/**
 * Acting for someone else (issue 14 §4): when a family member or representative complains, the case records the
 * patient's consent or the complainant's legal authority (a personal representative, HIPAA 45 CFR 164.502(g);
 * NHS England: the patient's consent, or their best interests where they cannot give it) as pending, obtained, not
 * needed or refused. Until it is settled, the written response is not put in an email to the complainant: the
 * email says it is ready on their private status page (letters/notifications.ts).
 */
import * as z from 'zod';
import { type Actor, assertMayWorkOn } from '../access/roles';
import type { Deps } from '../dependencies';
import { requiredText } from '../validation';
import type { Authority, CaseRecord } from './case';
import { changeCase } from './change-case';

/** The authority as it stands: recorded, or as intake implies (someone complaining for themselves needs none). */
export function authorityOf(record: Pick<CaseRecord, 'authority' | 'complaint'>): Authority['status'] {
  if (record.authority) return record.authority.status;
  return record.complaint.complainant.relationship === 'self' ? 'not-needed' : 'pending';
}

/** Whether what is written to the complainant may speak of the patient's care. */
export function maySpeakOfThePatient(record: Pick<CaseRecord, 'authority' | 'complaint'>): boolean {
  const status = authorityOf(record);
  return status === 'obtained' || status === 'not-needed';
}

export const AuthorityRequest = z.strictObject({
  status: z.enum(['pending', 'obtained', 'not-needed', 'refused'], {
    error: 'Choose pending, obtained, not-needed or refused.',
  }),
  basis: z
    .enum(['patient-consent', 'personal-representative', 'best-interests', 'other'], {
      error: 'Choose patient-consent, personal-representative, best-interests or other.',
    })
    .optional(),
  note: requiredText('The note', 2000).optional(),
});
export type AuthorityRequest = z.infer<typeof AuthorityRequest>;

export async function recordAuthority(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'clock' | 'ids'>,
  input: { actor: Actor; caseId: string; request: AuthorityRequest },
): Promise<{ authority: Authority }> {
  const { actor, request } = input;
  return changeCase<{ authority: Authority }>(deps, input.caseId, async (record, now) => {
    assertMayWorkOn(actor, record);
    const authority: Authority = {
      status: request.status,
      ...(request.basis ? { basis: request.basis } : {}),
      ...(request.note ? { note: request.note } : {}),
      recordedBy: actor.userId,
      recordedAt: now.toISOString(),
    };
    record.authority = authority;
    return {
      record,
      // The note is staff's words: on the case, not in the audit trail.
      audit: [
        {
          type: 'authority.recorded',
          actor: actor.userId,
          detail: { status: request.status, ...(request.basis ? { basis: request.basis } : {}) },
        },
      ],
      result: { authority },
    };
  });
}
