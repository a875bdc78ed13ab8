/**
 * Files a complainant adds on the web form (photos, letters). The complaint lists them; the answer grants one
 * short-lived upload per file straight to storage, bound to its key, type and size. Nothing is shown to staff until
 * the malware scan has passed and the file's content proves to be the type it claims.
 */
import { fileTypeFromBuffer } from 'file-type';
import type { CorrespondenceItem, StoredAttachment } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import type { UploadStore } from '../ports';
import { UPLOAD_LIMITS, type UploadRequests } from './upload-rules';

export { UPLOAD_LIMITS, UPLOAD_TYPES, UploadRequests } from './upload-rules';

/** A browser form post (S3 POST policy) that can store exactly one file under one key. */
export interface UploadGrant {
  index: number;
  filename: string;
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/** Where web-form files land in the attachments bucket (scanned by GuardDuty; infra/stateful-stack.ts). */
export const UPLOAD_PREFIX = 'uploads/';

export function uploadKey(caseId: string, index: number): string {
  return `${UPLOAD_PREFIX}${caseId}/${index}`;
}

export function parseUploadKey(key: string): { caseId: string; index: number } | undefined {
  const match = key.match(/^uploads\/([0-9A-HJKMNP-TV-Z]{26})\/(\d)$/);
  return match ? { caseId: match[1] as string, index: Number(match[2]) } : undefined;
}

export async function grantUploads(
  uploads: UploadStore,
  intake: { caseId: string; receivedAt: string },
  files: UploadRequests | undefined,
  now: Date,
): Promise<UploadGrant[]> {
  if (!files?.length) return [];
  if (now.getTime() - Date.parse(intake.receivedAt) > UPLOAD_LIMITS.reissueWithinMs) return [];
  const expiresAt = new Date(now.getTime() + UPLOAD_LIMITS.grantSeconds * 1000).toISOString();
  return Promise.all(
    files.map(async (file, index) => ({
      index,
      filename: file.filename,
      expiresAt,
      ...(await uploads.grant(
        uploadKey(intake.caseId, index),
        file.contentType,
        Math.min(file.size, UPLOAD_LIMITS.maxBytes),
        UPLOAD_LIMITS.grantSeconds,
      )),
    })),
  );
}

/** The malware scan's verdict, as GuardDuty Malware Protection for S3 reports it. */
export type ScanVerdict = 'NO_THREATS_FOUND' | 'THREATS_FOUND' | 'UNSUPPORTED' | 'ACCESS_DENIED' | 'FAILED';

export type UploadOutcome = 'attached' | 'quarantined' | 'held' | 'refused' | 'ignored' | 'duplicate';

export type UploadDependencies = Deps<'cases' | 'statistics' | 'observe' | 'uploads' | 'clock' | 'ids'>;

/**
 * A scanned upload joins its case. Clean files whose content matches their declared type become attachments;
 * infected ones are quarantined and files that could not be scanned are held (both kept, never linked); anything
 * else is refused. Each outcome is recorded once, however often the scan result is delivered.
 */
export async function acceptUpload(
  deps: UploadDependencies,
  upload: { key: string; verdict: ScanVerdict },
): Promise<UploadOutcome> {
  const target = parseUploadKey(upload.key);
  if (!target) return 'ignored';
  const record = await deps.cases.getCase(target.caseId);
  const declared = record?.complaint.attachments?.[target.index];
  if (!record || !declared) return 'ignored';
  if (record.uploadsReceived?.includes(target.index)) return 'duplicate';
  const { outcome, reason } = await judge(deps.uploads, upload, declared);
  return changeCase<UploadOutcome>(deps, target.caseId, async (current, now) => {
    if (current.uploadsReceived?.includes(target.index)) return { unchanged: 'duplicate' };
    current.uploadsReceived = [...(current.uploadsReceived ?? []), target.index];
    const attachment: StoredAttachment = {
      attachmentId: `upload-${target.index}`,
      filename: declared.filename,
      contentType: declared.contentType,
      size: declared.size,
      key: outcome === 'attached' ? upload.key : undefined,
      inline: false,
    };
    const item: CorrespondenceItem = {
      caseId: current.caseId,
      correspondenceId: deps.ids.newId(),
      direction: 'in',
      channel: 'web',
      at: now.toISOString(),
      subject: `File from the web form: ${declared.filename}`,
      from: current.complaint.complainant.email,
      to: '',
      body: outcome === 'attached' ? '' : `This file was ${outcome}: ${reason}`,
      automatic: false,
      kind: 'complaint',
      attachments: [attachment],
    };
    return {
      record: current,
      correspondence: [item],
      audit: [{ type: `upload.${outcome}`, actor: 'system', detail: { index: target.index, reason } }],
      result: outcome,
    };
  });
}

async function judge(
  uploads: UploadStore,
  upload: { key: string; verdict: ScanVerdict },
  declared: UploadRequests[number],
): Promise<{ outcome: 'attached' | 'quarantined' | 'held' | 'refused'; reason: string }> {
  if (upload.verdict === 'THREATS_FOUND')
    return { outcome: 'quarantined', reason: 'the malware scan found a threat' };
  if (upload.verdict !== 'NO_THREATS_FOUND') {
    return { outcome: 'held', reason: `the malware scan did not complete (${upload.verdict})` };
  }
  // Zip-based formats (Word) are recognized by their first entries, which can reach past the first few KB.
  const stored = await uploads.inspect(upload.key, 64 * 1024);
  if (!stored) return { outcome: 'refused', reason: 'the file is missing' };
  if (stored.size > UPLOAD_LIMITS.maxBytes || stored.size !== declared.size) {
    return { outcome: 'refused', reason: 'the file is not the size the form declared' };
  }
  const detected = (await fileTypeFromBuffer(stored.head))?.mime;
  if (detected !== declared.contentType) {
    return { outcome: 'refused', reason: 'the content is not the type the file claims to be' };
  }
  return { outcome: 'attached', reason: 'scanned clean' };
}
