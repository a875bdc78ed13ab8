/** The form and the API agree on field names: every input the page sends is a field the schema knows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComplaintInput } from '../../functions/core/intake/complaint';

const html = readFileSync(join(import.meta.dirname, '..', '..', 'web', 'index.html'), 'utf8');
const names = [
  ...new Set(
    [...html.matchAll(/<(?:input|textarea|select)\s[^>]*\bname="([^"]+)"/g)].map(
      (match) => match[1] as string,
    ),
  ),
];

function schemaKnows(path: string): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: walking zod's public shape by name
  let schema: any = ComplaintInput;
  for (const part of path.split('.')) {
    while (schema?.def?.innerType || schema?.def?.in) schema = schema.def.innerType ?? schema.def.in;
    schema = schema?.shape?.[part];
    if (!schema) return false;
  }
  return true;
}

describe('web/index.html', () => {
  it('names only fields the API schema defines', () => {
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !schemaKnows(name))).toEqual([]);
  });

  it('labels every text input and textarea', () => {
    const ids = [...html.matchAll(/<(?:input|textarea)\s[^>]*id="([^"]+)"/g)].map((match) => match[1]);
    for (const id of ids) expect(html, id).toContain(`for="${id}"`);
  });

  it('contains no inline script or style, which the CSP would block', () => {
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });
});

describe("the form's file types", () => {
  it('are the upload rules, by extension (the page has no bundler to import them)', async () => {
    const { UPLOAD_EXTENSIONS } = await import('../../functions/core/uploads/upload-rules');
    const script = readFileSync(join(import.meta.dirname, '..', '..', 'web', 'complaint-form.js'), 'utf8');
    const block = script.match(/const UPLOAD_TYPES = \{([^}]+)\}/)?.[1] ?? '';
    const pageTypes = Object.fromEntries(
      [...block.matchAll(/(\w+): '([^']+)'/g)].map((match) => [match[1], match[2]]),
    );
    expect(pageTypes).toEqual(UPLOAD_EXTENSIONS);
  });
});
