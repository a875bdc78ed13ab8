import { describe, expect, it } from 'vitest';
import { ComplaintInput, MAX_DESCRIPTION_LENGTH, toFieldErrors } from '../../functions/core/intake/complaint';
import { familyComplaint, selfComplaint } from '../support/fixtures';

function errorsOf(value: unknown) {
  const result = ComplaintInput.safeParse(value);
  if (result.success) throw new Error('expected the complaint to be refused');
  return toFieldErrors(result.error);
}

describe('ComplaintInput: what a complainant must tell us', () => {
  it('accepts a complaint from a family member and trims whitespace', () => {
    const parsed = ComplaintInput.parse({ ...familyComplaint(), description: '  Too long a wait.  ' });
    expect(parsed.description).toBe('Too long a wait.');
    expect(parsed.patient?.mrn).toBe('MRN-88442211');
  });

  it('accepts a complaint about oneself without a patient section', () => {
    expect(ComplaintInput.safeParse(selfComplaint()).success).toBe(true);
  });

  it('requires the patient when someone complains on behalf of another person', () => {
    const { patient: _omitted, ...withoutPatient } = familyComplaint();
    expect(errorsOf(withoutPatient)).toEqual([
      {
        field: 'patient',
        message: 'Tell us who the patient is when you are complaining on behalf of someone else.',
      },
    ]);
  });

  it('requires a phone number when the complainant asks to be called', () => {
    const errors = errorsOf(selfComplaint({ contactPreference: 'phone' }));
    expect(errors).toEqual([
      { field: 'complainant.phone', message: 'Give a phone number if you would like us to call you.' },
    ]);
  });

  it('names every invalid field with a reason a complainant understands', () => {
    const errors = errorsOf({
      complainant: { name: ' ', email: 'not-an-email', relationship: 'cousin' },
      description: '',
      contactPreference: 'pigeon',
    });
    const byField = Object.fromEntries(errors.map((error) => [error.field, error.message]));
    expect(byField).toMatchObject({
      'complainant.name': 'Your name is required.',
      'complainant.email': 'Enter an email address like name@example.com.',
      'complainant.relationship': 'Choose one of: self, family, representative, other, unknown.',
      description: 'A description of your concern is required.',
      contactPreference: 'Choose one of: email, phone, letter.',
    });
  });

  it(`limits the description to ${MAX_DESCRIPTION_LENGTH} characters`, () => {
    expect(
      ComplaintInput.safeParse(selfComplaint({ description: 'x'.repeat(MAX_DESCRIPTION_LENGTH) })).success,
    ).toBe(true);
    expect(errorsOf(selfComplaint({ description: 'x'.repeat(MAX_DESCRIPTION_LENGTH + 1) }))).toEqual([
      { field: 'description', message: `Must be at most ${MAX_DESCRIPTION_LENGTH} characters.` },
    ]);
  });

  it('refuses dates that do not exist or lie in the future', () => {
    const base = familyComplaint();
    expect(errorsOf({ ...base, incidentDate: '2026-02-30' })).toEqual([
      { field: 'incidentDate', message: 'Incident date is not a real calendar date.' },
    ]);
    expect(errorsOf({ ...base, incidentDate: '2999-01-01' })).toEqual([
      { field: 'incidentDate', message: 'Incident date cannot be in the future.' },
    ]);
    expect(errorsOf({ ...base, patient: { name: 'P', dateOfBirth: '17/03/1941' } })).toEqual([
      { field: 'patient.dateOfBirth', message: 'Date of birth must be a date in the form YYYY-MM-DD.' },
    ]);
  });

  it('refuses fields it does not know, naming them', () => {
    expect(errorsOf({ ...selfComplaint(), isAdmin: true })).toEqual([
      { field: '', message: 'Unknown field(s): isAdmin.' },
    ]);
    expect(
      errorsOf({ ...selfComplaint(), complainant: { ...selfComplaint().complainant, role: 'x' } }),
    ).toEqual([{ field: 'complainant', message: 'Unknown field(s): complainant.role.' }]);
  });

  it('says so when the body is not an object at all', () => {
    expect(errorsOf('a string')).toEqual([{ field: '', message: 'The complaint must be a JSON object.' }]);
  });
});

describe('ComplaintInput reports every problem at once', () => {
  it('includes the cross-field rules when other fields are also wrong', () => {
    const errors = errorsOf({
      complainant: { name: '', email: 'x@example.com', relationship: 'family' },
      description: 'x',
      contactPreference: 'phone',
    });
    expect(errors.map((error) => error.field)).toEqual(['complainant.name', 'patient', 'complainant.phone']);
  });

  it('copes with a complainant that is null', () => {
    expect(errorsOf({ complainant: null, description: 'x', contactPreference: 'email' })[0]?.field).toBe(
      'complainant',
    );
  });
});
