/**
 * The local stack: what `cdk synth` produces (assembly.ts, deployment.ts), run against stand-ins that speak the AWS
 * wire protocols. The functions are the deployed bundles with the template's environment, each in its own execution
 * environment with credentials that name its role; every AWS call they make is evaluated against that role and the
 * resource's policy (iam.ts) and refused as AWS would refuse it. Handlers find the stand-ins through the SDK's
 * standard AWS_ENDPOINT_URL_<SERVICE> settings, so not one line of functions/ knows it is running locally.
 *
 *   AWS                        here
 *   DynamoDB                   DynamoDB Local (Amazon's jar) behind an IAM gate (dynamodb-gate.ts)
 *   Step Functions             LocalStepFunctions (aws-local-stepfunctions + tokens, history, errors)
 *   Lambda                     LocalLambdaRuntime (CDK's esbuild bundles, one worker thread per function)
 *   SES (v2)                   local SES endpoint writing <dataDir>/outbox/*.eml
 *   S3                         s3rver under <dataDir>/s3, behind an IAM gate with the bucket policies (s3-gate.ts)
 *   API Gateway HTTP API       local gateway (the template's routes and JWT authorizer) + static web/ pages
 *   EventBridge schedule       timers calling the same functions
 *   Cognito (staff groups)     local/cognito.ts over the dev users (identity.ts signs their tokens)
 *   DynamoDB stream -> Lambda  a poller of DynamoDB Local's stream calling archiveChanges (change-stream.ts)
 *   SES receiving              smtp.ts carrying out the template's receipt rule
 */
