/**
 * The configuration contract between infra and functions.
 *
 * Every environment variable a Liaison function reads is named here, once. The CDK stacks set them by these
 * names and the local runner sets them by these names; each handler reads the subset it needs through
 * `readConfig`, which validates them at cold start so a misconfigured function fails on its first invocation
 * with the name of the bad setting (never with a value, which could be sensitive).
 */
import * as z from 'zod';

const ESCALATION_OVERRIDE = z.object({
  coordinators: z.email().optional(),
  manager: z.email().optional(),
  director: z.email().optional(),
});

const settingSchemas = {
  /** The single DynamoDB table (cases, correspondence, tasks, audit trail, idempotency records). */
  TABLE_NAME: z.string().min(3),
  /** ARN of the case review state machine (workflows/case-review.asl.json). */
  CASE_WORKFLOW_ARN: z.string().startsWith('arn:'),
  /** RFC 5322 From for mail to complainants, e.g. `Patient Relations <complaints@hospital.example>`. */
  MAIL_FROM: z.string().min(3).includes('@'),
  /** The address complaints are emailed to; replies to a case go to its plus-address (complaints+<caseId>@...). */
  INBOUND_ADDRESS: z.email().default('complaints@liaison.example.org'),
  /** The mail domain received by SES (and locally by the SMTP stand-in); mail from it is never auto-answered. */
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain name')
    .default('liaison.example.org'),
  /** Bucket and key prefix where SES stores raw inbound mail. */
  INBOUND_MAIL_BUCKET: z.string().min(3),
  INBOUND_MAIL_PREFIX: z.string().default('inbound/'),
  /** Bucket for attachments taken from inbound mail (KMS-encrypted). */
  ATTACHMENT_BUCKET: z.string().min(3),
  /**
   * The customer-managed data key's ARN. Objects Liaison writes to S3 name it: a request that asks for SSE-KMS
   * without a key id gets the AWS-managed aws/s3 key, not the bucket's default.
   */
  DATA_KEY_ARN: z.string().startsWith('arn:'),
  /** The change-history bucket (S3 Object Lock, compliance mode, six years): every table change, before and after. */
  HISTORY_BUCKET: z.string().min(3),
  /** The bucket the reports' read model is exported to for Athena (reporting/export-case-facts.ts). */
  EXPORT_BUCKET: z.string().min(3),
  /** The Cognito user pool whose groups are the staff directory (locally, the dev-user stand-in's). */
  USER_POOL_ID: z.string().min(3),
  /** SES configuration set for delivery events; optional. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Prefix of human-readable case references: PR-2026-000123. */
  REFERENCE_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,6}$/, 'one to six capital letters')
    .default('PR'),
  /** The hospital's name as complainants know it, used in letters and emails. */
  ORGANIZATION_NAME: z.string().min(1),
  /** The patient relations phone line offered in letters as an alternative to email. */
  ORGANIZATION_PHONE: z.string().min(1),
  /** The return address printed on posted letters, its lines separated by semicolons. */
  ORGANIZATION_ADDRESS: z
    .string()
    .min(1)
    .transform((value) =>
      value
        .split(';')
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  /** IANA time zone in which dates are shown to complainants and reference years are counted. */
  ORGANIZATION_TIME_ZONE: z
    .string()
    .refine(
      (zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC',
      'an IANA time zone',
    )
    .default('America/New_York'),
  /** Which SLA policy applies to new cases (functions/core/sla/sla-policies.ts). */
  SLA_POLICY: z.enum(['us-cms-hospital', 'us-medicare-advantage', 'uk-nhs']).default('us-cms-hospital'),
  /** Base URL of Liaison's pages: console links in staff emails, status links for complainants (never PHI). */
  CONSOLE_URL: z.url({ protocol: /^https?$/ }),
  /**
   * Who gets staff notifications, JSON: {"coordinators", "manager", "director"} emails as the default, and
   * optional "byFacility" / "byDepartment" maps overriding any of them (department wins over facility).
   */
  ESCALATION_CONTACTS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(
      z.object({
        coordinators: z.email(),
        manager: z.email(),
        director: z.email(),
        byFacility: z.record(z.string(), ESCALATION_OVERRIDE).optional(),
        byDepartment: z.record(z.string(), ESCALATION_OVERRIDE).optional(),
      }),
    ),
  /**
   * Automatic acknowledgements one address may receive in 24 hours, whatever the channel. The web form lets
   * anyone name any address, and each acknowledgement is signed by the hospital: beyond this many the case's
   * acknowledgement is withheld and shown as such to coordinators, who acknowledge by other means (the
   * regulated acknowledgement still falls due: NHS Complaints Regulations 2009 reg. 13(1)).
   */
  ACKNOWLEDGEMENT_LIMIT: z.coerce.number().int().min(1).max(10_000).default(3),
  /** Divides every SLA duration; only ever set above 1 locally, to watch clocks run in minutes. */
  SLA_TIME_SCALE: z.coerce.number().min(1).max(1_000_000).default(1),
} as const;

export type SettingName = keyof typeof settingSchemas;
export const SETTING_NAMES = Object.keys(settingSchemas) as SettingName[];

type Settings = { [K in SettingName]: z.output<(typeof settingSchemas)[K]> };

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * Reads and validates the named settings from the environment. Throws a ConfigurationError naming every
 * invalid setting (names and reasons only, never values).
 */
export function readConfig<const K extends SettingName>(
  names: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Pick<Settings, K> {
  const shape = Object.fromEntries(names.map((name) => [name, settingSchemas[name]]));
  const result = z.object(shape).safeParse(Object.fromEntries(names.map((name) => [name, env[name]])));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data as Pick<Settings, K>;
}
