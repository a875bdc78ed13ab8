/**
 * Files a complainant adds on the web form (photos, letters). The complaint lists them; the answer grants one
 * short-lived upload per file straight to storage, bound to its key, type and size. Nothing is shown to staff until
 * the malware scan has passed and the file's content proves to be the type it claims.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { CorrespondenceItem, StoredAttachment } from '../case/case';
import { changeCase } from '../case/change-case';
import type { Deps } from '../dependencies';
import type { ScannedObject, UploadStore } from '../ports';
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

export type UploadOutcome =
  | 'attached'
  | 'quarantined'
  | 'held'
  | 'refused'
  | 'superseded'
  | 'ignored'
  | 'duplicate';

export type UploadDependencies = Deps<'cases' | 'statistics' | 'observe' | 'uploads' | 'clock' | 'ids'>;

/** One scan result: the version it scanned and its verdict. */
export interface ScanResult extends ScannedObject {
  verdict: ScanVerdict;
}

/**
 * Where a clean upload is kept once scanned: a copy of exactly the scanned version under a prefix no upload grant
 * can write, so reusing a grant after the scan cannot change what staff download.
 */
export const SCANNED_PREFIX = 'scanned/';

function scannedKey(caseId: string, index: number, version: string): string {
  return `${SCANNED_PREFIX}${caseId}/${index}/${createHash('sha256').update(version).digest('hex').slice(0, 32)}`;
}

/**
 * A scanned upload joins its case. Clean files whose content matches their declared type become attachments
 * (served from the copy of the scanned version); infected ones are quarantined and files that could not be
 * scanned are held (both kept, never linked); anything else is refused. Each version's outcome is recorded once,
 * however often its scan result is delivered; a version replaced before it could be kept is left to the scan of
 * the version that replaced it.
 */
export async function acceptUpload(deps: UploadDependencies, scan: ScanResult): Promise<UploadOutcome> {
  const target = parseUploadKey(scan.key);
  if (!target) return 'ignored';
  const record = await deps.cases.getCase(target.caseId);
  const declared = record?.complaint.attachments?.[target.index];
  if (!record || !declared) return 'ignored';
  const version = scan.versionId ?? scan.eTag ?? 'unversioned';
  const receipt = `${target.index}:${version}`;
  if (record.scannedUploads?.includes(receipt)) return 'duplicate';
  const { outcome, reason, key } = await judge(
    deps.uploads,
    scan,
    declared,
    scannedKey(target.caseId, target.index, version),
  );
  return changeCase<UploadOutcome>(deps, target.caseId, async (current, now) => {
    const received = current.scannedUploads ?? [];
    if (received.includes(receipt)) return { unchanged: 'duplicate' };
    current.scannedUploads = [...received, receipt];
    const audit = [{ type: `upload.${outcome}`, actor: 'system', detail: { index: target.index, reason } }];
    if (outcome === 'superseded') return { record: current, audit, result: outcome };
    const earlier = received.filter((entry) => entry.startsWith(`${target.index}:`)).length;
    const attachment: StoredAttachment = {
      attachmentId: earlier === 0 ? `upload-${target.index}` : `upload-${target.index}-${earlier + 1}`,
      filename: declared.filename,
      contentType: declared.contentType,
      size: declared.size,
      key,
      inline: false,
    };
    const item: CorrespondenceItem = {
      caseId: current.caseId,
      correspondenceId: deps.ids.newId(),
      direction: 'in',
      channel: 'web',
      at: now.toISOString(),
      subject: `File from the web form: ${declared.filename}`,
      from: current.complaint.complainant.email ?? current.complaint.complainant.name,
      to: '',
      body: outcome === 'attached' ? '' : `This file was ${outcome}: ${reason}`,
      automatic: false,
      kind: 'complaint',
      attachments: [attachment],
    };
    return { record: current, correspondence: [item], audit, result: outcome };
  });
}

type Judgement = {
  outcome: 'attached' | 'quarantined' | 'held' | 'refused' | 'superseded';
  reason: string;
  /** The kept copy, for an attached file only. */
  key?: string;
};

async function judge(
  uploads: UploadStore,
  scan: ScanResult,
  declared: UploadRequests[number],
  keptKey: string,
): Promise<Judgement> {
  if (scan.verdict === 'THREATS_FOUND')
    return { outcome: 'quarantined', reason: 'the malware scan found a threat' };
  if (scan.verdict !== 'NO_THREATS_FOUND') {
    return { outcome: 'held', reason: `the malware scan did not complete (${scan.verdict})` };
  }
  if ((await uploads.keepScanned(scan, keptKey)) === 'changed') {
    return { outcome: 'superseded', reason: 'the file was replaced after it was scanned' };
  }
  // Zip-based formats (Word) are recognized by their first entries, which can reach past the first few KB.
  const stored = await uploads.inspect(keptKey, 64 * 1024);
  if (!stored) return { outcome: 'refused', reason: 'the file is missing' };
  if (stored.size > UPLOAD_LIMITS.maxBytes || stored.size !== declared.size) {
    return { outcome: 'refused', reason: 'the file is not the size the form declared' };
  }
  const detected = (await fileTypeFromBuffer(stored.head))?.mime;
  if (detected !== declared.contentType) {
    return { outcome: 'refused', reason: 'the content is not the type the file claims to be' };
  }
  return { outcome: 'attached', reason: 'scanned clean', key: keptKey };
}
