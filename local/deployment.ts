/**
 * The deployment the local stack runs, read from the synthesized templates (assembly.ts): every function with its
 * environment and role, the roles' policies, the buckets with their policies and encryption keys, the key policies,
 * the state machine's definition with its substitutions, the SES receipt rule, the API's routes and authorizer,
 * and which services may invoke which function. Nothing here comes from the manifest: what the template does not
 * say, the local stack does not do.
 */
import { FUNCTIONS, type FunctionName, type HttpMethod } from '../functions/manifest';
import {
  type CfnResource,
  functionOf,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  type LocalRuntimeFacts,
  resourcesOfType,
  type SynthesizedTemplates,
  TemplateResolver,
} from './assembly';

// biome-ignore lint/suspicious/noExplicitAny: IAM policy documents are free-form JSON.
export type PolicyDocument = { Version?: string; Statement: any[] };

export interface DeployedFunction {
  name: FunctionName;
  roleArn: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /** Service principals a resource-based policy (AWS::Lambda::Permission) lets invoke it. */
  invokers: string[];
}

export interface DeployedBucket {
  name: string;
  policy?: PolicyDocument;
  /** The bucket's default encryption key, when it is SSE-KMS with a customer-managed key. */
  kmsKeyArn?: string;
  hasCors: boolean;
}

export interface DeployedRoute {
  method: HttpMethod;
  path: string;
  function: FunctionName;
  /** The JWT authorizer's issuer and audience, for routes that have one. */
  jwt?: { issuer: string; audience: string[] };
}

export interface ReceiptRule {
  recipients: string[];
  s3?: { bucket: string; objectKeyPrefix: string; kmsKeyArn?: string };
  lambda?: { function: FunctionName; invocationType: string };
}

export interface Deployment {
  functions: Record<FunctionName, DeployedFunction>;
  /** Identity policies by role ARN. */
  rolePolicies: Map<string, PolicyDocument[]>;
  keyPolicies: Map<string, PolicyDocument>;
  buckets: DeployedBucket[];
  tableName: string;
  stateMachine: { name: string; arn: string; roleArn: string; definition: string };
  receiptRule: ReceiptRule;
  routes: DeployedRoute[];
  defaultRouteFunction: FunctionName;
  /** The table stream's event source mapping: whom it invokes, and how much it gathers before it does. */
  changeStream: { target: FunctionName; batchSize: number; batchingWindowSeconds: number };
}

