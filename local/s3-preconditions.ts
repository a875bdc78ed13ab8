/**
 * S3's conditional requests, which s3rver ignores: `If-Match` on GET and HEAD, `x-amz-copy-source-if-match` on a
 * copy, and `If-None-Match: *` on a PUT (write only if absent: the change history's write-once objects). Liaison binds a scanned upload to the exact bytes that were scanned with them (web-uploads.ts), so
 * the local stack must refuse a stale ETag with 412 PreconditionFailed as S3 does, or a replaced file would pass.
 */
import type S3rver from 's3rver';

interface KoaContext {
  method: string;
  path: string;
  get(header: string): string;
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
interface S3rverInternals {
  middleware: Middleware[];
  store: { getMetadata(bucket: string, key: string): Promise<{ etag: string }> };
}

const sameETag = (expected: string, actual: string) =>
  expected === '*' || expected.replace(/"/g, '') === actual.replace(/"/g, '');

function splitPath(path: string): { bucket: string; key: string } {
  const [bucket = '', ...key] = decodeURIComponent(path.replace(/^\//, '').split('?')[0] ?? '').split('/');
  return { bucket, key: key.join('/') };
}

/** Installs the check in front of s3rver's own routes (call before `run()`). */
export function enforcePreconditions(s3: S3rver): void {
  const internals = s3 as unknown as S3rverInternals;
  const check: Middleware = async (ctx, next) => {
    if (ctx.method === 'PUT' && ctx.get('if-none-match') === '*') {
      const { bucket, key } = splitPath(ctx.path);
      const exists = await internals.store.getMetadata(bucket, key).then(
        () => true,
        () => false,
      );
      if (exists) return preconditionFailed(ctx);
      return next();
    }
    const copyIfMatch = ctx.get('x-amz-copy-source-if-match');
    const ifMatch = ctx.method === 'GET' || ctx.method === 'HEAD' ? ctx.get('if-match') : '';
    const expected = copyIfMatch || ifMatch;
    if (!expected) return next();
    const { bucket, key } = splitPath(copyIfMatch ? ctx.get('x-amz-copy-source') : ctx.path);
    const actual = await internals.store.getMetadata(bucket, key).then(
      (metadata) => metadata.etag,
      () => undefined,
    );
    if (actual === undefined || sameETag(expected, actual)) return next();
    preconditionFailed(ctx);
  };
  internals.middleware.unshift(check);
}

function preconditionFailed(ctx: KoaContext): void {
  ctx.status = 412;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
    '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
}
