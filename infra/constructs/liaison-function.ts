/**
 * The one place every Lambda default is set: current Node.js runtime on Graviton, ESM bundle built by esbuild
 * (minified, source maps), an explicit log group encrypted with the customer-managed key and kept for the
 * retention period, X-Ray tracing, Powertools settings, and the function's settings from the manifest.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/manifest';
import type { SettingName } from '../../functions/shared/config';

export interface LiaisonFunctionProps {
  name: string;
  spec: FunctionSpec;
  /** Values for the settings the function declares in the manifest. */
  settings: Partial<Record<SettingName, string>>;
  key: IKey;
  logRetention: RetentionDays;
  projectRoot: string;
}

export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

export class LiaisonFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LiaisonFunctionProps) {
    super(scope, id);
    const missing = props.spec.settings.filter(
      (setting) => props.settings[setting] === undefined && setting !== 'SES_CONFIGURATION_SET',
    );
    if (missing.length > 0) throw new Error(`Function ${props.name} needs settings: ${missing.join(', ')}`);

    this.logGroup = new LogGroup(this, 'Logs', {
      encryptionKey: props.key,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const environment: Record<string, string> = {
      POWERTOOLS_SERVICE_NAME: 'liaison',
      POWERTOOLS_METRICS_NAMESPACE: 'Liaison',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const setting of props.spec.settings) {
      const value = props.settings[setting];
      if (value !== undefined) environment[setting] = value;
    }
    this.function = new NodejsFunction(this, 'Function', {
      description: props.spec.description,
      entry: `${props.projectRoot}/${props.spec.entry}`,
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.spec.memoryMb,
      timeout: Duration.seconds(props.spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment,
      environmentEncryption: props.key,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); ESM bundles need it defined.
        banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
      },
    });
  }
}
