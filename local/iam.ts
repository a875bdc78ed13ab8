/**
 * IAM, locally: every AWS call a function makes is evaluated against its role's policies from the template, and
 * against the resource's own policy (bucket policy, key policy) where AWS has one, with @cloud-copilot/iam-simulate.
 * A call the deployed stack would refuse is refused here with AccessDenied and AWS's wording, so a missing grant
 * fails a local test instead of a deployment.
 *
 * Who is calling is read from the access key, as AWS reads it: each function runs with credentials that name it
 * (`credentialsFor`), the stand-ins that act for an AWS service (SES receiving writing to S3) with one that names the
 * service principal. Any other key is the account's administrator: the tests, the bench and the local tools.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { FunctionName } from '../functions/manifest';
import { LOCAL_ACCOUNT } from './assembly';
import type { Deployment, PolicyDocument } from './deployment';

export type Caller =
  | { kind: 'function'; name: FunctionName; roleArn: string }
  /** A role a service assumes to act on its own behalf (the state machine's, invoking its functions). */
  | { kind: 'role'; roleArn: string; session: string }
  | { kind: 'service'; principal: string }
  | { kind: 'administrator' };

type RoleCaller = Extract<Caller, { roleArn: string }>;

export interface AccessRequest {
  action: string;
  resource: string;
  /** The resource-based policy that also applies (a bucket's or a key's). */
  resourcePolicy?: PolicyDocument;
  /** Request context keys the policies' conditions may read (s3:ExistingObjectTag/..., aws:SourceAccount ...). */
  context?: Record<string, string | string[]>;
}

export class AccessDenied extends Error {
  override readonly name = 'AccessDenied';
}

/** The AWS services a local stand-in acts as (SES receiving stores mail in S3). */
const ACTING_SERVICES = ['ses.amazonaws.com'];
/**
 * Actions the Service Authorization Reference lists with no resource type, which AWS nonetheless evaluates against
 * the task token's state machine (the callers' errors name it; aws/aws-cdk#8486 measured it). iam-simulate's checked
 * mode insists on "*" for them, so they are matched as written instead.
 */
const TOKEN_ACTIONS = new Set([
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
]);
const FUNCTION_KEY_PREFIX = 'LIAISONFN';
const SERVICE_KEY_PREFIX = 'LIAISONSVC';
/** The one secret every local key pair has (nothing checks signatures against it but s3rver). */
export const LOCAL_SECRET = 'local-secret';

export class LocalIam {
  private readonly decisions = new Map<string, Promise<string | undefined>>();

  constructor(private readonly deployment: Deployment) {}

  /** The credentials a function's worker runs with: they name its role, as a Lambda execution role's session does. */
  credentialsFor(name: FunctionName): { accessKeyId: string; secretAccessKey: string } {
    return { accessKeyId: `${FUNCTION_KEY_PREFIX}${name}`, secretAccessKey: LOCAL_SECRET };
  }

  /** Credentials for a stand-in acting as an AWS service (ses.amazonaws.com ...). */
  serviceCredentials(principal: string): { accessKeyId: string; secretAccessKey: string } {
    return { accessKeyId: `${SERVICE_KEY_PREFIX}${principal}`, secretAccessKey: LOCAL_SECRET };
  }

  /** Every access key the local stack hands out (s3rver must know them to check their signatures). */
  accessKeys(): string[] {
    return [
      ...Object.keys(this.deployment.functions).map(
        (name) => this.credentialsFor(name as FunctionName).accessKeyId,
      ),
      ...ACTING_SERVICES.map((principal) => this.serviceCredentials(principal).accessKeyId),
    ];
  }

  callerOfKey(accessKeyId: string | undefined): Caller {
    if (accessKeyId?.startsWith(FUNCTION_KEY_PREFIX)) {
      const name = accessKeyId.slice(FUNCTION_KEY_PREFIX.length) as FunctionName;
      const fn = this.deployment.functions[name];
      if (fn) return { kind: 'function', name, roleArn: fn.roleArn };
    }
    if (accessKeyId?.startsWith(SERVICE_KEY_PREFIX)) {
      return { kind: 'service', principal: accessKeyId.slice(SERVICE_KEY_PREFIX.length) };
    }
    return { kind: 'administrator' };
  }

