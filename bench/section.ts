/** Runs one benchmark section in this process and writes its result as JSON (run.ts collects them). */
import { writeFile } from 'node:fs/promises';
import { stopBenchStacks } from './harness';

const [name, outFile] = process.argv.slice(2);
if (!name || !outFile) {
  console.error('usage: tsx bench/section.ts <section> <out.json>');
  process.exit(2);
}
const section = (await import(`./${name}.ts`)) as { run: () => Promise<unknown> };
try {
  const result = await section.run();
  await writeFile(outFile, JSON.stringify(result, null, 2));
} finally {
  // A section that failed part-way still stops its stack: no DynamoDB Local left running after the run.
  await stopBenchStacks();
}
process.exit(0);
