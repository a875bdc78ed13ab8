/**
 * The settings each kind of function needs, by name (config.ts validates them). Apart from config.ts, so the
 * manifest, which every function imports, does not bring zod into a function that reads no settings.
 */
import type { SettingName } from './config';

/** Every setting the lifecycle use cases need; functions built on them list exactly these in the manifest. */
export const LIFECYCLE_SETTINGS = [
  'TABLE_NAME',
  'CASE_WORKFLOW_ARN',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'ORGANIZATION_NAME',
  'ORGANIZATION_PHONE',
  'ORGANIZATION_TIME_ZONE',
  'CONSOLE_URL',
  'ESCALATION_CONTACTS',
  'INBOUND_ADDRESS',
] as const satisfies readonly SettingName[];

/** Every setting the intake use case needs (the web form's function lists exactly these). */
export const INTAKE_SETTINGS = [
  'TABLE_NAME',
  'CASE_WORKFLOW_ARN',
  'REFERENCE_PREFIX',
  'ORGANIZATION_TIME_ZONE',
  'SLA_POLICY',
  'SLA_TIME_SCALE',
] as const satisfies readonly SettingName[];

/** Settings of functions that receive mail or place held mail, on top of the lifecycle's. */
export const MAIL_SETTINGS = [
  ...LIFECYCLE_SETTINGS,
  'REFERENCE_PREFIX',
  'SLA_POLICY',
  'SLA_TIME_SCALE',
  'MAIL_DOMAIN',
  'INBOUND_MAIL_BUCKET',
  'INBOUND_MAIL_PREFIX',
  'ATTACHMENT_BUCKET',
  'DATA_KEY_ARN',
] as const satisfies readonly SettingName[];