export function readDeployment(templates: SynthesizedTemplates, facts: LocalRuntimeFacts): Deployment {
  const resolver = new TemplateResolver(templates, facts);
  const resolve = (value: unknown) => resolver.resolve(value, 'stateless');
  const functionByArn = new Map<string, FunctionName>();

  const functions = {} as Record<FunctionName, DeployedFunction>;
  for (const [logicalId, resource] of resourcesOfType(templates.stateless, 'AWS::Lambda::Function')) {
    const name = functionOf(resource);
    if (!name) continue; // CDK's own helpers (log retention, bucket deployment): not part of Liaison's runtime
    const props = resource.Properties;
    functions[name] = {
      name,
      roleArn: resolve(props.Role),
      environment: resolve(props.Environment?.Variables ?? {}),
      timeoutSeconds: props.Timeout ?? 3,
      memoryMb: props.MemorySize ?? 128,
      invokers: [],
    };
    functionByArn.set(resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }, 'stateless'), name);
  }
  const missing = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => !functions[name]);
  if (missing.length) throw new Error(`The template deploys no function for ${missing.join(', ')}`);
  const functionFor = (arn: string): FunctionName => {
    const name = functionByArn.get(arn.replace(/:\$LATEST$/, ''));
    if (!name) throw new Error(`The template points at a function it does not deploy: ${arn}`);
    return name;
  };
  for (const [, permission] of resourcesOfType(templates.stateless, 'AWS::Lambda::Permission')) {
    const props = permission.Properties;
    if (props.Action !== 'lambda:InvokeFunction') continue;
    functions[functionFor(resolve(props.FunctionName))].invokers.push(resolve(props.Principal));
  }

  const rolePolicies = new Map<string, PolicyDocument[]>();
  for (const stack of ['stateful', 'stateless'] as const) {
    const roleArn = (logicalId: string) => resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }, stack);
    for (const [logicalId, role] of resourcesOfType(templates[stack], 'AWS::IAM::Role')) {
      const inline = (role.Properties?.Policies ?? []) as { PolicyDocument: unknown }[];
      rolePolicies.set(
        roleArn(logicalId),
        inline.map((policy) => resolver.resolve(policy.PolicyDocument, stack)),
      );
    }
    for (const [, policy] of resourcesOfType(templates[stack], 'AWS::IAM::Policy')) {
      for (const role of (policy.Properties.Roles ?? []) as { Ref: string }[]) {
        rolePolicies.get(roleArn(role.Ref))?.push(resolver.resolve(policy.Properties.PolicyDocument, stack));
      }
    }
  }

  const keyPolicies = new Map<string, PolicyDocument>();
  const buckets: DeployedBucket[] = [];
  for (const stack of ['stateful', 'stateless'] as const) {
    for (const [logicalId, key] of resourcesOfType(templates[stack], 'AWS::KMS::Key')) {
      keyPolicies.set(
        resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }, stack),
        resolver.resolve(key.Properties.KeyPolicy, stack),
      );
    }
    const policies = new Map<string, PolicyDocument>();
    for (const [, policy] of resourcesOfType(templates[stack], 'AWS::S3::BucketPolicy')) {
      policies.set(
        resolver.resolve(policy.Properties.Bucket, stack),
        resolver.resolve(policy.Properties.PolicyDocument, stack),
      );
    }
    for (const [logicalId, bucket] of resourcesOfType(templates[stack], 'AWS::S3::Bucket')) {
      const name: string = resolver.resolve({ Ref: logicalId }, stack);
      const encryption = bucket.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration?.[0];
      const kmsKey = encryption?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
      buckets.push({
        name,
        policy: policies.get(name),
        kmsKeyArn: kmsKey ? resolver.resolve(kmsKey, stack) : undefined,
        hasCors: Boolean(bucket.Properties?.CorsConfiguration),
      });
    }
  }

  return {
    functions,
    rolePolicies,
    keyPolicies,
    buckets,
    tableName: tableNameOf(templates),
    stateMachine: readStateMachine(templates, resolver),
    receiptRule: readReceiptRule(templates, resolver, functionFor),
    ...readRoutes(templates, resolver, functionFor),
    changeStream: readChangeStream(templates, resolver, functionFor),
  };
}

function readChangeStream(
  templates: SynthesizedTemplates,
  resolver: TemplateResolver,
  functionFor: (arn: string) => FunctionName,
): Deployment['changeStream'] {
  const [mapping, ...others] = resourcesOfType(templates.stateless, 'AWS::Lambda::EventSourceMapping');
  if (!mapping || others.length > 0)
    throw new Error('The template should map the table stream to one function');
  const props = mapping[1].Properties;
  const target: string = resolver.resolve(props.FunctionName, 'stateless');
  return {
    // The mapping names its function by name or ARN.
    target: functionFor(
      target.startsWith('arn:')
        ? target
        : `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${target}`,
    ),
    // Lambda's defaults for a DynamoDB stream when the template sets none.
    batchSize: props.BatchSize ?? 100,
    batchingWindowSeconds: props.MaximumBatchingWindowInSeconds ?? 0,
  };
}

/** The table's physical name (the local table is created before the rest of the deployment is read). */
export function tableNameOf(templates: SynthesizedTemplates): string {
  const resolver = new TemplateResolver(templates, { tableStreamArn: '' });
  for (const stack of ['stateful', 'stateless'] as const) {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']) {
      const [table] = resourcesOfType(templates[stack], type);
      if (table) return resolver.resolve({ Ref: table[0] }, stack);
    }
  }
  throw new Error('The templates deploy no DynamoDB table');
}

function single(template: SynthesizedTemplates['stateless'], type: string): [string, CfnResource] {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`Expected one ${type} in the template, found ${found.length}`);
  return found[0] as [string, CfnResource];
}