import type { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { GetObjectCommand, PutObjectTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { StaffMember } from '../functions/core/ports';
import { UPLOAD_PREFIX } from '../functions/core/uploads/web-uploads';
import { FUNCTIONS, type FunctionName, SWEEP_INTERVAL_MINUTES } from '../functions/manifest';
import { SCAN_STATUS_TAG } from '../infra/stateful-stack';
import { type ApiGatewayOptions, createApiGateway } from './api-gateway';
import {
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  localFunctionArn,
  type SynthesizedTemplates,
  synthesizeTemplates,
} from './assembly';
import { pollChangeStream } from './change-stream';
import { createCognitoServer } from './cognito';
import { type Deployment, readDeployment, tableNameOf } from './deployment';
import { ensureTable, startDynamoDbLocal } from './dynamodb';
import { startDynamoDbGate } from './dynamodb-gate';
import { close, listen } from './http-util';
import { LocalIam } from './iam';
import { DEV_USERS, LocalIdentityProvider } from './identity';
import { bundleFunctions, LocalLambdaRuntime, type RuntimeFunction } from './lambda-runtime';
import { enforceS3Access } from './s3-gate';
import { enforcePreconditions } from './s3-preconditions';
import { type Authorize, createSesServer } from './ses';
import { createSmtpServer } from './smtp';
import { type AslDefinition, LocalStepFunctions } from './stepfunctions/engine';
import { createStepFunctionsServer } from './stepfunctions/server';

export const ROOT_DIR = resolve(import.meta.dirname, '..');
/** The local administrator's key pair (s3rver's built-in one): the tests, the bench and the local tools. */
const ADMIN_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

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
   * The synthesized templates to run; by default the CDK app is synthesized with the local site settings. Tests
   * change a template to see what AWS would do with that change (a grant removed, a receipt rule changed).
   */
  templates?: SynthesizedTemplates;
  /** Benchmarks only: handlers outside the manifest behind the same gateway (ApiGatewayOptions.extraRoutes). */
  extraRoutes?: ApiGatewayOptions['extraRoutes'];
}

/** The physical names the template gave the resources (tests and tools address them directly). */
export interface DeployedNames {
  table: string;
  mailBucket: string;
  attachmentBucket: string;
  historyBucket: string;
  exportBucket: string;
}

export interface LocalStack {
  url: string;
  outboxDir: string;
  endpoints: { dynamodb: string; stepfunctions: string; ses: string; s3: string; smtp: string };
  names: DeployedNames;
  deployment: Deployment;
  /** IAM as the template has it: the functions' credentials, and the decisions every stand-in asks for. */
  iam: LocalIam;
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
  /** Resolves when every function's execution environment has started (tests wait, so timing tests are fair). */
  functionsStarted(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The site's settings for a local run, as `cdk synth -c liaison:<name>=...` would take them; each can be overridden
 * from the environment by its function setting's name (ORGANIZATION_NAME=... npm start).
 */
const LOCAL_SITE: Record<string, [setting: string, value: string]> = {
  organizationName: ['ORGANIZATION_NAME', 'Example General Hospital'],
  organizationPhone: ['ORGANIZATION_PHONE', '+1 555 010 0100'],
  organizationAddress: [
    'ORGANIZATION_ADDRESS',
    'Patient Relations; Example General Hospital; 1 Example Way; Springfield, ST 00000',
  ],
  organizationTimeZone: ['ORGANIZATION_TIME_ZONE', 'America/New_York'],
  mailFrom: ['MAIL_FROM', 'Example General Hospital Patient Relations <complaints@liaison.example.org>'],
  referencePrefix: ['REFERENCE_PREFIX', 'PR'],
  slaPolicy: ['SLA_POLICY', 'us-cms-hospital'],
  mailDomain: ['MAIL_DOMAIN', 'liaison.example.org'],
  inboundAddress: ['INBOUND_ADDRESS', 'complaints@liaison.example.org'],
  acknowledgementLimit: ['ACKNOWLEDGEMENT_LIMIT', '3'],
  escalationContacts: [
    'ESCALATION_CONTACTS',
    JSON.stringify({
      coordinators: 'coordinator@example.org',
      manager: 'manager@example.org',
      director: 'director@example.org',
    }),
  ],
};

export function localSiteContext(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(LOCAL_SITE).map(([name, [setting, fallback]]) => {
      const value = process.env[setting] ?? fallback;
      return [`liaison:${name}`, name === 'escalationContacts' ? JSON.parse(value) : value];
    }),
  );
}

/**
 * What a function's environment has locally beyond the template's: where the stand-ins are, credentials naming its
 * role, Lambda's own variables, and the few local-only settings (README, Running locally).
 */
function localEnvironment(
  deployment: Deployment,
  iam: LocalIam,
  name: FunctionName,
  endpoints: Record<'dynamodb' | 'stepfunctions' | 'ses' | 's3' | 'cognito', string>,
  consoleUrl: string,
): RuntimeFunction {
  const deployed = deployment.functions[name];
  const { NODE_OPTIONS: _sourceMapsAreOnInTheWorker, ...environment } = deployed.environment;
  const credentials = iam.credentialsFor(name);
  return {
    timeoutSeconds: deployed.timeoutSeconds,
    memoryMb: deployed.memoryMb,
    environment: {
      ...environment,
      // Local-only: the console's address is this machine's (the template's must be https), time may be compressed
      // for tests and demonstrations, and logs are quieter.
      ...('CONSOLE_URL' in environment ? { CONSOLE_URL: consoleUrl } : {}),
      ...('SLA_TIME_SCALE' in environment && process.env.SLA_TIME_SCALE
        ? { SLA_TIME_SCALE: process.env.SLA_TIME_SCALE }
        : {}),
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_LAMBDA_FUNCTION_NAME: `liaison-${name}`,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(deployed.memoryMb),
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
      TZ: 'UTC',
      PATH: process.env.PATH ?? '',
    },
  };
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
    // DynamoDB Local (a Java process) starts while the app is synthesized and the functions bundled.
    const starting = startDynamoDbLocal({ path: options.persist ? join(dataDir, 'dynamodb') : undefined });
    void starting.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    stops.push(async () => (await starting).stop());
    const [templates, bundleDir] = await Promise.all([
      options.templates ?? synthesizeTemplates(localSiteContext()),
      bundleFunctions(ROOT_DIR),
    ]);
    const dynamo = await starting;
    const tableStreamArn = await ensureTable(dynamo.endpoint, tableNameOf(templates));
    const deployment = readDeployment(templates, { tableStreamArn });
    const iam = new LocalIam(deployment);
    const authorize: Authorize = (headers, requests) => iam.authorize(iam.callerOf(headers), requests);
    const functionEnvironment = (name: FunctionName) => deployment.functions[name].environment;
    const names: DeployedNames = {
      table: deployment.tableName,
      mailBucket: functionEnvironment('receiveEmail').INBOUND_MAIL_BUCKET as string,
      attachmentBucket: functionEnvironment('receiveEmail').ATTACHMENT_BUCKET as string,
      historyBucket: functionEnvironment('archiveChanges').HISTORY_BUCKET as string,
      exportBucket: functionEnvironment('exportCaseFacts').EXPORT_BUCKET as string,
    };

    // Cognito's staff groups: the dev users, changeable by tests through `staffGroups`.
    const staffGroups: StaffMember[] = DEV_USERS.map((user) => structuredClone(user));
    const cognitoServer = createCognitoServer(() => staffGroups, authorize);
    const cognitoPort = await listen(cognitoServer);
    stops.push(() => close(cognitoServer));

    const sesServer = createSesServer(outboxDir, undefined, authorize);
    const sesPort = await listen(sesServer);
    stops.push(() => close(sesServer));

    const s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: join(dataDir, 's3'),
      // Every bucket the templates create. CORS: the pages' origin may post web-form files, as in AWS (any local
      // port, where the template names the https console origin). Object Lock has no stand-in; write-once is kept
      // by If-None-Match (s3-preconditions.ts).
      configureBuckets: deployment.buckets
        .filter((bucket) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket.name))
        .map((bucket) => ({ name: bucket.name, configs: bucket.hasCors ? [LOCAL_UPLOAD_CORS] : [] })),
    });
    enforceS3Access(s3, iam, deployment);
    // In front of the gate: s3rver keeps one version per key, so a stale ETag names a version (and its tags) this
    // stand-in no longer has; S3 would find that version and answer its precondition.
    enforcePreconditions(s3);
    const s3Address = (await s3.run()) as { port: number };
    stops.push(() => s3.close());

    const engine = new LocalStepFunctions({
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      // Step Functions invokes with the state machine's role, which must be allowed lambda:InvokeFunction.
      invokeLambda: async (arn, payload) => {
        await iam.authorizeRole(deployment.stateMachine.roleArn, deployment.stateMachine.name, {
          action: 'lambda:InvokeFunction',
          resource: arn,
        });
        return runtime.invoke(runtime.functionNameForArn(arn), payload);
      },
    });
    const stateMachineArn = engine.register({
      name: deployment.stateMachine.name,
      definition: JSON.parse(deployment.stateMachine.definition) as AslDefinition,
    });
    const sfnServer = createStepFunctionsServer(engine, authorize);
    const sfnPort = await listen(sfnServer);
    stops.push(async () => {
      engine.stopAll();
      await close(sfnServer);
    });

    const upstreamDynamo = options.interposeDynamoDb
      ? await options.interposeDynamoDb(dynamo.endpoint)
      : dynamo.endpoint;
    const dynamoGate = await startDynamoDbGate(iam, upstreamDynamo);
    stops.push(dynamoGate.stop);
    const endpoints = {
      dynamodb: dynamoGate.endpoint,
      stepfunctions: `http://127.0.0.1:${sfnPort}`,
      ses: `http://127.0.0.1:${sesPort}`,
      s3: `http://127.0.0.1:${s3Address.port}`,
      cognito: `http://127.0.0.1:${cognitoPort}`,
    };
    // Listening first gives the console URL for staff emails; no function starts before its environment is set.
    const identity = new LocalIdentityProvider();
    let runtime = undefined as unknown as LocalLambdaRuntime;
    const gateway: Server = createApiGateway({
      invoke: (name, event) => {
        iam.assertInvokableBy(name, 'apigateway.amazonaws.com');
        return runtime.invoke(name, event);
      },
      routes: deployment.routes,
      defaultRouteFunction: deployment.defaultRouteFunction,
      webDir: join(ROOT_DIR, 'web'),
      consoleDir: join(ROOT_DIR, '.build', 'console'),
      identity,
      uploadOrigin: `http://127.0.0.1:${s3Address.port}`,
      extraRoutes: options.extraRoutes,
    });
    const port = await listen(gateway, options.port, '127.0.0.1');
    stops.push(() => close(gateway));
    const url = `http://127.0.0.1:${port}`;

    const consoleUrl = process.env.CONSOLE_URL ?? url;
    runtime = new LocalLambdaRuntime(
      bundleDir,
      Object.fromEntries(
        (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
          name,
          localEnvironment(deployment, iam, name, endpoints, consoleUrl),
        ]),
      ) as Record<FunctionName, RuntimeFunction>,
    );
    stops.push(() => runtime.stop());
    const functionsStarted = runtime.prestartAll();
    // A service (EventBridge, SES) invokes a function only where the template's resource policy lets it.
    const invokeAs = (service: string) => (name: FunctionName, event: unknown) => {
      iam.assertInvokableBy(name, service);
      return runtime.invoke(name, event);
    };
    const scheduled = invokeAs('events.amazonaws.com');
    // The directory follows the user pool's groups, as in AWS (refreshStaff runs at deployment, then every 15 min).
    await runtime.invoke('refreshStaff', {});

    // The table's stream to its function (archiveChanges), as the template's event source mapping says: with the
    // function's role, which must be allowed to read the stream, in batches gathered as the mapping gathers them.
    const { target: streamTarget, batchSize, batchingWindowSeconds } = deployment.changeStream;
    const changeStream = pollChangeStream({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: ADMIN_CREDENTIALS,
      streamArn: tableStreamArn,
      batchSize,
      batchingWindowSeconds,
      deliver: async (event) => {
        await iam.authorize(
          iam.callerOfKey(iam.credentialsFor(streamTarget).accessKeyId),
          ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords'].map((action) => ({
            action,
            resource: tableStreamArn,
          })),
        );
        return runtime.invoke(streamTarget, event);
      },
    });
    stops.push(() => changeStream.stop());

    // SES receiving, as the template's receipt rule says: the raw message stored by SES (a service principal the
    // bucket and key policies must allow), then the function invoked asynchronously.
    const rule = deployment.receiptRule;
    if (!rule.s3 || !rule.lambda)
      throw new Error('The receipt rule must store the message and invoke a function');
    const receiver = rule.lambda.function;
    const pendingDeliveries = new Set<Promise<unknown>>();
    const sesS3 = new S3Client({
      endpoint: endpoints.s3,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: iam.serviceCredentials('ses.amazonaws.com'),
    });
    const adminS3 = new S3Client({
      endpoint: endpoints.s3,
      region: LOCAL_REGION,
      forcePathStyle: true,
      credentials: ADMIN_CREDENTIALS,
    });
    const invokeFromSes = invokeAs('ses.amazonaws.com');
    const smtp = createSmtpServer({
      mailDomain: rule.recipients[0] ?? 'liaison.example.org',
      s3: sesS3,
      bucket: rule.s3.bucket,
      s3Action: { objectKeyPrefix: rule.s3.objectKeyPrefix, kmsKeyArn: rule.s3.kmsKeyArn },
      functionArn: localFunctionArn(receiver),
      deliver: (event) => {
        const delivery = invokeFromSes(receiver, event);
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
      sesS3.destroy();
      adminS3.destroy();
    });

    // GuardDuty Malware Protection for S3, emulated: each web-form upload is "scanned", tagged with the verdict as
    // GuardDuty tags it, and the verdict event goes to receiveUpload through EventBridge. The EICAR test string
    // stands for malware, as it does for real scanners.
    const pendingScans = new Set<Promise<unknown>>();
    // s3rver is a Koa app that emits S3 event records (its type declarations omit the emitter).
    (s3 as unknown as EventEmitter).on('event', (event: S3rverEvent) => {
      for (const record of event.Records) {
        const { bucket, object } = record.s3;
        if (bucket.name !== names.attachmentBucket || !object.key.startsWith(UPLOAD_PREFIX)) continue;
        if (!record.eventName.startsWith('ObjectCreated')) continue;
        // EventBridge invokes receiveUpload asynchronously, and Lambda tries a failed asynchronous invocation twice
        // more (three writers racing on one case can lose every conditional write of one attempt).
        const scan = emulatedScan(adminS3, bucket.name, object.key).then((result) =>
          invokeWithRetries(() => scheduled('receiveUpload', result)),
        );
        pendingScans.add(scan);
        void scan.catch(() => undefined).finally(() => pendingScans.delete(scan));
      }
    });

    const every = (name: FunctionName, intervalMs: number) => {
      const timer = setInterval(() => void scheduled(name, {}).catch(() => undefined), intervalMs);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    };
    every('startPendingWorkflows', options.sweepIntervalMs ?? SWEEP_INTERVAL_MINUTES * 60_000);
    // The hourly schedule of learning-action reminders, as deployed.
    every('remindLearningActions', 60 * 60_000);
    // The daily export of the reports' read model (case-facts/ in the export bucket), as deployed.
    every('exportCaseFacts', 24 * 60 * 60_000);

    return {
      url,
      outboxDir,
      endpoints: { ...endpoints, smtp: `smtp://127.0.0.1:${smtpPort}` },
      names,
      deployment,
      iam,
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
      functionsStarted: () => functionsStarted,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

const LOCAL_UPLOAD_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:*</AllowedOrigin><AllowedOrigin>http://localhost:*</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

interface S3rverEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

/** The EICAR anti-virus test file's signature (split so this source file is not itself flagged). */
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

async function emulatedScan(s3: S3Client, bucketName: string, objectKey: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: objectKey }));
  const content = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
  const verdict = content.includes(EICAR) ? 'THREATS_FOUND' : 'NO_THREATS_FOUND';
  // GuardDuty tags the scanned object with its verdict; the bucket policy lets only clean objects be read.
  await s3.send(
    new PutObjectTaggingCommand({
      Bucket: bucketName,
      Key: objectKey,
      Tagging: { TagSet: [{ Key: SCAN_STATUS_TAG, Value: verdict }] },
    }),
  );
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
        scanResultStatus: verdict,
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
