/** Wires the lifecycle use cases to AWS, once per container, from the settings validated at cold start. */
import type { LifecycleDependencies } from '../core/lifecycle';
import { LIFECYCLE_SETTINGS, readConfig } from '../shared/config';
import { dynamoDocumentClient, sesV2Client, stepFunctionsClient } from './aws-clients';
import { DynamoCaseRepository } from './dynamodb/case-repository';
import { DynamoStaffDirectory } from './dynamodb/staff-directory';
import { SesMailer } from './ses-mailer';
import { StepFunctionsCaseWorkflow } from './step-functions-workflow';
import { systemClock, ulidGenerator } from './system';

export function lifecycleDependencies(
  settings: readonly string[] = LIFECYCLE_SETTINGS,
): LifecycleDependencies & { settings: { tableName: string } } {
  if (LIFECYCLE_SETTINGS.some((name) => !settings.includes(name))) {
    throw new Error('A lifecycle function must list LIFECYCLE_SETTINGS in the manifest');
  }
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
