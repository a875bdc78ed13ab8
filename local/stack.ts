/**
 * The local stack: the same handlers and the same workflows/*.asl.json that deploy to AWS, against stand-ins that
 * speak the AWS wire protocols. Handlers find them through the SDK's standard AWS_ENDPOINT_URL_<SERVICE>
 * settings, so not one line of functions/ knows it is running locally.
 *
 *   AWS                        here
 *   DynamoDB                   DynamoDB Local (Amazon's jar), in memory or under <dataDir>/dynamodb
 *   Step Functions             LocalStepFunctions (aws-local-stepfunctions + tokens, history, errors)
 *   Lambda                     LocalLambdaRuntime (handler modules in this process)
 *   SES (v2)                   local SES endpoint writing <dataDir>/outbox/*.eml
 *   S3                         s3rver under <dataDir>/s3
 *   API Gateway HTTP API       local gateway (payload v2 events) + static web/ pages
 *   EventBridge schedule       a timer calling the same sweeper function
 *   Cognito (staff groups)     local/cognito.ts over the dev users (identity.ts signs their tokens)
 *   DynamoDB stream -> Lambda  a poller of DynamoDB Local's stream calling archiveChanges (change-stream.ts)
 */
import type { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { StaffMember } from '../functions/core/ports';
import { UPLOAD_PREFIX } from '../functions/core/uploads/web-uploads';
import { FUNCTIONS, type FunctionName, SWEEP_INTERVAL_MINUTES } from '../functions/manifest';
import { type ApiGatewayOptions, createApiGateway } from './api-gateway';
import { pollChangeStream } from './change-stream';
import { createCognitoServer, LOCAL_USER_POOL_ID } from './cognito';
import { ensureTable, startDynamoDbLocal } from './dynamodb';
import { close, listen } from './http-util';
import { DEV_USERS, LocalIdentityProvider } from './identity';
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalLambdaRuntime, localFunctionArn } from './lambda-runtime';
import { enforcePreconditions } from './s3-preconditions';
import { createSesServer } from './ses';
import { createSmtpServer, type ReceiptS3Action } from './smtp';
import { type AslDefinition, LocalStepFunctions } from './stepfunctions/engine';
import { createStepFunctionsServer } from './stepfunctions/server';

export const ROOT_DIR = resolve(import.meta.dirname, '..');
export const CASE_WORKFLOW_NAME = 'liaison-case-review';
export const TABLE_NAME = 'liaison';
/** s3rver's built-in key pair (the only one it accepts). */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const MAIL_BUCKET = 'liaison-inbound-mail';
export const ATTACHMENT_BUCKET = 'liaison-attachments';
export const HISTORY_BUCKET = 'liaison-history';
export const EXPORT_BUCKET = 'liaison-exports';

export interface LocalStackOptions {
  /** Port of the web pages and the API; 0 picks a free one. */
  port: number;
  dataDir: string;
  /** Keep DynamoDB data under dataDir across restarts (npm start) or keep it in memory (tests). */
  persist: boolean;
  /** How often the sweeper runs; defaults to the deployed schedule. */
  sweepIntervalMs?: number;
  /** SMTP port of the local SES receiving stand-in; 0 picks a free one. */
  smtpPort?: number;
  /**
   * Puts something between the handlers and DynamoDB Local (the benchmarks count requests and capacity there):
   * given DynamoDB Local's endpoint, returns the one the handlers use.
   */
  interposeDynamoDb?: (endpoint: string) => Promise<string>;
  /**
   * The SES receipt rule's S3 action, as the CDK app configures it (tests read it from the synthesized template);
   * by default the one infra deploys: the bucket's own encryption, no client-side encryption.
   */
  inboundS3Action?: ReceiptS3Action;
  /** Benchmarks only: handlers outside the manifest behind the same gateway (ApiGatewayOptions.extraRoutes). */
  extraRoutes?: ApiGatewayOptions['extraRoutes'];
}

