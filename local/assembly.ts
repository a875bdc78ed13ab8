/**
 * What `cdk synth` produces, read for the local stack: the CDK app is synthesized here (without bundling) with the
 * local site settings as its context, and each template's intrinsic functions are resolved to the local stand-ins'
 * names. The local stack then runs what the templates say: each function's environment and role, the buckets and
 * their policies, the receipt rule, the state machine with its substitutions, and the API's routes and authorizer.
 * docs/decisions/0020-local-stack-follows-the-template.md says why and what is still local-only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { FUNCTIONS, type FunctionName } from '../functions/manifest';
import { fileStamp, pruneOlderThan, writeAtomically } from './build-cache';
import { LOCAL_USER_POOL_ID } from './cognito';
import { LOCAL_CLIENT_ID } from './identity';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

const ROOT_DIR = join(import.meta.dirname, '..');

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation templates are free-form JSON.
type Json = any;
export interface CfnResource {
  Type: string;
  Properties?: Json;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }>;
}
export interface SynthesizedTemplates {
  stateful: CfnTemplate;
  stateless: CfnTemplate;
}

/** The local site settings, as `-c liaison:<name>=...` would give them to `cdk synth`. */
export type LocalSiteContext = Record<string, unknown>;

/** What a synthesis reads: the app, everything it imports from functions/, the workflows and the CDK settings. */
const SYNTH_INPUTS = [
  'infra',
  'functions',
  'workflows',
  'web/security-policy.ts',
  'web/sign-in-config.ts',
  'cdk.json',
  'package-lock.json',
];

function inputFingerprint(siteContext: LocalSiteContext): string {
  const hash = createHash('sha256').update(JSON.stringify(siteContext));
  const visit = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      return;
    }
    hash.update(`${relative(ROOT_DIR, path)}:${fileStamp(path)};`);
  };
  for (const input of SYNTH_INPUTS) visit(join(ROOT_DIR, input));
  return hash.digest('hex').slice(0, 32);
}

/**
 * Synthesizes the CDK app as `cdk synth` does (cdk.json's context, cdk-nag included) but skipping bundling and
 * asset staging: the local stack bundles the same entries itself (lambda-runtime.ts). The templates are kept under
 * .build/local-assembly/ by a fingerprint of the synthesis's inputs, so stacks started with nothing changed (every
 * test file) skip the few seconds a synthesis takes. Each call answers a fresh copy: tests change them.
 */
