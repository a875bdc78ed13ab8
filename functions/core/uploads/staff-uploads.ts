/**
 * Files staff add to a case (issue 13 §4): a statement, a scanned letter, a photo of a lost item. The same rules as
 * a complainant's files: declared first (name, type, size, and what the file is), uploaded by the browser straight
 * to storage with a short-lived grant per file, and part of the case only once the malware scan has passed and the
 * content proves to be its type (web-uploads.ts, acceptUpload). Staff files are internal: never shown to the
 * complainant.
 */
import * as z from 'zod';
import { type Actor, assertMayWorkOn } from '../access/roles';
import type { StaffUpload } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import { requiredText } from '../validation';
import { UPLOAD_LIMITS, UploadRequests } from './upload-rules';
import { type UploadGrant, uploadKey } from './web-uploads';

export const StaffUploadRequest = z.strictObject({
  files: UploadRequests.min(1, 'Choose at least one file.'),
  description: requiredText('What the files are', 500),
});
export type StaffUploadRequest = z.infer<typeof StaffUploadRequest>;

/** Files declared on one case that are still waiting for their upload and scan: a bound on abandoned slots. */
export const MAX_STAFF_UPLOADS = 200;

export async function grantStaffUploads(
  deps: Deps<'cases' | 'statistics' | 'observe' | 'uploads' | 'clock' | 'ids'>,
  input: { actor: Actor; caseId: string; request: StaffUploadRequest },
): Promise<{ uploads: (UploadGrant & { uploadId: string })[] }> {
  const { actor, request } = input;
  const by = { userId: actor.userId, name: actor.name, email: actor.email };
  const declared = await changeCase<StaffUpload[]>(deps, input.caseId, async (record, now) => {
    assertMayWorkOn(actor, record);
    const uploads = request.files.map((file) => ({
      uploadId: deps.ids.newId(),
      ...file,
      description: request.description,
      by,
      at: now.toISOString(),
    }));
    record.staffUploads = [...(record.staffUploads ?? []), ...uploads].slice(-MAX_STAFF_UPLOADS);
    return {
      record,
      // Counts only: file names are the staff's words and can name a patient.
      audit: [{ type: 'upload.requested', actor: actor.userId, detail: { files: uploads.length } }],
      result: uploads,
    };
  });
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + UPLOAD_LIMITS.grantSeconds * 1000).toISOString();
  const uploads = await Promise.all(
    declared.map(async (upload, index) => ({
      index,
      uploadId: upload.uploadId,
      filename: upload.filename,
      expiresAt,
      ...(await deps.uploads.grant(
        uploadKey(input.caseId, upload.uploadId),
        upload.contentType,
        upload.size,
        UPLOAD_LIMITS.grantSeconds,
      )),
    })),
  );
  return { uploads };
}