function readStateMachine(templates: SynthesizedTemplates, resolver: TemplateResolver) {
  const [logicalId, machine] = single(templates.stateless, 'AWS::StepFunctions::StateMachine');
  const props = machine.Properties;
  const substitutions: Record<string, string> = resolver.resolve(
    props.DefinitionSubstitutions ?? {},
    'stateless',
  );
  const text: string = resolver.resolve(props.DefinitionString, 'stateless');
  // What CloudFormation does with DefinitionSubstitutions; a placeholder left over fails as it would there.
  const definition = text.replace(/\$\{(\w+)\}/g, (match, name: string) => substitutions[name] ?? match);
  const unresolved = definition.match(/\$\{\w+\}/g);
  if (unresolved) throw new Error(`Unresolved workflow placeholders: ${[...new Set(unresolved)].join(', ')}`);
  return {
    name: resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Name'] }, 'stateless') as string,
    arn: resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }, 'stateless') as string,
    roleArn: resolver.resolve(props.RoleArn, 'stateless') as string,
    definition,
  };
}

function readReceiptRule(
  templates: SynthesizedTemplates,
  resolver: TemplateResolver,
  functionFor: (arn: string) => FunctionName,
): ReceiptRule {
  const [, rule] = single(templates.stateless, 'AWS::SES::ReceiptRule');
  const { Recipients, Actions } = resolver.resolve(rule.Properties.Rule, 'stateless');
  const result: ReceiptRule = { recipients: Recipients ?? [] };
  for (const action of Actions ?? []) {
    if (action.S3Action) {
      result.s3 = {
        bucket: action.S3Action.BucketName,
        objectKeyPrefix: action.S3Action.ObjectKeyPrefix ?? '',
        kmsKeyArn: action.S3Action.KmsKeyArn,
      };
    }
    if (action.LambdaAction) {
      result.lambda = {
        function: functionFor(action.LambdaAction.FunctionArn),
        invocationType: action.LambdaAction.InvocationType ?? 'Event',
      };
    }
  }
  return result;
}

function readRoutes(
  templates: SynthesizedTemplates,
  resolver: TemplateResolver,
  functionFor: (arn: string) => FunctionName,
): { routes: DeployedRoute[]; defaultRouteFunction: FunctionName } {
  const resolve = (value: unknown) => resolver.resolve(value, 'stateless');
  const integrations = new Map<string, FunctionName>();
  for (const [logicalId, integration] of resourcesOfType(
    templates.stateless,
    'AWS::ApiGatewayV2::Integration',
  )) {
    integrations.set(logicalId, functionFor(resolve(integration.Properties.IntegrationUri)));
  }
  const routes: DeployedRoute[] = [];
  let defaultRouteFunction: FunctionName | undefined;
  for (const [, route] of resourcesOfType(templates.stateless, 'AWS::ApiGatewayV2::Route')) {
    const props = route.Properties;
    // Target is "integrations/<integration id>"; the id is the integration's Ref, its logical id here.
    const target = JSON.stringify(props.Target ?? '');
    const integrationId = [...integrations.keys()].find((logicalId) => target.includes(`"${logicalId}"`));
    if (!integrationId) throw new Error(`Route ${props.RouteKey} has no Lambda integration`);
    const fn = integrations.get(integrationId) as FunctionName;
    if (props.RouteKey === '$default') {
      defaultRouteFunction = fn;
      continue;
    }
    const [method, path] = String(props.RouteKey).split(' ') as [HttpMethod, string];
    let jwt: DeployedRoute['jwt'];
    if (props.AuthorizationType === 'JWT') {
      const authorizer = resolver.resource(props.AuthorizerId.Ref, 'stateless');
      const { Issuer, Audience } = resolve(authorizer.Properties.JwtConfiguration);
      jwt = { issuer: Issuer, audience: Audience };
    }
    routes.push({ method, path, function: fn, jwt });
  }
  if (!defaultRouteFunction) throw new Error('The API has no $default route');
  return { routes, defaultRouteFunction };
}