  /** The caller of a SigV4-signed request (the Authorization header, or a presigned URL's X-Amz-Credential). */
  callerOf(headers: IncomingHttpHeaders, credential?: string): Caller {
    const source = credential ?? String(headers.authorization ?? '').match(/Credential=([^,\s]+)/)?.[1];
    return this.callerOfKey(source?.split('/')[0]);
  }

  /** Throws AccessDenied with AWS's message unless every request is allowed. */
  async authorize(caller: Caller, requests: AccessRequest[]): Promise<void> {
    if (caller.kind === 'administrator') return;
    for (const request of requests) {
      const denial = await this.decide(caller, request);
      if (denial) throw new AccessDenied(denial);
    }
  }

  /** A role (the state machine's) calling on its own behalf, as when Step Functions invokes a function. */
  authorizeRole(roleArn: string, session: string, request: AccessRequest): Promise<void> {
    return this.authorize({ kind: 'role', roleArn, session }, [request]);
  }

  /** Whether a resource-based policy on the function (AWS::Lambda::Permission) lets this service invoke it. */
  assertInvokableBy(name: FunctionName, servicePrincipal: string): void {
    if (!this.deployment.functions[name].invokers.includes(servicePrincipal)) {
      throw new AccessDenied(
        `${servicePrincipal} is not authorized to perform: lambda:InvokeFunction on resource: ` +
          `${name} because no resource-based policy allows the lambda:InvokeFunction action`,
      );
    }
  }

  private decide(caller: Exclude<Caller, { kind: 'administrator' }>, request: AccessRequest) {
    const key = JSON.stringify([caller, request.action, request.resource, request.context]);
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = this.simulate(caller, request);
      this.decisions.set(key, decision);
    }
    return decision;
  }

  private async simulate(
    caller: Exclude<Caller, { kind: 'administrator' }>,
    request: AccessRequest,
  ): Promise<string | undefined> {
    const role: RoleCaller | undefined = caller.kind === 'service' ? undefined : caller;
    const principal = caller.kind === 'service' ? caller.principal : caller.roleArn;
    const identityPolicies = role
      ? (this.deployment.rolePolicies.get(role.roleArn) ?? []).map((policy, index) => ({
          name: `policy${index}`,
          policy,
        }))
      : [];
    const simulation = {
      request: {
        principal,
        action: request.action,
        resource: { resource: request.resource, accountId: LOCAL_ACCOUNT },
        contextVariables: {
          // The local stand-ins are plain HTTP on the loopback; in AWS every call is over TLS.
          'aws:SecureTransport': 'true',
          ...(role ? { 'aws:PrincipalArn': role.roleArn } : {}),
          ...(caller.kind === 'service' ? { 'aws:SourceAccount': LOCAL_ACCOUNT } : {}),
          ...request.context,
        },
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
    };
    let outcome: string;
    if (TOKEN_ACTIONS.has(request.action)) {
      outcome = String(await runUnsafeSimulation(simulation, {}));
    } else {
      const result = await runSimulation(simulation, {});
      if (result.resultType === 'error') {
        throw new Error(`IAM simulation failed for ${request.action}: ${result.errors.message}`);
      }
      outcome = result.overallResult;
    }
    if (outcome === 'Allowed') return undefined;
    const who = role
      ? `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${role.roleArn.split('/').pop()}/${role.kind === 'function' ? role.name : role.session}`
      : principal;
    const why =
      outcome === 'ExplicitlyDenied'
        ? 'with an explicit deny in a resource-based policy'
        : `because no identity-based policy allows the ${request.action} action`;
    return `User: ${who} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
  }
}

/** The KMS calls S3 makes with the caller's permissions for an SSE-KMS bucket, as AccessRequests on the key. */
export function keyRequests(
  deployment: Deployment,
  keyArn: string | undefined,
  actions: string[],
): AccessRequest[] {
  if (!keyArn) return [];
  const keyPolicy = deployment.keyPolicies.get(keyArn);
  return actions.map((action) => ({ action, resource: keyArn, resourcePolicy: keyPolicy }));
}
