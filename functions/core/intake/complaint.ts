/**
 * What a complainant submits: the intake contract shared by the web form, the API, email intake and the staff
 * who take a complaint by phone, in person or by letter. The browser mirrors these rules for early feedback;
 * this schema is the judge. A complainant needs some way to be reached (email, phone or a postal address); the
 * web form, which answers by email, needs the email (WebComplaintInput).
 */
import * as z from 'zod';
import { UploadRequests } from '../uploads/upload-rules';

export const MAX_DESCRIPTION_LENGTH = 10_000;

const trimmed = (max: number) => z.string().trim().max(max, `Must be at most ${max} characters.`);
const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `Must be at most ${max} characters.`);

/**
 * A person's name: one line, no control characters. It opens letters signed by the hospital and sent to the
 * address given, so it must not be able to carry a paragraph of someone else's text.
 */
const personName = (label: string) =>
  requiredText(label, 200).regex(
    /^[^\p{Cc}\p{Cf}\u2028\u2029]*$/u,
    `${label} must be a single line of text.`,
  );

/** A calendar date (YYYY-MM-DD) that really exists and is not in the future. */
const pastDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} must be a date in the form YYYY-MM-DD.`, abort: true })
    .refine(
      (value) => {
        const date = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
      },
      // One reason per field: a date that does not exist is not also "in the future".
      { error: `${label} is not a real calendar date.`, abort: true },
    )
    .refine(
      // A day of slack: the complainant's "today" may already be tomorrow in UTC.
      (value) => new Date(`${value}T00:00:00Z`).getTime() <= Date.now() + 86_400_000,
      `${label} cannot be in the future.`,
    );

/** A postal address, for letters (and for complainants who have no email). */
export const PostalAddress = z.strictObject(
  {
    line1: requiredText('The first line of the address', 200),
    line2: trimmed(200).optional(),
    city: requiredText('The town or city', 100),
    region: trimmed(100).optional(),
    postalCode: requiredText('The postal code', 20).regex(
      /^[A-Za-z0-9 -]+$/,
      'Use letters, digits, spaces and hyphens only.',
    ),
    country: trimmed(100).optional(),
  },
  { error: 'Give the address as {line1, line2?, city, region?, postalCode, country?}.' },
);
export type PostalAddress = z.output<typeof PostalAddress>;

export const EmailAddress = z
  .string({ error: 'Email address is required.' })
  .trim()
  .max(254, 'Must be at most 254 characters.')
  .pipe(z.email('Enter an email address like name@example.com.'));

export const PhoneNumber = trimmed(40).regex(
  /^[+()\d\s.-]{6,}$/,
  'Enter a phone number using digits, spaces and + ( ) - only.',
);

/** `unknown`: not yet known (an emailed complaint); triage finds out. The web form does not offer it. */
export const RELATIONSHIPS = ['self', 'family', 'representative', 'other', 'unknown'] as const;
export const CONTACT_PREFERENCES = ['email', 'phone', 'letter'] as const;

export const ComplaintInput = z
  .strictObject(
    {
      complainant: z.strictObject(
        {
          name: personName('Your name'),
          email: EmailAddress.optional(),
          phone: PhoneNumber.optional(),
          address: PostalAddress.optional(),
          relationship: z.enum(RELATIONSHIPS, {
            error: `Choose one of: ${RELATIONSHIPS.join(', ')}.`,
          }),
        },
        { error: 'Tell us who you are: complainant is required.' },
      ),
      patient: z
        .strictObject({
          name: personName("The patient's name"),
          dateOfBirth: pastDate('Date of birth').optional(),
          mrn: trimmed(40)
            .regex(/^[A-Za-z0-9-]+$/, 'Use letters, digits and hyphens only.')
            .optional(),
        })
        .optional(),
      facility: trimmed(200).optional(),
      department: trimmed(200).optional(),
      incidentDate: pastDate('Incident date').optional(),
      category: trimmed(100).optional(),
      description: requiredText('A description of your concern', MAX_DESCRIPTION_LENGTH),
      desiredOutcome: trimmed(4_000).optional(),
      contactPreference: z.enum(CONTACT_PREFERENCES, {
        error: `Choose one of: ${CONTACT_PREFERENCES.join(', ')}.`,
      }),
      /** Files to add (web form): the answer grants an upload for each. */
      attachments: UploadRequests.optional(),
    },
    { error: 'The complaint must be a JSON object.' },
  )
  .superRefine(
    (complaint, ctx) => {
      const onBehalf = ['family', 'representative', 'other'].includes(complaint.complainant.relationship);
      if (onBehalf && !complaint.patient) {
        ctx.addIssue({
          code: 'custom',
          path: ['patient'],
          message: 'Tell us who the patient is when you are complaining on behalf of someone else.',
        });
      }
      const { email, phone, address } = complaint.complainant;
      if (complaint.contactPreference === 'phone' && !phone) {
        ctx.addIssue({
          code: 'custom',
          path: ['complainant', 'phone'],
          message: 'Give a phone number if you would like us to call you.',
        });
      }
      if (complaint.contactPreference === 'email' && !email) {
        ctx.addIssue({
          code: 'custom',
          path: ['complainant', 'email'],
          message: 'Give an email address if you would like us to write by email.',
        });
      }
      if (!email && !phone && !address) {
        ctx.addIssue({
          code: 'custom',
          path: ['complainant'],
          message: 'Give an email address, a phone number or a postal address, so we can reach you.',
        });
      }
    },
    {
      // Also when other fields are wrong, so the form shows every problem at once. The rule only needs the
      // two fields it reads to have the right shape.
      when: (payload) => {
        const value = payload.value as { complainant?: unknown } | null | undefined;
        return typeof value?.complainant === 'object' && value.complainant !== null;
      },
    },
  );

export type ComplaintInput = z.output<typeof ComplaintInput>;

/** The public web form and API: the acknowledgement and the status link go by email, so it is required. */
export const WebComplaintInput = ComplaintInput.superRefine((complaint, ctx) => {
  if (!complaint.complainant.email) {
    ctx.addIssue({ code: 'custom', path: ['complainant', 'email'], message: 'Email address is required.' });
  }
});

export interface FieldError {
  /** Dotted path of the field, e.g. `complainant.email`; empty for the body as a whole. */
  field: string;
  message: string;
}

/** Field-level reasons, in the order the form shows its fields. */
export function toFieldErrors(error: z.ZodError | readonly z.core.$ZodIssue[]): FieldError[] {
  const issues = error instanceof z.ZodError ? error.issues : error;
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const parent = issue.path.join('.');
      return {
        field: parent,
        message: `Unknown field(s): ${issue.keys.map((key) => (parent ? `${parent}.${key}` : key)).join(', ')}.`,
      };
    }
    return { field: issue.path.join('.'), message: issue.message };
  });
}