export async function synthesizeTemplates(siteContext: LocalSiteContext): Promise<SynthesizedTemplates> {
  const cacheDir = join(ROOT_DIR, '.build', 'local-assembly');
  const cached = join(cacheDir, `${inputFingerprint(siteContext)}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as SynthesizedTemplates;
  } catch {
    // not synthesized yet with these inputs
  }
  const templates = await synthesize(siteContext);
  mkdirSync(cacheDir, { recursive: true });
  writeAtomically(cached, JSON.stringify(templates));
  // Syntheses of inputs a day old are not coming back.
  pruneOlderThan(cacheDir, 86_400_000, basename(cached));
  return templates;
}

async function synthesize(siteContext: LocalSiteContext): Promise<SynthesizedTemplates> {
  // Loaded only when needed: aws-cdk-lib and the app take seconds to import.
  const [{ App }, { buildApp }] = await Promise.all([import('aws-cdk-lib'), import('../infra/app')]);
  const outdir = mkdtempSync(join(tmpdir(), 'liaison-assembly-'));
  try {
    const cdkContext = JSON.parse(readFileSync(join(ROOT_DIR, 'cdk.json'), 'utf8')).context;
    const app = new App({
      outdir,
      context: {
        ...cdkContext,
        ...siteContext,
        'aws:cdk:bundling-stacks': [],
        'aws:cdk:disable-asset-staging': true,
        // As the CDK CLI sets it: each resource names its construct path (functionOf reads it).
        'aws:cdk:enable-path-metadata': true,
      },
    });
    const { stateful, stateless } = buildApp(app);
    const assembly = app.synth();
    return {
      stateful: assembly.getStackByName(stateful.stackName).template as CfnTemplate,
      stateless: assembly.getStackByName(stateless.stackName).template as CfnTemplate,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Values the template cannot know until the local stand-ins run. */
export interface LocalRuntimeFacts {
  tableStreamArn: string;
}

/**
 * Resolves CloudFormation intrinsic functions to local values. Each resource's Ref and Fn::GetAtt answer what
 * CloudFormation would answer, with the local account and region; Fn::ImportValue reads the stateful stack's exports.
 */
export class TemplateResolver {
  private readonly exports = new Map<string, Json>();

  constructor(
    private readonly templates: SynthesizedTemplates,
    private readonly facts: LocalRuntimeFacts,
  ) {
    for (const output of Object.values(templates.stateful.Outputs ?? {})) {
      if (output.Export) this.exports.set(this.resolve(output.Export.Name, 'stateful'), output.Value);
    }
  }

  resolve(value: Json, stack: keyof SynthesizedTemplates): Json {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, stack));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const argument = value[fn];
      switch (fn) {
        case 'Ref':
          return this.ref(argument, stack);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
          return this.getAtt(logicalId, attribute, stack);
        }
        case 'Fn::Join': {
          const [separator, parts] = argument;
          return (this.resolve(parts, stack) as unknown[]).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = this.resolve(argument, stack);
          return list[Number(index)];
        }
        case 'Fn::Split': {
          const [separator, text] = this.resolve(argument, stack);
          return String(text).split(separator);
        }
        case 'Fn::Sub':
          return this.sub(argument, stack);
        case 'Fn::ImportValue': {
          const name = this.resolve(argument, stack);
          if (!this.exports.has(name)) throw new Error(`No stack exports ${name}`);
          return this.resolve(this.exports.get(name), 'stateful');
        }
      }
      if (fn.startsWith('Fn::')) throw new Error(`The local stack cannot resolve ${fn}`);
    }
    return Object.fromEntries(keys.map((key) => [key, this.resolve(value[key], stack)]));
  }

  resource(logicalId: string, stack: keyof SynthesizedTemplates): CfnResource {
    const resource = this.templates[stack].Resources[logicalId];
    if (!resource) throw new Error(`${stack} template has no resource ${logicalId}`);
    return resource;
  }

  private sub(argument: Json, stack: keyof SynthesizedTemplates): string {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    return String(text).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name in variables) return String(this.resolve(variables[name], stack));
      if (name.includes('.')) {
        const [logicalId, attribute] = name.split('.') as [string, string];
        return String(this.getAtt(logicalId, attribute, stack));
      }
      return String(this.ref(name, stack));
    });
  }

  private ref(name: string, stack: keyof SynthesizedTemplates): string {
    switch (name) {
      case 'AWS::Region':
        return LOCAL_REGION;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack === 'stateful' ? 'LiaisonStateful' : 'LiaisonStateless';
      case 'AWS::NoValue':
        return '';
    }
    const resource = this.resource(name, stack);
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return props.TableName ? this.resolve(props.TableName, stack) : name;
      case 'AWS::S3::Bucket':
        return props.BucketName ? this.resolve(props.BucketName, stack) : name.toLowerCase();
      case 'AWS::Lambda::Function':
        return localFunctionName(functionOf(resource) ?? name);
      case 'AWS::StepFunctions::StateMachine':
        return this.getAtt(name, 'Arn', stack);
      case 'AWS::Cognito::UserPool':
        return LOCAL_USER_POOL_ID;
      case 'AWS::Cognito::UserPoolClient':
        return LOCAL_CLIENT_ID;
      case 'AWS::KMS::Key':
        return `local-${name}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${LOCAL_REGION}.amazonaws.com/${LOCAL_ACCOUNT}/${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
      case 'AWS::Logs::LogGroup':
        return props.LogGroupName ? this.resolve(props.LogGroupName, stack) : name;
      default:
        return name;
    }
  }

  private getAtt(logicalId: string, attribute: string, stack: keyof SynthesizedTemplates): string {
    const resource = this.resource(logicalId, stack);
    const props = resource.Properties ?? {};
    const arn = (service: string, path: string, region = LOCAL_REGION, account = LOCAL_ACCOUNT) =>
      `arn:aws:${service}:${region}:${account}:${path}`;
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::DynamoDB::Table.Arn':
      case 'AWS::DynamoDB::GlobalTable.Arn':
        return arn('dynamodb', `table/${this.ref(logicalId, stack)}`);
      case 'AWS::DynamoDB::Table.StreamArn':
      case 'AWS::DynamoDB::GlobalTable.StreamArn':
        return this.facts.tableStreamArn;
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${this.ref(logicalId, stack)}`;
      case 'AWS::S3::Bucket.DomainName':
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${this.ref(logicalId, stack)}.s3.${LOCAL_REGION}.amazonaws.com`;
      case 'AWS::Lambda::Function.Arn':
        return arn('lambda', `function:${this.ref(logicalId, stack)}`);
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${this.ref(logicalId, stack)}`;
      case 'AWS::KMS::Key.Arn':
        return arn('kms', `key/${this.ref(logicalId, stack)}`);
      case 'AWS::StepFunctions::StateMachine.Arn':
        return arn('states', `stateMachine:${this.resolve(props.StateMachineName ?? logicalId, stack)}`);
      case 'AWS::StepFunctions::StateMachine.Name':
        return this.resolve(props.StateMachineName ?? logicalId, stack);
      case 'AWS::Cognito::UserPool.Arn':
        return arn('cognito-idp', `userpool/${LOCAL_USER_POOL_ID}`);
      case 'AWS::SQS::Queue.Arn':
        return arn('sqs', logicalId);
      case 'AWS::Logs::LogGroup.Arn':
        return arn('logs', `log-group:${this.ref(logicalId, stack)}:*`);
      default:
        return arn(resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown', `${logicalId}/${attribute}`);
    }
  }
}

export function localFunctionName(name: string): string {
  return `liaison-${name}`;
}

export function localFunctionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${localFunctionName(name)}`;
}

/** The manifest function a template's Lambda function was made from (its construct path, LiaisonFunction's ids). */
export function functionOf(resource: CfnResource): FunctionName | undefined {
  const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
  const construct = path.split('/')[1] ?? '';
  return (Object.keys(FUNCTIONS) as FunctionName[]).find(
    (name) =>
      `${name[0]?.toUpperCase()}${name.slice(1)}` === construct && path.endsWith('/Function/Resource'),
  );
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
