/**
 * The browser pages in AWS: the complaint form, the status page and the console from a private S3 bucket behind
 * CloudFront (origin access control), with the API on the same origin under /api/*, so the pages' strict CSP
 * (connect-src 'self') holds and no CORS is needed. The same security headers as the local server.
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { SIGN_IN_CONFIG_PATH, type SignInConfig } from '../../web/sign-in-config';
import { nagPseudo } from '../nag-text';

export interface WebHostingProps {
  /** Where CloudFront forwards /api/*: the API's own domain, or its execute-api endpoint when it has none. */
  apiOrigin: string;
  /** web/ (form, status page, styles) and the console's Vite build. */
  webDir: string;
  consoleBuildDir: string;
  /** The pages' Content-Security-Policy (web/security-policy.ts; the local server uses the same). */
  contentSecurityPolicy: string;
  /** Written as the console's sign-in.json: Cognito's hosted UI and the console's app client. */
  signIn: SignInConfig;
  /** How long CloudFront and S3 access logs are kept (infra/settings.ts, logRetentionDays). */
  logRetentionDays: number;
  /** The hospital's domain and its certificate (us-east-1); with them, TLS 1.2 and later only. */
  domain?: { name: string; certificateArn: string };
  /** A CLOUDFRONT-scope WAFv2 web ACL (us-east-1) to attach. */
  webAclArn?: string;
}

export class WebHosting extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const logs = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const site = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    // The console is a single-page app: its routes all serve /console/index.html.
    const consoleRoutes = new CloudFrontFunction(this, 'ConsoleRoutes', {
      code: FunctionCode.fromInline(
        "function handler(event){var r=event.request;if(r.uri==='/console'||(r.uri.indexOf('/console/')===0&&r.uri.lastIndexOf('.')<r.uri.lastIndexOf('/'))){r.uri='/console/index.html';}return r;}",
      ),
    });
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(site);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Liaison pages and API',
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: consoleRoutes, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiOrigin),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });
    new BucketDeployment(this, 'Pages', {
      destinationBucket: site,
      sources: [
        Source.asset(props.webDir, { exclude: ['console', 'console/**'] }),
        Source.asset(props.consoleBuildDir),
        Source.jsonData(SIGN_IN_CONFIG_PATH.slice(1), props.signIn),
      ],
      distribution: this.distribution,
    });

    // BucketDeployment's copying function is a CDK singleton at the stack root: its findings are CDK's own.
    const copier = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (copier) {
      const pseudo = nagPseudo(Stack.of(this));
      const cdkOwned =
        'CDK BucketDeployment: runs only at deploy time to copy the pages into the site bucket.';
      Validations.of(copier).acknowledge(
        ...[
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          'AwsSolutions-IAM5',
          'AwsSolutions-IAM5[Action::s3:Abort*]',
          'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
          'AwsSolutions-IAM5[Action::s3:GetBucket*]',
          'AwsSolutions-IAM5[Action::s3:GetObject*]',
          'AwsSolutions-IAM5[Action::s3:List*]',
          'AwsSolutions-IAM5[Resource::*]',
          `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(site.node.defaultChild as CfnElement)}.Arn>/*]`,
          `AwsSolutions-IAM5[Resource::arn:${pseudo.partition}:s3:::cdk-hnb659fds-assets-${pseudo.account}-${pseudo.region}/*]`,
          'AwsSolutions-L1',
          'HIPAA.Security-LambdaConcurrency',
          'HIPAA.Security-LambdaDLQ',
          'HIPAA.Security-LambdaInsideVPC',
        ].map((id) => ({ id, reason: cdkOwned })),
      );
    }
    const reasons: Record<string, string> = {
      'AwsSolutions-CFR1': 'A hospital serves patients wherever they are; no geographic restriction.',
      ...(props.webAclArn
        ? {}
        : {
            'AwsSolutions-CFR2':
              'WAF for CloudFront must live in us-east-1: create a web ACL there (a rate-based rule on /api/complaints ' +
              'and /api/status*, AWS managed rules) and give it as liaison:webAclArn (README, Security).',
          }),
      ...(props.domain
        ? {}
        : {
            'AwsSolutions-CFR4':
              'The default CloudFront certificate allows older TLS: give liaison:siteDomain and ' +
              'liaison:siteCertificateArn to serve TLS 1.2 and later only (README, Security).',
          }),
      'HIPAA.Security-S3DefaultEncryptionKMS':
        'Static pages and their logs, no PHI; CloudFront OAC reads SSE-S3 objects.',
      'HIPAA.Security-S3BucketReplicationEnabled':
        'Static pages are rebuilt from the repository; logs are kept six years.',
    };
    for (const [id, reason] of Object.entries(reasons)) Validations.of(this).acknowledge({ id, reason });
    Validations.of(logs).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'This is the log bucket; logging it to itself would loop.' },
      { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: 'This is the log bucket itself.' },
    );
  }
}
