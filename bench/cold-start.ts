/**
 * 3. Cold start: each function's bundle as CDK builds it for deployment (synthesized with bundling: esbuild,
 * minified ESM, the AWS SDK left to the Lambda runtime), and its module init time: a fresh Node process importing
 * the bundle, median of 20. Beside each, a floor bundle built the same way that imports and constructs only the
 * AWS SDK clients the function's bundle imports.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { FUNCTIONS, type FunctionName } from '../functions/manifest';
import { SETTING_NAMES } from '../functions/shared/config';
import { buildApp } from '../infra/app';
import { CDK_BUNDLING } from '../local/lambda-runtime';
import { ROOT_DIR } from '../local/stack';
import { type Check, type SectionResult, table } from './harness';
import { median, round } from './stats';

const RUNS = 20;
const SIZE_TARGET_KB = 300;

/** Settings every handler can read at cold start (values only need to be valid). */
const BENCH_ENVIRONMENT: Record<string, string> = {
  TABLE_NAME: 'liaison-cases',
  CASE_WORKFLOW_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:liaison-case-review',
  REFERENCE_PREFIX: 'PR',
  ORGANIZATION_TIME_ZONE: 'America/New_York',
  ORGANIZATION_NAME: 'Example General Hospital',
  ORGANIZATION_PHONE: '+1 555 010 0100',
  SLA_POLICY: 'us-cms-hospital',
  SLA_TIME_SCALE: '1',
  MAIL_FROM: 'Patient Relations <complaints@liaison.example.org>',
  SES_CONFIGURATION_SET: 'liaison',
  CONSOLE_URL: 'https://liaison.example.org',
  INBOUND_ADDRESS: 'complaints@liaison.example.org',
  MAIL_DOMAIN: 'liaison.example.org',
  INBOUND_MAIL_BUCKET: 'liaison-inbound-mail',
  INBOUND_MAIL_PREFIX: 'inbound/',
  ATTACHMENT_BUCKET: 'liaison-attachments',
  HISTORY_BUCKET: 'liaison-history',
  EXPORT_BUCKET: 'liaison-exports',
  DATA_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/bench',
  USER_POOL_ID: 'us-east-1_bench',
  ORGANIZATION_ADDRESS: 'Patient Relations; Example General Hospital; 1 Example Way',
  ACKNOWLEDGEMENT_LIMIT: '3',
  ESCALATION_CONTACTS: JSON.stringify({
    coordinators: 'a@example.org',
    manager: 'b@example.org',
    director: 'c@example.org',
  }),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'liaison',
  POWERTOOLS_METRICS_NAMESPACE: 'Liaison',
};

