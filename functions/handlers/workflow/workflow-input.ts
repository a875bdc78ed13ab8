/** What the review workflow passes to its Lambda tasks: ids and step names only, never PHI. */
import { z } from 'zod';

export const CaseTaskInput = z.strictObject({
  caseId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID'),
});

export const HumanTaskInput = CaseTaskInput.extend({
  step: z.enum(['triage']),
  taskToken: z.string().min(1).max(1024),
});
