/** Who receives staff notifications for a case: the defaults, overridden per facility and per department. */
import type { CaseRecord } from '../case/case';

export interface EscalationContacts {
  coordinators: string;
  manager: string;
  director: string;
  byFacility?: Record<string, Partial<Omit<EscalationContacts, 'byFacility' | 'byDepartment'>>>;
  byDepartment?: Record<string, Partial<Omit<EscalationContacts, 'byFacility' | 'byDepartment'>>>;
}

/** The contacts for a case: the defaults, overridden by its facility's, overridden by its department's. */
export function contactsFor(
  contacts: EscalationContacts,
  record: CaseRecord,
): Omit<EscalationContacts, 'byFacility' | 'byDepartment'> {
  const facility = record.triage?.facility ?? record.complaint.facility;
  const department = record.triage?.department ?? record.complaint.department;
  return {
    coordinators: contacts.coordinators,
    manager: contacts.manager,
    director: contacts.director,
    ...(facility ? contacts.byFacility?.[facility] : {}),
    ...(department ? contacts.byDepartment?.[department] : {}),
  };
}
