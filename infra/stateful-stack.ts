/**
 * What holds data and outlives deployments: the customer-managed KMS key, the single table, the buckets for raw
 * inbound email and attachments, and the write-once change history. Everything here is retained on stack deletion.
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import {
  AnyPrincipal,
  Effect,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  type CorsRule,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE_DESIGN } from '../functions/adapters/dynamodb/table-design';
import { SCANNED_PREFIX, UPLOAD_PREFIX } from '../functions/core/uploads/web-uploads';
import { nagPseudo } from './nag-text';
import { SIX_YEARS_IN_DAYS } from './settings';

/**
 * Bucket names are fixed per account and region, so the stateless stack addresses them by name (no cross-stack
 * export lock, and IAM findings that read plainly).
 */
export function dataBucketName(
  stack: Stack,
  purpose: 'inbound-mail' | 'attachments' | 'history' | 'exports',
): string {
  return `liaison-${purpose}-${stack.account}-${stack.region}`;
}

/** Fixed, so the stateless stack addresses the table by name (no cross-stack export lock). */
export const TABLE_PHYSICAL_NAME = 'liaison-cases';

/** The tag GuardDuty Malware Protection for S3 puts on each object version it scans. */
export const SCAN_STATUS_TAG = 'GuardDutyMalwareScanStatus';

/** Console roles: Cognito groups, read by the handlers from the verified token. */
export const STAFF_GROUPS = ['coordinator', 'representative', 'manager'] as const;

