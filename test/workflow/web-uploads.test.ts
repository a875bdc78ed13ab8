/**
 * Files from the web form on the local stack: the complaint lists them, the answer grants one POST per file
 * straight to storage (s3rver), the emulated GuardDuty scan hands each verdict to receiveUpload, and the case
 * shows what was attached, quarantined or refused. Redelivered verdicts change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadGrant } from '../../functions/core/uploads/web-uploads';
import { ConsoleClient } from '../support/console-client';
import { familyComplaint } from '../support/fixtures';
import { eventually, startTestStack, type TestStack } from '../support/local-stack';
import { MemoryBlobs } from '../support/memory';

const COORDINATOR = 'coordinator@example.org';
let stack: TestStack;
let api: ConsoleClient;

beforeAll(async () => {
  stack = await startTestStack();
  api = new ConsoleClient(stack.url);
});
afterAll(async () => stack?.stop());

/** A real PNG signature and header, enough for file-type to recognise it. */
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64),
]);
const EICAR = `X5O!P%@AP[4\\PZX54(P^)7CC)7}$${'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'}`;

async function submitWithFiles(files: { filename: string; contentType: string; content: Buffer }[]) {
  const response = await fetch(`${stack.url}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      familyComplaint({
        attachments: files.map(({ filename, contentType, content }) => ({
          filename,
          contentType: contentType as never,
          size: content.length,
        })),
      }),
    ),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The scan result GuardDuty sends for one version of an object (named by its ETag, as s3rver has no versions). */
function scanResult(objectKey: string, content: Buffer, scanResultStatus: string) {
  return {
    'detail-type': 'GuardDuty Malware Protection Object Scan Result',
    detail: {
      s3ObjectDetails: {
        bucketName: stack.names.attachmentBucket,
        objectKey,
        eTag: MemoryBlobs.eTag(content),
      },
      scanResultDetails: { scanResultStatus },
    },
  };
}

async function upload(grant: UploadGrant, content: Buffer, contentType: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(content)], { type: contentType }), grant.filename);
  return fetch(grant.url, { method: 'POST', body: form });
}

type CaseView = {
  correspondence: {
    subject: string;
    body: string;
    channel: string;
    attachments?: { filename: string; key?: string }[];
  }[];
  timeline: { summary: string }[];
};

describe('files from the web form', () => {
  it('grants one upload per file and attaches clean files whose content matches their type', async () => {
    const files = [
      { filename: 'ward.png', contentType: 'image/png', content: PNG },
      { filename: 'letter.pdf', contentType: 'application/pdf', content: Buffer.from('not really a pdf') },
      { filename: 'virus.png', contentType: 'image/png', content: Buffer.concat([PNG, Buffer.from(EICAR)]) },
    ];
    const { status, body } = await submitWithFiles(files);
    expect(status).toBe(201);
    const grants = body.uploads as UploadGrant[];
    expect(grants.map((grant) => grant.index)).toEqual([0, 1, 2]);
    // Each grant is bound to its own key under uploads/<caseId>/ and carries no PHI in its URL.
    expect(grants.map((grant) => grant.fields.key)).toEqual(
      [0, 1, 2].map((index) => `uploads/${body.caseId}/${index}`),
    );
    expect(grants[0]?.fields['Content-Type']).toBe('image/png');
    for (const grant of grants) expect(grant.url).not.toMatch(/ward|letter|virus/);

    for (const [index, grant] of grants.entries()) {
      const file = files[index] as (typeof files)[number];
      expect((await upload(grant, file.content, file.contentType)).status).toBeLessThan(300);
    }
    await stack.uploadsScanned();

    const view = await eventually(async () => {
      const { body: found } = await api.get<CaseView>(COORDINATOR, `/api/cases/${body.caseId}`);
      return found.correspondence.filter((item) => item.subject.startsWith('File from the web form'))
        .length === 3
        ? found
        : undefined;
    }, 'three upload records');
    const byName = (name: string) =>
      view.correspondence.find((item) => item.subject.endsWith(name)) as CaseView['correspondence'][number];
    // Staff get the copy of the scanned version, under a prefix no upload grant can write.
    expect(byName('ward.png').attachments?.[0]?.key).toMatch(new RegExp(`^scanned/${body.caseId}/0/`));
    expect(byName('letter.pdf').attachments?.[0]?.key).toBeUndefined();
    expect(byName('letter.pdf').body).toContain('refused');
    expect(byName('virus.png').attachments?.[0]?.key).toBeUndefined();
    expect(byName('virus.png').body).toContain('quarantined');
    expect(view.timeline.map((entry) => entry.summary)).toEqual(
      expect.arrayContaining(['upload.attached', 'upload.refused', 'upload.quarantined']),
    );

    // The clean file downloads through the console's short-lived link.
    const link = await api.get<{ url: string }>(
      COORDINATOR,
      `/api/cases/${body.caseId}/attachments/upload-0`,
    );
    expect(link.status).toBe(200);
    const download = await fetch(link.body.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);

    // A redelivered scan result records nothing twice.
    await stack.runtime.invoke(
      'receiveUpload',
      scanResult(`uploads/${body.caseId}/0`, PNG, 'NO_THREATS_FOUND'),
    );
    const again = await api.get<CaseView>(COORDINATOR, `/api/cases/${body.caseId}`);
    expect(again.body.correspondence.filter((item) => item.subject.endsWith('ward.png'))).toHaveLength(1);
  });

  it('keeps the scanned version: a grant used again after the scan cannot change what staff download', async () => {
    const { body } = await submitWithFiles([
      { filename: 'ward.png', contentType: 'image/png', content: PNG },
    ]);
    const [grant] = body.uploads as UploadGrant[];
    if (!grant) throw new Error('no grant');
    expect((await upload(grant, PNG, 'image/png')).status).toBeLessThan(300);
    await stack.uploadsScanned();
    // The same grant, still within its lifetime, stores an infected file under the same key.
    const infected = Buffer.concat([PNG.subarray(0, PNG.length - EICAR.length), Buffer.from(EICAR)]);
    expect((await upload(grant, infected, 'image/png')).status).toBeLessThan(300);
    await stack.uploadsScanned();

    // Each version's verdict is recorded: the infected one is not dropped as a repeat of the clean one.
    const view = await eventually(async () => {
      const { body: found } = await api.get<CaseView>(COORDINATOR, `/api/cases/${body.caseId}`);
      const records = found.correspondence.filter((item) => item.subject.endsWith('ward.png'));
      return records.length === 2 ? records : undefined;
    }, 'a record per scanned version');
    expect(view.map((item) => item.body)).toEqual(
      expect.arrayContaining(['', expect.stringContaining('quarantined')]),
    );
    const link = await api.get<{ url: string }>(
      COORDINATOR,
      `/api/cases/${body.caseId}/attachments/upload-0`,
    );
    const download = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    expect(download.equals(PNG)).toBe(true);

    // A clean verdict that arrives after its version was replaced keeps nothing: the key holds other bytes now.
    await stack.runtime.invoke(
      'receiveUpload',
      scanResult(`uploads/${body.caseId}/0`, Buffer.from('older'), 'NO_THREATS_FOUND'),
    );
    const after = await api.get<CaseView>(COORDINATOR, `/api/cases/${body.caseId}`);
    expect(after.body.correspondence.filter((item) => item.subject.endsWith('ward.png'))).toHaveLength(2);
    expect(after.body.timeline.map((entry) => entry.summary)).toContain('upload.superseded');
  });

  it('refuses too many files, too large files and types it cannot check, field by field', async () => {
    const big = { filename: 'scan.pdf', contentType: 'application/pdf', content: Buffer.alloc(1) };
    const response = await fetch(`${stack.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        familyComplaint({
          attachments: [
            { filename: 'a.exe', contentType: 'application/x-msdownload' as never, size: 10 },
            { filename: big.filename, contentType: 'application/pdf', size: 11 * 1024 * 1024 },
          ],
        }),
      ),
    });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { field: string }[] };
    expect(errors.map((error) => error.field)).toEqual(['attachments.0.contentType', 'attachments.1.size']);
    const six = Array.from({ length: 6 }, (_, index) => ({ ...big, filename: `${index}.pdf` }));
    expect((await submitWithFiles(six)).status).toBe(400);
  });
});

