/** Field schemas shared by the requests the console sends, with messages written for the person filling them in. */
import * as z from 'zod';

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `Must be at most ${max} characters.`);

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.');
