/**
 * `npm start`: Liaison on this machine, no AWS account and no Docker. Prints its URLs once /api/health says
 * every local service is ready. Settings: PORT (default 3000), SMTP_PORT (default 2525), LOCAL_DATA_DIR
 * (default .local/), SLA_TIME_SCALE (default 1).
 */
import { join } from 'node:path';
import { DEV_USERS } from './identity';
import { startLocalStack } from './stack';

const port = Number(process.env.PORT ?? 3000);
const smtpPort = Number(process.env.SMTP_PORT ?? 2525);
const dataDir = process.env.LOCAL_DATA_DIR ?? '.local';
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}

const stack = await startLocalStack({ port, smtpPort, dataDir, persist: true }).catch((error: Error) => {
  console.error(`Liaison could not start: ${error.message}`);
  process.exit(1);
});

const health = await fetch(`${stack.url}/api/health`);
if (health.status !== 200) {
  console.error(`Liaison started but is not healthy: ${await health.text()}`);
  await stack.stop();
  process.exit(1);
}

console.log(`
Liaison is running locally.

  Complaint form     ${stack.url}/
  Console            ${stack.url}/console/  (dev users: ${DEV_USERS.map((user) => user.email).join(', ')})
  API                ${stack.url}/api  (health: ${stack.url}/api/health)
  Outbound email     ${join(stack.outboxDir)}  (.eml files)
  Inbound email      ${stack.endpoints.smtp}  (send to complaints@${process.env.MAIL_DOMAIN ?? 'liaison.example.org'})
  Data               ${dataDir}

  DynamoDB Local     ${stack.endpoints.dynamodb}
  Step Functions     ${stack.endpoints.stepfunctions}
  SES (v2)           ${stack.endpoints.ses}
  S3                 ${stack.endpoints.s3}

Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Liaison...');
    await stack.stop();
    process.exit(0);
  });
}