export interface LocalStack {
  url: string;
  outboxDir: string;
  endpoints: { dynamodb: string; stepfunctions: string; ses: string; s3: string; smtp: string };
  /** Resolves when every message received so far has been handed to receiveEmail (tests). */
  mailDelivered(): Promise<void>;
  /** The user pool's staff groups (the dev users at start); refreshStaff reads them. */
  staffGroups: StaffMember[];
  /** Resolves when every change written to the table so far is in the history bucket. */
  changesArchived(): Promise<void>;
  /** Resolves when every web-form upload so far has been scanned and handed to receiveUpload. */
  uploadsScanned(): Promise<void>;
  stateMachineArn: string;
  engine: LocalStepFunctions;
  runtime: LocalLambdaRuntime;
  stop(): Promise<void>;
}

/** Site settings a newcomer would otherwise have to invent; each can be overridden from the environment. */
const LOCAL_DEFAULTS: Record<string, string> = {
  DATA_KEY_ARN: 'arn:aws:kms:us-east-1:000000000000:key/liaison-local-data-key',
  ORGANIZATION_NAME: 'Example General Hospital',
  ORGANIZATION_PHONE: '+1 555 010 0100',
  ORGANIZATION_ADDRESS: 'Patient Relations; Example General Hospital; 1 Example Way; Springfield, ST 00000',
  ORGANIZATION_TIME_ZONE: 'America/New_York',
  MAIL_FROM: 'Example General Hospital Patient Relations <complaints@liaison.example.org>',
  REFERENCE_PREFIX: 'PR',
  SLA_POLICY: 'us-cms-hospital',
  SLA_TIME_SCALE: '1',
  MAIL_DOMAIN: 'liaison.example.org',
  INBOUND_ADDRESS: 'complaints@liaison.example.org',
  ESCALATION_CONTACTS: JSON.stringify({
    coordinators: 'coordinator@example.org',
    manager: 'manager@example.org',
    director: 'director@example.org',
  }),
  POWERTOOLS_SERVICE_NAME: 'liaison',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

/** Replaces `${Name}` placeholders in an ASL file; refuses to leave any behind. */
export function substitutePlaceholders(text: string, values: Record<string, string>): string {
  const result = text.replace(/\$\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
  const missing = result.match(/\$\{\w+\}/g);
  if (missing) throw new Error(`Unresolved workflow placeholders: ${[...new Set(missing)].join(', ')}`);
  return result;
}

export function localWorkflowSubstitutions(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(FUNCTIONS)) {
    if ('workflowPlaceholder' in spec)
      values[spec.workflowPlaceholder] = localFunctionArn(name as FunctionName);
  }
  return values;
}

/** The dev users join the staff directory, so a coordinator can assign the representative from the start. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  const outboxDir = join(dataDir, 'outbox');
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    const dynamo = await startDynamoDbLocal({
      path: options.persist ? join(dataDir, 'dynamodb') : undefined,
    });
    stops.push(dynamo.stop);
    const tableStreamArn = await ensureTable(dynamo.endpoint, TABLE_NAME);

    // Cognito's staff groups: the dev users, changeable by tests through `staffGroups`.
    const staffGroups: StaffMember[] = DEV_USERS.map((user) => structuredClone(user));
    const cognitoServer = createCognitoServer(() => staffGroups);
    const cognitoPort = await listen(cognitoServer);
    stops.push(() => close(cognitoServer));

    const sesServer = createSesServer(outboxDir);
    const sesPort = await listen(sesServer);
    stops.push(() => close(sesServer));

    const s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: join(dataDir, 's3'),
      configureBuckets: [
        { name: MAIL_BUCKET, configs: [] },
        // As in AWS, the pages' origin may post web-form files (any local port: the gateway's is picked later).
        { name: ATTACHMENT_BUCKET, configs: [LOCAL_UPLOAD_CORS] },
        // Object Lock has no stand-in; write-once is kept by If-None-Match (s3-preconditions.ts).
        { name: HISTORY_BUCKET, configs: [] },
        // The reports' read model for Athena: the same files as in AWS, under the same keys.
        { name: EXPORT_BUCKET, configs: [] },
      ],
    });
    enforcePreconditions(s3);
    const s3Address = (await s3.run()) as { port: number };
    stops.push(() => s3.close());

    const runtime = new LocalLambdaRuntime(ROOT_DIR);
    const engine = new LocalStepFunctions({
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      invokeLambda: (arn, payload) => runtime.invoke(runtime.functionNameForArn(arn), payload),
    });
    const aslText = await readFile(join(ROOT_DIR, 'workflows', 'case-review.asl.json'), 'utf8');
    const definition = JSON.parse(
      substitutePlaceholders(aslText, localWorkflowSubstitutions()),
    ) as AslDefinition;
    const stateMachineArn = engine.register({ name: CASE_WORKFLOW_NAME, definition });
    const sfnServer = createStepFunctionsServer(engine);
    const sfnPort = await listen(sfnServer);
    stops.push(async () => {
      engine.stopAll();
      await close(sfnServer);
    });

    const endpoints = {
      dynamodb: options.interposeDynamoDb
        ? await options.interposeDynamoDb(dynamo.endpoint)
        : dynamo.endpoint,
      stepfunctions: `http://127.0.0.1:${sfnPort}`,
      ses: `http://127.0.0.1:${sesPort}`,
      s3: `http://127.0.0.1:${s3Address.port}`,
    };
    // Listening first gives the console URL for staff emails; no handler runs before the environment is set.
    const identity = new LocalIdentityProvider();
    const gateway: Server = createApiGateway({
      runtime,
      webDir: join(ROOT_DIR, 'web'),
      consoleDir: join(ROOT_DIR, '.build', 'console'),
      identity,
      uploadOrigin: `http://127.0.0.1:${s3Address.port}`,
      extraRoutes: options.extraRoutes,
    });
    const port = await listen(gateway, options.port, '127.0.0.1');
    stops.push(() => close(gateway));
    const url = `http://127.0.0.1:${port}`;

    // Handlers read configuration at cold start, so the environment is complete before any is imported.
    Object.assign(process.env, {
      ...Object.fromEntries(
        Object.entries(LOCAL_DEFAULTS).filter(([name]) => process.env[name] === undefined),
      ),
      AWS_REGION: LOCAL_REGION,
      // s3rver knows one key pair; DynamoDB Local and the other stand-ins accept any.
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${cognitoPort}`,
      USER_POOL_ID: LOCAL_USER_POOL_ID,
      TABLE_NAME,
      CASE_WORKFLOW_ARN: stateMachineArn,
      INBOUND_MAIL_BUCKET: MAIL_BUCKET,
      INBOUND_MAIL_PREFIX: 'inbound/',
      ATTACHMENT_BUCKET,
      HISTORY_BUCKET,
      EXPORT_BUCKET,
      CONSOLE_URL: process.env.CONSOLE_URL ?? url,
    });
    await runtime.warmAll();
    // The directory follows the user pool's groups, as in AWS (refreshStaff runs at deployment, then every 15 min).
    await runtime.invoke('refreshStaff', {});

    // The table's stream to archiveChanges, as the event source mapping does in AWS.
    const changeStream = pollChangeStream({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      streamArn: tableStreamArn,
      deliver: (event) => runtime.invoke('archiveChanges', event),
    });
    stops.push(() => changeStream.stop());

    // SES receiving: SMTP in, raw message to the mail bucket, receiveEmail invoked asynchronously.
    const pendingDeliveries = new Set<Promise<unknown>>();
    const smtpS3 = new S3Client({
      endpoint: endpoints.s3,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    });
    const smtp = createSmtpServer({
      mailDomain: process.env.MAIL_DOMAIN ?? 'liaison.example.org',
      s3: smtpS3,
      bucket: MAIL_BUCKET,
      s3Action: options.inboundS3Action ?? { objectKeyPrefix: 'inbound/' },
      functionArn: localFunctionArn('receiveEmail'),
      deliver: (event) => {
        const delivery = runtime.invoke('receiveEmail', event);
        pendingDeliveries.add(delivery);
        void delivery.catch(() => undefined).finally(() => pendingDeliveries.delete(delivery));
        return delivery;
      },
    });
    const smtpPort = await new Promise<number>((resolvePort, reject) => {
      smtp.on('error', reject);
      smtp.listen(options.smtpPort ?? 0, '127.0.0.1', () =>
        resolvePort((smtp.server.address() as { port: number }).port),
      );
    });
    stops.push(async () => {
      await new Promise<void>((resolveClose) => smtp.close(() => resolveClose()));
      smtpS3.destroy();
    });

    // GuardDuty Malware Protection for S3, emulated: each web-form upload is "scanned" and the verdict event goes
    // to receiveUpload. The EICAR test string stands for malware, as it does for real scanners.
    const pendingScans = new Set<Promise<unknown>>();
    // s3rver is a Koa app that emits S3 event records (its type declarations omit the emitter).
    (s3 as unknown as EventEmitter).on('event', (event: S3rverEvent) => {
      for (const record of event.Records) {
        const { bucket, object } = record.s3;
        if (bucket.name !== ATTACHMENT_BUCKET || !object.key.startsWith(UPLOAD_PREFIX)) continue;
        // EventBridge invokes receiveUpload asynchronously, and Lambda tries a failed asynchronous invocation twice
        // more (three writers racing on one case can lose every conditional write of one attempt).
        const scan = emulatedScanResult(smtpS3, bucket.name, object.key).then((result) =>
          invokeWithRetries(() => runtime.invoke('receiveUpload', result)),
        );
        pendingScans.add(scan);
        void scan.catch(() => undefined).finally(() => pendingScans.delete(scan));
      }
    });

    const sweep = setInterval(
      () => void runtime.invoke('startPendingWorkflows', {}).catch(() => undefined),
      options.sweepIntervalMs ?? SWEEP_INTERVAL_MINUTES * 60_000,
    );
    sweep.unref();
    stops.push(async () => clearInterval(sweep));
    // The hourly schedule of learning-action reminders, as deployed.
    const reminders = setInterval(
      () => void runtime.invoke('remindLearningActions', {}).catch(() => undefined),
      60 * 60_000,
    );
    reminders.unref();
    stops.push(async () => clearInterval(reminders));
    // The daily export of the reports' read model (case-facts/ in the export bucket), as deployed.
    const exports = setInterval(
      () => void runtime.invoke('exportCaseFacts', {}).catch(() => undefined),
      24 * 60 * 60_000,
    );
    exports.unref();
    stops.push(async () => clearInterval(exports));

    return {
      url,
      outboxDir,
      endpoints: { ...endpoints, smtp: `smtp://127.0.0.1:${smtpPort}` },
      mailDelivered: async () => {
        while (pendingDeliveries.size > 0) await Promise.allSettled([...pendingDeliveries]);
      },
      changesArchived: () => changeStream.drained(),
      staffGroups,
      uploadsScanned: async () => {
        while (pendingScans.size > 0) await Promise.allSettled([...pendingScans]);
      },
      stateMachineArn,
      engine,
      runtime,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

const LOCAL_UPLOAD_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:*</AllowedOrigin><AllowedOrigin>http://localhost:*</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

interface S3rverEvent {
  Records: { s3: { bucket: { name: string }; object: { key: string } } }[];
}

/** The EICAR anti-virus test file's signature (split so this source file is not itself flagged). */
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

async function emulatedScanResult(s3: S3Client, bucketName: string, objectKey: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: objectKey }));
  const content = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
  return {
    version: '0',
    source: 'aws.guardduty',
    'detail-type': 'GuardDuty Malware Protection Object Scan Result',
    detail: {
      schemaVersion: '1.0',
      scanStatus: 'COMPLETED',
      resourceType: 'S3_OBJECT',
      // No versions in s3rver: the ETag names the scanned bytes (GuardDuty sends both).
      s3ObjectDetails: { bucketName, objectKey, eTag: object.ETag },
      scanResultDetails: {
        scanResultStatus: content.includes(EICAR) ? 'THREATS_FOUND' : 'NO_THREATS_FOUND',
      },
    },
  };
}

/** An asynchronous invocation as Lambda makes it: a failure is tried twice more (here after 1 s, then 2 s). */
async function invokeWithRetries(invoke: () => Promise<unknown>): Promise<unknown> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await invoke();
    } catch (error) {
      if (attempt === 2) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
    }
  }
}
