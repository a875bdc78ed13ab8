/**
 * Deployment settings, read from CDK context (cdk.json, or `-c name=value`). Validated with zod when the app is
 * synthesized, so a bad value fails `cdk synth` with the setting's name rather than a broken deployment.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { z } from 'zod';

/**
 * HIPAA: documentation the Security Rule requires is kept six years (45 CFR 164.316(b)(2)(i)). Six years of days,
 * leap days included; also CloudWatch Logs' SIX_YEARS retention. The one place this number is written.
 */
export const SIX_YEARS_IN_DAYS = RetentionDays.SIX_YEARS;

/** CloudWatch Logs accepts only these retention periods; S3 lifecycle rules use the same number of days. */
const RETENTION_CHOICES = Object.values(RetentionDays).filter(
  (days): days is RetentionDays => typeof days === 'number' && days > 0,
);

const DeploymentSettings = z.object({
  /** Domain verified in SES (an identity) that mail is sent from and received on. */
  mailDomain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain name'),
  mailFrom: z.string().includes('@'),
  /** The address complaints are sent to; replies use its plus-addresses. Must be on mailDomain. */
  inboundAddress: z.email(),
  organizationName: z.string().min(1),
  organizationPhone: z.string().min(1),
  /** The return address on posted letters, its lines separated by semicolons. */
  organizationAddress: z.string().min(1),
  organizationTimeZone: z.string().min(1),
  referencePrefix: z.string().regex(/^[A-Z]{1,6}$/),
  slaPolicy: z.enum(['us-cms-hospital', 'us-medicare-advantage', 'uk-nhs']),
  /** Where staff open the console; links in staff emails point here. */
  consoleUrl: z.url({ protocol: /^https$/ }),
  /**
   * The Cognito hosted UI's domain prefix (https://<prefix>.auth.<region>.amazoncognito.com), where staff sign in.
   * Unique per region; Cognito forbids "aws", "amazon" and "cognito" in it.
   */
  signInDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens')
    .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'must not contain aws, amazon or cognito'),
  /** Who receives staff notifications (reminders to the coordinators' queue, escalations). */
  escalationContacts: z.object({
    coordinators: z.email(),
    manager: z.email(),
    director: z.email(),
    byFacility: z.record(z.string(), z.record(z.string(), z.email())).optional(),
    byDepartment: z.record(z.string(), z.record(z.string(), z.email())).optional(),
  }),
  /**
   * The hospital's own domain for the pages and the API, with its ACM certificate (in us-east-1, as CloudFront
   * requires). With them CloudFront accepts TLS 1.2 and later only; without them, the default certificate allows
   * older TLS (README, Security). Empty: not set.
   */
  siteDomain: z.union([z.literal(''), z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain name')]),
  siteCertificateArn: z.union([
    z.literal(''),
    z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\//, 'an ACM certificate ARN in us-east-1'),
  ]),
  /**
   * The API's own domain (a regional API Gateway custom domain, with its ACM certificate in the stack's region).
   * With them the execute-api endpoint is disabled and CloudFront is the only way in; without them it stays
   * reachable directly (README, Security). Empty: not set.
   */
  apiDomain: z.union([z.literal(''), z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain name')]),
  apiCertificateArn: z.union([
    z.literal(''),
    z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\//, 'an ACM certificate ARN'),
  ]),
  /** A WAFv2 web ACL (scope CLOUDFRONT, in us-east-1) with a rate-based rule for the public routes. Empty: none. */
  webAclArn: z.union([
    z.literal(''),
    z
      .string()
      .regex(
        /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\//,
        'a CLOUDFRONT-scope WAFv2 web ACL ARN',
      ),
  ]),
  /** Automatic acknowledgements one address may receive in 24 hours (functions/shared/config.ts). */
  acknowledgementLimit: z.coerce.number().int().min(1).max(10_000),
  /** Where alarms go (failed executions, dead letters, function errors): the hospital's operations mailbox. */
  alarmEmail: z.email(),
  /**
   * How long every log is kept: Lambda, API and workflow logs, S3 access logs and CloudFront logs. At least six
   * years (45 CFR 164.316(b)(2)(i)); a value CloudWatch Logs accepts.
   */
  logRetentionDays: z.coerce
    .number()
    .int()
    .refine((days) => (RETENTION_CHOICES as number[]).includes(days), 'a CloudWatch Logs retention period')
    .refine((days) => days >= SIX_YEARS_IN_DAYS, 'at least six years (2192 days), 45 CFR 164.316(b)(2)(i)')
    .transform((days) => days as RetentionDays),
});
export type DeploymentSettings = z.output<typeof DeploymentSettings>;

export const DEFAULT_SETTINGS: DeploymentSettings = {
  mailDomain: 'liaison.example.org',
  mailFrom: 'Patient Relations <complaints@liaison.example.org>',
  inboundAddress: 'complaints@liaison.example.org',
  organizationName: 'Example General Hospital',
  organizationPhone: '+1 555 010 0100',
  organizationAddress: 'Patient Relations; Example General Hospital; 1 Example Way; Springfield, ST 00000',
  organizationTimeZone: 'America/New_York',
  referencePrefix: 'PR',
  slaPolicy: 'us-cms-hospital',
  acknowledgementLimit: 3,
  logRetentionDays: SIX_YEARS_IN_DAYS,
  alarmEmail: 'liaison-operations@liaison.example.org',
  siteDomain: '',
  siteCertificateArn: '',
  apiDomain: '',
  apiCertificateArn: '',
  webAclArn: '',
  consoleUrl: 'https://liaison.example.org',
  signInDomainPrefix: 'liaison-example-org',
  escalationContacts: {
    coordinators: 'patient-relations@liaison.example.org',
    manager: 'patient-relations-manager@liaison.example.org',
    director: 'quality-director@liaison.example.org',
  },
};

export function readDeploymentSettings(node: Node): DeploymentSettings {
  const values = Object.fromEntries(
    Object.entries(DEFAULT_SETTINGS).map(([name, fallback]) => [
      name,
      node.tryGetContext(`liaison:${name}`) ?? fallback,
    ]),
  );
  const result = DeploymentSettings.refine(
    (settings) => !settings.siteDomain === !settings.siteCertificateArn,
    {
      path: ['siteCertificateArn'],
      message: 'give liaison:siteDomain and liaison:siteCertificateArn together',
    },
  )
    .refine((settings) => !settings.apiDomain === !settings.apiCertificateArn, {
      path: ['apiCertificateArn'],
      message: 'give liaison:apiDomain and liaison:apiCertificateArn together',
    })
    .safeParse(values);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `liaison:${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid deployment settings: ${problems.join('; ')}`);
  }
  return result.data;
}
