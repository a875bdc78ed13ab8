/**
 * IAM in front of s3rver: each request is evaluated for its caller (iam.ts) against the caller's role and the
 * bucket's policy from the template, with the object's tags as `s3:ExistingObjectTag/<key>` (the attachment bucket
 * refuses reads of unscanned uploads that way), plus the KMS calls S3 makes with the caller's permissions for an
 * SSE-KMS bucket. A refused request gets S3's 403 AccessDenied. Also: a copy carries the source's tags, as S3's
 * default TaggingDirective COPY does (s3rver drops them).
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type S3rver from 's3rver';
import type { Deployment } from './deployment';
import { AccessDenied, type AccessRequest, keyRequests, LOCAL_SECRET, type LocalIam } from './iam';

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  req: NodeJS.ReadableStream;
  status: number;
  type: string;
  body: unknown;
  get(header: string): string;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
interface Store {
  getSubresource(bucket: string, key: string, type: string): Promise<{ toXML(): string } | null>;
  putSubresource(bucket: string, key: string, resource: unknown): Promise<void>;
}
interface S3rverInternals {
  middleware: Middleware[];
  store: Store;
}
interface AccountRegistry {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

/** A web-form upload's largest size plus its form fields (web-uploads.ts caps files well below this). */
const FORM_LIMIT = 60 * 1024 * 1024;

function splitPath(path: string): { bucket: string; key: string } {
  const [bucket = '', ...key] = decodeURIComponent(path.replace(/^\//, '')).split('/');
  return { bucket, key: key.join('/') };
}

async function objectTags(store: Store, bucket: string, key: string): Promise<Record<string, string>> {
  const tagging = await store.getSubresource(bucket, key, 'tagging').catch(() => null);
  const tags: Record<string, string> = {};
  for (const match of (tagging?.toXML() ?? '').matchAll(/<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>/g)) {
    tags[match[1] as string] = match[2] as string;
  }
  return tags;
}

const tagContext = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).map(([name, value]) => [`s3:ExistingObjectTag/${name}`, value]));

/** Installs the gate in front of s3rver's own routes (call before `run()`), and registers the local access keys. */
export function enforceS3Access(s3: S3rver, iam: LocalIam, deployment: Deployment): void {
  const internals = s3 as unknown as S3rverInternals;
  // s3rver checks signatures against the key pairs it knows: every key the local stack hands out.
  const { DUMMY_ACCOUNT } = createRequire(import.meta.url)('s3rver/lib/models/account') as AccountRegistry;
  for (const key of iam.accessKeys()) DUMMY_ACCOUNT.createKeyPair(key, LOCAL_SECRET);
  const buckets = new Map(deployment.buckets.map((bucket) => [bucket.name, bucket]));
  // Only a bucket whose policy has tag conditions needs the object's tags read before a GET.
  const readsTags = new Set(
    deployment.buckets
      .filter((bucket) => JSON.stringify(bucket.policy ?? {}).includes('s3:ExistingObjectTag/'))
      .map((bucket) => bucket.name),
  );

  const objectRequests = async (
    action: string,
    bucket: string,
    key: string,
    keyActions: string[],
  ): Promise<AccessRequest[]> => {
    const deployed = buckets.get(bucket);
    const reading = action.startsWith('s3:GetObject') && readsTags.has(bucket);
    return [
      {
        action,
        resource: `arn:aws:s3:::${bucket}/${key}`,
        resourcePolicy: deployed?.policy,
        context: reading ? tagContext(await objectTags(internals.store, bucket, key)) : undefined,
      },
      ...keyRequests(deployment, deployed?.kmsKeyArn, keyActions),
    ];
  };

  const gate: Middleware = async (ctx, next) => {
    const { bucket, key } = splitPath(ctx.path);
    let credential = ctx.query['X-Amz-Credential'];
    let requests: AccessRequest[] = [];
    if (ctx.method === 'OPTIONS') return next(); // CORS preflight: unsigned, answered by the bucket's CORS rules
    if (ctx.method === 'POST' && !key && /multipart\/form-data/i.test(ctx.get('content-type'))) {
      // A browser's form upload (a presigned POST): the signer's credential and the key are form fields.
      const body = await readLimited(ctx.req, FORM_LIMIT);
      const text = body.toString('latin1');
      credential = formField(text, 'x-amz-credential');
      // s3rver reads the form with ctx.req.pipe(busboy): hand it the bytes already read.
      ctx.req.pipe = <T extends NodeJS.WritableStream>(destination: T) =>
        Readable.from([body]).pipe(destination);
      requests = await objectRequests('s3:PutObject', bucket, formField(text, 'key') ?? '', [
        'kms:GenerateDataKey',
      ]);
    } else if (!key) {
      const action = ctx.method === 'GET' ? 's3:ListBucket' : `s3:${ctx.method}Bucket`;
      requests = [
        { action, resource: `arn:aws:s3:::${bucket}`, resourcePolicy: buckets.get(bucket)?.policy },
      ];
    } else if ('tagging' in ctx.query) {
      const verb = ctx.method === 'GET' ? 'Get' : ctx.method === 'PUT' ? 'Put' : 'Delete';
      requests = await objectRequests(`s3:${verb}ObjectTagging`, bucket, key, []);
    } else if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      const action = ctx.query.versionId ? 's3:GetObjectVersion' : 's3:GetObject';
      requests = await objectRequests(action, bucket, key, ctx.method === 'GET' ? ['kms:Decrypt'] : []);
    } else if (ctx.method === 'PUT' || ctx.method === 'POST') {
      requests = await objectRequests('s3:PutObject', bucket, key, ['kms:GenerateDataKey']);
      const copySource = ctx.get('x-amz-copy-source');
      if (copySource) {
        const [sourcePath = '', sourceQuery = ''] = copySource.split('?');
        const source = splitPath(`/${sourcePath.replace(/^\//, '')}`);
        const versioned = new URLSearchParams(sourceQuery).has('versionId');
        requests.push(
          ...(await objectRequests(
            versioned ? 's3:GetObjectVersion' : 's3:GetObject',
            source.bucket,
            source.key,
            ['kms:Decrypt'],
          )),
        );
      }
    } else if (ctx.method === 'DELETE') {
      requests = await objectRequests('s3:DeleteObject', bucket, key, []);
    }
    try {
      await iam.authorize(iam.callerOf(ctx.headers, credential), requests);
    } catch (error) {
      if (!(error instanceof AccessDenied)) throw error;
      ctx.status = 403;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${escapeXml(error.message)}</Message></Error>`;
      return;
    }
    await next();
    const copySource = ctx.get('x-amz-copy-source');
    if (copySource && ctx.status === 200 && ctx.get('x-amz-tagging-directive') !== 'REPLACE') {
      const source = splitPath(`/${(copySource.split('?')[0] ?? '').replace(/^\//, '')}`);
      const tagging = await internals.store.getSubresource(source.bucket, source.key, 'tagging');
      if (tagging) await internals.store.putSubresource(bucket, key, tagging);
    }
  };
  internals.middleware.unshift(gate);
}

function formField(text: string, name: string): string | undefined {
  const pattern = new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`, 'i');
  return text.match(pattern)?.[1];
}

async function readLimited(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
