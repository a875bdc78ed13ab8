/**
 * The CDK app: a stateful stack (key, table, buckets) and a stateless stack (functions, API, workflow), checked
 * by cdk-nag's AwsSolutions and HIPAA Security packs on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { readDeploymentSettings } from './settings';
import { LiaisonStatefulStack } from './stateful-stack';
import { LiaisonStatelessStack } from './stateless-stack';

export function buildApp(app = new App()) {
  const settings = readDeploymentSettings(app.node);
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new LiaisonStatefulStack(app, 'LiaisonStateful', {
    env,
    description: 'Liaison data (PHI) and staff accounts',
    consoleUrl: settings.consoleUrl,
    signInDomainPrefix: settings.signInDomainPrefix,
    logRetentionDays: settings.logRetentionDays,
  });
  const stateless = new LiaisonStatelessStack(app, 'LiaisonStateless', {
    env,
    description: 'Liaison functions, API and workflow',
    key: stateful.key,
    userPool: stateful.userPool,
    consoleClient: stateful.consoleClient,
    signInDomain: stateful.signInDomain,
    tableStreamArn: stateful.table.tableStreamArn as string,
    settings,
    logRetention: settings.logRetentionDays,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { app, stateful, stateless };
}

if (process.argv[1]?.endsWith('app.ts')) buildApp().app.synth();
