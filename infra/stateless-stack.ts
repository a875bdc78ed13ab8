/**
 * What can be replaced at will: the functions (one per manifest entry), the HTTP API (one route per manifest
 * route, the rest to the fallback), the case review state machine (the same workflows/*.asl.json the local
 * runner executes) and the sweeper's schedule. Each function gets exactly the access its code needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, type CfnElement, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type CfnStage, DomainName, HttpApi, HttpMethod, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IUserPool, IUserPoolClient, UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { TABLE_DESIGN } from '../functions/adapters/dynamodb/table-design';
import { HISTORY_PREFIX } from '../functions/adapters/s3-change-archive';
import { EXPORT_PREFIX } from '../functions/core/reporting/export-case-facts';
import { SCANNED_PREFIX, UPLOAD_PREFIX } from '../functions/core/uploads/web-uploads';
import { API_ROUTES, FUNCTIONS, type FunctionName, SWEEP_INTERVAL_MINUTES } from '../functions/manifest';
import type { SettingName } from '../functions/shared/config';
import { pageContentSecurityPolicy } from '../web/security-policy';
import { SIGN_IN_SCOPE } from '../web/sign-in-config';
import { LiaisonFunction } from './constructs/liaison-function';
import { OperationsAlarms } from './constructs/operations-alarms';
import { WebHosting } from './constructs/web-hosting';
import { nagPseudo } from './nag-text';
import type { DeploymentSettings } from './settings';
import { dataBucketName, TABLE_PHYSICAL_NAME } from './stateful-stack';

export const CASE_WORKFLOW_FILE = 'workflows/case-review.asl.json';
/** Where SES puts raw inbound mail in the mail bucket. */
export const INBOUND_MAIL_PREFIX = 'inbound/';

/** Requests per second (and burst) each public route accepts across all clients. */
export const PUBLIC_ROUTE_THROTTLE = { throttlingBurstLimit: 20, throttlingRateLimit: 10 };

export interface LiaisonStatelessStackProps extends StackProps {
  key: IKey;

  userPool: IUserPool;
  consoleClient: IUserPoolClient;
  /** Cognito's hosted UI, where the console sends staff to sign in. */
  signInDomain: UserPoolDomain;
  /** The table's stream (new and old images), for the change history. */
  tableStreamArn: string;
  settings: DeploymentSettings;
  logRetention: RetentionDays;
}

/** What each function's code does with AWS, and nothing more. A new function must be listed here to compile. */
interface Access {
  table?: { read?: boolean; write?: boolean; describe?: boolean };
  startWorkflow?: boolean;
  /** Stop an execution of the case workflow. */
  stopWorkflow?: boolean;
  /** SendTaskSuccess/SendTaskFailure for the review workflow's human steps. */
  completeSteps?: boolean;
  /** Read raw inbound mail; write attachments. */
  readMail?: boolean;
  writeAttachments?: boolean;
  /** Sign download links for attachments (from mail and from the web form). */
  readAttachments?: boolean;
  /** Sign POST policies for web-form files (uploads/), which then arrive under this role's authority. */
  grantUploads?: boolean;
  /** Copy the scanned version of a web-form file under scanned/ and look at the copy (size and first bytes). */
  keepScannedUploads?: boolean;
  /** Read the table's change stream and write the change history. */
  archiveHistory?: boolean;
  /** Write the case facts under case-facts/ of the export bucket. */
  writeExports?: boolean;
  /** List the members of the user pool's staff groups. */
  listStaffGroups?: boolean;
  describeWorkflow?: boolean;
  sendMail?: boolean;
  mailAccount?: boolean;
}
const ACCESS: Record<FunctionName, Access> = {
  submitComplaint: { table: { read: true, write: true }, startWorkflow: true, grantUploads: true },
  receiveUpload: { table: { read: true, write: true }, keepScannedUploads: true },
  archiveChanges: { archiveHistory: true },
  refreshStaff: { table: { read: true, write: true }, listStaffGroups: true },
  health: { table: { describe: true }, describeWorkflow: true, mailAccount: true },
  apiFallback: {},
  apiReference: {},
  openCase: { table: { read: true, write: true } },
  sendAcknowledgement: { table: { read: true, write: true }, sendMail: true },
  openHumanTask: { table: { read: true, write: true }, completeSteps: true },
  planClock: { table: { read: true } },
  fireClock: { table: { read: true, write: true }, sendMail: true },
  sendCorrespondence: { table: { read: true, write: true }, sendMail: true },
  flagForAttention: { table: { read: true, write: true }, sendMail: true },
  startPendingWorkflows: { table: { read: true, write: true }, startWorkflow: true, completeSteps: true },
  // Reads the reports' read model and writes it, a file a month, to the export bucket.
  exportCaseFacts: { table: { read: true }, writeExports: true },
  // Reads due learning actions, and records each reminder it sends (sent-mail items) before sending.
  remindLearningActions: { table: { read: true, write: true }, sendMail: true },
  // Completes steps, reopens (a new execution), opens cases for phone and walk-in complaints, writes to the
  // complainant, and signs attachment download links.
  consoleApi: {
    table: { read: true, write: true },
    startWorkflow: true,
    // Reopening a case stops what is left of its previous review (core/review/reopen-case.ts).
    stopWorkflow: true,
    completeSteps: true,
    sendMail: true,
    readAttachments: true,
    // Staff add files to a case (statements, scanned letters) with the same grants as the web form's.
    grantUploads: true,
  },
  // The complainant's status page (public): reads the case, records their message, resumes a wait, tells staff.
  statusPage: { table: { read: true, write: true }, completeSteps: true, sendMail: true },
  // Letters to post and reports: reads cases and the reports' read model, marks letters posted.
  documentsApi: { table: { read: true, write: true } },
  // Places held messages: reads the raw mail, stores its attachments, opens a case or resumes a waiting one.
  heldMailApi: {
    table: { read: true, write: true },
    startWorkflow: true,
    completeSteps: true,
    sendMail: true,
    readMail: true,
    writeAttachments: true,
  },
  // Opens cases (intake), resumes a wait for the complainant, tells the assignee, stores attachments.
  receiveEmail: {
    table: { read: true, write: true },
    startWorkflow: true,
    completeSteps: true,
    sendMail: true,
    readMail: true,
    writeAttachments: true,
  },
};

