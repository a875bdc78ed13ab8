/**
 * Files a complainant adds on the web form (photos, letters). The complaint lists them; the answer grants one
 * short-lived upload per file straight to storage, bound to its key, type and size. Nothing is shown to staff until
 * the malware scan has passed and the file's content proves to be the type it claims.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { CaseRecord, CorrespondenceItem, StoredAttachment } from '../case/case';
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

/** A web-form file: `uploads/<caseId>/<index>`; a staff upload: `uploads/<caseId>/staff/<uploadId>`. */
export function uploadKey(caseId: string, slot: number | string): string {
  return `${UPLOAD_PREFIX}${caseId}/${typeof slot === 'number' ? slot : `staff/${slot}`}`;
}

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** The case and slot of an upload key: `<index>` for a web-form file, `staff/<uploadId>` for a staff upload. */
export function parseUploadKey(key: string): { caseId: string; slot: string } | undefined {
  const match = key.match(new RegExp(`^uploads/(${ULID})/(\\d|staff/${ULID})$`));
  return match ? { caseId: match[1] as string, slot: match[2] as string } : undefined;
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

function scannedKey(caseId: string, slot: string, version: string): string {
  return `${SCANNED_PREFIX}${caseId}/${slot}/${createHash('sha256').update(version).digest('hex').slice(0, 32)}`;
}

/** What an upload slot was declared to hold, and how its file joins the case. */
interface Declared {
  filename: string;
  contentType: string;
  size: number;
  attachmentId: string;
  /** The correspondence item that carries the file. */
  item: (record: CaseRecord) => Pick<CorrespondenceItem, 'channel' | 'subject' | 'from' | 'body' | 'kind'>;
}

function declaredFor(record: CaseRecord, slot: string): Declared | undefined {
  if (slot.startsWith('staff/')) {
    const upload = record.staffUploads?.find((candidate) => `staff/${candidate.uploadId}` === slot);
    return (
      upload && {
        ...upload,
        attachmentId: `staff-${upload.uploadId}`,
        // Staff files are internal: never on the complainant's status page.
        item: () => ({
          channel: 'internal',
          subject: `File added by ${upload.by.name}: ${upload.filename}`,
          from: upload.by.name,
          body: upload.description,
          kind: 'message',
        }),
      }
    );
  }
  const index = Number(slot);
  const file = record.complaint.attachments?.[index];
  return (
    file && {
      ...file,
      attachmentId: `upload-${index}`,
      item: (current) => ({
        channel: 'web',
        subject: `File from the web form: ${file.filename}`,
        from: current.complaint.complainant.email ?? current.complaint.complainant.name,
        body: '',
        kind: 'complaint',
      }),
    }
  );
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
  const declared = record && declaredFor(record, target.slot);
  if (!record || !declared) return 'ignored';
  const version = scan.versionId ?? scan.eTag ?? 'unversioned';
  const receipt = `${target.slot}:${version}`;
  if (record.scannedUploads?.includes(receipt)) return 'duplicate';
  const { outcome, reason, key } = await judge(
    deps.uploads,
    scan,
    declared,
    scannedKey(target.caseId, target.slot, version),
  );
  return changeCase<UploadOutcome>(deps, target.caseId, async (current, now) => {
    const received = current.scannedUploads ?? [];
    if (received.includes(receipt)) return { unchanged: 'duplicate' };
    current.scannedUploads = [...received, receipt];
    const audit = [{ type: `upload.${outcome}`, actor: 'system', detail: { slot: target.slot, reason } }];
    if (outcome === 'superseded') return { record: current, audit, result: outcome };
    const earlier = received.filter((entry) => entry.startsWith(`${target.slot}:`)).length;
    const attachment: StoredAttachment = {
      attachmentId: earlier === 0 ? declared.attachmentId : `${declared.attachmentId}-${earlier + 1}`,
      filename: declared.filename,
      contentType: declared.contentType,
      size: declared.size,
      key,
      inline: false,
    };
    const carrier = declared.item(current);
    const item: CorrespondenceItem = {
      caseId: current.caseId,
      correspondenceId: deps.ids.newId(),
      direction: 'in',
      at: now.toISOString(),
      to: '',
      automatic: false,
      ...carrier,
      body: [carrier.body, outcome === 'attached' ? '' : `This file was ${outcome}: ${reason}`]
        .filter(Boolean)
        .join('\n\n'),
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
  declared: Pick<Declared, 'size' | 'contentType'>,
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
