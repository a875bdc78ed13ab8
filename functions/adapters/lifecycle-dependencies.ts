/**
 * Wires the use cases to AWS, once per container, from the settings validated at cold start: the lifecycle,
 * intake, and mail intake (which needs both).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IntakeDependencies } from '../core/intake';
import type { LifecycleDependencies } from '../core/lifecycle';
import type { MailIntakeDependencies } from '../core/mail-intake';
import type { UploadDependencies } from '../core/web-uploads';
import {
  INTAKE_SETTINGS,
  LIFECYCLE_SETTINGS,
  MAIL_SETTINGS,
  readConfig,
  type SettingName,
} from '../shared/config';
import { logger, metrics } from '../shared/observability';
import { dynamoDocumentClient, s3Client, sesV2Client, stepFunctionsClient } from './aws-clients';
import { DynamoCaseRepository } from './dynamodb/case-repository';
import { DynamoStaffDirectory } from './dynamodb/staff-directory';
import { S3BlobStore } from './s3-blob-store';
import { S3UploadStore } from './s3-upload-store';
import { SesMailer } from './ses-mailer';
import { StepFunctionsCaseWorkflow } from './step-functions-workflow';
import { systemClock, ulidGenerator } from './system';

export function lifecycleDependencies(
  settings: readonly string[] = LIFECYCLE_SETTINGS,
): LifecycleDependencies & { settings: { tableName: string } } {
  requireListed(settings, LIFECYCLE_SETTINGS, 'LIFECYCLE_SETTINGS');
  const config = readConfig(LIFECYCLE_SETTINGS);
  const db = dynamoDocumentClient();
  return {
    cases: new DynamoCaseRepository(db, config.TABLE_NAME),
    staff: new DynamoStaffDirectory(db, config.TABLE_NAME),
    workflow: new StepFunctionsCaseWorkflow(stepFunctionsClient(), config.CASE_WORKFLOW_ARN),
    mailer: new SesMailer(sesV2Client(), config.MAIL_FROM, config.SES_CONFIGURATION_SET),
    clock: systemClock,
    ids: ulidGenerator,
    settings: {
      organizationName: config.ORGANIZATION_NAME,
      organizationPhone: config.ORGANIZATION_PHONE,
      timeZone: config.ORGANIZATION_TIME_ZONE,
      consoleUrl: config.CONSOLE_URL,
      inboundAddress: config.INBOUND_ADDRESS,
      mailFrom: config.MAIL_FROM,
      escalation: config.ESCALATION_CONTACTS,
      tableName: config.TABLE_NAME,
    },
  };
}

/** The intake use case; reuses a lifecycle's repository and workflow clients when the function has them. */
export function intakeDependencies(
  settings: readonly string[] = INTAKE_SETTINGS,
  shared?: Pick<LifecycleDependencies, 'cases' | 'workflow'>,
): IntakeDependencies {
  requireListed(settings, INTAKE_SETTINGS, 'INTAKE_SETTINGS');
  const config = readConfig(INTAKE_SETTINGS);
  return {
    cases: shared?.cases ?? new DynamoCaseRepository(dynamoDocumentClient(), config.TABLE_NAME),
    workflow:
      shared?.workflow ?? new StepFunctionsCaseWorkflow(stepFunctionsClient(), config.CASE_WORKFLOW_ARN),
    clock: systemClock,
    ids: ulidGenerator,
    settings: {
      referencePrefix: config.REFERENCE_PREFIX,
      timeZone: config.ORGANIZATION_TIME_ZONE,
      slaPolicy: config.SLA_POLICY,
    },
    onWorkflowStartDeferred: (caseId, error) => {
      logger.warn('Workflow start deferred to the sweeper', { caseId, errorName: (error as Error)?.name });
      metrics.addMetric('WorkflowStartDeferred', MetricUnit.Count, 1);
    },
  };
}

/** Mail intake: receiving mail, and placing held mail from the console. */
export function mailIntakeDependencies(settings: readonly string[] = MAIL_SETTINGS): MailIntakeDependencies {
  requireListed(settings, MAIL_SETTINGS, 'MAIL_SETTINGS');
  const config = readConfig(MAIL_SETTINGS);
  const lifecycle = lifecycleDependencies(settings);
  return {
    lifecycle,
    intake: intakeDependencies(settings, lifecycle),
    blobs: new S3BlobStore(s3Client(), config.INBOUND_MAIL_BUCKET, config.ATTACHMENT_BUCKET),
    settings: { mailDomain: config.MAIL_DOMAIN, inboundAddress: config.INBOUND_ADDRESS },
  };
}

/** A function's manifest must list what its wiring reads, so CDK sets it and cold start checks it. */
function requireListed(settings: readonly string[], required: readonly SettingName[], name: string): void {
  if (required.some((setting) => !settings.includes(setting))) {
    throw new Error(`This function must list ${name} in the manifest`);
  }
}

/** Web-form uploads: grants at intake, and the scan results that attach them. */
export function uploadDependencies(settings: readonly string[]): UploadDependencies {
  requireListed(settings, ['TABLE_NAME', 'ATTACHMENT_BUCKET'], 'TABLE_NAME and ATTACHMENT_BUCKET');
  const config = readConfig(['TABLE_NAME', 'ATTACHMENT_BUCKET']);
  return {
    cases: new DynamoCaseRepository(dynamoDocumentClient(), config.TABLE_NAME),
    uploads: new S3UploadStore(s3Client(), config.ATTACHMENT_BUCKET),
    clock: systemClock,
    ids: ulidGenerator,
  };
}
