/**
 * The composition root: the one place that wires the core's ports to AWS. Every handler builds its
 * dependencies the same way, once per container, from the settings its manifest entry lists:
 *
 *   const deps = composeDependencies(FUNCTIONS.<name>.settings);
 *
 * The listed settings are validated at cold start (readConfig). Each port is built on first use, so a function
 * pays only for the clients it touches; using a port whose settings the manifest does not list fails at once
 * with the missing setting's name, so CDK and the function cannot drift.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Dependencies, Settings } from '../core/dependencies';
import { readConfig, type SettingName } from '../shared/config';
import { logger, metrics } from '../shared/observability';
import { dynamoDocumentClient, s3Client, sesV2Client, stepFunctionsClient } from './aws-clients';
import { dynamoStores, type Stores } from './dynamodb/stores';
import { S3BlobStore } from './s3-blob-store';
import { S3ChangeArchive } from './s3-change-archive';
import { S3ReportExports } from './s3-report-exports';
import { S3UploadStore } from './s3-upload-store';
import { SesMailer } from './ses-mailer';
import { StepFunctionsCaseWorkflow } from './step-functions-workflow';
import { systemClock, ulidGenerator } from './system';

type Config = Partial<ReturnType<typeof readConfig<SettingName>>>;

/**
 * Ports only one function uses, whose SDK the others should not carry in their bundles: that function's handler
 * passes the factory (refresh-staff.ts passes the Cognito identity provider).
 */
export type RareFactories = Partial<{ identity: () => Dependencies['identity'] }>;

export function composeDependencies(listed: readonly SettingName[], rare: RareFactories = {}): Dependencies {
  const config: Config = readConfig(listed);
  const need = <K extends SettingName>(name: K): NonNullable<Config[K]> => {
    if (!listed.includes(name)) {
      throw new Error(`This function uses ${name}: list it in its manifest entry (functions/manifest.ts)`);
    }
    return config[name] as NonNullable<Config[K]>;
  };
  let stores: Stores | undefined;
  const store =
    <K extends keyof Stores>(name: K) =>
    () => {
      stores ??= dynamoStores(dynamoDocumentClient(), need('TABLE_NAME'));
      return stores[name];
    };

  const settings = lazyObject<Settings>({
    organizationName: () => need('ORGANIZATION_NAME'),
    organizationPhone: () => need('ORGANIZATION_PHONE'),
    organizationAddress: () => need('ORGANIZATION_ADDRESS'),
    timeZone: () => need('ORGANIZATION_TIME_ZONE'),
    consoleUrl: () => need('CONSOLE_URL'),
    inboundAddress: () => need('INBOUND_ADDRESS'),
    mailFrom: () => need('MAIL_FROM'),
    mailDomain: () => need('MAIL_DOMAIN'),
    escalation: () => need('ESCALATION_CONTACTS'),
    referencePrefix: () => need('REFERENCE_PREFIX'),
    slaPolicy: () => need('SLA_POLICY'),
    timeScale: () => need('SLA_TIME_SCALE'),
    acknowledgementLimit: () => need('ACKNOWLEDGEMENT_LIMIT'),
  });

  return lazyObject<Dependencies>({
    cases: store('cases'),
    references: store('references'),
    intakeIdempotency: store('intakeIdempotency'),
    threads: store('threads'),
    heldMail: store('heldMail'),
    statusLinks: store('statusLinks'),
    autoReplies: store('autoReplies'),
    sentMail: store('sentMail'),
    statistics: store('statistics'),
    reports: store('reports'),
    actions: store('actions'),
    staff: store('staff'),
    lists: store('lists'),
    documents: store('documents'),
    accessLog: store('accessLog'),
    sessions: store('sessions'),
    identity:
      rare.identity ??
      (() => {
        throw new Error('This function has no identity provider: pass it to composeDependencies');
      }),
    workflow: () => new StepFunctionsCaseWorkflow(stepFunctionsClient(), need('CASE_WORKFLOW_ARN')),
    mailer: () => new SesMailer(sesV2Client(), need('MAIL_FROM'), config.SES_CONFIGURATION_SET),
    blobs: () =>
      new S3BlobStore(
        s3Client(),
        need('INBOUND_MAIL_BUCKET'),
        need('ATTACHMENT_BUCKET'),
        need('DATA_KEY_ARN'),
      ),
    history: () => new S3ChangeArchive(s3Client(), need('HISTORY_BUCKET'), need('DATA_KEY_ARN')),
    exports: () => new S3ReportExports(s3Client(), need('EXPORT_BUCKET'), need('DATA_KEY_ARN')),
    uploads: () => new S3UploadStore(s3Client(), need('ATTACHMENT_BUCKET'), () => need('DATA_KEY_ARN')),
    clock: () => systemClock,
    ids: () => ulidGenerator,
    settings: () => settings,
    observe: () => ({
      workflowStartDeferred: (caseId, error) => {
        logger.warn('Workflow start deferred to the sweeper', { caseId, errorName: (error as Error)?.name });
        metrics.addMetric('WorkflowStartDeferred', MetricUnit.Count, 1);
      },
      handOverDeferred: (caseId, error) => {
        logger.warn('Step hand-over deferred to the sweeper', { caseId, errorName: (error as Error)?.name });
        metrics.addMetric('HandOverDeferred', MetricUnit.Count, 1);
      },
      talliesNotRecorded: (error) => {
        logger.warn('Dashboard counters not recorded', { errorName: (error as Error)?.name });
        metrics.addMetric('TalliesNotRecorded', MetricUnit.Count, 1);
      },
    }),
  });
}

/** An object whose properties are built on first read and kept. */
function lazyObject<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const target = {} as T;
  for (const name of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(target, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factories[name]();
        Object.defineProperty(target, name, { value, enumerable: true });
        return value;
      },
    });
  }
  return target;
}