const PROJECT_ROOT = join(import.meta.dirname, '..');

export class LiaisonStatelessStack extends Stack {
  readonly api: HttpApi;
  readonly web: WebHosting;
  readonly stateMachine: StateMachine;
  readonly functions: Record<FunctionName, LiaisonFunction>;
  readonly alarms: OperationsAlarms;
  /** Every dead-letter queue, by id, so each has an alarm. */
  private readonly deadLetterQueues: Record<string, Queue> = {};

  constructor(scope: Construct, id: string, props: LiaisonStatelessStackProps) {
    super(scope, id, props);
    const { key, settings } = props;
    const mailBucket = Bucket.fromBucketName(this, 'MailBucket', dataBucketName(this, 'inbound-mail'));
    const historyBucket = Bucket.fromBucketName(this, 'HistoryBucket', dataBucketName(this, 'history'));
    const exportBucket = Bucket.fromBucketName(this, 'ExportBucket', dataBucketName(this, 'exports'));
    const attachmentBucket = Bucket.fromBucketName(
      this,
      'AttachmentBucket',
      dataBucketName(this, 'attachments'),
    );
    // The table is addressed by its fixed name, not a cross-stack reference: the stateful stack can then change
    // without CloudFormation export locks, and policies read plainly.
    const table = {
      tableName: TABLE_PHYSICAL_NAME,
      tableArn: this.formatArn({ service: 'dynamodb', resource: 'table', resourceName: TABLE_PHYSICAL_NAME }),
    };

    // The state machine's ARN is known before it exists, which breaks the function <-> workflow cycle.
    const stateMachineName = 'liaison-case-review';
    const stateMachineArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      // arn:aws:states:<region>:<account>:stateMachine:<name>, as Step Functions names it (not .../stateMachine/<name>).
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const values: Partial<Record<SettingName, string>> = {
      TABLE_NAME: table.tableName,
      CASE_WORKFLOW_ARN: stateMachineArn,
      MAIL_FROM: settings.mailFrom,
      REFERENCE_PREFIX: settings.referencePrefix,
      ORGANIZATION_NAME: settings.organizationName,
      ORGANIZATION_PHONE: settings.organizationPhone,
      ORGANIZATION_ADDRESS: settings.organizationAddress,
      ORGANIZATION_TIME_ZONE: settings.organizationTimeZone,
      SLA_POLICY: settings.slaPolicy,
      SLA_TIME_SCALE: '1',
      ACKNOWLEDGEMENT_LIMIT: String(settings.acknowledgementLimit),
      CONSOLE_URL: settings.consoleUrl,
      INBOUND_ADDRESS: settings.inboundAddress,
      MAIL_DOMAIN: settings.mailDomain,
      INBOUND_MAIL_BUCKET: mailBucket.bucketName,
      INBOUND_MAIL_PREFIX: INBOUND_MAIL_PREFIX,
      ATTACHMENT_BUCKET: attachmentBucket.bucketName,
      HISTORY_BUCKET: historyBucket.bucketName,
      EXPORT_BUCKET: exportBucket.bucketName,
      ESCALATION_CONTACTS: JSON.stringify(settings.escalationContacts),
      DATA_KEY_ARN: key.keyArn,
      USER_POOL_ID: props.userPool.userPoolId,
    };

    this.functions = Object.fromEntries(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
        name,
        new LiaisonFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}`, {
          name,
          spec: FUNCTIONS[name],
          settings: values,
          key,
          logRetention: props.logRetention,
          projectRoot: PROJECT_ROOT,
        }),
      ]),
    ) as Record<FunctionName, LiaisonFunction>;

    for (const [name, access] of Object.entries(ACCESS) as [FunctionName, Access][]) {
      const fn = this.functions[name].function;
      const statements: PolicyStatement[] = [];
      const tableArns = [
        table.tableArn,
        ...TABLE_DESIGN.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
      ];
      if (access.table?.read) {
        // BatchGetItem: the reference registry reads cases by many keys at once (reports, exports).
        statements.push(allow(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'], tableArns));
      }
      if (access.table?.write) {
        statements.push(
          allow(
            // No DeleteItem: nothing in Liaison deletes an item (TTL expires the short-lived ones).
            ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
            [table.tableArn],
          ),
        );
      }
      if (access.table?.describe) statements.push(allow(['dynamodb:DescribeTable'], [table.tableArn]));
      if (access.table?.read || access.table?.write) {
        statements.push(allow(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'], [key.keyArn]));
      }
      if (access.startWorkflow) statements.push(allow(['states:StartExecution'], [stateMachineArn]));
      if (access.stopWorkflow) {
        // Executions are named per case (case-<id>, case-<id>-reopen-<n>), so only a pattern names them all.
        const executions = Stack.of(this).formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${stateMachineName}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        statements.push(allow(['states:StopExecution'], [executions]));
        const pseudo = nagPseudo(this);
        Validations.of(fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:${pseudo.partition}:states:${pseudo.region}:${pseudo.account}:execution:${stateMachineName}:*]`,
          reason:
            'Stops executions of the case workflow only; their names are per case, so a pattern names them.',
        });
      }
      if (access.completeSteps) {
        statements.push(allow(['states:SendTaskSuccess', 'states:SendTaskFailure'], [stateMachineArn]));
      }
      if (access.describeWorkflow) statements.push(allow(['states:DescribeStateMachine'], [stateMachineArn]));
      if (access.sendMail) {
        statements.push(
          allow(
            ['ses:SendEmail'],
            [this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.mailDomain })],
          ),
        );
      }
      if (access.mailAccount) {
        statements.push(allow(['ses:GetAccount'], ['*']));
        Validations.of(fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'ses:GetAccount has no resource type; IAM only accepts "*" for it (health check).',
        });
      }
      if (access.readMail)
        statements.push(allow(['s3:GetObject'], [mailBucket.arnForObjects(`${INBOUND_MAIL_PREFIX}*`)]));
      if (access.writeAttachments) {
        statements.push(allow(['s3:PutObject'], [attachmentBucket.arnForObjects('mail/*')]));
      }
      if (access.readAttachments) {
        // Web-form files only as the copies of their scanned versions (web-uploads.ts).
        statements.push(
          allow(
            ['s3:GetObject'],
            [attachmentBucket.arnForObjects('mail/*'), attachmentBucket.arnForObjects(`${SCANNED_PREFIX}*`)],
          ),
        );
      }
      if (access.grantUploads) {
        statements.push(allow(['s3:PutObject'], [attachmentBucket.arnForObjects(`${UPLOAD_PREFIX}*`)]));
      }
      if (access.keepScannedUploads) {
        statements.push(
          allow(
            ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging'],
            [attachmentBucket.arnForObjects(`${UPLOAD_PREFIX}*`)],
          ),
          allow(
            ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObject'],
            [attachmentBucket.arnForObjects(`${SCANNED_PREFIX}*`)],
          ),
          allow(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'], [key.keyArn]),
        );
      }
      if (access.listStaffGroups) {
        statements.push(allow(['cognito-idp:ListUsersInGroup'], [props.userPool.userPoolArn]));
      }
      if (access.writeExports) {
        statements.push(
          allow(['s3:PutObject'], [exportBucket.arnForObjects(`${EXPORT_PREFIX}*`)]),
          allow(['kms:Encrypt', 'kms:GenerateDataKey*'], [key.keyArn]),
        );
      }
      if (access.archiveHistory) {
        statements.push(
          allow(['s3:PutObject'], [historyBucket.arnForObjects(`${HISTORY_PREFIX}*`)]),
          allow(
            ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
            [props.tableStreamArn],
          ),
          allow(['dynamodb:ListStreams'], ['*']),
          allow(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'], [key.keyArn]),
        );
        Validations.of(fn).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'dynamodb:ListStreams has no resource type; IAM only accepts "*" for it (the stream poller).',
        });
      }
      if ((access.readMail || access.writeAttachments) && !access.table) {
        statements.push(allow(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'], [key.keyArn]));
      }
      for (const statement of statements) fn.addToRolePolicy(statement);
    }

    const apiDomain = settings.apiDomain
      ? new DomainName(this, 'ApiDomain', {
          domainName: settings.apiDomain,
          certificate: Certificate.fromCertificateArn(this, 'ApiCertificate', settings.apiCertificateArn),
          securityPolicy: SecurityPolicy.TLS_1_2,
        })
      : undefined;
    this.api = this.httpApi(props.logRetention, key, props.userPool, props.consoleClient, apiDomain);
    const signInBaseUrl = props.signInDomain.baseUrl();
    this.web = new WebHosting(this, 'Web', {
      apiOrigin: apiDomain
        ? settings.apiDomain
        : `${this.api.apiId}.execute-api.${this.region}.amazonaws.com`,
      logRetentionDays: props.logRetention,
      domain: settings.siteDomain
        ? { name: settings.siteDomain, certificateArn: settings.siteCertificateArn }
        : undefined,
      webAclArn: settings.webAclArn || undefined,
      webDir: join(PROJECT_ROOT, 'web'),
      consoleBuildDir: join(PROJECT_ROOT, '.build', 'console'),
      contentSecurityPolicy: pageContentSecurityPolicy({
        signInOrigin: signInBaseUrl,
        uploadOrigin: `https://${attachmentBucket.bucketRegionalDomainName}`,
      }),
      signIn: {
        issuer: `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
        clientId: props.consoleClient.userPoolClientId,
        authorizeUrl: `${signInBaseUrl}/oauth2/authorize`,
        tokenUrl: `${signInBaseUrl}/oauth2/token`,
        logoutUrl: `${signInBaseUrl}/logout`,
        redirectUri: `${settings.consoleUrl}/console/`,
        scope: SIGN_IN_SCOPE,
      },
    });
    this.stateMachine = this.caseWorkflow(stateMachineName, props.logRetention, key);
    this.sweeperSchedule(key);
    this.uploadScanResults(attachmentBucket, key);
    this.changeHistory(props.tableStreamArn, key);
    this.inboundMail(mailBucket, key, settings);
    this.alarms = new OperationsAlarms(this, 'Alarms', {
      key,
      alarmEmail: settings.alarmEmail,
      stateMachine: this.stateMachine,
      functions: Object.fromEntries(
        Object.entries(this.functions).map(([name, construct]) => [name, construct.function]),
      ),
      deadLetterQueues: this.deadLetterQueues,
    });
    this.acknowledgeFunctionFindings();
  }

  private httpApi(
    logRetention: RetentionDays,
    key: IKey,
    userPool: IUserPool,
    client: IUserPoolClient,
    domain: DomainName | undefined,
  ): HttpApi {
    const staffAuthorizer = new HttpJwtAuthorizer(
      'StaffAuthorizer',
      `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`,
      { jwtAudience: [client.userPoolClientId], identitySource: ['$request.header.Authorization'] },
    );
    const api = new HttpApi(this, 'Api', {
      apiName: 'liaison',
      description: 'Liaison intake and console API',
      defaultIntegration: new HttpLambdaIntegration('Fallback', this.functions.apiFallback.function),
      // With its own domain, the API answers only there (CloudFront's origin), not on execute-api.
      ...(domain ? { disableExecuteApiEndpoint: true, defaultDomainMapping: { domainName: domain } } : {}),
    });
    for (const route of API_ROUTES) {
      api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(
          `${route.method}${route.path}`.replace(/[^A-Za-z0-9]/g, ''),
          this.functions[route.function].function,
        ),
        // Staff routes need a verified Cognito token; the handlers then check the caller's role.
        authorizer: route.auth === 'staff' ? staffAuthorizer : undefined,
      });
    }
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { encryptionKey: key, retention: logRetention });
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    // Who, from where, which path (ids and references only), how it went. No query strings, bodies or headers,
    // so no PHI reaches the access log; reads of a case are also recorded per case (core/access/access-log.ts).
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        routeKey: '$context.routeKey',
        path: '$context.path',
        userId: '$context.authorizer.claims.sub',
        sourceIp: '$context.identity.sourceIp',
        userAgent: '$context.identity.userAgent',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    // Staff routes share the default; each public route has its own, lower limits, so a flood of anonymous
    // requests cannot use up the staff's. Per-client limits belong in a WAF rate-based rule (README, Security).
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
    // RouteSettings is a free-form map in CloudFormation: CDK passes its keys as written, so PascalCase here.
    stage.routeSettings = Object.fromEntries(
      API_ROUTES.filter((route) => route.auth === 'public').map((route) => [
        `${route.method} ${route.path}`,
        {
          ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.throttlingBurstLimit,
          ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.throttlingRateLimit,
        },
      ]),
    );
    Validations.of(api).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'The complaint form, the health check and the OpenAPI document are public by design (patients have ' +
          'no accounts); every staff route has the Cognito JWT authorizer (manifest auth: staff).',
      },
      {
        id: 'AwsSolutions-APIG1',
        reason:
          'Access logging is enabled on the default stage through its CfnStage (cdk-nag cannot see it).',
      },
    );
    return api;
  }

  private caseWorkflow(name: string, logRetention: RetentionDays, key: IKey): StateMachine {
    const substitutions: Record<string, string> = {};
    for (const [fnName, spec] of Object.entries(FUNCTIONS)) {
      if ('workflowPlaceholder' in spec) {
        substitutions[spec.workflowPlaceholder] = this.functions[fnName as FunctionName].function.functionArn;
      }
    }
    const logs = new LogGroup(this, 'CaseWorkflowLogs', {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      encryptionKey: key,
      retention: logRetention,
    });
    const machine = new StateMachine(this, 'CaseWorkflow', {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      // Inline (not an S3 asset), so the template shows exactly the definition the local runner executes.
      definitionBody: DefinitionBody.fromString(readFileSync(join(PROJECT_ROOT, CASE_WORKFLOW_FILE), 'utf8')),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      encryptionConfiguration: new CustomerManagedEncryptionConfiguration(key, Duration.minutes(5)),
      // Executions carry ids only; execution data stays out of the logs all the same (minimum necessary).
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    for (const [fnName, spec] of Object.entries(FUNCTIONS)) {
      if ('workflowPlaceholder' in spec) this.functions[fnName as FunctionName].function.grantInvoke(machine);
    }
    for (const [fnName, spec] of Object.entries(FUNCTIONS)) {
      if (!('workflowPlaceholder' in spec)) continue;
      const logicalId = this.getLogicalId(
        this.functions[fnName as FunctionName].function.node.defaultChild as CfnElement,
      );
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: 'grantInvoke also allows the versions and aliases of this one workflow function.',
      });
    }
    Validations.of(machine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing actions added by CDK have no resource type.',
    });
    return machine;
  }

  private sweeperSchedule(key: IKey) {
    const deadLetters = this.deadLetterQueue('SweeperDeadLetters', key);
    new Rule(this, 'SweepPendingWorkflows', {
      description: 'Start review workflows whose start failed at intake',
      schedule: Schedule.rate(Duration.minutes(SWEEP_INTERVAL_MINUTES)),
      targets: [
        new LambdaTarget(this.functions.startPendingWorkflows.function, {
          deadLetterQueue: deadLetters,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(SWEEP_INTERVAL_MINUTES),
        }),
      ],
    });
    new Rule(this, 'CaseFactsExportSchedule', {
      description: "Export the reports' read model to S3 for Athena",
      schedule: Schedule.cron({ hour: '5', minute: '30' }),
      targets: [
        new LambdaTarget(this.functions.exportCaseFacts.function, {
          deadLetterQueue: deadLetters,
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
    const pseudo = nagPseudo(this);
    Validations.of(this.functions.exportCaseFacts).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${pseudo.partition}:s3:::liaison-exports-${pseudo.account}-${pseudo.region}/${EXPORT_PREFIX}*]`,
      reason: 'Writes the monthly case-facts files under case-facts/ of the export bucket only.',
    });
    new Rule(this, 'LearningActionReminderSchedule', {
      description: 'Learning actions due remind their owners; a week overdue, their manager',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [
        new LambdaTarget(this.functions.remindLearningActions.function, {
          deadLetterQueue: deadLetters,
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
    // The directory follows Cognito's groups: every 15 minutes, and once on every deployment.
    new Rule(this, 'RefreshStaffDirectory', {
      description: "The staff directory follows Cognito's staff groups",
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [
        new LambdaTarget(this.functions.refreshStaff.function, {
          deadLetterQueue: deadLetters,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(15),
        }),
      ],
    });
    new Trigger(this, 'RefreshStaffOnDeploy', {
      handler: this.functions.refreshStaff.function,
      executeOnHandlerChange: true,
    });
  }

  /** GuardDuty's verdict on each web-form upload (the stateful stack's protection plan) goes to receiveUpload. */
  private uploadScanResults(attachmentBucket: IBucket, key: IKey) {
    const deadLetters = this.deadLetterQueue('UploadScanDeadLetters', key);
    new Rule(this, 'UploadScanResults', {
      description: 'Attach scanned web-form files to their cases, or quarantine them',
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Malware Protection Object Scan Result'],
        detail: { s3ObjectDetails: { bucketName: [attachmentBucket.bucketName] } },
      },
      targets: [
        new LambdaTarget(this.functions.receiveUpload.function, {
          deadLetterQueue: deadLetters,
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
    const pseudo = nagPseudo(this);
    const uploads = `arn:${pseudo.partition}:s3:::liaison-attachments-${pseudo.account}-${pseudo.region}/${UPLOAD_PREFIX}*`;
    const scanned = `arn:${pseudo.partition}:s3:::liaison-attachments-${pseudo.account}-${pseudo.region}/${SCANNED_PREFIX}*`;
    const reason = 'Web-form and staff files under the uploads/ prefix of the attachment bucket only.';
    const scannedReason =
      'Copies of scanned web-form files under the scanned/ prefix of the attachment bucket only.';
    for (const fn of [this.functions.receiveUpload, this.functions.consoleApi]) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${scanned}]`,
        reason: scannedReason,
      });
    }
    for (const fn of [
      this.functions.submitComplaint,
      this.functions.receiveUpload,
      this.functions.consoleApi,
    ]) {
      Validations.of(fn).acknowledge({ id: `AwsSolutions-IAM5[Resource::${uploads}]`, reason });
    }
  }

  /**
   * The table's stream feeds archiveChanges, in order, one shard at a time; a batch that fails is split to find
   * the change that fails and retried until the stream's 24 hours run out, then named in a dead-letter queue
   * (alarmed). Nothing is skipped silently.
   */
  private changeHistory(tableStreamArn: string, key: IKey) {
    const failures = this.deadLetterQueue('ChangeHistoryFailures', key);
    new EventSourceMapping(this, 'ChangeStream', {
      target: this.functions.archiveChanges.function,
      eventSourceArn: tableStreamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(5),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(failures),
    });
    const pseudo = nagPseudo(this);
    Validations.of(this.functions.archiveChanges).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:${pseudo.partition}:s3:::liaison-history-${pseudo.account}-${pseudo.region}/${HISTORY_PREFIX}*]`,
        reason:
          'Writes new change objects under changes/ of the history bucket only (Object Lock keeps them).',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Granted by CDK for the encrypted on-failure queue: the data key only.',
      },
    );
  }

  /**
   * SES receiving: store the raw message (KMS-encrypted) under INBOUND_MAIL_PREFIX, then invoke receiveEmail
   * asynchronously. A rule set must be made active once per region (README, Deploying).
   */
  private inboundMail(mailBucket: IBucket, key: IKey, settings: DeploymentSettings) {
    const receiver = this.functions.receiveEmail.function;
    const failures = this.deadLetterQueue('InboundMailFailures', key);
    const pseudo = nagPseudo(this);
    const bucketObjects = (purpose: 'inbound-mail' | 'attachments', prefix: string) =>
      `arn:${pseudo.partition}:s3:::liaison-${purpose}-${pseudo.account}-${pseudo.region}/${prefix}*`;
    for (const reader of [this.functions.receiveEmail, this.functions.heldMailApi]) {
      Validations.of(reader).acknowledge(
        {
          id: `AwsSolutions-IAM5[Resource::${bucketObjects('inbound-mail', INBOUND_MAIL_PREFIX)}]`,
          reason:
            'Reads the raw messages SES stores under the inbound prefix of the mail bucket, nothing else.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::${bucketObjects('attachments', 'mail/')}]`,
          reason: 'Writes attachments under the mail/ prefix of the attachment bucket, nothing else.',
        },
      );
    }
    Validations.of(this.functions.consoleApi).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucketObjects('attachments', 'mail/')}]`,
      reason:
        'Signs 5-minute download links for attachments under the mail/ prefix of the attachment bucket only.',
    });
    Validations.of(this.functions.receiveEmail).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      reason: 'Granted by CDK for the encrypted on-failure queue: the data key only.',
    });
    receiver.configureAsyncInvoke({ onFailure: new SqsDestination(failures), retryAttempts: 2 });
    const ruleSet = new ReceiptRuleSet(this, 'InboundRules', { receiptRuleSetName: 'liaison-inbound' });
    const rule = ruleSet.addRule('Complaints', {
      recipients: [settings.mailDomain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        // No `kmsKey`: with it SES encrypts client-side (the S3 encryption client's envelope), which the handlers'
        // plain GetObject would read as ciphertext. The bucket's default encryption (SSE-KMS with the data key)
        // encrypts the message at rest instead (stateful-stack.ts grants SES the key).
        new S3({ bucket: mailBucket, objectKeyPrefix: INBOUND_MAIL_PREFIX }),
        new Lambda({ function: receiver, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
    Validations.of(rule).acknowledge({
      id: 'Annotation::@aws-cdk/s3:AddBucketPermissions',
      reason:
        'The stateful stack grants SES PutObject on inbound/* and use of the data key (stateful-stack.ts).',
    });
  }

  /** Where failed asynchronous invocations are kept for 14 days, encrypted with the data key. */
  private deadLetterQueue(id: string, key: IKey): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue.',
    });
    this.deadLetterQueues[id] = queue;
    return queue;
  }

  /** Findings that apply to every function, each with its reason. */
  private acknowledgeFunctionFindings() {
    Validations.of(this).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'Every role here is used by exactly one function or the one state machine, and its policy lives and ' +
        'dies with it; inline policies are the least-privilege one-to-one form AWS recommends for that case.',
    });
    for (const wrapper of Object.values(this.functions)) {
      Validations.of(wrapper).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "The AWS managed basic execution policy only allows writing to the function's own logs.",
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (added by tracing) have no resource type.',
        },
        {
          id: 'AwsSolutions-L1',
          reason:
            'nodejs22.x is a current, supported Lambda runtime and the major the tests and the local stack run ' +
            'on (docs/decisions/0001-node-22-everywhere.md); move with them.',
        },
        {
          id: 'HIPAA.Security-LambdaInsideVPC',
          reason:
            'Liaison uses no VPC resources; every dependency is an AWS API reached over TLS with IAM auth and ' +
            'KMS encryption at rest. See docs/decisions/0005-infra-compliance.md.',
        },
        {
          id: 'HIPAA.Security-LambdaConcurrency',
          reason:
            'Reserved concurrency would cap intake in a surge and cannot be reserved in small accounts; API ' +
            'Gateway stage throttling bounds load instead.',
        },
        {
          id: 'HIPAA.Security-LambdaDLQ',
          reason:
            'Invoked synchronously (API Gateway, Step Functions with retries) or, for the sweeper, by ' +
            'EventBridge with a dead-letter queue on the target; a function-level DLQ would never receive.',
        },
      );
    }
    for (const [name, access] of Object.entries(ACCESS) as [FunctionName, Access][]) {
      if (!access.table?.read && !access.table?.write && !access.archiveHistory) continue;
      Validations.of(this.functions[name]).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Only on the one data key; covers GenerateDataKey and GenerateDataKeyWithoutPlaintext.',
      });
    }
  }
}

function allow(actions: string[], resources: string[]): PolicyStatement {
  return new PolicyStatement({ effect: Effect.ALLOW, actions, resources });
}