function initMs(bundle: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${bundle}`)});process.stdout.write(String(performance.now()-t));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...BENCH_ENVIRONMENT },
    cwd: ROOT_DIR,
  });
  return Number(output.toString());
}

function medianInit(bundle: string): number {
  initMs(bundle); // the first run also warms the file cache
  return median(Array.from({ length: RUNS }, () => initMs(bundle)));
}

export async function run(): Promise<SectionResult> {
  const missing = SETTING_NAMES.filter((name) => !(name in BENCH_ENVIRONMENT));
  if (missing.length > 0) throw new Error(`Benchmark environment lacks ${missing.join(', ')}`);
  // Bundles must resolve the external AWS SDK as the Lambda runtime does: from node_modules above them.
  const work = mkdtempSync(join(ROOT_DIR, '.bench-'));
  try {
    const outdir = join(work, 'cdk.out');
    const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
    const { stateless } = buildApp(app);
    app.synth();
    const rows: (string | number)[][] = [];
    const data: Record<string, unknown>[] = [];
    const checks: Check[] = [];
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const resource = stateless.functions[name].function.node.defaultChild as CfnResource;
      const assetPath = resource.getMetadata('aws:asset:path') as string;
      const assetDir = join(outdir, assetPath);
      const file = readdirSync(assetDir).find((entry) => entry.endsWith('.mjs')) as string;
      const bundle = join(work, `${name}.mjs`);
      writeFileSync(bundle, readFileSync(join(assetDir, file)));
      const sizeKb = round(statSync(bundle).size / 1024, 1);
      const source = readFileSync(bundle, 'utf8');
      const clients = [
        ...new Set([...source.matchAll(/from"(@aws-sdk\/[a-z0-9-]+)"/g)].map((match) => match[1] as string)),
      ];
      const floor = await floorBundle(work, name, source, clients);
      const floorKb = round(statSync(floor).size / 1024, 1);
      const ours = round(medianInit(bundle), 1);
      const theirs = round(medianInit(floor), 1);
      const initRatio = round(ours / theirs);
      data.push({ name, sizeKb, floorKb, initMs: ours, floorInitMs: theirs, initRatio, sdkImports: clients });
      const sizeRatio = round(sizeKb / floorKb, 0);
      rows.push([name, sizeKb, floorKb, `${sizeRatio}x`, ours, theirs, `${initRatio}x`]);
      const largest = sizeKb > SIZE_TARGET_KB ? await largestParts(FUNCTIONS[name].entry) : [];
      checks.push({
        target: `${name}: bundle <= ${SIZE_TARGET_KB} KB minified`,
        measured: `${sizeKb} KB`,
        met: sizeKb <= SIZE_TARGET_KB,
        note:
          largest.length === 0
            ? undefined
            : `largest parts ${largest.map(([part, kb]) => `${part} ${kb} KB`).join(', ')}. ${
                largest.some(([part]) => part === 'exceljs' || part === 'pdf-lib')
                  ? 'The document writers (exceljs, pdf-lib with its standard-font metrics) are most of it and are needed only by the routes that write a file; a function per format (or writers without embedded metrics) would meet it.'
                  : 'zod and luxon are most of it; zod/mini for the schemas and Intl in place of luxon would meet it.'
              }`,
      });
      checks.push({
        target: `${name}: init <= 1.5x its floor`,
        measured: `${initRatio}x (${ours} ms vs ${theirs} ms)`,
        met: initRatio <= 1.5,
        note:
          initRatio <= 1.5
            ? undefined
            : clients.length === 0
              ? `its floor loads no AWS SDK at all, so ${round(ours - theirs, 0)} ms of our own start-up (Powertools, zod) is a large ratio; a handler with no dependencies but the response would meet it.`
              : `the extra ${round(ours - theirs, 0)} ms is evaluating the bundle (${sizeKb} KB); what its size note names would meet it.`,
      });
    }
    const markdown = [
      `Bundles as \`cdk synth\` builds them (the AWS SDK stays external, as the Lambda runtime provides it). Init is the median of ${RUNS} fresh processes importing the bundle with the deployed settings.`,
      '',
      table(
        ['Function', 'Bundle KB', 'Floor KB', 'Size ratio', 'Init ms', 'Floor init ms', 'Init ratio'],
        rows,
      ),
      '',
      'The size ratio is large everywhere because the floor is only the SDK imports, and the SDK itself is not in either bundle; what the size costs shows in the init ratio.',
    ].join('\n');
    return { title: '3. Cold start: bundle size and module init', markdown, data, checks };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The biggest contributors to a function's bundle (esbuild's metafile, CDK's options), in KB. */
async function largestParts(entry: string): Promise<[string, number][]> {
  const result = await build({
    entryPoints: [join(ROOT_DIR, entry)],
    ...CDK_BUNDLING,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(result.metafile?.outputs ?? {})) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const part =
        file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? file.split('/').slice(0, 2).join('/');
      bytes.set(part, (bytes.get(part) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([part, size]) => [part, round(size / 1024, 0)]);
}

/** A bundle that imports the same AWS SDK packages and constructs their clients, built with CDK's options. */
async function floorBundle(work: string, name: string, source: string, packages: string[]): Promise<string> {
  const entry = join(work, `${name}-floor-entry.mjs`);
  const lines: string[] = [];
  const uses: string[] = [];
  for (const [index, pkg] of packages.entries()) {
    // The client classes this bundle imports from the package (e.g. DynamoDBClient, S3Client).
    const imported =
      new RegExp(`import\\{([^}]*)\\}from"${pkg.replace('/', '\\/')}"`).exec(source)?.[1] ?? '';
    const clientNames = imported
      .split(',')
      .map((part) => part.split(' as ')[0]?.trim() ?? '')
      .filter((part) => /Client$/.test(part));
    lines.push(`import * as sdk${index} from '${pkg}';`);
    for (const client of clientNames) {
      uses.push(
        client === 'DynamoDBDocumentClient'
          ? `sdk${index}.DynamoDBDocumentClient.from(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient({}))`
          : `new sdk${index}.${client}({})`,
      );
    }
  }
  writeFileSync(
    entry,
    `${lines.join('\n')}\nexport const clients = [${uses.join(', ')}];\nexport const handler = async () => clients.length;\n`,
  );
  const outfile = join(work, `${name}-floor.mjs`);
  mkdirSync(work, { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    ...CDK_BUNDLING,
    logLevel: 'silent',
  });
  return outfile;
}
