/**
 * The limits on files a complainant attaches on the web form: part of the complaint's schema (complaint.ts) and
 * of the upload grants and checks (web-uploads.ts).
 */
import * as z from 'zod';

/** What the form accepts: types whose content can be checked by their signature (file-type). */
export const UPLOAD_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

/** The types by file extension, for browsers that leave HEIC and Word types blank (the content is checked anyway). */
export const UPLOAD_EXTENSIONS: { readonly [extension: string]: (typeof UPLOAD_TYPES)[number] } = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const UPLOAD_LIMITS = {
  maxFiles: 5,
  /** Per file: a phone photo or a scanned letter, with room to spare. */
  maxBytes: 10 * 1024 * 1024,
  /** How long a grant may be used. */
  grantSeconds: 15 * 60,
  /** Grants are reissued on a retried submission only while the case is this new. */
  reissueWithinMs: 60 * 60 * 1000,
} as const;

export const UploadRequests = z
  .array(
    z.strictObject({
      filename: z
        .string()
        .trim()
        .min(1, 'Give the file a name.')
        .max(200, 'Must be at most 200 characters.')
        .refine(
          (name) =>
            ![...name].some((character) => character === '/' || character === '\\' || character < ' '),
          'The file name cannot contain slashes or control characters.',
        ),
      contentType: z.enum(UPLOAD_TYPES, {
        error: 'Attach a photo (JPEG, PNG, GIF, WebP, HEIC), a PDF or a Word document.',
      }),
      size: z
        .number()
        .int()
        .min(1, 'The file is empty.')
        .max(UPLOAD_LIMITS.maxBytes, `Each file must be at most ${UPLOAD_LIMITS.maxBytes / 1024 / 1024} MB.`),
    }),
  )
  .max(UPLOAD_LIMITS.maxFiles, `Attach at most ${UPLOAD_LIMITS.maxFiles} files.`);
export type UploadRequests = z.output<typeof UploadRequests>;
