/**
 * The deployable CloudFormation, synthesized offline: encryption with the customer-managed key everywhere,
 * least-privilege roles, the same workflow file and routes as the local stack, and cdk-nag (AwsSolutions and
 * HIPAA Security) passing with every finding acknowledged for a written reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, FUNCTIONS } from '../../functions/manifest';
import { buildApp } from '../../infra/app';
import { CASE_WORKFLOW_FILE } from '../../infra/stateless-stack';
import { buildConsole } from '../../web/build-console';
import { pageContentSecurityPolicy } from '../../web/security-policy';

const ROOT = join(import.meta.dirname, '..', '..');
const cdkContext = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context as Record<
  string,
  unknown
>;

function newApp() {
  // No bundling in tests: the assertions are about the template; `npm run synth` bundles for real.
  return new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
}

/** A CloudFormation string or Fn::Join with every token shown as {token}. */
function withTokensNamed(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) return '{token}';
  return join[1].map(withTokensNamed).join(join[0]);
}

let stateful: Template;
let stateless: Template;

beforeAll(async () => {
  // The web hosting deploys the console's build; synth needs it (npm run synth builds it too).
  await buildConsole();
  const built = buildApp(newApp());
  // Synthesizing runs the cdk-nag plugins: any unacknowledged finding throws here.
  built.app.synth();
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
function statementsOf(template: Template, roleLogicalIdPrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(roleLogicalIdPrefix)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => [statement.Action].flat());

describe('stateful stack', () => {
  it('keeps staff in an invite-only Cognito user pool with MFA and one group per role', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const groups = Object.values(stateful.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['coordinator', 'manager', 'representative']);
  });

  it('encrypts the table with the customer-managed key and keeps it safe', () => {
    stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'liaison-cases',
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: ['gsi1', 'gsi2', 'gsi3'].map((name) => Match.objectLike({ IndexName: name })),
      }),
    });
  });

  it('rotates the data key and backs the table up to a locked vault under it, monthly backups for six years', () => {
    stateful.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    stateful.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: Match.anyValue(),
      LockConfiguration: { MinRetentionDays: 35 },
    });
    stateful.resourceCountIs('AWS::Backup::BackupSelection', 1);
    const [plan] = Object.values(stateful.findResources('AWS::Backup::BackupPlan'));
    const days = plan?.Properties.BackupPlan.BackupPlanRule.map(
      (rule: { Lifecycle: { DeleteAfterDays: number } }) => rule.Lifecycle.DeleteAfterDays,
    );
    expect(Math.max(...days)).toBeGreaterThanOrEqual(2192);
  });

  it('streams every change, before and after, to a history bucket locked in compliance mode for six years', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } },
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
    });
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('lets no one read a web-form file the malware scan has not passed, except the scanner', () => {
    const policies = Object.values(stateful.findResources('AWS::S3::BucketPolicy'));
    const deny = policies
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
      .find(
        (statement) => statement.Effect === 'Deny' && JSON.stringify(statement).includes('ExistingObjectTag'),
      );
    expect(deny).toBeDefined();
    expect(JSON.stringify(deny)).toContain(
      '"s3:ExistingObjectTag/GuardDutyMalwareScanStatus":"NO_THREATS_FOUND"',
    );
    expect(JSON.stringify(deny)).toContain('uploads/*');
    expect(JSON.stringify(deny)).toContain('scanned/*');
    expect(JSON.stringify(deny)).toContain('aws:PrincipalArn');
  });

  it('encrypts the mail, attachment, history and export buckets with the key, blocks public access and refuses plain HTTP', () => {
    const buckets = Object.values(stateful.findResources('AWS::S3::Bucket'));
    const kmsBuckets = buckets.filter(
      (bucket) =>
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm === 'aws:kms',
    );
    expect(kmsBuckets).toHaveLength(4);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = Object.values(stateful.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(5);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe('stateless stack', () => {
  it('deploys one function per manifest entry on nodejs22.x, arm64, traced, with an encrypted log group', () => {
    const descriptions = new Set(Object.values(FUNCTIONS).map((spec) => spec.description));
    // CDK's own deploy-time helper (BucketDeployment) is not one of ours.
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function')).filter((fn) =>
      descriptions.has(fn.Properties.Description),
    );
    expect(functions).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
        KmsKeyArn: expect.anything(),
      });
    }
    const logGroups = Object.values(stateless.findResources('AWS::Logs::LogGroup'));
    for (const group of logGroups) {
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(group.Properties.RetentionInDays).toBe(2192);
    }
  });

  it('gives each function exactly the settings the manifest lists', () => {
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function'));
    for (const spec of Object.values(FUNCTIONS)) {
      const fn = functions.find((candidate) => candidate.Properties.Description === spec.description);
      const names = Object.keys(fn?.Properties.Environment.Variables ?? {}).filter((name) =>
        /^[A-Z_]+$/.test(name),
      );
      const settings = names.filter((name) => !name.startsWith('POWERTOOLS_') && name !== 'NODE_OPTIONS');
      expect(settings.sort()).toEqual(
        [...spec.settings].filter((name) => name !== 'SES_CONFIGURATION_SET').sort(),
      );
    }
  });

  it('runs the same ASL file the local stack runs, with every placeholder bound to a function', () => {
    const [machine] = Object.values(stateless.findResources('AWS::StepFunctions::StateMachine'));
    const definition = JSON.stringify(machine?.Properties.DefinitionString);
    const asl = JSON.parse(readFileSync(join(ROOT, CASE_WORKFLOW_FILE), 'utf8'));
    for (const stateName of Object.keys(asl.States)) expect(definition).toContain(stateName);
    const placeholders = Object.values(FUNCTIONS).flatMap((spec) =>
      'workflowPlaceholder' in spec ? [spec.workflowPlaceholder] : [],
    );
    expect(Object.keys(machine?.Properties.DefinitionSubstitutions).sort()).toEqual(placeholders.sort());
    expect(machine?.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: expect.anything() },
      LoggingConfiguration: { IncludeExecutionData: false, Level: 'ALL' },
    });
  });

  it('routes every manifest route to its function and everything else to the fallback', () => {
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routes.sort()).toEqual(
      [...API_ROUTES.map((route) => `${route.method} ${route.path}`), '$default'].sort(),
    );
    const routeResources = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'));
    for (const route of API_ROUTES) {
      const resource = routeResources.find(
        (candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`,
      );
      expect(resource?.Properties.AuthorizationType ?? 'NONE', route.path).toBe(
        route.auth === 'staff' ? 'JWT' : 'NONE',
      );
    }
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('grants least privilege: no Scan, no wildcard actions, no data access for the fallback', () => {
    const all = Object.values(stateless.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
    const actions = actionsOf(all);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((action) => action === '*' || action.endsWith(':*'))).toEqual([]);
    expect(actionsOf(statementsOf(stateless, 'ApiFallback'))).not.toContain('dynamodb:GetItem');
    expect(actionsOf(statementsOf(stateless, 'SubmitComplaint'))).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'states:StartExecution']),
    );
    expect(actionsOf(statementsOf(stateless, 'SubmitComplaint'))).not.toContain('ses:SendEmail');
    expect(actionsOf(statementsOf(stateless, 'SendAcknowledgement'))).toContain('ses:SendEmail');
    expect(actionsOf(statementsOf(stateless, 'SendAcknowledgement'))).not.toContain('states:StartExecution');
    // Nothing deletes an item: the audit trail and the records of sent mail cannot be removed by any function.
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:BatchWriteItem');
    // The public status page runs under its own role, without the console's workflow-start or download grants.
    const statusPage = actionsOf(statementsOf(stateless, 'StatusPage'));
    expect(statusPage).toContain('dynamodb:GetItem');
    expect(statusPage).not.toContain('states:StartExecution');
    expect(statusPage).not.toContain('s3:GetObject');
    // Staff download web-form files only as copies of their scanned versions.
    const consoleReads = statementsOf(stateless, 'ConsoleApi').filter((statement) =>
      actionsOf([statement]).includes('s3:GetObject'),
    );
    expect(JSON.stringify(consoleReads)).toContain('scanned/*');
    expect(JSON.stringify(consoleReads)).not.toContain('uploads/*');
  });

  it('serves the pages from a private bucket behind CloudFront, with the API on the same origin and the same CSP', () => {
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [Match.objectLike({ PathPattern: '/api/*', ViewerProtocolPolicy: 'https-only' })],
        Logging: Match.anyValue(),
      }),
    });
    // The same policy as locally, plus Cognito's sign-in domain (the console's code-for-token exchange) and the
    // attachments bucket (the form's file uploads), and nothing else.
    const [headers] = Object.values(stateless.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = headers?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
    expect(csp.Override).toBe(true);
    expect(withTokensNamed(csp.ContentSecurityPolicy)).toBe(
      pageContentSecurityPolicy({
        signInOrigin: 'https://{token}.auth.{token}.amazoncognito.com',
        uploadOrigin: 'https://liaison-attachments-{token}-{token}.s3.{token}.{token}',
      }),
    );
    stateless.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it("deploys the console's sign-in settings: Cognito's hosted UI with code + PKCE for the console client", () => {
    const [deployment] = Object.values(stateless.findResources('Custom::CDKBucketDeployment'));
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
    // Source.jsonData fills in the pool (issuer), the console client and the hosted UI domain at deploy time.
    for (const type of ['UserPool', 'UserPoolClient', 'UserPoolDomain']) {
      const [logicalId] = Object.keys(stateful.findResources(`AWS::Cognito::${type}`));
      expect(markers).toContain(`ExportsOutputRef${logicalId}`);
    }
    stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'liaison-example-org' });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
      CallbackURLs: ['https://liaison.example.org/console/'],
      LogoutURLs: ['https://liaison.example.org/console/'],
    });
  });

  it('scans web-form uploads with GuardDuty and hands each verdict to receiveUpload', () => {
    stateful.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { ObjectPrefixes: ['uploads/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({ AllowedMethods: ['POST'], AllowedOrigins: ['https://liaison.example.org'] }),
        ],
      },
    });
    const [receiver] = Object.keys(
      stateless.findResources('AWS::Lambda::Function', {
        Properties: { Handler: Match.anyValue(), Description: Match.stringLikeRegexp('Malware scan result') },
      }),
    );
    stateless.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
      }),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [receiver, 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('runs the sweeper on a schedule with a KMS-encrypted dead-letter queue', () => {
    stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
    });
    stateless.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('cdk-nag', () => {
  it('fails synthesis on an unacknowledged finding, so a passing synth means none are left', () => {
    const app = newApp();
    const stack = new Stack(app, 'Careless');
    new Bucket(stack, 'Plain');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|HIPAA\.Security/);
  });
});

describe('the API stage', () => {
  it('logs who called which path from where, and gives public routes their own lower throttle', () => {
    const stage = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format as string);
    expect(format).toMatchObject({
      userId: '$context.authorizer.claims.sub',
      sourceIp: '$context.identity.sourceIp',
      path: '$context.path',
    });
    const routeSettings = stage?.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
    const publicRoutes = API_ROUTES.filter((route) => route.auth === 'public').map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(Object.keys(routeSettings).sort()).toEqual(publicRoutes.sort());
    for (const key of publicRoutes) {
      expect(routeSettings[key]?.ThrottlingRateLimit).toBeLessThan(
        stage?.Properties.DefaultRouteSettings.ThrottlingRateLimit,
      );
    }
  });
});

describe('operations alarms', () => {
  it('alarm by email on failed executions, on any dead letter and on any function error', () => {
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm'));
    const metrics = alarms.map((alarm) => `${alarm.Properties.Namespace}/${alarm.Properties.MetricName}`);
    expect(metrics).toEqual(
      expect.arrayContaining(['AWS/States/ExecutionsFailed', 'AWS/States/ExecutionsTimedOut']),
    );
    const queues = Object.keys(stateless.findResources('AWS::SQS::Queue'));
    expect(metrics.filter((metric) => metric === 'AWS/SQS/ApproximateNumberOfMessagesVisible')).toHaveLength(
      queues.length,
    );
    expect(metrics.filter((metric) => metric === 'AWS/Lambda/Errors')).toHaveLength(
      Object.keys(FUNCTIONS).length,
    );
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email' });
  });
});

describe('the hospital domain and WAF', () => {
  it('serve TLS 1.2 and later on the hospital certificate, behind the given web ACL, when configured', () => {
    const context = {
      ...cdkContext,
      'aws:cdk:bundling-stacks': [],
      'liaison:siteDomain': 'patient-relations.hospital.example',
      'liaison:siteCertificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      'liaison:webAclArn': 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/liaison/xyz',
    };
    const built = buildApp(new App({ context }));
    built.app.synth(); // cdk-nag: no CFR2/CFR4 acknowledgement is needed any more
    Template.fromStack(built.stateless).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['patient-relations.hospital.example'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }),
        WebACLId: context['liaison:webAclArn'],
      }),
    });
  });

  it('disable the execute-api endpoint when the API has its own domain, which CloudFront then uses', () => {
    const context = {
      ...cdkContext,
      'aws:cdk:bundling-stacks': [],
      'liaison:apiDomain': 'api.patient-relations.hospital.example',
      'liaison:apiCertificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/api',
    };
    const built = buildApp(new App({ context }));
    built.app.synth();
    const template = Template.fromStack(built.stateless);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.patient-relations.hospital.example',
      DomainNameConfigurations: [Match.objectLike({ SecurityPolicy: 'TLS_1_2' })],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const origins = distribution?.Properties.DistributionConfig.Origins as { DomainName: unknown }[];
    expect(origins.map((origin) => origin.DomainName)).toContain('api.patient-relations.hospital.example');
    // Without it, the endpoint stays (the default deployment), as the README's Security section says.
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: Match.absent() });
  });

  it('refuses a domain without its certificate', () => {
    const context = {
      ...cdkContext,
      'aws:cdk:bundling-stacks': [],
      'liaison:siteDomain': 'x.hospital.example',
    };
    expect(() => buildApp(new App({ context }))).toThrow(/liaison:siteCertificateArn/);
  });
});

describe('staff accounts', () => {
  it('enforce Cognito threat protection, and staff cannot change their own name or email', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      MfaConfiguration: 'ON',
    });
    stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', { WriteAttributes: [] });
  });
});

describe('log retention', () => {
  it('keeps every log, S3 and CloudFront access logs included, for the configured period', () => {
    const built = buildApp(
      new App({
        context: { ...cdkContext, 'aws:cdk:bundling-stacks': [], 'liaison:logRetentionDays': 2557 },
      }),
    );
    const templates = [Template.fromStack(built.stateful), Template.fromStack(built.stateless)];
    const logGroups = templates.flatMap((template) =>
      Object.values(template.findResources('AWS::Logs::LogGroup')),
    );
    expect(logGroups.length).toBeGreaterThan(0);
    for (const group of logGroups) expect(group.Properties.RetentionInDays).toBe(2557);
    const logBuckets = templates.flatMap((template) =>
      Object.entries(template.findResources('AWS::S3::Bucket')).filter(([id]) =>
        /AccessLogs|WebLogs/.test(id),
      ),
    );
    expect(logBuckets.map(([id]) => id)).toEqual([
      expect.stringMatching(/^AccessLogs/),
      expect.stringMatching(/^WebLogs/),
    ]);
    for (const [, bucket] of logBuckets) {
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
        expect.objectContaining({ ExpirationInDays: 2557, Status: 'Enabled' }),
      ]);
    }
  });

  it('refuses a period shorter than six years or one CloudWatch Logs does not offer', () => {
    for (const days of [365, 2000]) {
      const app = new App({
        context: { ...cdkContext, 'aws:cdk:bundling-stacks': [], 'liaison:logRetentionDays': days },
      });
      expect(() => buildApp(app)).toThrow(/liaison:logRetentionDays/);
    }
  });
});
