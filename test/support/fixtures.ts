/** Test data shared by the suites. Every value is invented; the PHI markers let tests prove where PHI went. */
import type { ComplaintInput } from '../../functions/core/intake/complaint';

/** Distinctive strings that count as PHI: a test fails if any of them appears where PHI must never go. */
export const PHI_MARKERS = {
  complainantName: 'Zebediah Quillfeather',
  complainantEmail: 'zebediah.quillfeather@example.com',
  complainantPhone: '+1 555 013 9876',
  patientName: 'Marigold Quillfeather',
  dateOfBirth: '1941-03-17',
  mrn: 'MRN-88442211',
  description: 'The night nurse ignored the call bell for ninety-three minutes on ward 7B.',
} as const;

export function familyComplaint(overrides: Partial<ComplaintInput> = {}): ComplaintInput {
  return {
    complainant: {
      name: PHI_MARKERS.complainantName,
      email: PHI_MARKERS.complainantEmail,
      phone: PHI_MARKERS.complainantPhone,
      relationship: 'family',
    },
    patient: { name: PHI_MARKERS.patientName, dateOfBirth: PHI_MARKERS.dateOfBirth, mrn: PHI_MARKERS.mrn },
    facility: 'Example General Hospital',
    department: 'Medicine',
    incidentDate: '2026-11-01',
    category: 'Nursing care',
    description: PHI_MARKERS.description,
    desiredOutcome: 'An explanation and an apology.',
    contactPreference: 'email',
    ...overrides,
  };
}

export function selfComplaint(overrides: Partial<ComplaintInput> = {}): ComplaintInput {
  return {
    complainant: { name: 'Ann Example', email: 'ann@example.com', relationship: 'self' },
    description: 'I waited four hours in the clinic without being told why.',
    contactPreference: 'email',
    ...overrides,
  };
}

/** Returns every PHI marker found in a text. */
export function phiIn(text: string): string[] {
  return Object.values(PHI_MARKERS).filter((marker) => text.includes(marker));
}

/** A complete coding from the shipped code lists (coding/shipped-code-lists.ts), as a formal complaint needs. */
export const FULL_CODING = {
  hcat: { severities: { communication: 2, safety: 1 }, stageOfCare: 'care-on-the-ward', harm: 1 },
  subjects: ['communications'],
  serviceArea: 'inpatient',
  professions: ['nursing-midwifery-and-health-visiting'],
};

/** Closing a formal complaint: outcome, a root cause code, and the coding it needs. */
export function codedClosure(overrides: Record<string, unknown> = {}) {
  return {
    outcome: 'close',
    result: 'upheld',
    rootCause: 'staffing-levels',
    coding: FULL_CODING,
    ...overrides,
  };
}