export class LiaisonStatefulStack extends Stack {
  readonly key: Key;
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;
  readonly signInDomain: UserPoolDomain;
  readonly table: Table;
  readonly mailBucket: Bucket;
  readonly attachmentBucket: Bucket;
  /** The write-once change history (Object Lock, compliance mode, six years). */
  readonly historyBucket: Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: StackProps & { consoleUrl: string; signInDomainPrefix: string; logRetentionDays: number },
  ) {
    super(scope, id, props);

    this.key = new Key(this, 'DataKey', {
      description: 'Liaison: encrypts case data, mail, logs and workflow state (PHI)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      alias: 'alias/liaison-data',
    });
    // CloudWatch Logs encrypts log groups with this key (the service needs its own grant in the key policy).
    this.key.grantEncryptDecrypt(new ServicePrincipal(`logs.${this.region}.amazonaws.com`));

    // Staff accounts: invited by an administrator, MFA required, no self sign-up.
    this.userPool = new UserPool(this, 'Staff', {
      userPoolName: 'liaison-staff',
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, adaptive authentication) enforced: the Plus plan is billed per
      // active user, a small cost for a staff pool that reads PHI.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 12,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
      });
    }
    this.consoleClient = this.userPool.addClient('Console', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      // Staff cannot rename themselves or change the email their notices go to: administrators do.
      writeAttributes: new ClientAttributes(),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}/console/`],
        logoutUrls: [`${props.consoleUrl}/console/`],
      },
    });
    // The hosted UI staff sign in on (code + PKCE from the console; password and MFA are Cognito's).
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix },
    });

    const { partitionKey, sortKey, ttlAttribute, globalSecondaryIndexes } = TABLE_DESIGN;
    this.table = new Table(this, 'Cases', {
      tableName: TABLE_PHYSICAL_NAME,
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: ttlAttribute,
      // Every change, before and after, for the write-once history (stateless stack: archiveChanges).
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    // Backups beyond PITR's 35 days (HIPAA 164.308(a)(7)): daily ones kept 35 days, monthly ones six years
    // (164.316(b)(2)(i)), in a locked vault under the same key, so no one deletes a backup before its time.
    const vault = new BackupVault(this, 'BackupVault', {
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: { minRetention: Duration.days(35) },
    });
    const plan = new BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: Schedule.cron({ hour: '5', minute: '0' }),
          deleteAfter: Duration.days(35),
        }),
        new BackupPlanRule({
          ruleName: 'MonthlySixYears',
          scheduleExpression: Schedule.cron({ day: '1', hour: '5', minute: '0' }),
          deleteAfter: Duration.days(SIX_YEARS_IN_DAYS),
        }),
      ],
    });
    const selection = plan.addSelection('Table', {
      resources: [BackupResource.fromDynamoDbTable(this.table)],
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'The role AWS Backup documents for backup jobs; it is assumable by AWS Backup only.',
    });

    const accessLogs = new Bucket(this, 'AccessLogs', {
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it to itself would loop.' },
      { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: 'This is the access-log bucket itself.' },
      {
        id: 'HIPAA.Security-S3DefaultEncryptionKMS',
        reason: 'S3 server access logs can only be delivered to SSE-S3 buckets; they hold no PHI.',
      },
      {
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Access logs are operational data; cross-region replication is not required for them.',
      },
    );

    const purposes = {
      InboundMail: 'inbound-mail',
      Attachments: 'attachments',
      ChangeHistory: 'history',
      ReportExports: 'exports',
    } as const;
    const dataBucket = (
      name: keyof typeof purposes,
      prefix: string,
      cors?: CorsRule[],
      extra: Partial<BucketProps> = {},
    ) =>
      new Bucket(this, name, {
        ...extra,
        cors,
        bucketName: dataBucketName(this, purposes[name]),
        encryption: BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: prefix,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.mailBucket = dataBucket('InboundMail', 'inbound-mail/');
    // SES receiving (the stateless stack's rule set) writes raw mail here, encrypted with the data key.
    const ses = new ServicePrincipal('ses.amazonaws.com');
    const fromOurAccount = { StringEquals: { 'aws:SourceAccount': this.account } };
    this.mailBucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [ses],
        actions: ['s3:PutObject'],
        resources: [this.mailBucket.arnForObjects('inbound/*')],
        conditions: fromOurAccount,
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [ses],
        actions: ['kms:Encrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAccount,
      }),
    );
    // Complainants' browsers post web-form files straight here (a POST policy per file; web-uploads.ts).
    this.attachmentBucket = dataBucket('Attachments', 'attachments/', [
      {
        allowedOrigins: [props.consoleUrl],
        allowedMethods: [HttpMethods.POST],
        allowedHeaders: ['*'],
        maxAge: 600,
      },
    ]);
    const scanRole = this.malwareProtection(this.attachmentBucket, UPLOAD_PREFIX);
    // Nobody reads a web-form file the scan has not passed: not an unscanned one, not one tagged as a threat,
    // and not a version put over a clean one after its scan (GuardDuty tags each version it scans). Only the
    // scanner itself reads before the verdict.
    this.attachmentBucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [
          this.attachmentBucket.arnForObjects(`${UPLOAD_PREFIX}*`),
          this.attachmentBucket.arnForObjects(`${SCANNED_PREFIX}*`),
        ],
        conditions: {
          StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_STATUS_TAG}`]: 'NO_THREATS_FOUND' },
          ArnNotEquals: { 'aws:PrincipalArn': scanRole.roleArn },
        },
      }),
    );
    this.historyBucket = dataBucket('ChangeHistory', 'history/', undefined, {
      // Compliance mode: no one, the account's root user included, shortens it or deletes a change before then.
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(SIX_YEARS_IN_DAYS)),
    });
    // The reports' read model for Athena (reporting/export-case-facts.ts): replaced daily, so old versions go after
    // a month.
    const exportBucket = dataBucket('ReportExports', 'exports/', undefined, {
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    for (const bucket of [this.mailBucket, this.attachmentBucket, this.historyBucket, exportBucket]) {
      Validations.of(bucket).acknowledge({
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'Single-region deployment; versioning and retention protect the data. Add cross-region replication ' +
          'when the hospital requires a second region (docs/decisions/0005-infra-compliance.md).',
      });
    }
  }

  /**
   * GuardDuty Malware Protection for S3 scans every web-form upload and reports to EventBridge, where the
   * stateless stack's rule hands the verdict to receiveUpload. The role is the one GuardDuty documents for a
   * plan: manage its own EventBridge rule, read and tag the objects, decrypt them with the data key.
   */
  private malwareProtection(bucket: Bucket, prefix: string): Role {
    const role = new Role(this, 'MalwareScanRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3: scans web-form uploads in the attachments bucket',
    });
    const managedRule = this.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
    });
    const statements = [
      new PolicyStatement({
        actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
        resources: [managedRule],
        conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
      }),
      new PolicyStatement({
        actions: ['events:DescribeRule', 'events:ListTargetsByRule'],
        resources: [managedRule],
      }),
      new PolicyStatement({
        actions: [
          's3:PutBucketNotification',
          's3:GetBucketNotification',
          's3:GetBucketLocation',
          's3:ListBucket',
        ],
        resources: [bucket.bucketArn],
      }),
      new PolicyStatement({
        actions: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObjectTagging',
          's3:GetObjectTagging',
          's3:PutObjectVersionTagging',
          's3:GetObjectVersionTagging',
        ],
        resources: [bucket.arnForObjects(`${prefix}*`)],
      }),
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringLike: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    ];
    // A managed policy rather than an inline one (HIPAA.Security-IAMNoInlinePolicy).
    const policy = new ManagedPolicy(this, 'MalwareScanPolicy', { statements, roles: [role] });
    const plan = new CfnMalwareProtectionPlan(this, 'UploadScanning', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: bucket.bucketName, objectPrefixes: [prefix] } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    plan.node.addDependency(policy);
    const pseudo = nagPseudo(this);
    Validations.of(policy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:${pseudo.partition}:events:${pseudo.region}:${pseudo.account}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]`,
        reason: 'GuardDuty names the EventBridge rule it manages for the plan; only rules with that prefix.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/${prefix}*]`,
        reason: 'Reads and tags the web-form uploads it scans (the uploads/ prefix only).',
      },
    );
    return role;
  }
}