describe('files staff add to a case', () => {
  it('grants an upload per file to whoever may work the case, and keeps each scanned file as an internal item', async () => {
    const { caseId } = await api.submit(familyComplaint());
    const request = {
      files: [{ filename: 'statement.png', contentType: 'image/png', size: PNG.length }],
      description: "Ward manager's statement",
    };
    // A representative not assigned to the case cannot add to it: 404, as for a case that does not exist.
    expect((await api.post('rep@example.org', `/api/cases/${caseId}/uploads`, request)).status).toBe(404);
    const refused = await api.post(COORDINATOR, `/api/cases/${caseId}/uploads`, {
      files: [{ filename: 'run.exe', contentType: 'application/x-msdownload', size: 10 }],
      description: '',
    });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as { field: string }[]).map((error) => error.field)).toEqual([
      'files.0.contentType',
      'description',
    ]);

    const granted = await api.post<{ uploads: (UploadGrant & { uploadId: string })[] }>(
      COORDINATOR,
      `/api/cases/${caseId}/uploads`,
      request,
    );
    expect(granted.status).toBe(201);
    const [grant] = granted.body.uploads;
    if (!grant) throw new Error('no grant');
    expect(grant.fields.key).toBe(`uploads/${caseId}/staff/${grant.uploadId}`);
    expect((await upload(grant, PNG, 'image/png')).status).toBeLessThan(300);
    await stack.uploadsScanned();

    const item = await eventually(async () => {
      const { body } = await api.get<CaseView>(COORDINATOR, `/api/cases/${caseId}`);
      return body.correspondence.find(
        (entry) => entry.subject === 'File added by Casey Coordinator: statement.png',
      );
    }, 'the staff file on the case');
    expect(item.channel).toBe('internal');
    expect(item.body).toBe("Ward manager's statement");
    expect(item.attachments?.[0]?.key).toMatch(new RegExp(`^scanned/${caseId}/staff/${grant.uploadId}/`));
    const link = await api.get<{ url: string }>(
      COORDINATOR,
      `/api/cases/${caseId}/attachments/staff-${grant.uploadId}`,
    );
    expect(Buffer.from(await (await fetch(link.body.url)).arrayBuffer()).equals(PNG)).toBe(true);
  });
});
