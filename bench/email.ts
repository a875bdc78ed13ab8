/**
 * 2. Email intake: a message just under the 25 MB limit, with two 9 MB attachments, from SMTP to a stored case
 * with its attachments, three times. Time is from the first SMTP byte to receiveEmail's answer. Memory is sampled
 * every 10 ms in this process, which holds the SMTP stand-in, S3 stand-in and the handler, so it is an upper bound
 * for the handler alone (deployed with 1,024 MB).
 */
import { randomBytes } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { MAIL_LIMITS } from '../functions/core/mail/inbound-mail';
import { quiet, type SectionResult, startBenchStack, table } from './harness';
import { median, round } from './stats';

const MB = 1024 * 1024;

function message(index: number): Buffer {
  const boundary = `bench-${index}`;
  const attachment = (name: string) => {
    const base64 = randomBytes(9 * MB)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    return `--${boundary}\r\nContent-Type: image/jpeg; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64}\r\n`;
  };
  return Buffer.from(
    [
      'From: Bench Sender <bench.sender@example.com>\r\n',
      'To: complaints@liaison.example.org\r\n',
      `Subject: Complaint with photos ${index}\r\n`,
      `Message-ID: <bench-large-${index}-${Date.now()}@example.com>\r\n`,
      'MIME-Version: 1.0\r\n',
      `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n`,
      `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`,
      'The ward was not cleaned for three days. Photos attached.\r\n',
      attachment('ward-1.jpg'),
      attachment('ward-2.jpg'),
      `--${boundary}--\r\n`,
    ].join(''),
  );
}

export async function run(): Promise<SectionResult> {
  const bench = await startBenchStack();
  const { stack } = bench;
  const port = Number(new URL(stack.endpoints.smtp).port);
  const runs: {
    sizeMb: number;
    seconds: number;
    peakRssMb: number;
    rssGrowthMb: number;
    peakHeapMb: number;
  }[] = [];
  for (let index = 0; index < 3; index += 1) {
    const raw = message(index);
    if (raw.length > MAIL_LIMITS.maxBytes) throw new Error('The benchmark message is over the limit');
    await quiet(bench.dynamo);
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 10);
    const started = performance.now();
    const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({
      envelope: { from: 'bench.sender@example.com', to: ['complaints@liaison.example.org'] },
      raw,
    });
    transport.close();
    await stack.mailDelivered();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    runs.push({
      sizeMb: round(raw.length / MB, 1),
      seconds: round(seconds),
      peakRssMb: round(peakRss / MB),
      rssGrowthMb: round((peakRss - baseline.rss) / MB),
      peakHeapMb: round(peakHeap / MB),
    });
  }
  // Each delivery must have become a case with both attachments stored (not held, not dropped).
  const invocations = stack.runtime.invocations.filter((record) => record.function === 'receiveEmail');
  const failed = invocations.filter((record) => !record.ok).length;
  const { token } = (await (
    await fetch(`${stack.url}/local/token`, {
      method: 'POST',
      body: JSON.stringify({ email: 'coordinator@example.org' }),
    })
  ).json()) as { token: string };
  const authorization = { authorization: `Bearer ${token}` };
  const held = (await (await fetch(`${stack.url}/api/held`, { headers: authorization })).json()) as {
    held: unknown[];
  };
  const listed = (await (
    await fetch(`${stack.url}/api/cases?limit=100`, { headers: authorization })
  ).json()) as {
    cases: { caseId: string }[];
  };
  let storedAttachments = 0;
  for (const item of listed.cases) {
    const view = (await (
      await fetch(`${stack.url}/api/cases/${item.caseId}`, { headers: authorization })
    ).json()) as {
      correspondence: { attachments?: { key?: string }[] }[];
    };
    storedAttachments += view.correspondence
      .flatMap((entry) => entry.attachments ?? [])
      .filter((a) => a.key).length;
  }
  await bench.stop();
  const markdown = [
    `A ${runs[0]?.sizeMb} MB message (limit ${MAIL_LIMITS.maxBytes / MB} MB) with two 9 MB attachments, SMTP to stored case, three runs.`,
    '',
    table(
      ['Run', 'Size MB', 'Seconds', 'Peak RSS MB', 'RSS growth MB', 'Peak heap MB'],
      runs.map((item, index) => [
        index + 1,
        item.sizeMb,
        item.seconds,
        item.peakRssMb,
        item.rssGrowthMb,
        item.peakHeapMb,
      ]),
    ),
    '',
    `Median ${median(runs.map((item) => item.seconds))} s. receiveEmail invocations: ${invocations.length}, failed: ${failed}; cases: ${listed.cases.length}, attachments stored: ${storedAttachments}, held: ${held.held.length}.`,
  ].join('\n');
  return {
    title: '2. Email intake: a 25 MB message',
    markdown,
    data: { runs, invocations: invocations.length, failed, cases: listed.cases.length, storedAttachments },
    checks: [
      {
        target: 'Every large message becomes a case with both attachments stored',
        measured: `${listed.cases.length} cases, ${storedAttachments} attachments, ${held.held.length} held, ${failed} failed`,
        met: failed === 0 && listed.cases.length === 3 && storedAttachments === 6 && held.held.length === 0,
      },
    ],
  };
}
